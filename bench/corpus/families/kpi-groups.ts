/**
 * Family `kpi-groups`: wide rows with repeated column groups, one row per measure and its KPIs
 * side by side (name / baseline / target, or name / unit / baseline / actual / target; up to 4
 * groups, the unused ones empty). Varies the header (the words repeated, numbered `KPI①`, or a
 * group row `指標1` over the words), the years (in the header or the cells), the unit place, and
 * the goal (a filled-down column or a section line).
 */
import { expectIndicator, expectMeasures } from '../expect.ts';
import {
  colName as col,
  FORMATS,
  figureText,
  nameText,
  type Sheet,
  type UnitStyle,
  writeFiles,
  YEAR_STYLES,
  yearText,
} from '../render.ts';
import { knownStrategy, rand } from '../strategy.ts';
import type { CorpusCase, Family, KnownIndicator } from '../types.ts';

type Field = 'name' | 'unit' | 'baseline' | 'actual' | 'target';
const SHAPES: readonly Field[][] = [
  ['name', 'baseline', 'target'],
  ['name', 'unit', 'baseline', 'actual', 'target'],
  ['name', 'baseline', 'actual', 'target'],
];
type HeaderStyle = 'repeated' | 'numbered' | 'group-row';
const HEADER_STYLES: readonly HeaderStyle[] = ['repeated', 'numbered', 'group-row'];
const CIRCLED = ['①', '②', '③', '④'];
const WORDS: Record<Field, string[]> = {
  name: ['指標名', 'KPI', '重要業績評価指標'],
  unit: ['単位'],
  baseline: ['基準値', '現状値', '策定時'],
  actual: ['実績値', '直近値', '実績'],
  target: ['目標値', '目標'],
};

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + 100 + k);
  const s = knownStrategy(r, { kpisPerMeasure: [1, 4], measuresPerGoal: [2, 3] });
  const format = FORMATS[k % FORMATS.length]!;
  const shape = SHAPES[k % SHAPES.length]!;
  const headerStyle = HEADER_STYLES[Math.floor(k / 3) % HEADER_STYLES.length]!;
  const goalColumn = r.chance(0.5);
  const yearStyle = r.pick(YEAR_STYLES);
  const yearsInHeader = r.chance(0.5);
  const unit: UnitStyle = shape.includes('unit') ? 'column' : r.pick(['cell', 'name'] as const);
  const actualYear = s.period.from + r.int(0, 1);
  const kpis = s.indicators.filter((i) => i.role === 'kpi');
  const groups = Math.max(...s.measures.map((m) => kpis.filter((i) => i.owner.code === m.code).length));
  const words = Object.fromEntries(Object.entries(WORDS).map(([f, list]) => [f, r.pick(list)])) as Record<
    Field,
    string
  >;
  const y = (fy: number) => yearText(fy, yearStyle);
  const word = (f: Field): string => {
    if (f === 'baseline' && yearsInHeader) return `${words.baseline}（${y(s.period.from - 1)}）`;
    if (f === 'target' && yearsInHeader) return `${words.target}（${y(s.period.to)}）`;
    if (f === 'actual') return `${words.actual}（${y(actualYear)}）`;
    return words[f];
  };
  const lead = goalColumn ? ['基本目標', '施策'] : ['施策'];
  const head: (string | null)[][] = [];
  const merges: string[] = [];
  const top = 2; // the header starts on row 2, under the title
  if (headerStyle === 'group-row') {
    const g1: (string | null)[] = [...lead];
    for (let g = 0; g < groups; g++) {
      g1.push(`指標${g + 1}`, ...shape.slice(1).map(() => null));
      const from = lead.length + g * shape.length + 1;
      merges.push(`${col(from)}${top}:${col(from + shape.length - 1)}${top}`);
    }
    head.push(g1);
    head.push([...lead.map(() => null), ...Array.from({ length: groups }, () => shape.map(word)).flat()]);
    for (let i = 0; i < lead.length; i++) merges.push(`${col(i + 1)}${top}:${col(i + 1)}${top + 1}`);
  } else {
    head.push([
      ...lead,
      ...Array.from({ length: groups }, (_, g) =>
        shape.map((f) => (headerStyle === 'numbered' ? `${word(f)}${CIRCLED[g]}` : word(f))),
      ).flat(),
    ]);
  }
  const cell = (ind: KnownIndicator, f: Field): string => {
    if (f === 'name') return nameText(ind.name, ind.unit, unit);
    if (f === 'unit') return ind.unit || '-';
    if (f === 'actual') {
      const a = ind.actuals.find((x) => x.year === actualYear);
      return a ? figureText(a.value, ind.unit, unit) : '-';
    }
    const fig = f === 'baseline' ? ind.baseline : ind.target;
    const v = figureText(fig.value, ind.unit, unit);
    return yearsInHeader ? v : `${v}（${y(fig.year)}）`;
  };
  const rows: (string | null)[][] = [['施策ごとの重要業績評価指標'], ...head];
  for (const goal of s.goals) {
    if (!goalColumn) rows.push([`基本目標${goal.code} ${goal.name}`]);
    s.measures
      .filter((m) => m.goal === goal.code)
      .forEach((m, mi) => {
        const mine = kpis.filter((i) => i.owner.code === m.code);
        const out: (string | null)[] = goalColumn ? [mi === 0 ? `${goal.code} ${goal.name}` : null] : [];
        out.push(`${m.code} ${m.name}`);
        for (let g = 0; g < groups; g++) {
          const ind = mine[g];
          out.push(...shape.map((f) => (ind ? cell(ind, f) : null)));
        }
        rows.push(out);
      });
  }
  if (r.chance(0.5)) rows.push(['※ 空欄は該当する指標がないことを示します。']);
  const sheet: Sheet = { name: '施策別KPI', rows, merges: format === 'xlsx' ? merges : [] };
  return {
    family: 'kpi-groups',
    variant: [
      format,
      `${groups} groups of ${shape.join('/')}`,
      `header ${headerStyle}`,
      goalColumn ? 'goal column' : 'goal sections',
      `unit in ${unit}`,
      `years ${yearsInHeader ? 'in header' : 'in cells'} ${yearStyle}`,
    ].join(', '),
    files: writeFiles(`kpi-groups-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth: {
      indicators: kpis.map((i) =>
        expectIndicator(s, i, { actualYears: shape.includes('actual') ? [actualYear] : [], parent: true }),
      ),
      measures: expectMeasures(s, kpis),
    },
  };
}

export const kpiGroups: Family = {
  id: 'kpi-groups',
  title: 'wide rows with repeated KPI column groups (2–4 groups, some empty), one row per measure',
  cases: (seed) => Array.from({ length: 18 }, (_, k) => makeCase(seed, k)),
};
