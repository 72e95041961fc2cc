/**
 * The hierarchy of a KPI table: section lines among its rows (`基本目標1 しごとをつくる`) and the
 * goal and measure columns (filled down when blank), which open the goal or measure of the rows
 * below.
 */

import type { Ctx, SheetCell } from './context.ts';
import { ensureGoal, ensureMeasure, tidyName } from './entities.ts';
import { cellOf, firstOf, type KpiTableState } from './kpi-plan.ts';
import { markMapped, readAs } from './ledger.ts';
import { kindOf } from './memo.ts';
import { readNumberedHeading, readSection } from './section.ts';
import type { Column, Schema } from './segment.ts';

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
export function buildSectionRow(ctx: Ctx, schema: Schema, cells: SheetCell[], state: KpiTableState): boolean {
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

/** Reads the goal column of a row (a new goal closes the measure and project above); returns its cell. */
export function readGoalCell(
  ctx: Ctx,
  half: Column[],
  byCol: Map<Column, SheetCell>,
  state: KpiTableState,
): SheetCell | undefined {
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
  return goalCell;
}

/** Reads the measure cell of a row, under the open goal (a new measure closes the project above). */
export function readMeasureCell(ctx: Ctx, measureCell: SheetCell, state: KpiTableState): void {
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
