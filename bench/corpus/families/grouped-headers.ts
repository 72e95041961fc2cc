/**
 * Family `grouped-headers`: two- and three-row headers. A fiscal year over 実績 / 改善・悪化 /
 * 達成度 (only 実績 is the year's figure); 関連する基本目標 over the goal numbers 1–4 with ● marks
 * in the rows; a three-row header (実績の推移 over the years over 実績値 / 達成率). The years of
 * baseline and target sit in a header row of their own or beside the word.
 */
import { expectIndicator, periodYears } from '../expect.ts';
import {
  colName,
  FORMATS,
  figureText,
  nameText,
  type Sheet,
  writeFiles,
  YEAR_STYLES,
  yearText,
} from '../render.ts';
import { knownStrategy, type Rand, rand } from '../strategy.ts';
import type { CorpusCase, Family, KnownIndicator, KnownStrategy } from '../types.ts';

type Style = 'year-over-columns' | 'goal-marks' | 'three-rows';
const STYLES: readonly Style[] = ['year-over-columns', 'goal-marks', 'three-rows'];

interface Layout {
  head: (string | null)[][];
  merges: string[];
  body: (ind: KnownIndicator) => (string | null)[];
  actualYears: number[];
  department: boolean;
}

const TREND = ['改善', '悪化', '横ばい', '↗', '↘', '→'];

function layout(style: Style, s: KnownStrategy, r: Rand, top: number): Layout {
  const yearStyle = r.pick(YEAR_STYLES);
  const y = (fy: number) => yearText(fy, yearStyle);
  const unit = r.pick(['cell', 'name'] as const);
  const years = periodYears(s).slice(0, r.int(1, 3));
  const fig = (v: number | null, ind: KnownIndicator) => figureText(v, ind.unit, unit);
  const actual = (ind: KnownIndicator, year: number) =>
    fig(ind.actuals.find((a) => a.year === year)?.value ?? null, ind);
  const department = r.chance(0.5);
  const merges: string[] = [];
  const span = (row: number, from: number, to: number) => {
    if (to > from) merges.push(`${colName(from)}${row}:${colName(to)}${row}`);
  };
  const down = (c: number, rows: number) => merges.push(`${colName(c)}${top}:${colName(c)}${top + rows - 1}`);
  if (style === 'year-over-columns') {
    const sub = r.chance(0.5) ? ['実績', '改善・悪化', '達成度'] : ['実績値', '前年比', '進捗'];
    const yearsBelow = r.chance(0.5);
    const h1: (string | null)[] = [
      'No.',
      '指標名',
      yearsBelow ? '基準値' : `基準値（${y(s.period.from - 1)}）`,
    ];
    const h2: (string | null)[] = [null, null, yearsBelow ? y(s.period.from - 1) : null];
    for (const year of years) {
      span(top, h1.length + 1, h1.length + sub.length);
      h1.push(y(year), ...sub.slice(1).map(() => null));
      h2.push(...sub);
    }
    h1.push(yearsBelow ? '目標値' : `目標値（${y(s.period.to)}）`);
    h2.push(yearsBelow ? y(s.period.to) : null);
    if (department) {
      h1.push('担当課');
      h2.push(null);
    }
    for (const c of [1, 2]) down(c, 2);
    let n = 0;
    return {
      head: [h1, h2],
      merges,
      actualYears: years,
      department,
      body: (ind) => {
        const out: (string | null)[] = [
          String(++n),
          nameText(ind.name, ind.unit, unit),
          fig(ind.baseline.value, ind),
        ];
        for (const year of years)
          out.push(
            actual(ind, year),
            r.pick(TREND),
            sub[2] === '達成度' ? r.pick(['A', 'B', 'C', 'D']) : `${r.int(40, 120)}%`,
          );
        out.push(fig(ind.target.value, ind));
        if (department) out.push(ind.department);
        return out;
      },
    };
  }
  if (style === 'goal-marks') {
    const goals = Math.max(s.goals.length, 4);
    const h1: (string | null)[] = [
      '指標名',
      '関連する基本目標',
      ...Array.from({ length: goals - 1 }, () => null),
    ];
    const h2: (string | null)[] = [null, ...Array.from({ length: goals }, (_, g) => String(g + 1))];
    span(top, 2, goals + 1);
    down(1, 2);
    const at = h1.length;
    h1.push(`現状値（${y(s.period.from - 1)}）`, `目標値（${y(s.period.to)}）`);
    h2.push(null, null);
    down(at + 1, 2);
    down(at + 2, 2);
    if (department) {
      h1.push('所管課');
      h2.push(null);
    }
    return {
      head: [h1, h2],
      merges,
      actualYears: [],
      department,
      body: (ind) => {
        const own = Number(s.measures.find((m) => m.code === ind.owner.code)?.goal ?? ind.owner.code);
        const marks = Array.from({ length: goals }, (_, g) => (g + 1 === own || r.chance(0.2) ? '●' : null));
        return [
          nameText(ind.name, ind.unit, unit),
          ...marks,
          fig(ind.baseline.value, ind),
          fig(ind.target.value, ind),
          ...(department ? [ind.department] : []),
        ];
      },
    };
  }
  // Three rows: 実績の推移 over the years over 実績値 / 達成率.
  const h1: (string | null)[] = [
    '指標',
    '基準',
    '実績の推移',
    ...Array.from({ length: years.length * 2 - 1 }, () => null),
    '目標',
  ];
  const h2: (string | null)[] = [null, null];
  const h3: (string | null)[] = [null, y(s.period.from - 1)];
  span(top, 3, 2 + years.length * 2);
  for (const year of years) {
    span(top + 1, h2.length + 1, h2.length + 2);
    h2.push(y(year), null);
    h3.push('実績値', '達成率');
  }
  h2.push(null);
  h3.push(y(s.period.to));
  if (department) {
    h1.push('担当課');
    h2.push(null);
    h3.push(null);
  }
  down(1, 3);
  return {
    head: [h1, h2, h3],
    merges,
    actualYears: years,
    department,
    body: (ind) => [
      nameText(ind.name, ind.unit, unit),
      fig(ind.baseline.value, ind),
      ...years.flatMap((year) => [actual(ind, year), `${r.int(20, 110)}.${r.int(0, 9)}%`]),
      fig(ind.target.value, ind),
      ...(department ? [ind.department] : []),
    ],
  };
}

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 200 + k);
  const s = knownStrategy(r);
  const format = FORMATS[k % FORMATS.length]!;
  const style = STYLES[Math.floor(k / 2) % STYLES.length]!;
  const top = 3;
  const l = layout(style, s, r, top);
  const kpis = s.indicators.filter((i) => i.role === 'kpi');
  const rows: (string | null)[][] = [['重要業績評価指標の進捗状況'], ['（単位は各指標のとおり）'], ...l.head];
  for (const ind of kpis) rows.push(l.body(ind));
  const sheet: Sheet = { name: '進捗', rows, merges: format === 'xlsx' ? l.merges : [] };
  return {
    family: 'grouped-headers',
    variant: `${format}, ${style}, ${l.actualYears.length} years`,
    files: writeFiles(`grouped-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: {
      indicators: kpis.map((i) =>
        expectIndicator(s, i, { actualYears: l.actualYears, department: l.department }),
      ),
    },
  };
}

export const groupedHeaders: Family = {
  id: 'grouped-headers',
  title: 'two- and three-row grouped headers (a year over 実績/改善・悪化/達成度, goals 1–4 over ● marks)',
  cases: (seed) => Array.from({ length: 18 }, (_, k) => makeCase(seed, k)),
};
