/**
 * KPI tables: lists of 数値目標 and KPIs with baseline, actuals, target, reported status,
 * department, commentary; and period reviews that hold two strategy periods side by side
 * (第2期 KPI | 第3期 KPI) with 削除 / 移動 markers. Rows are lined up with the header by content
 * type; hierarchy columns left blank are filled down; a row with figures but no name continues the
 * indicator above.
 */

import { splitPair, toFigure } from '../figure.ts';
import type { Commentary, Figure, Indicator, Project, ReportedStatus } from '../interchange.ts';
import { type AlignColumn, alignCells, alignRow } from './align.ts';
import { captionShift } from './caption-shift.ts';
import { isDepartment } from './cell-kind.ts';
import { roleWord } from './column-roles.ts';
import {
  type Ctx,
  ensureGoal,
  ensureMeasure,
  ensureStrategy,
  isMapped,
  type LineageMarker,
  lineageOf,
  markMapped,
  nextId,
  noteUnmapped,
  place,
  provenance,
  readAs,
  type SheetCell,
  type SheetRow,
  splitCode,
  tidyName,
  warn,
} from './context.ts';
import { type HeaderField, headerUnit } from './header-lexicon.ts';
import { readGeneration, readHeaderYear } from './header-year.ts';
import { headerOf, kindOf, type Memo } from './memo.ts';
import { splitNameValue, valueColumn } from './name-value.ts';
import { groupRow, groupSchema } from './repeated-groups.ts';
import { readNumberedHeading, readSection } from './section.ts';
import type { Column, Schema } from './segment.ts';
import {
  isFigureRow,
  type RecordLabel,
  type RecordValue,
  recordLabels,
  recordValues,
} from './stacked-records.ts';
import { strayRow } from './stray-rows.ts';
import { normalizeKey, normalizeLabel } from './text.ts';

/** Fill-down state of a KPI table, carried across its page-break repeats. */
export interface KpiTableState {
  goalId: string | null;
  measureId: string | null;
  last: Map<number | null, Indicator>;
  /** Role of the table's indicators named by the title line above it (■数値目標), if any. */
  role?: Indicator['role'] | null;
  /** The project (事業) of the rows below, in a table with a project column (filled down). */
  projectId?: string | null;
}

/** Columns read onto the project of the row in a table with a project column. */
const PROJECT_FIELDS = new Set<HeaderField>(['projectName', 'summary']);

/**
 * Reads the project cells of a row (a table listing projects with their KPIs): the project named
 * in the project column, under the row's measure (a blank cell continues the project above), and
 * its outline (事業概要).
 */
function readProjectCells(
  ctx: Ctx,
  half: Column[],
  byCol: Map<Column, SheetCell>,
  state: KpiTableState,
): void {
  const cell = cellOf(byCol, firstOf(half, 'projectName'));
  if (!cell || kindOf(ctx.memo, cell.text) === 'dash') return;
  const project = ensureProject(ctx, cell, state);
  state.projectId = project.id;
  if (!cell.copy) {
    if (tidyName(cell.text) === project.name) markMapped(ctx, cell);
    else readAs(ctx, cell, `project ${project.id}`);
  }
  const summary = cellOf(byCol, firstOf(half, 'summary'));
  if (summary && !summary.copy) {
    project.summary = project.summary ? `${project.summary}\n${summary.text}` : summary.text;
    markMapped(ctx, summary);
  }
}

/** Finds or creates the project (事業) a cell names, under the row's measure. */
export function ensureProject(ctx: Ctx, cell: SheetCell, state: KpiTableState): Project {
  const { code, name } = splitCode(cell.text);
  const measureId = state.measureId ?? ctx.current.measureId ?? null;
  const key = normalizeKey(name || cell.text);
  const found = ctx.projects.find((p) => (p.measureId ?? null) === measureId && normalizeKey(p.name) === key);
  if (found) return found;
  const goalId = state.goalId ?? ctx.current.goalId;
  const p: Project = {
    id: nextId(ctx, 'project'),
    code,
    name: name || cell.text,
    measureId,
    ...(goalId ? { goalIds: [goalId] } : {}),
    provenance: provenance(ctx, cell.row, cell.col),
  };
  ctx.projects.push(p);
  return p;
}

/**
 * Reads a lineage marker at the start of a cell.
 *
 * @example lineageMarker('2(4)から移動 空き家バンク登録物件数') // { change: 'moved_from', code: '2(4)', rest: '空き家バンク登録物件数', ... }
 * @example lineageMarker('削除') // { change: 'deleted', raw: '削除', code: null, rest: '' }
 */
export function lineageMarker(text: string): LineageMarker | null {
  const t = text.normalize('NFKC').trim();
  const moved = /^(\d+(?:[-.]\d+)*(?:\(\d+\))?)\s*(から|より)(一部)?移動\s*(.*)$/su.exec(t);
  if (moved)
    return {
      change: 'moved_from',
      raw: t.slice(0, t.length - moved[4]!.length).trim(),
      code: moved[1]!,
      rest: moved[4]!.trim(),
    };
  const to = /^(\d+(?:[-.]\d+)*(?:\(\d+\))?)\s*へ(一部)?移動\s*(.*)$/su.exec(t);
  if (to)
    return {
      change: 'moved_to',
      raw: t.slice(0, t.length - to[3]!.length).trim(),
      code: to[1]!,
      rest: to[3]!.trim(),
    };
  if (/^(削除|削減|廃止|終了)$/u.test(t)) return { change: 'deleted', raw: t, code: null, rest: '' };
  if (/^新規$/u.test(t)) return { change: 'new', raw: t, code: null, rest: '' };
  return null;
}

/** `lineageMarker(text)`, remembered for the run (markers are read, never changed). */
function markerOf(ctx: Ctx, text: string): LineageMarker | null {
  let mk = ctx.markers.get(text);
  if (mk === undefined) {
    mk = lineageMarker(text) ?? false;
    ctx.markers.set(text, mk);
  }
  return mk || null;
}

const FIGURE_FIELDS = new Set<HeaderField>(['baseline', 'target', 'actual']);
/** Fields whose value a cell merged over several rows gives to each of them. */
const FILLED = new Set<HeaderField>([
  'goal',
  'projectName',
  'measure',
  'department',
  'bodies',
  'unit',
  'role',
  'baselineYear',
  'targetYear',
  'year',
]);
/** Fields that qualify the figures of their row, read before them. */
const ROW_FIELDS = new Set<HeaderField>(['unit', 'role', 'baselineYear', 'targetYear', 'year']);

/** A row of header words and period captions only (第2期 (R2-6) | 第3期の展開). */
function isLayoutRow(ctx: Ctx, work: SheetCell[]): boolean {
  for (const c of work)
    if (readGeneration(c.text) == null && (headerOf(ctx.memo, c.text)?.score ?? 0) < 0.6) return false;
  return true;
}

/**
 * Builds indicators from the data rows of a KPI table.
 */
export function buildKpiRows(ctx: Ctx, schema: Schema, rows: SheetRow[], state: KpiTableState): void {
  statedPeriods(ctx, schema);
  const groups = [...new Set(schema.columns.map((c) => c.repeat).filter((g): g is number => g != null))];
  if (groups.length > 1) {
    buildGroupedRows(ctx, schema, rows, state, groups);
    return;
  }
  const plan = planOf(schema);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const record = recordLabels(ctx.memo, row);
    if (!record) {
      buildKpiRow(ctx, schema, row, state, plan);
      continue;
    }
    // A record written over two lines (stacked-records.ts): its figures are read by their order.
    const next = rows[k + 1];
    const below = next && isFigureRow(ctx.memo, next, record.labels) ? next : null;
    const values = recordValues(ctx.memo, record.name, record.labels, (below ?? row).cells, below != null);
    if (values.length === 0) {
      buildKpiRow(ctx, schema, row, state, plan);
      continue;
    }
    for (const l of record.labels)
      readAs(ctx, l.cell, 'label of the figures of the row (a header written into it)');
    markMapped(ctx, ...values.map((v) => v.cell));
    buildKpiRow(ctx, schema, row, state, plan);
    const gen = ownerColumn(schema, record.name.col)?.generation ?? null;
    const ind = state.last.get(gen);
    if (ind && ind.provenance?.row === row.row) applyRecord(ctx, ind, record.labels, values);
    else for (const v of values) noteUnmapped(ctx, v.cell, 'no indicator on this row');
    if (below) k++;
  }
}

/** Gives a record's figures (stacked-records.ts) to its indicator, each as its column would. */
function applyRecord(ctx: Ctx, ind: Indicator, labels: RecordLabel[], values: RecordValue[]): void {
  const column = (field: RecordValue['field'], year: number | null): Column => {
    const label = labels.find((l) => l.field === field);
    const y = year ?? label?.year ?? null;
    return {
      col: label?.cell.col ?? 0,
      field,
      type: field === 'status' ? 'status' : field === 'department' ? 'dept' : 'figure',
      header: label?.cell.text ?? field,
      headerCell: label?.cell ?? null,
      year: y,
      yearTo: y,
      date: null,
      basis: 'fiscal',
      generation: null,
    };
  };
  const cols = values.filter((v) => v.field === 'actual').map((v) => column('actual', v.year));
  for (const v of values) {
    const c = column(v.field, v.year);
    if (v.field === 'status' || v.field === 'department') applyOther(ctx, ind, c, v.cell, cols);
    else applyFigure(ctx, ind, c, v.cell, NO_ROW_INFO);
  }
  if (!ind.unit) {
    const u = ind.target?.unit ?? ind.baseline?.unit ?? ind.actuals.find((a) => a.unit)?.unit;
    if (u) ind.unit = u;
  }
}

/**
 * Builds the indicators of a table with repeated column groups: each row's cells are placed by
 * alignment with the whole header, then each group's cells (with the shared goal and measure) are
 * read as a row of its own. Goal and measure carry over between groups; the indicator a row
 * continues is looked up in its own group.
 */
function buildGroupedRows(
  ctx: Ctx,
  schema: Schema,
  rows: SheetRow[],
  state: KpiTableState,
  groups: number[],
): void {
  const targets: AlignColumn[] = schema.columns.map((c) => ({ col: c.col, type: c.type, multi: c.multi }));
  const views = groups.map((g) => {
    const s = groupSchema(schema, g);
    return { group: g, schema: s, plan: planOf(s), last: g === groups[0] ? state.last : new Map() };
  });
  const shared = state.last;
  for (const row of rows) {
    const assign = alignRow(alignCells(ctx.memo, row.cells), targets);
    const placed = new Map<SheetCell, Column>();
    row.cells.forEach((c, i) => {
      const j = assign[i]!;
      if (j >= 0) placed.set(c, schema.columns[j]!);
    });
    for (const v of views) {
      const view = groupRow(row, (c) => placed.get(c), v.group, v.group === groups[0]);
      if (!view.cells.some((c) => !c.copy)) continue;
      state.last = v.last;
      buildKpiRow(ctx, v.schema, view, state, v.plan);
    }
  }
  state.last = shared;
}

/**
 * A period stated with its generation in a header (`第3期 (R7-11) KPI`, `【第2期(R2-6)】`): the
 * period of that generation's strategy, unless one is known already.
 */
function statedPeriods(ctx: Ctx, schema: Schema): void {
  const texts = [...schema.columns.map((c) => c.header), ...(schema.captions ?? []).map((c) => c.text)];
  for (const text of texts) {
    const gen = readGeneration(text);
    if (gen == null) continue;
    const y = readHeaderYear(text);
    if (y?.year == null || y.to == null || y.to <= y.year) continue;
    const strategy = ensureStrategy(ctx, gen);
    strategy.period ??= { from: y.year, to: y.to };
  }
}

/** What every row of a KPI table shares, computed once per schema. */
function planOf(schema: Schema): KpiPlan {
  const gens = [...new Set(schema.columns.map((c) => c.generation))];
  // Per schema, not per row: the columns of each generation and the alignment targets.
  const colsOfGen = gens.map((gen) => schema.columns.filter((c) => c.generation === gen));
  const targets: AlignColumn[] = schema.columns.map((c) => ({ col: c.col, type: c.type, multi: c.multi }));
  const sorted = gens.filter((g) => g != null).sort((a, b) => (a as number) - (b as number));
  const oldGen = sorted[0] ?? null;
  const newGen = sorted.length > 1 ? sorted[sorted.length - 1]! : null;
  const roles = schema.columns.some((c) => c.field === 'role');
  const yearColumn = schema.columns.some((c) => c.field === 'year');
  return { gens, colsOfGen, targets, oldGen, newGen, roles, yearColumn };
}

/** What every row of a KPI table shares: its generations, their columns, alignment targets. */
interface KpiPlan {
  gens: (number | null)[];
  colsOfGen: Column[][];
  targets: AlignColumn[];
  oldGen: number | null;
  newGen: number | null;
  /** The table has a column of indicator roles (区分: 数値目標 / KPI). */
  roles: boolean;
  /** The table has a column of years (one row per indicator and year). */
  yearColumn: boolean;
}

/** Builds the indicators of one data row (a function of its own, so that it is compiled early). */
function buildKpiRow(ctx: Ctx, schema: Schema, row: SheetRow, state: KpiTableState, plan: KpiPlan): void {
  const memo = ctx.memo;
  const { gens, colsOfGen, targets, oldGen, newGen } = plan;
  const cells = row.cells.filter((c) => c.copy || !isMapped(ctx, c));
  if (cells.length === 0 || cells.every((c) => c.copy)) return;
  const stray = strayRow(row);
  if (stray) {
    // A page number, footnote, bullet or budget line among the rows: no indicator.
    for (const c of cells) noteUnmapped(ctx, c, stray);
    return;
  }
  if (buildSectionRow(ctx, schema, cells, state)) return;
  // Lineage markers and header words left inside data rows.
  const markers: { cell: SheetCell; marker: LineageMarker }[] = [];
  const work: SheetCell[] = [];
  for (const c of cells) {
    const mk = markerOf(ctx, c.text);
    if (mk) {
      markers.push({ cell: c, marker: mk });
      if (mk.rest) work.push({ ...c, text: mk.rest });
      else markMapped(ctx, c);
      continue;
    }
    const h = c.text.length <= 16 ? headerOf(memo, c.text) : null;
    if (h && h.score >= 0.95 && kindOf(memo, c.text) !== 'dept' && !(plan.roles && roleWord(c.text, memo))) {
      // A header word repeated inside the data (a page's header fragment): layout.
      if (!c.copy) readAs(ctx, c, 'header word');
      continue;
    }
    work.push(c);
  }
  // A row of header words and period captions only (第2期 (R2-6) | 第3期の展開): layout.
  if (work.length > 0 && isLayoutRow(ctx, work)) {
    for (const c of work) if (!c.copy) readAs(ctx, c, 'header word');
    return;
  }
  const aligned = alignCells(memo, work);
  const assign = alignRow(captionShift(aligned, schema.columns, schema.captions) ?? aligned, targets);
  const byCol = new Map<Column, SheetCell>();
  const strayDepartments: SheetCell[] = [];
  for (let i = 0; i < work.length; i++) {
    const c = work[i]!;
    const j = assign[i]!;
    // A merged cell's copy counts where the value holds for every row it spans (hierarchy,
    // department, unit, role, years); elsewhere (figures, names, text) only the original counts.
    if (c.copy && (j < 0 || !FILLED.has(schema.columns[j]!.field))) continue;
    if (j >= 0) byCol.set(schema.columns[j]!, c);
    else if (aligned[i]!.kind === 'dept') strayDepartments.push(c);
    else noteUnmapped(ctx, c, 'no matching column');
  }
  const rowIndicators = new Map<number | null, Indicator>();
  for (let g = 0; g < gens.length; g++) {
    const gen = gens[g]!;
    const cols = colsOfGen[g]!;
    const half = cols.filter((c) => byCol.has(c));
    const genMarkers: { cell: SheetCell; marker: LineageMarker }[] = [];
    for (const m of markers) if (ownerColumn(schema, m.cell.col)?.generation === gen) genMarkers.push(m);
    const ind = buildHalf(ctx, schema, row, cols, half, byCol, state, gen, plan, genMarkers);
    if (ind) rowIndicators.set(gen, ind);
  }
  // Markers: attach to the indicators of this row.
  for (const { cell, marker } of markers) {
    const owner = ownerColumn(schema, cell.col);
    const gen = owner?.generation ?? null;
    if (marker.change === 'deleted' || marker.change === 'moved_to') {
      const old = rowIndicators.get(oldGen) ?? rowIndicators.get(gen);
      if (old) {
        if (marker.change === 'deleted' && !old.lineage) old.lineage = { change: 'deleted', raw: marker.raw };
        else if (marker.change === 'moved_to') old.notes = [...(old.notes ?? []), marker.raw];
        markMapped(ctx, cell);
      } else noteUnmapped(ctx, cell, 'marker without an indicator');
    } else if (marker.change === 'moved_from') {
      const target = gen === newGen ? rowIndicators.get(newGen) : rowIndicators.get(gen);
      if (target) {
        if (gen === newGen) {
          const req = lineageOf(ctx, target.id);
          if (req) req.marker = marker;
        } else target.notes = [...(target.notes ?? []), marker.raw];
        markMapped(ctx, cell);
      } else noteUnmapped(ctx, cell, 'marker without an indicator');
    } else {
      const target = rowIndicators.get(gen);
      if (target) {
        target.notes = [...(target.notes ?? []), marker.raw];
        markMapped(ctx, cell);
      }
    }
  }
  // A department beyond the last column (or on a row whose newer half was deleted) belongs to the
  // indicator of the nearest half on its left.
  const departments = strayDepartments;
  for (const [k, v] of byCol) if (k.field === 'department' && !isMapped(ctx, v)) departments.push(v);
  for (const c of departments) {
    const owner = ownerColumn(schema, c.col);
    const ind =
      rowIndicators.get(owner?.generation ?? null) ??
      rowIndicators.get(oldGen) ??
      [...rowIndicators.values()][0];
    if (ind) addDepartments(ctx, ind, c);
    else noteUnmapped(ctx, c, 'department without an indicator');
  }
  if (newGen != null) {
    const neu = rowIndicators.get(newGen);
    const old = rowIndicators.get(oldGen);
    const req = neu ? lineageOf(ctx, neu.id) : undefined;
    if (req && old) req.sameRowOldId = old.id;
  }
}

function buildHalf(
  ctx: Ctx,
  schema: Schema,
  row: SheetRow,
  cols: Column[],
  half: Column[],
  byCol: Map<Column, SheetCell>,
  state: KpiTableState,
  gen: number | null,
  plan: KpiPlan,
  markers: { cell: SheetCell; marker: LineageMarker }[],
): Indicator | null {
  const memo = ctx.memo;
  const multiGen = plan.gens.length > 1;
  // Hierarchy columns (filled down when blank).
  const goalCell = cellOf(byCol, firstOf(half, 'goal'));
  if (goalCell) {
    const goal = ensureGoal(ctx, goalCell.text, goalCell.row, goalCell.col);
    if (state.goalId !== goal.id) {
      state.measureId = null;
      state.projectId = null;
    }
    state.goalId = goal.id;
    readEntity(ctx, goalCell, 'goal', goal);
  }
  let name: SheetCell | undefined;
  let role: Indicator['role'] = state.role ?? 'kpi';
  const kpiCell = cellOf(byCol, firstOf(half, 'kpiName'));
  const ntColumn = firstOf(half, 'numericTarget');
  const ntCell = cellOf(byCol, ntColumn);
  const measureColumn = firstOf(half, 'measure');
  let measureCell = cellOf(byCol, measureColumn);
  if (ntCell && ntColumn?.alt === 'measure') {
    // Stacked 数値目標 / 具体的な施策: a dash in the KPI column marks a numeric-target row; a row
    // with nothing in the KPI column is a KPI shifted into this column unless it starts a goal.
    if (kpiCell && isDash(memo, kpiCell)) {
      name = ntCell;
      role = 'numeric_target';
    } else if (!kpiCell) {
      name = ntCell;
      role = goalCell ? 'numeric_target' : 'kpi';
    } else measureCell = ntCell;
  } else if (ntCell && !isDash(memo, ntCell)) {
    name = ntCell;
    role = 'numeric_target';
  }
  if (!name && kpiCell && !isDash(memo, kpiCell)) name = kpiCell;
  // The name and a figure in one cell (`就業相談者数 100人`): the figure is read apart.
  const nameColumn = name && name === kpiCell ? firstOf(half, 'kpiName') : undefined;
  const split = nameColumn?.withValue && name ? splitNameValue(name.text) : null;
  const nameValue =
    split && name ? { cell: { ...name, text: split.value }, column: valueColumn(nameColumn!) } : null;
  if (split && name) name = { ...name, text: split.name };
  if (name && kindOf(memo, name.text) === 'figure') {
    // A figure under the name header: a continuation row shifted left, not a name.
    noteUnmapped(ctx, name, 'figure in the name column');
    name = undefined;
  }
  if (
    !name &&
    ntColumn &&
    !kpiCell &&
    cols.some((c) => c.field === 'numericTarget') &&
    !cols.some((c) => c.field === 'kpiName')
  )
    role = 'numeric_target';
  if (kpiCell && isDash(memo, kpiCell)) readAs(ctx, kpiCell, 'no value');
  if (ntCell && isDash(memo, ntCell)) readAs(ctx, ntCell, 'no value');
  if (measureCell && !isDash(memo, measureCell)) {
    const measure = ensureMeasure(
      ctx,
      measureCell.text,
      measureCell.row,
      measureCell.col,
      state.goalId ?? ctx.current.goalId,
      ctx.current.parentMeasureId,
    );
    if (state.measureId !== measure.id) state.projectId = null;
    state.measureId = measure.id;
    readEntity(ctx, measureCell, 'measure', measure);
  }
  const projectColumn = firstOf(half, 'projectName');
  if (projectColumn) readProjectCells(ctx, half, byCol, state);
  // The row's own qualifiers: the indicator's role (区分), unit, and the years of its figures.
  let rowInfo = readRowFields(ctx, half, byCol);
  if (rowInfo.role) role = rowInfo.role;
  // A unit written after the name (`売上額（千円）`) gives the row's plain numbers their unit.
  const nameUnit = name && !rowInfo.unit ? headerUnit(name.text) : null;
  if (nameUnit) rowInfo = { ...rowInfo, unit: nameUnit.unit };
  if (!schema.columns.some((c) => c.field === 'numericTarget') && cols.some((c) => c.field === 'kpiName')) {
    // A table whose only name column is 数値目標 lists numeric targets; otherwise KPIs.
  }
  if (cols.every((c) => c.field !== 'kpiName') && cols.some((c) => c.field === 'numericTarget'))
    role = 'numeric_target';
  const figureCols = half.filter((c) => FIGURE_FIELDS.has(c.field));
  const otherCols = half.filter(
    (c) =>
      !FIGURE_FIELDS.has(c.field) &&
      !['goal', 'measure', 'kpiName', 'numericTarget'].includes(c.field) &&
      !(projectColumn && PROJECT_FIELDS.has(c.field)),
  );
  let indicator: Indicator | null = null;
  const previous = name ? state.last.get(gen) : undefined;
  const nameText = name ? tidyName(name.text) : '';
  if (
    name &&
    previous &&
    continuesPrevious(ctx, previous, nameText, figureCols, byCol, plan, state, rowInfo)
  ) {
    // One row per indicator and year (long format), or the same indicator written again.
    indicator = previous;
    markMapped(ctx, name);
    name = undefined;
  } else if (name) {
    const strategy = ensureStrategy(ctx, gen ?? ctx.titleGeneration);
    const goalId = state.goalId ?? ctx.current.goalId;
    const measureId = state.measureId ?? ctx.current.measureId;
    indicator = {
      id: nextId(ctx, 'ind'),
      name: nameText,
      role,
      owner:
        role === 'numeric_target'
          ? goalId
            ? { type: 'goal', id: goalId }
            : null
          : state.projectId
            ? { type: 'project', id: state.projectId }
            : measureId
              ? { type: 'measure', id: measureId }
              : goalId
                ? { type: 'goal', id: goalId }
                : null,
      strategyId: strategy.id,
      baseline: null,
      target: null,
      actuals: [],
      provenance: provenance(ctx, row.row, name.col),
    };
    markMapped(ctx, name);
    ctx.indicators.push(indicator);
    state.last.set(gen, indicator);
    if (multiGen) {
      ctx.lineage.push({
        indicatorId: indicator.id,
        generation: gen,
        marker: null,
        sameRowOldId: null,
        measureId,
      });
    }
  } else if (figureCols.length > 0 || otherCols.length > 0) {
    const last = state.last.get(gen);
    const continues = last && figureCols.every((c) => !hasFigure(last, c));
    if (continues && last) indicator = last;
    else if (figureCols.length > 0 && markers.length === 0) {
      const strategy = ensureStrategy(ctx, gen ?? ctx.titleGeneration);
      const measureId = state.measureId ?? ctx.current.measureId;
      const goalId = state.goalId ?? ctx.current.goalId;
      indicator = {
        id: nextId(ctx, 'ind'),
        name: '（名称未記載）',
        role,
        owner: measureId ? { type: 'measure', id: measureId } : goalId ? { type: 'goal', id: goalId } : null,
        strategyId: strategy.id,
        baseline: null,
        target: null,
        actuals: [],
        provenance: provenance(ctx, row.row, figureCols[0]!.col),
      };
      ctx.indicators.push(indicator);
      state.last.set(gen, indicator);
      warn(
        ctx,
        'INDICATOR_NAME_MISSING',
        '指標名のない行に数値があります。指標名を補ってください',
        'A row has figures but no indicator name; add the name',
        place(ctx, row.row, figureCols[0]!.col, 'name'),
      );
      if (multiGen) {
        ctx.lineage.push({
          indicatorId: indicator.id,
          generation: gen,
          marker: null,
          sameRowOldId: null,
          measureId,
        });
      }
    }
  }
  if (!indicator) {
    for (const c of [...figureCols, ...otherCols]) {
      const cell = byCol.get(c);
      if (cell) noteUnmapped(ctx, cell, 'no indicator on this row');
    }
    return null;
  }
  for (const c of figureCols) {
    const cell = byCol.get(c)!;
    applyFigure(ctx, indicator, c, cell, rowInfo);
  }
  if (nameValue) applyFigure(ctx, indicator, nameValue.column, nameValue.cell, rowInfo);
  for (const c of otherCols) {
    if (ROW_FIELDS.has(c.field)) continue;
    applyOther(ctx, indicator, c, byCol.get(c)!, cols);
  }
  applyRowFields(ctx, indicator, rowInfo);
  if (!indicator.unit) {
    const u =
      indicator.target?.unit ?? indicator.baseline?.unit ?? indicator.actuals.find((a) => a.unit)?.unit;
    if (u) indicator.unit = u;
  }
  return name || indicator === previous ? indicator : null;
}

/** The column a cell at `col` falls under: the last one starting at or before it, else the first. */
function ownerColumn(schema: Schema, col: number): Column | undefined {
  const columns = schema.columns;
  for (let k = columns.length - 1; k >= 0; k--) if (columns[k]!.col <= col) return columns[k];
  return columns[0];
}

function isDash(memo: Memo, c: SheetCell | undefined): boolean {
  return !!c && kindOf(memo, c.text) === 'dash';
}

/** The first column of a field among `cols`. */
function firstOf(cols: Column[], field: HeaderField): Column | undefined {
  for (const c of cols) if (c.field === field) return c;
  return undefined;
}

function cellOf(byCol: Map<Column, SheetCell>, c: Column | undefined): SheetCell | undefined {
  return c ? byCol.get(c) : undefined;
}

function hasFigure(ind: Indicator, c: Column): boolean {
  if (c.field === 'baseline') return !!ind.baseline;
  if (c.field === 'target') return !!ind.target;
  return ind.actuals.some((a) => a.fiscalYear === c.year && c.year != null);
}

function applyFigure(ctx: Ctx, ind: Indicator, c: Column, cell: SheetCell, info: RowInfo): void {
  if (kindOf(ctx.memo, cell.text) === 'dash' && c.field === 'actual') {
    // Not measured (yet): no figure; the report says what the dash was read as.
    readAs(ctx, cell, 'no value');
    return;
  }
  const pair = c.pair ? splitPair(cell.text) : null;
  if (pair) {
    // Baseline and target in one cell (`H27年度現在 127件 / H31年度予測 144件`).
    const prov = provenance(ctx, cell.row, cell.col);
    ind.baseline = toFigure(
      pair[0],
      { year: info.baselineYear, basis: info.basis ?? 'fiscal' },
      prov,
      info.unit ?? c.unit ?? null,
    );
    setTarget(
      ind,
      toFigure(
        pair[1],
        { year: info.targetYear, basis: info.basis ?? 'fiscal' },
        prov,
        info.unit ?? c.unit ?? null,
      ),
    );
    readAs(ctx, cell, 'baseline and target');
    return;
  }
  // A header range (`目標(H27~H31)`, `基準値(H22~26)`) dates a baseline or target at its end.
  const headerYear = c.field === 'actual' ? c.year : (c.yearTo ?? c.year);
  const year =
    (c.field === 'baseline' ? info.baselineYear : c.field === 'target' ? info.targetYear : info.year) ??
    headerYear;
  const basis = (c.year == null ? info.basis : null) ?? c.basis;
  const fig = toFigure(
    cell.text,
    { year, basis },
    provenance(ctx, cell.row, cell.col),
    info.unit ?? c.unit ?? null,
  );
  if (fig.parsed?.kind === 'text')
    ctx.warnings.push({
      code: 'FIGURE_NOT_NUMERIC',
      severity: 'info',
      message: `「${cell.text.slice(0, 40)}」は数値として読めないため、原文のまま保持しました。数値なら書き方を確認してください`,
      messageEn:
        'A figure that does not read as a number was kept as written; check it if it should be a number',
      place: place(ctx, cell.row, cell.col, c.field),
      hint: null,
    });
  if (c.field === 'baseline') ind.baseline = fig;
  else if (c.field === 'target') setTarget(ind, fig);
  else {
    const same = ind.actuals.findIndex((a) => a.fiscalYear === fig.fiscalYear && a.raw === fig.raw);
    if (same < 0) ind.actuals.push(fig);
  }
  markMapped(ctx, cell);
}

/**
 * Sets the target; with targets for several years (目標値 over R5 R6), the latest is the target
 * and the earlier ones are milestones on the way.
 */
function setTarget(ind: Indicator, fig: Figure): void {
  const old = ind.target;
  if (!old || old.fiscalYear == null || fig.fiscalYear == null || old.fiscalYear === fig.fiscalYear) {
    ind.target = fig;
    return;
  }
  const [early, late] = old.fiscalYear < fig.fiscalYear ? [old, fig] : [fig, old];
  ind.target = late;
  ind.milestones = [...(ind.milestones ?? []), early].sort(
    (a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0),
  );
}

/** What a row says about its own figures: role, unit, and the years of baseline, target and actuals. */
interface RowInfo {
  role: Indicator['role'] | null;
  unit: string | null;
  baselineYear: number | null;
  targetYear: number | null;
  year: number | null;
  basis: 'fiscal' | 'calendar' | null;
  cells: { cell: SheetCell; as: string }[];
}

const NO_ROW_INFO: RowInfo = {
  role: null,
  unit: null,
  baselineYear: null,
  targetYear: null,
  year: null,
  basis: null,
  cells: [],
};

/** Reads the role, unit and year columns of a row (before its figures, which they qualify). */
function readRowFields(ctx: Ctx, half: Column[], byCol: Map<Column, SheetCell>): RowInfo {
  let info: RowInfo | null = null;
  for (const c of half) {
    if (!ROW_FIELDS.has(c.field)) continue;
    const cell = byCol.get(c);
    if (!cell) continue;
    info ??= { ...NO_ROW_INFO, cells: [] };
    const text = cell.text.normalize('NFKC').trim();
    if (c.field === 'role') {
      const role = roleWord(text, ctx.memo);
      if (role) {
        info.role = role;
        info.cells.push({ cell, as: `role ${role}` });
      } else info.cells.push({ cell, as: '' });
    } else if (c.field === 'unit') {
      if (kindOf(ctx.memo, text) === 'dash') info.cells.push({ cell, as: 'no unit' });
      else {
        info.unit = text;
        info.cells.push({ cell, as: '' });
      }
    } else {
      const y = readHeaderYear(text);
      if (y?.year != null) {
        const year = y.to ?? y.year;
        if (c.field === 'baselineYear') info.baselineYear = year;
        else if (c.field === 'targetYear') info.targetYear = year;
        else info.year = year;
        info.basis = y.basis;
        info.cells.push({ cell, as: `${c.field} ${year}` });
      } else info.cells.push({ cell, as: '' });
    }
  }
  return info ?? NO_ROW_INFO;
}

/** Accounts for the row's role, unit and year cells on the indicator they qualify. */
function applyRowFields(ctx: Ctx, ind: Indicator, info: RowInfo): void {
  for (const { cell, as } of info.cells) {
    if (as) {
      readAs(ctx, cell, as);
      continue;
    }
    // A unit as written (`万人` gives plain numbers their scale); other words kept as notes.
    if (info.unit != null && cell.text.normalize('NFKC').trim() === info.unit) {
      const figureUnit =
        ind.target?.unit ?? ind.baseline?.unit ?? ind.actuals.find((a) => a.unit)?.unit ?? null;
      ind.unit = figureUnit ?? info.unit;
      if (ind.unit === cell.text) markMapped(ctx, cell);
      else readAs(ctx, cell, `unit ${ind.unit}`);
    } else {
      ind.notes = [...(ind.notes ?? []), cell.text];
      markMapped(ctx, cell);
    }
  }
}

/**
 * True when a named row goes on the indicator of the row above: the same name under the same
 * owner, and either a year column (one row per indicator and year) or figures that fill only
 * what the indicator does not have yet.
 */
function continuesPrevious(
  ctx: Ctx,
  previous: Indicator,
  name: string,
  figureCols: Column[],
  byCol: Map<Column, SheetCell>,
  plan: KpiPlan,
  state: KpiTableState,
  info: RowInfo,
): boolean {
  if (name !== previous.name) return false;
  const owner = previous.owner?.id ?? null;
  const here = state.measureId ?? state.goalId ?? ctx.current.measureId ?? ctx.current.goalId;
  if (owner != null && here != null && owner !== here && previous.owner?.type !== 'goal') return false;
  if (plan.yearColumn && info.year != null) return true;
  for (const c of figureCols) {
    const cell = byCol.get(c);
    if (!cell || kindOf(ctx.memo, cell.text) === 'dash') continue;
    if (c.field === 'baseline' && previous.baseline && previous.baseline.raw !== cell.text) return false;
    if (c.field === 'target' && previous.target && previous.target.raw !== cell.text) return false;
    if (c.field === 'actual' && hasFigure(previous, c)) return false;
  }
  return figureCols.length > 0;
}

/**
 * Adds the departments of a cell (`企画課・財政課`, `企画課、財政課`, `企画課 財政課`) to an
 * indicator; the report lists the split when the cell held several.
 */
function addDepartments(ctx: Ctx, ind: Indicator, cell: SheetCell): void {
  const all = splitDepartments(cell.text);
  const deps = all.filter(isDepartmentName);
  // A figure or a year in the department column (a shifted row: `1.40・(R3)`) names no department:
  // it stays unmapped with its reason, for the import report.
  if (deps.length === 0) {
    noteUnmapped(ctx, cell, 'a figure or a year in the department column, not a department');
    return;
  }
  ind.departments = [...new Set([...(ind.departments ?? []), ...deps])];
  if (deps.length === 1 && deps[0] === cell.text) markMapped(ctx, cell);
  else
    readAs(
      ctx,
      cell,
      `departments ${deps.join(', ')}${deps.length < all.length ? `; not a department: ${all.filter((d) => !deps.includes(d)).join(', ')}` : ''}`,
    );
}

/**
 * Whether a part of a department cell can name a department: it has a word of two letters or more
 * once era years and counter units are set aside (`(R3)`, `1.40`, `202人` cannot).
 *
 * @example isDepartmentName('経営戦略課') // true
 * @example isDepartmentName('(R3)') // false
 */
export function isDepartmentName(text: string): boolean {
  const rest = text.normalize('NFKC').replace(/令和|平成|昭和|年度|年|[人件回%]/gu, '');
  return /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}A-Za-z]{2,}/u.test(rest);
}

/** Endings of a unit of the administration (not of a facility such as 保育所 or 図書館). */
const UNIT_END = /(課|室|係|局|部|センター|委員会|事務所)$/u;

/**
 * Splits a department cell: by spaces, commas and 、, and by `・` / `／` when each part is an
 * organisation unit on its own (`企画課・財政課`, not `子ども・子育て支援課` nor `保育所・幼稚園課`).
 *
 * @example splitDepartments('企画課・財政課') // ['企画課', '財政課']
 * @example splitDepartments('保育所・幼稚園課') // ['保育所・幼稚園課']
 */
export function splitDepartments(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s、,，]+/u)) {
    if (!part) continue;
    const pieces = part.split(/[・／/]/u).filter(Boolean);
    if (pieces.length > 1 && pieces.every((p) => isDepartment(p) && UNIT_END.test(p))) out.push(...pieces);
    else out.push(part);
  }
  return out;
}

/** A goal or measure cell: mapped as it is, or listed with what it became when split (`1 安定した雇用`). */
function readEntity(
  ctx: Ctx,
  cell: SheetCell,
  kind: 'goal' | 'measure',
  e: { id: string; name: string },
): void {
  if (cell.copy) return;
  if (tidyName(cell.text) === e.name) markMapped(ctx, cell);
  else readAs(ctx, cell, `${kind} ${e.id}`);
}

/**
 * A section line among the rows (`基本目標1 しごとをつくる`, `施策(2) 移住促進` alone on their row):
 * opens the goal or measure for the rows below. Returns false for any other row.
 */
function buildSectionRow(ctx: Ctx, schema: Schema, cells: SheetCell[], state: KpiTableState): boolean {
  let count = 0;
  for (const c of cells) if (!c.copy) count++;
  if (count === 0 || count > 3) return false;
  const own = count === cells.length ? cells : cells.filter((c) => !c.copy);
  const first = own[0]!;
  if (first.col > (schema.columns[0]?.col ?? 1) + 1) return false;
  let section = readSection(first.text);
  if (!section && count === 1) {
    // A numbered heading (`(1) 移住・定住の促進`): a measure under the open goal, else a goal.
    const numbered = readNumberedHeading(first.text);
    if (numbered) section = { field: (state.goalId ?? ctx.current.goalId) ? 'measure' : 'goal', ...numbered };
  }
  if (!section) return false;
  for (const c of own.slice(1)) {
    const kind = kindOf(ctx.memo, c.text);
    if (kind === 'figure' || kind === 'dash' || kind === 'status') return false;
  }
  const name = [section.rest, ...own.slice(1).map((c) => c.text)].filter(Boolean).join(' ');
  if (section.field === 'goal') {
    const goal = ensureGoal(ctx, `${section.code} ${name}`.trim(), first.row, first.col, section.code);
    if (name && (!goal.name || goal.name === goal.code)) goal.name = name;
    state.goalId = goal.id;
    state.measureId = null;
    state.projectId = null;
    readAs(ctx, first, `goal ${goal.id}`);
  } else {
    const measure = ensureMeasure(
      ctx,
      `${section.code} ${name}`.trim(),
      first.row,
      first.col,
      state.goalId ?? ctx.current.goalId,
      ctx.current.parentMeasureId,
    );
    state.measureId = measure.id;
    state.projectId = null;
    readAs(ctx, first, `measure ${measure.id}`);
  }
  markMapped(ctx, ...own.slice(1));
  return true;
}

function applyOther(ctx: Ctx, ind: Indicator, c: Column, cell: SheetCell, cols: Column[]): void {
  const prov = provenance(ctx, cell.row, cell.col);
  switch (c.field) {
    case 'status': {
      const latestActual = cols
        .filter((k) => k.field === 'actual' && k.year != null)
        .reduce<number | null>((m, k) => (m == null || (k.year ?? 0) > m ? k.year : m), null);
      const status: ReportedStatus = {
        label: normalizeLabel(cell.text),
        fiscalYear: c.year ?? latestActual,
        date: c.date,
        raw: cell.raw,
        provenance: prov,
      };
      if (ind.reportedStatus)
        ind.reportedStatuses = [...(ind.reportedStatuses ?? [ind.reportedStatus]), status];
      ind.reportedStatus = status;
      break;
    }
    case 'department':
    case 'bodies':
      addDepartments(ctx, ind, cell);
      return;
    case 'commentary': {
      const commentary = splitCommentary(cell.text, c.year, prov);
      ind.commentary = [...(ind.commentary ?? []), commentary];
      if (commentary.text !== cell.text) {
        readAs(ctx, cell, 'commentary (split ①②③)');
        return;
      }
      break;
    }
    case 'definition':
      ind.definition = ind.definition ? `${ind.definition}\n${cell.text}` : cell.text;
      break;
    case 'other':
      ind.notes = [...(ind.notes ?? []), `${c.header}: ${cell.text}`];
      break;
    default:
      ind.notes = [...(ind.notes ?? []), cell.text];
  }
  markMapped(ctx, cell);
}

/**
 * Splits a commentary cell written as ①関連事業実施状況 ②課題 ③今後の方策 into its parts; text
 * without those marks stays whole.
 *
 * @example splitCommentary('①なし ②減少の可能性 ③連携', 2021).issues // '減少の可能性'
 */
export function splitCommentary(
  text: string,
  fiscalYear: number | null,
  prov?: Commentary['provenance'],
): Commentary {
  const out: Commentary = { fiscalYear };
  if (prov) out.provenance = prov;
  const i1 = text.indexOf('①');
  const i2 = text.indexOf('②');
  const i3 = text.indexOf('③');
  if (i1 >= 0 && i2 > i1 && (i3 < 0 || i3 > i2)) {
    out.progress = text.slice(i1 + 1, i2).trim();
    out.issues = text.slice(i2 + 1, i3 > 0 ? i3 : undefined).trim();
    if (i3 > 0) out.nextSteps = text.slice(i3 + 1).trim();
    const before = text.slice(0, i1).trim();
    if (before) out.text = before;
  } else out.text = text;
  return out;
}
