/**
 * Value parser throughput (single thread): values per second on a realistic mix of cells and on
 * plain numbers alone. Target: at least 500,000 values/s on the mix.
 */
import { parseValue } from '../src/core/parse-value.ts';
import { fmt, opsPerSecond, rng } from './util.ts';

const UNITS = [
  '人',
  '件',
  '%',
  '円',
  '回',
  '社',
  '事業所',
  'ha',
  '人/年',
  '件/月',
  'g/人・日',
  '歳',
  '点',
  '',
];
const ERAS = ['H27', 'H30', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R9', '平成30年', '令和元年度', '令和2年度'];

function group(n: number): string {
  return n.toLocaleString('en-US');
}

/** A mix modelled on KPI tables: plain numbers dominate, then years, percentages and the rest. */
function makeMix(count: number, seed: number): { mix: string[]; plain: string[] } {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (max: number) => Math.floor(r() * max);
  const plainNumber = () => {
    const unit = pick(UNITS);
    if (unit === '%') return `${(r() * 100).toFixed(1)}%`;
    return `${group(int(200_000))}${unit}`;
  };
  const makers: Array<[number, () => string]> = [
    [55, plainNumber],
    [10, () => `${group(int(50_000))}${pick(UNITS)} (${pick(ERAS)})`],
    [5, () => `${(r() * 3).toFixed(2)} (${pick(ERAS)})`],
    [3, () => `${pick(['△', '▲'])}${group(int(500))}人 (${pick(ERAS)})`],
    [3, () => `${(r() * 900).toFixed(1)}${pick(['万人', '千人', '億円', '万件/月'])}`],
    [2, () => `${group(int(3000))}人(R2～R6の累計)`],
    [2, () => `${int(100)}件(～R${1 + int(6)})`],
    [2, () => `(速報値) ${(r() * 100).toFixed(1)}%`],
    [3, () => pick(['-', '—', '－', '', 'ー'])],
    [1, () => `令和${1 + int(6)}年${1 + int(12)}月 公表予定`],
    [1, () => pick(['未把握', 'イベント未実施により未把握', '待機児童なし'])],
    [2, () => `男性${(70 + r() * 10).toFixed(2)}歳 女性${(75 + r() * 10).toFixed(2)}歳`],
    [2, () => `小学校${(80 + r() * 20).toFixed(1)}% 中学校${(70 + r() * 20).toFixed(1)}%`],
    [2, () => `${int(100)}人 ※関連事業参加者`],
    [2, () => `${int(100)}人(年${int(10)}人)`],
    [2, () => pick(['全小学校で実施', '全中学校区で実施', '継続実施'])],
    [1, () => `１２，${int(900) + 100}人`],
    [1, () => `${group(int(5000))}m ³ /年`],
    [1, () => `参加者数 【累計】 ${group(int(50_000))}人`],
  ];
  const total = makers.reduce((s, [w]) => s + w, 0);
  const mix: string[] = [];
  const plain: string[] = [];
  for (let i = 0; i < count; i++) {
    let x = r() * total;
    for (const [w, make] of makers) {
      x -= w;
      if (x < 0) {
        mix.push(make());
        break;
      }
    }
    plain.push(plainNumber());
  }
  return { mix, plain };
}

function measure(values: string[]): number {
  let i = 0;
  const n = values.length;
  let sink = 0;
  const { perSecond } = opsPerSecond(() => {
    const v = parseValue(values[i]!);
    if (v.value !== null) sink += 1;
    i = i + 1 === n ? 0 : i + 1;
  }, 2000);
  if (sink < 0) console.log(sink);
  return perSecond;
}

export async function run(): Promise<void> {
  const { mix, plain } = makeMix(10_000, 42);
  const kinds: Record<string, number> = {};
  for (const t of mix) {
    const k = parseValue(t).kind;
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  const avgLen = mix.reduce((s, t) => s + t.length, 0) / mix.length;
  console.log(
    `mix of ${fmt(mix.length)} cells, average ${fmt(avgLen, 1)} characters, kinds ${JSON.stringify(kinds)}`,
  );
  const mixRate = measure(mix);
  console.log(`parseValue, realistic mix:   ${fmt(mixRate)} values/s (target ≥ 500,000)`);
  const plainRate = measure(plain);
  console.log(`parseValue, plain numbers:   ${fmt(plainRate)} values/s`);
  // Linear growth: a long pathological cell, time per character.
  const long = '(R2～R6の累計)1,234人 '.repeat(5000);
  const t = performance.now();
  parseValue(long);
  const ms = performance.now() - t;
  console.log(`parseValue, one ${fmt(long.length)}-character cell: ${fmt(ms, 1)} ms`);
}
