/**
 * Family `kpi-row`: one KPI per row. Varies the column order, header words, year styles (和暦,
 * 西暦, R5, 令和5年度, H30), where the unit is written (cell, name `(件)`, unit column), where the
 * years are written (in the header or in the cell), goal and measure columns filled down (left
 * blank below their first row, or merged in XLSX) or written as section rows, page-break repeated
 * headers with page numbers, a title, notes and a narrative line between the rows.
 */

import { expectIndicator, expectMeasures } from '../expect.ts';
import {
  colName,
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
import type {
  CorpusCase,
  ExpectedIndicator,
  Family,
  KnownIndicator,
  KnownStrategy,
  Truth,
} from '../types.ts';

const BASELINE_WORDS = ['基準値', '現状値', '策定時', '当初値', '基準値（策定時）'];
const TARGET_WORDS = ['目標値', '目標', '最終目標値'];
const NAME_WORDS = ['KPI', '指標名', '重要業績評価指標（KPI）', '成果指標', '指標'];
const DEPT_WORDS = ['担当課', '所管課', '担当部署', '担当'];
const UNIT_STYLES: readonly UnitStyle[] = ['cell', 'name', 'column'];

type Hierarchy = 'columns' | 'sections' | 'none';

/** Knobs of one case, drawn from the case's seed. */
interface Knobs {
  hierarchy: Hierarchy;
  unit: UnitStyle;
  yearStyle: (typeof YEAR_STYLES)[number];
  /** Years of baseline and target written in the header (else in each cell). */
  yearsInHeader: boolean;
  /** Actual columns written (years); the rest of the strategy's years are left out. */
  actualYears: number[];
  department: boolean;
  pageBreakEvery: number | null;
  order: string[];
  words: { name: string; baseline: string; target: string; dept: string };
  notes: boolean;
}

function drawKnobs(r: ReturnType<typeof rand>, s: KnownStrategy, k: number): Knobs {
  const years: number[] = [];
  for (let y = s.period.from; y <= s.period.to; y++) years.push(y);
  const nActual = r.int(0, Math.min(3, years.length));
  const actualYears = years.slice(0, nActual);
  const middle = ['baseline', ...actualYears.map((y) => `actual:${y}`), 'target'];
  const unit = UNIT_STYLES[k % UNIT_STYLES.length]!;
  const head = r.chance(0.3) ? ['no', 'name'] : ['name'];
  if (unit === 'column') head.push('unit');
  const tail = r.chance(0.5) ? ['dept'] : [];
  const hierarchy: Hierarchy = (['columns', 'sections', 'none'] as const)[Math.floor(k / 3) % 3]!;
  const order = [...(hierarchy === 'columns' ? ['goal', 'measure'] : []), ...head, ...middle, ...tail];
  if (r.chance(0.3) && tail.length > 0) {
    // Department before the figures.
    order.splice(order.indexOf('dept'), 1);
    order.splice(order.indexOf('baseline'), 0, 'dept');
  }
  return {
    hierarchy,
    unit,
    yearStyle: YEAR_STYLES[(k + r.int(0, 6)) % YEAR_STYLES.length]!,
    yearsInHeader: r.chance(0.5),
    actualYears,
    department: order.includes('dept'),
    pageBreakEvery: r.chance(0.4) ? r.int(5, 9) : null,
    order,
    words: {
      name: r.pick(NAME_WORDS),
      baseline: r.pick(BASELINE_WORDS),
      target: r.pick(TARGET_WORDS),
      dept: r.pick(DEPT_WORDS),
    },
    notes: r.chance(0.6),
  };
}

function header(kn: Knobs, s: KnownStrategy): string[] {
  const y = (fy: number) => yearText(fy, kn.yearStyle);
  return kn.order.map((c) => {
    if (c === 'goal') return '基本目標';
    if (c === 'measure') return '施策';
    if (c === 'no') return 'No.';
    if (c === 'name') return kn.words.name;
    if (c === 'unit') return '単位';
    if (c === 'dept') return kn.words.dept;
    if (c === 'baseline')
      return kn.yearsInHeader ? `${kn.words.baseline}（${y(s.period.from - 1)}）` : kn.words.baseline;
    if (c === 'target') return kn.yearsInHeader ? `${kn.words.target}（${y(s.period.to)}）` : kn.words.target;
    const year = Number(c.slice('actual:'.length));
    return `${y(year)}実績`;
  });
}

function row(
  kn: Knobs,
  ind: KnownIndicator,
  n: number,
  goal: string | null,
  measure: string | null,
): (string | null)[] {
  const y = (fy: number) => yearText(fy, kn.yearStyle === '2023' ? '2023年度' : kn.yearStyle);
  return kn.order.map((c) => {
    if (c === 'goal') return goal;
    if (c === 'measure') return measure;
    if (c === 'no') return String(n);
    if (c === 'name') return nameText(ind.name, ind.unit, kn.unit);
    if (c === 'unit') return ind.unit || '-';
    if (c === 'dept') return ind.department;
    if (c === 'baseline') {
      const v = figureText(ind.baseline.value, ind.unit, kn.unit);
      return kn.yearsInHeader ? v : `${v}（${y(ind.baseline.year)}）`;
    }
    if (c === 'target') {
      const v = figureText(ind.target.value, ind.unit, kn.unit);
      return kn.yearsInHeader ? v : `${v}（${y(ind.target.year)}）`;
    }
    const year = Number(c.slice('actual:'.length));
    const a = ind.actuals.find((x) => x.year === year);
    return a ? figureText(a.value, ind.unit, kn.unit) : '-';
  });
}

function expected(kn: Knobs, ind: KnownIndicator, s: KnownStrategy): ExpectedIndicator {
  return expectIndicator(s, ind, {
    actualYears: kn.actualYears,
    department: kn.department,
    parent: kn.hierarchy !== 'none',
  });
}

function makeCase(seed: number, k: number): CorpusCase {
  const r = rand(seed * 1000 + k);
  const s = knownStrategy(r);
  const kn = drawKnobs(r, s, k);
  const format = FORMATS[k % FORMATS.length]!;
  const head = header(kn, s);
  const rows: (string | null)[][] = [];
  const merges: string[] = [];
  rows.push(['第2期総合戦略 重要業績評価指標（KPI）一覧']);
  if (kn.notes) rows.push(['各施策の進捗を測るため、次の指標を設定します。']);
  rows.push(head);
  let n = 0;
  let page = 1;
  const kpis = s.indicators.filter((i) => i.role === 'kpi');
  const col = (name: string) => kn.order.indexOf(name);
  for (const goal of s.goals) {
    if (kn.hierarchy === 'sections') rows.push([`基本目標${goal.code} ${goal.name}`]);
    let goalShown = false;
    for (const m of s.measures.filter((x) => x.goal === goal.code)) {
      if (kn.hierarchy === 'sections') rows.push([`(${m.code.split('-')[1]}) ${m.name}`]);
      let measureShown = false;
      const first = rows.length;
      for (const ind of kpis.filter((i) => i.owner.code === m.code)) {
        n++;
        if (kn.pageBreakEvery && n % kn.pageBreakEvery === 0) {
          rows.push([`- ${page++} -`], head);
          goalShown = false;
          measureShown = false;
        }
        const g = goalShown ? null : `${goal.code} ${goal.name}`;
        const me = measureShown ? null : `${m.code} ${m.name}`;
        goalShown = measureShown = true;
        rows.push(row(kn, ind, n, g, me));
      }
      if (format === 'xlsx' && kn.hierarchy === 'columns' && rows.length - first > 1 && !kn.pageBreakEvery) {
        const c = colName(col('measure') + 1);
        merges.push(`${c}${first + 1}:${c}${rows.length}`);
      }
    }
  }
  if (kn.notes)
    rows.push(['※ 実績値は各年度末時点の数値です。'], ['注）一部の指標は調査年の数値を記載しています。']);
  const truth: Truth = {
    indicators: kpis.map((i) => expected(kn, i, s)),
    ...(kn.hierarchy !== 'none'
      ? {
          measures: expectMeasures(s, kpis),
        }
      : {}),
  };
  const sheet: Sheet = { name: 'KPI一覧', rows, merges };
  const variant = [
    format,
    `hierarchy ${kn.hierarchy}`,
    `unit in ${kn.unit}`,
    `years ${kn.yearsInHeader ? 'in header' : 'in cells'} ${kn.yearStyle}`,
    `${kn.actualYears.length} actual columns`,
    kn.pageBreakEvery ? `page break every ${kn.pageBreakEvery}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    family: 'kpi-row',
    variant,
    files: writeFiles(`kpi-row-${k}`, format, [sheet], format === 'tsv' ? r : undefined),
    truth,
  };
}

export const kpiRow: Family = {
  id: 'kpi-row',
  title: 'one KPI per row: column order, header words, year styles, unit places, fill-down, page breaks',
  cases: (seed) => Array.from({ length: 24 }, (_, k) => makeCase(seed, k)),
};
