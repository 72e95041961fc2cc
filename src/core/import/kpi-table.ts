/**
 * KPI tables: lists of 数値目標 and KPIs with baseline, actuals, target, reported status,
 * department, commentary; and period reviews that hold two strategy periods side by side
 * (第2期 KPI | 第3期 KPI) with 削除 / 移動 markers. Rows are lined up with the header by content
 * type; hierarchy columns left blank are filled down; a row with figures but no name continues the
 * indicator above. The table level lives here (records over two lines, repeated column groups,
 * periods stated in headers); a row is read in kpi-row.ts, the indicator of each half in
 * kpi-indicator.ts.
 */

import type { AlignColumn } from './align.ts';
import { alignCells, alignRow } from './align.ts';
import type { Ctx, SheetCell, SheetRow } from './context.ts';
import { ensureStrategy } from './entities.ts';
import { readGeneration, readHeaderYear } from './header-year.ts';
import { applyRecord } from './kpi-figures.ts';
import { type KpiTableState, ownerColumn, planOf } from './kpi-plan.ts';
import { buildKpiRow } from './kpi-row.ts';
import { markMapped, noteUnmapped, readAs } from './ledger.ts';
import { groupRow, groupSchema } from './repeated-groups.ts';
import type { Column, Schema } from './segment.ts';
import { isFigureRow, recordLabels, recordValues } from './stacked-records.ts';

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
