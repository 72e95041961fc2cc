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
import type { Figure, Indicator } from '../interchange.ts';
import { isDepartment } from './cell-kind.ts';
import { type Ctx, provenance, type SheetCell, type SheetRow } from './context.ts';
import { ensureGoal, ensureMeasure, ensureStrategy, nextId, splitCode, tidyName } from './entities.ts';
import type { HeaderField } from './header-lexicon.ts';
import { readHeaderYear } from './header-year.ts';
import { markMapped, readAs } from './ledger.ts';
import { readArrowLine, yearOf } from './line-records.ts';
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

/**
 * The department a block names stays in force for the blocks after it on the same sheet (a
 * `(農業委員会事務局)` line above several blocks), until another block names its own.
 */
const lastDepartments = new WeakMap<Ctx, { sheet: number; departments: string[] }>();

type YearCol =
  | { kind: 'year'; year: number }
  | { kind: 'baseline'; year: number | null }
  | { kind: 'target'; year: number | null }
  | { kind: 'baselineYear' }
  | { kind: 'targetYear' };

interface YearRow {
  cols: Map<number, YearCol>;
  firstDataCol: number;
  unit: string | null;
}

interface FormLine {
  field: HeaderField | 'arrow' | 'dept' | 'heading';
  label: SheetCell | null;
  value: SheetCell;
  rest: SheetCell[];
}

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

type Series = 'plan' | 'actual' | 'derived';

function seriesOf(text: string): Series | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (PLAN.test(t)) return 'plan';
  if (ACTUAL.test(t)) return 'actual';
  if (DERIVED.test(t) && t.length <= 12) return 'derived';
  return null;
}

/** A series row: its kind, the cells under the year row, and a name cell before the series word. */
function readSeriesRow(
  row: SheetRow,
  yr: YearRow,
  first: boolean,
): { series: Series; labels: SheetCell[]; name: SheetCell | null; data: SheetCell[] } | null {
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

function buildBlock(
  ctx: Ctx,
  form: FormLine[],
  yearRow: SheetRow,
  yr: YearRow,
  series: NonNullable<ReturnType<typeof readSeriesRow>>[],
): void {
  const table = {
    file: ctx.sheet.file,
    sheet: ctx.sheet.sheet,
    firstRow: (form[0]?.value ?? yearRow.cells[0]!).row,
    lastRow: series[series.length - 1]!.labels[0]?.row ?? series[series.length - 1]!.data[0]!.row,
    kind: 'indicator_block',
    columns: [...yr.cols.entries()].map(([column, c]) => ({
      column,
      header: yearRow.cells.find((x) => x.col === column)?.text ?? '',
      field: c.kind === 'year' ? 'planOrActual' : c.kind,
      ...(c.kind === 'year' || ((c.kind === 'baseline' || c.kind === 'target') && c.year != null)
        ? { year: (c as { year: number }).year }
        : {}),
    })),
  };
  ctx.tables.push(table);
  ctx.table = table;
  ctx.tableValues = new Set();
  for (const c of yearRow.cells) if (!c.copy) markMapped(ctx, c);

  let name: string | null = null;
  let role: Indicator['role'] = 'kpi';
  let nameCell: SheetCell | null = null;
  let arrow: ReturnType<typeof readArrowLine> = null;
  const departments: string[] = [];
  let status: SheetCell | null = null;
  const firstLabel = form.findIndex((f) => f.field !== 'heading');
  for (let idx = 0; idx < form.length; idx++) {
    const f = form[idx]!;
    if (f.field === 'heading') {
      const named = form.some((x) => x.field === 'goal' || x.field === 'measure');
      if (!named && (idx === firstLabel - 1 || (firstLabel < 0 && idx === form.length - 1))) {
        const m = ensureMeasure(
          ctx,
          tidyName(f.value.text),
          f.value.row,
          f.value.col,
          ctx.current.goalId,
          null,
        );
        ctx.current.measureId = m.id;
        ctx.current.parentMeasureId = m.id;
        readAs(ctx, f.value, `measure ${m.id}`);
      } else readAs(ctx, f.value, 'heading');
      continue;
    }
    if (f.label) readAs(ctx, f.label, `label ${f.field}`);
    for (const r of f.rest) readAs(ctx, r, 'label');
    const text = f.value.text;
    switch (f.field) {
      case 'dept':
        departments.push(text.normalize('NFKC').replace(/^[(（]|[)）]$/gu, ''));
        markMapped(ctx, f.value);
        continue;
      case 'department':
        departments.push(
          ...text
            .split(/[,、，]/u)
            .map((d) => d.trim())
            .filter(Boolean),
        );
        markMapped(ctx, f.value);
        continue;
      case 'status':
        status = f.value;
        markMapped(ctx, f.value);
        continue;
      case 'goal': {
        const { code, name: gName } = splitCode(text.normalize('NFKC'));
        const roman = /^([IVX]{1,4})\s+(.*)$/u.exec(text.normalize('NFKC'));
        const g = roman
          ? ensureGoal(ctx, `${roman[1]} ${tidyName(roman[2]!)}`, f.value.row, f.value.col, roman[1]!)
          : ensureGoal(ctx, `${code ?? ''} ${gName}`.trim(), f.value.row, f.value.col, code);
        if (roman && (!g.name || g.name.startsWith(roman[1]!))) g.name = tidyName(roman[2]!);
        ctx.current.goalId = g.id;
        ctx.current.measureId = null;
        ctx.current.parentMeasureId = null;
        readAs(ctx, f.value, `goal ${g.id}`);
        continue;
      }
      case 'measure': {
        const t = text.normalize('NFKC').replace(/^[(（]\s*(\d{1,2})\s*[)）]\s*/u, '$1 ');
        const m = ensureMeasure(ctx, t, f.value.row, f.value.col, ctx.current.goalId, ctx.current.measureId);
        ctx.current.measureId = m.id;
        readAs(ctx, f.value, `measure ${m.id}`);
        continue;
      }
      case 'arrow':
        arrow = readArrowLine(text);
        nameCell = f.value;
        if (arrow?.role) role = arrow.role;
        continue;
      default:
        // numericTarget, outcomeTarget, kpiName: the indicator's name.
        name = tidyName(text);
        nameCell = f.value;
        role =
          f.field === 'kpiName'
            ? /活動指標|事業指標/u.test(f.label?.text ?? '')
              ? 'project_indicator'
              : 'kpi'
            : 'numeric_target';
    }
  }
  const seriesName = series.find((s) => s.name)?.name ?? null;
  const arrowRead: ReturnType<typeof readArrowLine> = arrow;
  if (!name && arrowRead) name = arrowRead.name;
  if (!name && seriesName) {
    name = tidyName(seriesName.text);
    nameCell = seriesName;
  }
  const strategy = ensureStrategy(ctx, ctx.titleGeneration);
  const goalId = ctx.current.goalId;
  const measureId = ctx.current.measureId;
  const ind: Indicator = {
    id: nextId(ctx, 'ind'),
    name: name ?? '（名称未記載）',
    role,
    owner:
      role === 'numeric_target' && goalId
        ? { type: 'goal', id: goalId }
        : measureId
          ? { type: 'measure', id: measureId }
          : goalId
            ? { type: 'goal', id: goalId }
            : null,
    strategyId: strategy.id,
    baseline: null,
    target: null,
    actuals: [],
    provenance: nameCell ? provenance(ctx, nameCell.row, nameCell.col) : provenance(ctx, yearRow.row),
  };
  ctx.indicators.push(ind);
  if (nameCell) markMapped(ctx, nameCell);
  if (seriesName && seriesName !== nameCell) readAs(ctx, seriesName, 'indicator name');
  if (departments.length) lastDepartments.set(ctx, { sheet: ctx.sheet.index, departments });
  else {
    const last = lastDepartments.get(ctx);
    if (last && last.sheet === ctx.sheet.index) departments.push(...last.departments);
  }
  if (departments.length) ind.departments = [...new Set(departments)];
  const a: ReturnType<typeof readArrowLine> = arrow;
  if (a && nameCell) {
    if (a.baseline)
      ind.baseline = toFigure(a.baseline, null, provenance(ctx, nameCell.row, nameCell.col), yr.unit);
    ind.target = toFigure(a.target, null, provenance(ctx, nameCell.row, nameCell.col), yr.unit);
  }
  const plans: Figure[] = [];
  for (const s of series) {
    for (const l of s.labels) if (l !== s.name) readAs(ctx, l, `series ${s.series}`);
    if (s.series === 'derived') {
      for (const c of s.data) readAs(ctx, c, 'derived figure');
      continue;
    }
    const yearIn = (kind: 'baselineYear' | 'targetYear') => {
      const c = s.data.find((d) => yr.cols.get(d.col)?.kind === kind);
      if (!c) return null;
      readAs(ctx, c, kind);
      return yearOf(c.text);
    };
    const baseYear = yearIn('baselineYear');
    const targetYear = yearIn('targetYear');
    for (const c of s.data) {
      const col = yr.cols.get(c.col);
      if (!col || col.kind === 'baselineYear' || col.kind === 'targetYear') {
        if (!col) readAs(ctx, c, 'outside the year columns');
        continue;
      }
      if (kindOf(ctx.memo, c.text) === 'dash') {
        readAs(ctx, c, 'no value');
        continue;
      }
      const year =
        col.kind === 'year'
          ? col.year
          : col.kind === 'baseline'
            ? (baseYear ?? col.year)
            : (targetYear ?? col.year);
      const fig = toFigure(
        c.text,
        year != null ? { year, basis: 'fiscal' } : null,
        provenance(ctx, c.row, c.col),
        yr.unit,
      );
      markMapped(ctx, c);
      if (col.kind === 'baseline') {
        if (s.series === 'plan' || !ind.baseline) ind.baseline = fig;
      } else if (col.kind === 'target') {
        if (s.series === 'plan') ind.target = fig;
        else ind.notes = [...(ind.notes ?? []), `最新値: ${c.text}`];
      } else if (s.series === 'plan') plans.push(fig);
      else if (fig.value != null || fig.state === 'pending') ind.actuals.push(fig);
    }
  }
  // Without a 目標値 column, the plan of the last year is the target; earlier plans are milestones.
  const byYear = plans
    .filter((p) => p.value != null)
    .sort((x, y) => (x.fiscalYear ?? 0) - (y.fiscalYear ?? 0));
  if (!ind.target && byYear.length > 0) ind.target = byYear.pop()!;
  else if (ind.target?.fiscalYear != null)
    for (let n = byYear.length - 1; n >= 0; n--)
      if (byYear[n]!.fiscalYear === ind.target.fiscalYear) byYear.splice(n, 1);
  if (byYear.length > 0) ind.milestones = byYear;
  if (status) {
    const st = status as SheetCell;
    ind.reportedStatus = {
      label: st.text.trim(),
      fiscalYear: ind.actuals.reduce<number | null>((y, f) => Math.max(y ?? 0, f.fiscalYear ?? 0) || y, null),
      raw: st.text,
      provenance: provenance(ctx, st.row, st.col),
    };
  }
  ctx.table = null;
}
