/**
 * Known strategies for the corpus: goals → measures → projects → indicators with units,
 * baselines, yearly actuals, targets, departments and status words, drawn from a seed. The words
 * are the project's own combinations of common administrative vocabulary, not any city's text.
 */
import { seededRandom } from '../../src/core/seeded-random.ts';
import type { KnownGoal, KnownIndicator, KnownMeasure, KnownProject, KnownStrategy } from './types.ts';

/** A seeded random source with the helpers the layouts use. */
export interface Rand {
  (): number;
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
  shuffle<T>(list: readonly T[]): T[];
}

/** A seeded random source (mulberry32 underneath: the same draws on every machine). */
export function rand(seed: number): Rand {
  const next = seededRandom(seed);
  const r = (() => next()) as Rand;
  r.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  r.pick = (list) => list[Math.floor(next() * list.length)]!;
  r.chance = (p) => next() < p;
  r.shuffle = (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return r;
}

const GOAL_NAMES = [
  '地域で安心して働ける仕事をつくる',
  '新しい人の流れをつくる',
  '若い世代の結婚・出産・子育ての希望をかなえる',
  '誰もが活躍し安心して暮らせる地域をつくる',
  '魅力ある観光と交流のまちをつくる',
  '持続可能で住み続けたいまちをつくる',
];

const MEASURE_NAMES = [
  '地域産業の競争力強化',
  '創業と事業承継の支援',
  '農林水産業の担い手育成',
  '移住・定住の促進',
  '関係人口の創出と拡大',
  '観光資源の磨き上げ',
  '子育て支援の充実',
  '教育環境の充実',
  '健康づくりの推進',
  '地域公共交通の確保',
  '防災力の向上',
  'デジタル技術の活用',
  '地域コミュニティの活性化',
  '女性と若者の就労支援',
];

/** Subjects and their counters: the subject is measured in that unit. */
const SUBJECTS: { what: string; unit: string; scale: [number, number] }[] = [
  { what: '移住相談件数', unit: '件', scale: [20, 400] },
  { what: '移住者数', unit: '人', scale: [10, 300] },
  { what: '新規就農者数', unit: '人', scale: [2, 40] },
  { what: '創業支援件数', unit: '件', scale: [5, 80] },
  { what: '企業誘致件数', unit: '件', scale: [1, 20] },
  { what: '観光入込客数', unit: '人', scale: [50000, 900000] },
  { what: '宿泊者数', unit: '人', scale: [5000, 120000] },
  { what: 'ふるさと納税寄附件数', unit: '件', scale: [1000, 40000] },
  { what: '子育て支援センター利用者数', unit: '人', scale: [1000, 20000] },
  { what: '待機児童数', unit: '人', scale: [0, 40] },
  { what: '婚活イベント参加者数', unit: '人', scale: [20, 400] },
  { what: '特定健診受診率', unit: '%', scale: [30, 70] },
  { what: '地域公共交通利用者数', unit: '人', scale: [10000, 300000] },
  { what: '自主防災組織数', unit: '団体', scale: [10, 120] },
  { what: '防災訓練参加者数', unit: '人', scale: [200, 8000] },
  { what: '空き家バンク登録件数', unit: '件', scale: [5, 120] },
  { what: '図書館貸出冊数', unit: '冊', scale: [50000, 400000] },
  { what: '地域おこし協力隊員数', unit: '人', scale: [1, 20] },
  { what: '住民満足度', unit: '%', scale: [40, 80] },
  { what: '若者就職率', unit: '%', scale: [50, 95] },
  { what: '市民活動団体数', unit: '団体', scale: [20, 200] },
  { what: '出前講座開催回数', unit: '回', scale: [5, 120] },
  { what: '農産物直売所売上額', unit: '千円', scale: [20000, 400000] },
  { what: 'オンライン申請件数', unit: '件', scale: [100, 20000] },
  { what: '健康教室参加者数', unit: '人', scale: [100, 5000] },
  { what: '企業説明会参加企業数', unit: '社', scale: [5, 80] },
  { what: '合計特殊出生率', unit: '', scale: [1, 2] },
  { what: '転入者数', unit: '人', scale: [300, 5000] },
  { what: 'SNSフォロワー数', unit: '人', scale: [500, 50000] },
  { what: '地元就職者数', unit: '人', scale: [10, 300] },
];

const QUALIFIERS = ['', '', '', '市内の', '年間', '新規', '延べ', '地域の', '中心市街地の', '高齢者の'];

export const DEPARTMENTS = [
  '企画政策課',
  '商工観光課',
  '農林振興課',
  '子育て支援課',
  '健康推進課',
  '危機管理課',
  '都市計画課',
  '生涯学習課',
  '情報政策課',
  '市民協働課',
  '産業振興課',
  '福祉課',
];

const PROJECT_WORDS = [
  '支援事業',
  '推進事業',
  '補助金',
  '促進事業',
  '整備事業',
  'プロジェクト',
  '育成事業',
  '活用事業',
];

const STATUS_WORDS = ['A', 'B', 'C', 'D'];

/**
 * A figure written in `unit` in base units, as the truth compares it (`千円` figures are
 * thousands of yen).
 *
 * @example inBaseUnits({ value: 12, year: 2020 }, '千円') // { value: 12000, year: 2020 }
 */
export function inBaseUnits<T extends { value: number | null }>(f: T, unit: string): T {
  const scale = unit.startsWith('千') ? 1000 : unit.startsWith('万') ? 10000 : 1;
  return f.value == null || scale === 1 ? f : { ...f, value: Math.round(f.value * scale * 1000) / 1000 };
}

/** Rounds a drawn figure the way its unit is written. */
function figure(r: Rand, unit: string, lo: number, hi: number): number {
  const v = lo + r() * (hi - lo);
  if (unit === '%') return Math.round(v * 10) / 10;
  if (unit === '') return Math.round(v * 100) / 100;
  return Math.max(0, Math.round(v));
}

/** Options of a known strategy. */
export interface StrategyOptions {
  goals?: number;
  measuresPerGoal?: [number, number];
  projectsPerMeasure?: [number, number];
  /** Indicators per measure (KPIs). */
  kpisPerMeasure?: [number, number];
  /** Numeric targets per goal. */
  targetsPerGoal?: [number, number];
  /** Indicators per project. */
  indicatorsPerProject?: [number, number];
  period?: { from: number; to: number };
}

/**
 * Draws a known strategy. Names are unique within it; every figure is a plain number in the
 * indicator's unit; actuals run from the year after the baseline up to `actualsTo` (the last
 * year reported), some missing.
 *
 * @example knownStrategy(rand(1)).indicators[0] // { key: 'i1', name: '移住相談件数', unit: '件', ... }
 */
export function knownStrategy(r: Rand, options: StrategyOptions = {}): KnownStrategy {
  const period =
    options.period ??
    r.pick([
      { from: 2020, to: 2024 },
      { from: 2015, to: 2019 },
      { from: 2025, to: 2029 },
      { from: 2016, to: 2020 },
    ]);
  const used = new Set<string>();
  const goals: KnownGoal[] = [];
  const measures: KnownMeasure[] = [];
  const projects: KnownProject[] = [];
  const indicators: KnownIndicator[] = [];
  const goalNames = r.shuffle(GOAL_NAMES);
  const measureNames = r.shuffle(MEASURE_NAMES);
  const subjects = r.shuffle(SUBJECTS);
  let subject = 0;
  const nameOf = (): { name: string; unit: string; scale: [number, number] } => {
    for (let tries = 0; tries < 200; tries++) {
      const s = subjects[subject++ % subjects.length]!;
      const q = subject > subjects.length ? r.pick(QUALIFIERS.filter(Boolean)) : r.pick(QUALIFIERS);
      const name = `${q}${s.what}`;
      if (!used.has(name)) {
        used.add(name);
        return { name, unit: s.unit, scale: s.scale };
      }
    }
    throw new Error('corpus: ran out of indicator names');
  };
  const nGoals = options.goals ?? r.int(2, 4);
  const indicator = (owner: KnownIndicator['owner'], role: KnownIndicator['role']): KnownIndicator => {
    const { name, unit, scale } = nameOf();
    const baselineYear = period.from - 1;
    const base = figure(r, unit, scale[0], scale[1]);
    const up = r.chance(0.85);
    const target = figure(r, unit, up ? base : scale[0], up ? base + (scale[1] - scale[0]) * 0.3 + 1 : base);
    const last = r.int(period.from, period.to);
    const actuals: KnownIndicator['actuals'] = [];
    for (let y = period.from; y <= last; y++) {
      const t = (y - baselineYear) / (period.to - baselineYear);
      const v = base + (target - base) * t * (0.6 + r() * 0.7);
      actuals.push({ year: y, value: r.chance(0.08) ? null : figure(r, unit, v, v) });
    }
    return {
      key: `i${indicators.length + 1}`,
      name,
      unit,
      role,
      owner,
      baseline: { value: base, year: baselineYear },
      target: { value: target, year: period.to },
      actuals,
      department: r.pick(DEPARTMENTS),
      status: r.pick(STATUS_WORDS),
    };
  };
  for (let g = 0; g < nGoals; g++) {
    const goal: KnownGoal = { code: String(g + 1), name: goalNames[g % goalNames.length]! };
    goals.push(goal);
    const [tLo, tHi] = options.targetsPerGoal ?? [1, 2];
    for (let t = r.int(tLo, tHi); t > 0; t--)
      indicators.push(indicator({ kind: 'goal', code: goal.code }, 'numeric_target'));
    const [mLo, mHi] = options.measuresPerGoal ?? [2, 3];
    const nMeasures = r.int(mLo, mHi);
    for (let m = 0; m < nMeasures; m++) {
      const measure: KnownMeasure = {
        code: `${goal.code}-${m + 1}`,
        name: measureNames[measures.length % measureNames.length]!,
        goal: goal.code,
      };
      measures.push(measure);
      const [kLo, kHi] = options.kpisPerMeasure ?? [1, 3];
      for (let k = r.int(kLo, kHi); k > 0; k--)
        indicators.push(indicator({ kind: 'measure', code: measure.code }, 'kpi'));
      const [pLo, pHi] = options.projectsPerMeasure ?? [0, 0];
      for (let p = r.int(pLo, pHi); p > 0; p--) {
        const code = `${goal.code}${m + 1}${projects.length + 1}`;
        const project: KnownProject = {
          code,
          name: `${measure.name.replace(/の.*$/u, '')}${r.pick(PROJECT_WORDS)}${projects.length + 1}`,
          measure: measure.code,
          department: r.pick(DEPARTMENTS),
        };
        projects.push(project);
        const [iLo, iHi] = options.indicatorsPerProject ?? [0, 0];
        for (let i = r.int(iLo, iHi); i > 0; i--)
          indicators.push(indicator({ kind: 'project', code }, 'project_indicator'));
      }
    }
  }
  return { period, goals, measures, projects, indicators };
}
