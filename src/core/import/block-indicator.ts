/**
 * The indicator of a per-indicator block (indicator-blocks.ts reads the block's rows): its table
 * report, the label rows read (name, role, goal, measure, departments, status, an arrow summary),
 * the indicator made, and the series rows read into its baseline, target, milestones and actuals.
 */

import { toFigure } from '../figure.ts';
import type { Figure, Indicator } from '../interchange.ts';
import { type Ctx, provenance, type SheetCell, type SheetRow } from './context.ts';
import { ensureGoal, ensureMeasure, ensureStrategy, nextId, splitCode, tidyName } from './entities.ts';
import type { HeaderField } from './header-lexicon.ts';
import { markMapped, readAs } from './ledger.ts';
import { readArrowLine, yearOf } from './line-records.ts';
import { kindOf } from './memo.ts';

/**
 * The department a block names stays in force for the blocks after it on the same sheet (a
 * `(農業委員会事務局)` line above several blocks), until another block names its own.
 */
const lastDepartments = new WeakMap<Ctx, { sheet: number; departments: string[] }>();

export type YearCol =
  | { kind: 'year'; year: number }
  | { kind: 'baseline'; year: number | null }
  | { kind: 'target'; year: number | null }
  | { kind: 'baselineYear' }
  | { kind: 'targetYear' };

export interface YearRow {
  cols: Map<number, YearCol>;
  firstDataCol: number;
  unit: string | null;
}

export interface FormLine {
  field: HeaderField | 'arrow' | 'dept' | 'heading';
  label: SheetCell | null;
  value: SheetCell;
  rest: SheetCell[];
}

export type Series = 'plan' | 'actual' | 'derived';

/** A series row: its kind, the cells under the year row, and a name cell before the series word. */
export interface SeriesRow {
  series: Series;
  labels: SheetCell[];
  name: SheetCell | null;
  data: SheetCell[];
}

/** What the label rows of a block say about its indicator. */
interface BlockForm {
  name: string | null;
  role: Indicator['role'];
  nameCell: SheetCell | null;
  arrow: ReturnType<typeof readArrowLine>;
  departments: string[];
  status: SheetCell | null;
}

/** Builds the indicator of a block, step by step. */
export function buildBlock(
  ctx: Ctx,
  form: FormLine[],
  yearRow: SheetRow,
  yr: YearRow,
  series: SeriesRow[],
): void {
  openBlockTable(ctx, form, yearRow, yr, series);
  const read = readForm(ctx, form);
  const ind = blockIndicator(ctx, read, series, yearRow, yr);
  const plans = readSeries(ctx, ind, series, yr);
  planTargets(ind, plans);
  const status = read.status;
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

/** Lists the block as a table of the report (its year row's columns) and reads into it. */
function openBlockTable(
  ctx: Ctx,
  form: FormLine[],
  yearRow: SheetRow,
  yr: YearRow,
  series: SeriesRow[],
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
}

/** Reads the label rows of a block: headings, goal, measure, departments, status, the name and its role. */
function readForm(ctx: Ctx, form: FormLine[]): BlockForm {
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
  return { name, role, nameCell, arrow, departments, status };
}

/** Makes the block's indicator: its name (label, arrow summary or series row), owner, departments, arrow figures. */
function blockIndicator(
  ctx: Ctx,
  read: BlockForm,
  series: SeriesRow[],
  yearRow: SheetRow,
  yr: YearRow,
): Indicator {
  let { name, nameCell } = read;
  const { role, arrow, departments } = read;
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
  return ind;
}

/** Reads the series rows into the indicator: baseline, target, actuals; returns the plan values. */
function readSeries(ctx: Ctx, ind: Indicator, series: SeriesRow[], yr: YearRow): Figure[] {
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
  return plans;
}

/** Without a 目標値 column, the plan of the last year is the target; earlier plans are milestones. */
function planTargets(ind: Indicator, plans: Figure[]): void {
  const byYear = plans
    .filter((p) => p.value != null)
    .sort((x, y) => (x.fiscalYear ?? 0) - (y.fiscalYear ?? 0));
  if (!ind.target && byYear.length > 0) ind.target = byYear.pop()!;
  else if (ind.target?.fiscalYear != null)
    for (let n = byYear.length - 1; n >= 0; n--)
      if (byYear[n]!.fiscalYear === ind.target.fiscalYear) byYear.splice(n, 1);
  if (byYear.length > 0) ind.milestones = byYear;
}
