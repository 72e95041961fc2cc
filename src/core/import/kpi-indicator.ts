/**
 * The indicator of one half of a KPI row (the columns of one strategy period): the row's goal,
 * name and role, measure, project and qualifiers are read in turn; the row then continues the
 * indicator above, names a new one, or adds figures to the last; its cells go onto it.
 */

import type { Indicator } from '../interchange.ts';
import {
  type Ctx,
  type LineageMarker,
  place,
  provenance,
  type SheetCell,
  type SheetRow,
  warn,
} from './context.ts';
import { ensureStrategy, nextId, tidyName } from './entities.ts';
import { headerUnit } from './header-lexicon.ts';
import { applyOther } from './indicator-fields.ts';
import { applyFigure, hasFigure } from './kpi-figures.ts';
import { readGoalCell, readMeasureCell } from './kpi-hierarchy.ts';
import {
  cellOf,
  FIGURE_FIELDS,
  firstOf,
  isDash,
  type KpiPlan,
  type KpiTableState,
  ROW_FIELDS,
} from './kpi-plan.ts';
import { PROJECT_FIELDS, readProjectCells } from './kpi-project.ts';
import { applyRowFields, type RowInfo, readRowFields } from './kpi-row-fields.ts';
import { markMapped, noteUnmapped, readAs } from './ledger.ts';
import { kindOf } from './memo.ts';
import { splitNameValue, valueColumn } from './name-value.ts';
import type { Column } from './segment.ts';

/** The name a half of a row gives its indicator, with the role, measure cell and a figure written in the name. */
interface RowName {
  name: SheetCell | undefined;
  role: Indicator['role'];
  measureCell: SheetCell | undefined;
  /** The figure written in the name cell (`就業相談者数 100人`), read as its value column. */
  nameValue: { cell: SheetCell; column: Column } | null;
}

/** What one half of a row holds once its hierarchy and qualifiers are read. */
interface HalfCells {
  row: SheetRow;
  cols: Column[];
  byCol: Map<Column, SheetCell>;
  gen: number | null;
  role: Indicator['role'];
  rowInfo: RowInfo;
  figureCols: Column[];
  otherCols: Column[];
  markers: { cell: SheetCell; marker: LineageMarker }[];
}

/**
 * Builds or continues the indicator of one half of a row; returns it when the half names it (a
 * new name or the name of the indicator it continues), null otherwise.
 */
export function buildHalf(
  ctx: Ctx,
  row: SheetRow,
  cols: Column[],
  half: Column[],
  byCol: Map<Column, SheetCell>,
  state: KpiTableState,
  gen: number | null,
  plan: KpiPlan,
  markers: { cell: SheetCell; marker: LineageMarker }[],
): Indicator | null {
  const goalCell = readGoalCell(ctx, half, byCol, state);
  const named = readName(ctx, cols, half, byCol, state, goalCell);
  if (named.measureCell && !isDash(ctx.memo, named.measureCell))
    readMeasureCell(ctx, named.measureCell, state);
  const projectColumn = firstOf(half, 'projectName');
  if (projectColumn) readProjectCells(ctx, half, byCol, state);
  // The row's own qualifiers: the indicator's role (区分), unit, and the years of its figures.
  let rowInfo = readRowFields(ctx, half, byCol);
  let role = rowInfo.role ?? named.role;
  // A unit written after the name (`売上額（千円）`) gives the row's plain numbers their unit.
  const nameUnit = named.name && !rowInfo.unit ? headerUnit(named.name.text) : null;
  if (nameUnit) rowInfo = { ...rowInfo, unit: nameUnit.unit };
  // A table whose only name column is 数値目標 lists numeric targets.
  if (cols.every((c) => c.field !== 'kpiName') && cols.some((c) => c.field === 'numericTarget'))
    role = 'numeric_target';
  const figureCols = half.filter((c) => FIGURE_FIELDS.has(c.field));
  const otherCols = half.filter(
    (c) =>
      !FIGURE_FIELDS.has(c.field) &&
      !['goal', 'measure', 'kpiName', 'numericTarget'].includes(c.field) &&
      !(projectColumn && PROJECT_FIELDS.has(c.field)),
  );
  const cells: HalfCells = { row, cols, byCol, gen, role, rowInfo, figureCols, otherCols, markers };
  const indicator = named.name
    ? namedIndicator(ctx, named.name, cells, state, plan)
    : unnamedIndicator(ctx, cells, state, plan);
  if (!indicator) {
    for (const c of [...figureCols, ...otherCols]) {
      const cell = byCol.get(c);
      if (cell) noteUnmapped(ctx, cell, 'no indicator on this row');
    }
    return null;
  }
  fillIndicator(ctx, indicator, cells, named.nameValue);
  return named.name ? indicator : null;
}

/**
 * Reads the name of a half of a row and the role it gives: a 数値目標 or a KPI name, a dash
 * marking a numeric-target row in a stacked 数値目標 / 具体的な施策 column, a figure written in the
 * name cell read apart, a figure alone under the name header set aside.
 */
function readName(
  ctx: Ctx,
  cols: Column[],
  half: Column[],
  byCol: Map<Column, SheetCell>,
  state: KpiTableState,
  goalCell: SheetCell | undefined,
): RowName {
  const memo = ctx.memo;
  let name: SheetCell | undefined;
  let role: Indicator['role'] = state.role ?? 'kpi';
  const kpiCell = cellOf(byCol, firstOf(half, 'kpiName'));
  const ntColumn = firstOf(half, 'numericTarget');
  const ntCell = cellOf(byCol, ntColumn);
  let measureCell = cellOf(byCol, firstOf(half, 'measure'));
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
  return { name, role, measureCell, nameValue };
}

/**
 * The indicator a named half goes on: the indicator above when the row continues it (one row per
 * indicator and year, or the same indicator written again), else a new one.
 */
function namedIndicator(
  ctx: Ctx,
  name: SheetCell,
  h: HalfCells,
  state: KpiTableState,
  plan: KpiPlan,
): Indicator {
  const previous = state.last.get(h.gen);
  const nameText = tidyName(name.text);
  if (previous && continuesPrevious(ctx, previous, nameText, h.figureCols, h.byCol, plan, state, h.rowInfo)) {
    markMapped(ctx, name);
    return previous;
  }
  const strategy = ensureStrategy(ctx, h.gen ?? ctx.titleGeneration);
  const goalId = state.goalId ?? ctx.current.goalId;
  const measureId = state.measureId ?? ctx.current.measureId;
  const indicator: Indicator = {
    id: nextId(ctx, 'ind'),
    name: nameText,
    role: h.role,
    owner:
      h.role === 'numeric_target'
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
    provenance: provenance(ctx, h.row.row, name.col),
  };
  markMapped(ctx, name);
  addIndicator(ctx, indicator, h.gen, state, plan, measureId);
  return indicator;
}

/**
 * The indicator a half without a name goes on: the last one when its figures fill only what that
 * one lacks; a new one named （名称未記載） (with a warning) when the half has figures and no marker.
 */
function unnamedIndicator(ctx: Ctx, h: HalfCells, state: KpiTableState, plan: KpiPlan): Indicator | null {
  const { figureCols } = h;
  if (figureCols.length === 0 && h.otherCols.length === 0) return null;
  const last = state.last.get(h.gen);
  const continues = last && figureCols.every((c) => !hasFigure(last, c));
  if (continues && last) return last;
  if (figureCols.length === 0 || h.markers.length > 0) return null;
  const strategy = ensureStrategy(ctx, h.gen ?? ctx.titleGeneration);
  const measureId = state.measureId ?? ctx.current.measureId;
  const goalId = state.goalId ?? ctx.current.goalId;
  const indicator: Indicator = {
    id: nextId(ctx, 'ind'),
    name: '（名称未記載）',
    role: h.role,
    owner: measureId ? { type: 'measure', id: measureId } : goalId ? { type: 'goal', id: goalId } : null,
    strategyId: strategy.id,
    baseline: null,
    target: null,
    actuals: [],
    provenance: provenance(ctx, h.row.row, figureCols[0]!.col),
  };
  addIndicator(ctx, indicator, h.gen, state, plan, measureId);
  warn(
    ctx,
    'INDICATOR_NAME_MISSING',
    '指標名のない行に数値があります。指標名を補ってください',
    'A row has figures but no indicator name; add the name',
    place(ctx, h.row.row, figureCols[0]!.col, 'name'),
  );
  return indicator;
}

/** Adds a new indicator, the last of its half; in a period review, asks for its lineage. */
function addIndicator(
  ctx: Ctx,
  indicator: Indicator,
  gen: number | null,
  state: KpiTableState,
  plan: KpiPlan,
  measureId: string | null,
): void {
  ctx.indicators.push(indicator);
  state.last.set(gen, indicator);
  if (plan.gens.length > 1)
    ctx.lineage.push({
      indicatorId: indicator.id,
      generation: gen,
      marker: null,
      sameRowOldId: null,
      measureId,
    });
}

/** Puts the half's cells on its indicator: figures, the figure in the name, other cells, qualifiers, unit. */
function fillIndicator(ctx: Ctx, indicator: Indicator, h: HalfCells, nameValue: RowName['nameValue']): void {
  for (const c of h.figureCols) {
    const cell = h.byCol.get(c)!;
    applyFigure(ctx, indicator, c, cell, h.rowInfo);
  }
  if (nameValue) applyFigure(ctx, indicator, nameValue.column, nameValue.cell, h.rowInfo);
  for (const c of h.otherCols) {
    if (ROW_FIELDS.has(c.field)) continue;
    applyOther(ctx, indicator, c, h.byCol.get(c)!, h.cols);
  }
  applyRowFields(ctx, indicator, h.rowInfo);
  if (!indicator.unit) {
    const u =
      indicator.target?.unit ?? indicator.baseline?.unit ?? indicator.actuals.find((a) => a.unit)?.unit;
    if (u) indicator.unit = u;
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
