/**
 * Per-indicator blocks (指標ごとの評価シート・調書): one indicator per block, laid out as a form
 * rather than as a row of a table:
 *
 *   成果指標 | 品目横断的経営安定対策加入面積        ← label rows (name, goal, measure, 担当課, 評価)
 *   平成(年度) | 17 | 18 | 19                          ← a year row (also 現状値 H25 … 目標値 H31,
 *   目標 | - | - | 2,468ha                                 従前値 | 基準年度 | H27 … | 目標値 | 目標年度)
 *   実績 | - | 1,616ha | 2,210ha                      ← series rows: plan (目標, 期待値, 計画) and
 *   目標と実績の比較 | … | △258ha                          actual (実績), derived rows (比較, 達成率)
 *
 * The block's plan values are milestones, the last (or the 目標値 column) the target; actuals go
 * to their year. Label rows before the year row name the indicator, its goal, measure, department
 * and reported status; an arrow summary among them (`[KPI] 名称 (H25)… → (H31)…`) gives name,
 * baseline and target. The words come from the header lexicon; nothing here names a city.
 */

import { toFigure } from '../figure.ts';
import {
  buildBlock,
  type FormLine,
  type Series,
  type SeriesRow,
  type YearCol,
  type YearRow,
} from './block-indicator.ts';
import { isDepartment } from './cell-kind.ts';
import type { Ctx, SheetCell, SheetRow } from './context.ts';
import type { HeaderField } from './header-lexicon.ts';
import { readHeaderYear } from './header-year.ts';
import { readArrowLine } from './line-records.ts';
import { headerOf, kindOf } from './memo.ts';

/** Rows looked ahead for the year row of a block. */
const LOOKAHEAD = 10;
const PLAN = /^(?:目標|目標値|計画|計画値|期待値|見込|見込み|見込値|予定|予定値)$/u;
const ACTUAL = /^(?:実績|実績値|現状値の推移)$/u;
const DERIVED = /比較|差|達成率|達成度|評価|進捗率|増減/u;
const ERA_ONLY = /^(?:明治|大正|昭和|平成|令和|[HR])\s*[(（]?\s*年度?\s*[)）]?$/u;
const FORM_FIELDS = new Set<HeaderField>([
  'goal',
  'measure',
  'numericTarget',
  'outcomeTarget',
  'kpiName',
  'department',
  'status',
]);

/** A label cell's field: `数値目標1`, `KPI その1`, `活動指標1` are read without their numbers. */
function formField(ctx: Ctx, text: string): HeaderField | null {
  const t = text
    .normalize('NFKC')
    .replace(/\s*(?:その\s*)?\d{1,2}$/u, '')
    .trim();
  if (!t || t.length > 16) return null;
  const h = headerOf(ctx.memo, t);
  if (!h || !FORM_FIELDS.has(h.field)) return null;
  return h.score >= (h.field === 'department' ? 0.65 : 0.75) ? h.field : null;
}

function readFormLine(ctx: Ctx, row: SheetRow): FormLine | null {
  const cells = row.cells.filter((c) => !c.copy);
  if (cells.length === 0 || cells.length > 4) return null;
  const arrow = cells.find((c) => readArrowLine(c.text));
  if (arrow) return { field: 'arrow', label: null, value: arrow, rest: cells.filter((c) => c !== arrow) };
  if (cells.length === 1) {
    const t = cells[0]!.text.normalize('NFKC').trim();
    const inner = /^[(（](.{2,30})[)）]$/u.exec(t);
    if (inner && isDepartment(inner[1]!)) return { field: 'dept', label: null, value: cells[0]!, rest: [] };
    if (
      t.length <= 40 &&
      !/[。、]/u.test(t) &&
      toFigure(t, null).value == null &&
      kindOf(ctx.memo, t) !== 'dash'
    )
      return { field: 'heading', label: null, value: cells[0]!, rest: [] };
    return null;
  }
  const field = formField(ctx, cells[0]!.text);
  if (!field) return null;
  return { field, label: cells[0]!, value: cells[1]!, rest: cells.slice(2) };
}

/** Reads a row of years across (`平成(年度) | 17 | 18 | 19`, `現状値 H25 | H26 | … | 目標値 H31`). */
function readYearRow(ctx: Ctx, row: SheetRow): YearRow | null {
  const cells = row.cells.filter((c) => !c.copy);
  if (cells.length < 3) return null;
  const cols = new Map<number, YearCol>();
  let era: number | null = null;
  let unit: string | null = null;
  let years = 0;
  for (let idx = 0; idx < cells.length; idx++) {
    const c = cells[idx]!;
    const t = c.text.normalize('NFKC').trim();
    if (ERA_ONLY.test(t)) {
      era = /令和|R/u.test(t) ? 2018 : /平成|H/u.test(t) ? 1988 : /昭和/u.test(t) ? 1925 : null;
      continue;
    }
    const unitLabel = /^[[［【]?\s*単位\s*[\]］】:：]?\s*(.{1,8})$/u.exec(t);
    if (unitLabel) {
      unit = unitLabel[1]!.trim();
      continue;
    }
    if (era != null && /^\d{1,2}$/u.test(t)) {
      cols.set(c.col, { kind: 'year', year: era + Number(t) });
      years++;
      continue;
    }
    const h = headerOf(ctx.memo, t);
    if (h && h.score >= 0.8 && (h.field === 'baseline' || h.field === 'target')) {
      cols.set(c.col, { kind: h.field, year: h.yearTo ?? h.year });
      continue;
    }
    if (h && h.score >= 0.75 && (h.field === 'baselineYear' || h.field === 'targetYear')) {
      cols.set(c.col, { kind: h.field });
      continue;
    }
    if (t === '従前値' || t === '当初値') {
      cols.set(c.col, { kind: 'baseline', year: null });
      continue;
    }
    const y = readHeaderYear(t);
    if (y?.year != null && t.replace(/\s+/g, '').length <= 8) {
      cols.set(c.col, { kind: 'year', year: y.year });
      years++;
      continue;
    }
    // The row's own label (`区分`, `年度`) before the years.
    if (idx === 0 && t.length <= 8) continue;
    return null;
  }
  if (years < 2) return null;
  return { cols, firstDataCol: Math.min(...cols.keys()), unit };
}

function seriesOf(text: string): Series | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (PLAN.test(t)) return 'plan';
  if (ACTUAL.test(t)) return 'actual';
  if (DERIVED.test(t) && t.length <= 12) return 'derived';
  return null;
}

/** A series row: its kind, the cells under the year row, and a name cell before the series word. */
function readSeriesRow(row: SheetRow, yr: YearRow, first: boolean): SeriesRow | null {
  const cells = row.cells.filter((c) => !c.copy);
  const labels = cells.filter((c) => c.col < yr.firstDataCol);
  const data = cells.filter((c) => c.col >= yr.firstDataCol);
  let series: Series | null = null;
  let name: SheetCell | null = null;
  for (const l of labels) {
    const s = seriesOf(l.text);
    if (s) series = s;
    else if (!series && !name) name = l;
    else return null;
  }
  if (!series) {
    // The row right under the year row without a label holds the plan (期待値) values.
    if (labels.length === 0 && first && data.length > 0) series = 'plan';
    else return null;
  }
  if (series !== 'derived' && data.length === 0 && labels.length === (name ? 2 : 1)) return null;
  return { series, labels, name, data };
}

/**
 * Reads a per-indicator block starting at row `i` (label rows, a year row, series rows). Returns
 * the number of rows it read, 0 when the rows are not such a block (nothing is marked then).
 */
export function readIndicatorBlock(ctx: Ctx, rows: SheetRow[], i: number): number {
  return blockReader(ctx, rows)(i);
}

/**
 * A reader of the blocks of one sheet: the year rows are found once, so that a row far from any
 * year row costs one lookup (recognition stays linear in the rows).
 *
 * @example const read = blockReader(ctx, rows); const used = read(i);
 */
export function blockReader(ctx: Ctx, rows: SheetRow[]): (i: number) => number {
  const years: (YearRow | null)[] = rows.map((r) => (r.cells.length >= 3 ? readYearRow(ctx, r) : null));
  const next: number[] = new Array(rows.length + 1);
  next[rows.length] = -1;
  for (let k = rows.length - 1; k >= 0; k--) next[k] = years[k] ? k : next[k + 1]!;
  return (i) => {
    const at = next[i] ?? -1;
    if (at < 0 || at - i > LOOKAHEAD) return 0;
    return readBlockAt(ctx, rows, i, at, years[at]!);
  };
}

function readBlockAt(ctx: Ctx, rows: SheetRow[], i: number, j: number, yr: YearRow): number {
  const form: FormLine[] = [];
  for (let k = i; k < j; k++) {
    const f = readFormLine(ctx, rows[k]!);
    if (!f) return 0;
    form.push(f);
  }
  if (j + 1 >= rows.length) return 0;
  // A block names its indicator in a label row, an arrow summary or a series row.
  const series: NonNullable<ReturnType<typeof readSeriesRow>>[] = [];
  let k = j + 1;
  while (k < rows.length) {
    const s = readSeriesRow(rows[k]!, yr, series.length === 0);
    if (!s) break;
    series.push(s);
    k++;
  }
  if (!series.some((s) => s.series === 'plan' || s.series === 'actual')) return 0;
  const titled = form.some(
    (f) => f.field === 'arrow' || f.field === 'numericTarget' || f.field === 'kpiName',
  );
  if (!titled && !series.some((s) => s.name)) return 0;
  // Headings before the first label row belong to the narrative around the block, except the
  // last one, which names the block's measure.
  buildBlock(ctx, form, rows[j]!, yr, series);
  return k - i;
}
