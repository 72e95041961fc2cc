/**
 * A table whose structure the person importing gave by hand (manual-structure.ts): the rows above
 * and below it read as usual, the table itself with the schema built from its header rows and
 * column roles, one indicator per repeated group.
 */

import type { Project } from '../interchange.ts';
import { type ColumnOverride, IGNORED_REASON, withoutColumns } from './column-overrides.ts';
import type { Ctx, SheetRow, TableReport } from './context.ts';
import { ensureTag, tidyName } from './entities.ts';
import type { KpiTableState } from './kpi-plan.ts';
import { ensureProject } from './kpi-project.ts';
import { buildKpiRows } from './kpi-table.ts';
import { enterTable, markMapped, noteUnmapped } from './ledger.ts';
import {
  EXCLUDED_REASON,
  groupView,
  type StructuredTable,
  splitStructured,
  type TableStructure,
} from './manual-structure.ts';
import { readRows, withoutCopies } from './sheet-reader.ts';
import { buildTable, classify } from './table-kinds.ts';
import { normalizeKey } from './text.ts';

/**
 * Reads a sheet with a table whose structure was given by hand: the rows above and below it as
 * usual, the table itself with the schema built from its header rows and column roles.
 */
export function readStructured(
  ctx: Ctx,
  rows: SheetRow[],
  structure: TableStructure,
  overrides: readonly ColumnOverride[],
  applied: Set<ColumnOverride>,
): void {
  const t = splitStructured(rows, structure, ctx.memo);
  readRows(ctx, t.before, overrides, applied);
  ctx.current.projectId = null;
  for (const r of t.header)
    for (const c of r.cells) {
      if (t.usedHeaderCells.has(c)) markMapped(ctx, c);
      else noteUnmapped(ctx, c, 'header cell not understood');
    }
  const firstRow = t.header[0]?.row ?? t.data[0]?.row ?? structure.firstDataRow;
  const kind = classify(ctx, t.schema, t.data);
  const reported = new Map<number, TableReport['columns'][number]>();
  for (const c of t.schema.columns)
    reported.set(c.col, {
      column: c.col,
      header: c.group ? `${c.group} ${c.tag}` : c.header,
      field: c.field,
      ...(c.year != null ? { year: c.year } : {}),
      ...(t.overridden.has(c.col) ? { overridden: true } : {}),
      ...(t.groupOf.has(c.col) ? { group: t.groupOf.get(c.col) } : {}),
    });
  const headerText = (col: number) =>
    t.header.flatMap((r) => r.cells).find((c) => c.col === col && !c.copy)?.text ?? '';
  for (const col of t.ignored)
    reported.set(col, { column: col, header: headerText(col), field: 'ignore', overridden: true });
  if (t.viewpoint != null)
    reported.set(t.viewpoint, {
      column: t.viewpoint,
      header: headerText(t.viewpoint),
      field: 'viewpoint',
      overridden: true,
    });
  if (t.project != null)
    reported.set(t.project, {
      column: t.project,
      header: headerText(t.project),
      field: 'project',
      overridden: true,
    });
  const report: TableReport = {
    file: ctx.sheet.file,
    sheet: ctx.sheet.sheet,
    firstRow,
    lastRow: t.data[t.data.length - 1]?.row ?? firstRow,
    kind,
    columns: [...reported.values()].sort((a, b) => a.column - b.column),
    manual: {
      headerRows: t.header.map((r) => r.row),
      firstDataRow: structure.firstDataRow,
      excludedRows: t.excluded.map((r) => r.row),
    },
  };
  ctx.tables.push(report);
  enterTable(ctx, report);
  for (const r of t.excluded) for (const c of r.cells) noteUnmapped(ctx, c, EXCLUDED_REASON);
  const kept = withoutColumns(t.data, t.ignored);
  for (const c of kept.removed) noteUnmapped(ctx, c, IGNORED_REASON);
  const state: KpiTableState = {
    goalId: null,
    measureId: null,
    last: new Map(),
    role: ctx.current.role ?? null,
  };
  ctx.current.role = null;
  if (kind === 'kpi_list' || kind === 'period_review') buildStructuredKpi(ctx, t, kept.rows, state);
  else {
    const hierarchy = new Set([t.viewpoint, t.project].filter((c): c is number => c != null));
    const rest = withoutColumns(kept.rows, hierarchy);
    for (const c of rest.removed) noteUnmapped(ctx, c, 'hierarchy column outside an indicator table');
    buildTable(
      ctx,
      { schema: t.schema, kind, report, kpi: state, ignored: t.ignored },
      withoutCopies(rest.rows),
    );
  }
  enterTable(ctx, null);
  readRows(ctx, t.after, overrides, applied);
}

/**
 * Builds the indicators of a table with a given structure, row by row: one indicator per
 * repeated group, owned by the row's project (事業) when a project column is set, tagged with the
 * row's viewpoint (視点) when a viewpoint column is set. Blank hierarchy cells fill down.
 */
function buildStructuredKpi(ctx: Ctx, t: StructuredTable, rows: SheetRow[], shared: KpiTableState): void {
  const groups = t.groups.length > 0 ? t.groups : [0];
  const states = new Map<number, KpiTableState>();
  for (const g of groups) states.set(g, g === groups[0] ? shared : { ...shared, last: new Map() });
  const hierarchy = new Set([t.viewpoint, t.project].filter((c): c is number => c != null));
  let viewpoint: { setId: string; tagId: string | null } | null = null;
  let project: Project | null = null;
  for (const full of rows) {
    const at = (col: number | null) => (col == null ? undefined : full.cells.find((c) => c.col === col));
    const vpCell = at(t.viewpoint);
    if (vpCell) {
      viewpoint = ensureTag(ctx, '視点', normalizeKey(vpCell.text), tidyName(vpCell.text));
      markMapped(ctx, vpCell);
    }
    const row = hierarchy.size > 0 ? withoutColumns([full], hierarchy).rows[0] : full;
    const before = ctx.indicators.length;
    if (row)
      for (const g of groups) {
        const view = g === 0 ? { schema: t.schema, row } : groupView(t, row, g);
        buildKpiRows(ctx, view.schema, [view.row], states.get(g)!);
      }
    const made = ctx.indicators.slice(before);
    const state = states.get(groups[0]!)!;
    const pCell = at(t.project);
    if (pCell) {
      project = ensureProject(ctx, pCell, state);
      markMapped(ctx, pCell);
    }
    const departments = made.find((i) => i.departments?.length)?.departments;
    for (const ind of made) {
      if (project && ind.role !== 'numeric_target') ind.owner = { type: 'project', id: project.id };
      if (viewpoint?.tagId) ind.tags = [...(ind.tags ?? []), { set: viewpoint.setId, tag: viewpoint.tagId }];
      if (departments && !ind.departments?.length && t.groups.length > 1) ind.departments = [...departments];
    }
  }
}
