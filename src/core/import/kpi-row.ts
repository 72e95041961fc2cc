/**
 * One data row of a KPI table: its cells sorted (lineage markers, header words left in the data,
 * layout rows), lined up with the header by content type, read half by half (one half per strategy
 * period in a period review), then the markers and stray departments given to the row's indicators.
 */

import type { Indicator } from '../interchange.ts';
import { alignCells, alignRow } from './align.ts';
import { captionShift } from './caption-shift.ts';
import { roleWord } from './column-roles.ts';
import type { Ctx, LineageMarker, SheetCell, SheetRow } from './context.ts';
import { addDepartments } from './department-cells.ts';
import { lineageOf } from './entities.ts';
import { readGeneration } from './header-year.ts';
import { buildSectionRow } from './kpi-hierarchy.ts';
import { buildHalf } from './kpi-indicator.ts';
import { FILLED, type KpiPlan, type KpiTableState, ownerColumn } from './kpi-plan.ts';
import { isMapped, markMapped, noteUnmapped, readAs } from './ledger.ts';
import { markerOf } from './lineage-marker.ts';
import { headerOf, kindOf } from './memo.ts';
import type { Column, Schema } from './segment.ts';
import { strayRow } from './stray-rows.ts';

/** A row of header words and period captions only (第2期 (R2-6) | 第3期の展開). */
function isLayoutRow(ctx: Ctx, work: SheetCell[]): boolean {
  for (const c of work)
    if (readGeneration(c.text) == null && (headerOf(ctx.memo, c.text)?.score ?? 0) < 0.6) return false;
  return true;
}

/** Builds the indicators of one data row (a function of its own, so that it is compiled early). */
export function buildKpiRow(
  ctx: Ctx,
  schema: Schema,
  row: SheetRow,
  state: KpiTableState,
  plan: KpiPlan,
): void {
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
    const ind = buildHalf(ctx, row, cols, half, byCol, state, gen, plan, genMarkers);
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
