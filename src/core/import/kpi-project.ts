/**
 * Projects (事業) in a KPI table with a project column: the project a row names, under the row's
 * measure (a blank cell continues the project above), and its outline.
 */

import type { Project } from '../interchange.ts';
import { type Ctx, provenance, type SheetCell } from './context.ts';
import { nextId, splitCode, tidyName } from './entities.ts';
import type { HeaderField } from './header-lexicon.ts';
import { cellOf, firstOf, type KpiTableState } from './kpi-plan.ts';
import { markMapped, readAs } from './ledger.ts';
import { kindOf } from './memo.ts';
import type { Column } from './segment.ts';
import { normalizeKey } from './text.ts';

/** Columns read onto the project of the row in a table with a project column. */
export const PROJECT_FIELDS = new Set<HeaderField>(['projectName', 'summary']);

/**
 * Reads the project cells of a row (a table listing projects with their KPIs): the project named
 * in the project column, under the row's measure (a blank cell continues the project above), and
 * its outline (事業概要).
 */
export function readProjectCells(
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
