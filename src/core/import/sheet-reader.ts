/**
 * Reading a sheet row by row: line records, indicator blocks, Markdown rules, headings and
 * section lines, and tables found by their headers (a repeated header continues the table above);
 * other rows are free rows (narrative.ts). Collapsed rows are unpacked first and accounted for
 * after.
 */

import { type CollapsedRow, unpackCollapsedRows } from './collapsed-rows.ts';
import {
  applyOverrides,
  type ColumnOverride,
  IGNORED_REASON,
  overridesFor,
  withoutColumns,
} from './column-overrides.ts';
import { inferColumns } from './column-roles.ts';
import { type Ctx, place, type SheetCell, type SheetRow } from './context.ts';
import { blockReader } from './indicator-blocks.ts';
import { enterTable, isMapped, markMapped, noteUnmapped, readAs, unmappedReason } from './ledger.ts';
import { lineMode, readLineRow } from './line-records.ts';
import { completeLostLabel, isNarrativeHeader, narrativeHeaders } from './lost-label.ts';
import { handleFreeRow } from './narrative.ts';
import { markRepeatedGroups } from './repeated-groups.ts';
import { detectHeader, headingLevel, type Schema, sameTable } from './segment.ts';
import { isBreak, isSectionRow, isSeparatorRow, reanchor } from './table-bounds.ts';
import { buildTable, classify, type OpenTable } from './table-kinds.ts';

/** Reads rows as recognition finds them (collapsed rows unpacked, tables by their headers). */
export function readRows(
  ctx: Ctx,
  rows: SheetRow[],
  overrides: readonly ColumnOverride[],
  applied: Set<ColumnOverride>,
) {
  if (rows.length === 0) return;
  const unpacked = unpackCollapsedRows(rows, ctx.memo);
  readSheet(ctx, unpacked.rows, overrides, applied);
  accountCollapsed(ctx, unpacked.collapsed);
}

/**
 * Reports the collapsed rows of a sheet: each original cell whose parts went into the document is
 * listed in the report of the table that read it (its text is not stored verbatim); a row whose
 * names did not split is named in an info warning.
 */
function accountCollapsed(ctx: Ctx, collapsed: CollapsedRow[]): void {
  for (const c of collapsed) {
    if (!c.unpacked) {
      ctx.warnings.push({
        code: 'COLLAPSED_ROW_KEPT',
        severity: 'info',
        message: `1行に${c.k}件の指標がまとめられているようですが、名称を${c.k}つに分けられないため文章として残しました`,
        messageEn: `This row seems to hold ${c.k} indicators in one row, but their names do not split into ${c.k}; it is kept as text`,
        place: place(ctx, c.row.row, c.nameCol ?? null),
        hint: '元の表で指標ごとに行を分けてから取り込んでください / split the row into one row per indicator in the source table',
      });
      continue;
    }
    const table =
      ctx.tables.find(
        (t) =>
          t.file === ctx.sheet.file &&
          t.sheet === ctx.sheet.sheet &&
          t.firstRow <= c.row.row &&
          c.row.row <= t.lastRow,
      ) ?? null;
    enterTable(ctx, table);
    for (const cell of c.row.cells) {
      const parts = c.parts?.get(cell) ?? [];
      if (parts.some((p) => isMapped(ctx, p))) readAs(ctx, cell, `collapsed row: ${c.k} indicators`);
      else {
        const reason = parts.map((p) => unmappedReason(ctx, p)).find((r) => r != null);
        noteUnmapped(ctx, cell, reason ?? 'collapsed row part not recognized');
      }
    }
  }
  enterTable(ctx, null);
}

/** Reads the rows of a sheet in order, each by the first reading that takes it. */
function readSheet(
  ctx: Ctx,
  rows: SheetRow[],
  overrides: readonly ColumnOverride[],
  applied: Set<ColumnOverride>,
): void {
  let open: OpenTable | null = null;
  let i = 0;
  enterTable(ctx, null);
  const lines = lineMode(rows);
  const readBlock = blockReader(ctx, rows);
  // The sheet's narrative headers, read once when a narrative table is met (see lost-label.ts).
  let headers: Schema[] | null = null;
  const siblings = () => {
    headers ??= narrativeHeaders(rows, ctx.memo);
    return headers;
  };
  while (i < rows.length) {
    const row = rows[i]!;
    if (lines && readLineRow(ctx, lines, row)) {
      open = null;
      i++;
      continue;
    }
    const block = row.cells.length <= 4 ? readBlock(i) : 0;
    if (block > 0) {
      open = null;
      i += block;
      continue;
    }
    if (isSeparatorRow(row)) {
      // A Markdown table rule (`---|---`): layout, not data.
      markMapped(ctx, ...row.cells);
      i++;
      continue;
    }
    if (headingLevel(row) > 0 || isSectionRow(row)) {
      freeRow(ctx, row);
      // A new section starts new tables (a header like the last one is not its repeat).
      if (isSectionRow(row) || (headingLevel(row) > 0 && headingLevel(row) <= 2)) open = null;
      i++;
      continue;
    }
    const schema = detectHeader(rows, i, ctx.memo);
    if (schema) {
      const read = readHeaderTable(ctx, rows, i, schema, open, overrides, applied, siblings);
      open = read.open;
      i = read.next;
      continue;
    }
    freeRow(ctx, row);
    // A title line naming a role (■数値目標) starts a new table too.
    if (ctx.current.role) open = null;
    i++;
  }
}

/**
 * Reads the table whose header starts at `rows[i]`: its data rows up to the break, its header
 * cells (a narrative header that lost a label completed from `siblings`, the sheet's other
 * narrative headers), then its rows, as a new table or as the continuation of `open` when the
 * header repeats it. Returns the table now open and the index of the row after it.
 */
function readHeaderTable(
  ctx: Ctx,
  rows: SheetRow[],
  i: number,
  detected: Schema,
  open: OpenTable | null,
  overrides: readonly ColumnOverride[],
  applied: Set<ColumnOverride>,
  siblings: () => Schema[],
): { open: OpenTable; next: number } {
  let j = i + detected.rows.length;
  const data: SheetRow[] = [];
  while (j < rows.length && !isBreak(ctx, rows, j, detected)) {
    if (isSeparatorRow(rows[j]!)) markMapped(ctx, ...rows[j]!.cells);
    else data.push(rows[j]!);
    j++;
  }
  const schema = isNarrativeHeader(detected)
    ? completeLostLabel(detected, withoutCopies(data), siblings())
    : detected;
  inferColumns(ctx.memo, schema, data);
  markRepeatedGroups(schema);
  const repeat: boolean = open != null && sameTable(open.schema, schema) && open.kind !== 'project_sheet';
  const own: Overridden | null = repeat
    ? null
    : applyOverrides(
        schema,
        overridesFor(overrides, {
          file: ctx.sheet.file,
          sheet: ctx.sheet.sheet,
          index: ctx.tables.length,
          firstRow: schema.rows[0]!.row,
        }),
      );
  if (own) for (const o of own.applied) applied.add(o);
  const captions = new Set(schema.captions ?? []);
  markHeaderCells(ctx, schema, captions);
  let table: OpenTable;
  if (open && repeat) {
    // A header repeated after a page break: same table, positions from the repeat.
    open.schema = { ...open.schema, columns: reanchor(open.schema, schema), rows: schema.rows };
    open.report.lastRow = data[data.length - 1]?.row ?? schema.rows[schema.rows.length - 1]!.row;
    table = open;
  } else table = openTable(ctx, schema, data, own, captions);
  enterTable(ctx, table.report);
  const kept = withoutColumns(data, table.ignored);
  for (const c of kept.removed) noteUnmapped(ctx, c, IGNORED_REASON);
  buildTable(
    ctx,
    table,
    table.kind === 'kpi_list' || table.kind === 'period_review' ? kept.rows : withoutCopies(kept.rows),
  );
  enterTable(ctx, null);
  return { open: table, next: j };
}

/** The column mapping of a table once the corrections of the import wizard are applied. */
type Overridden = ReturnType<typeof applyOverrides>;

/** Accounts for the header cells: the captions and the cells that name a column, the rest not understood. */
function markHeaderCells(ctx: Ctx, schema: Schema, captions: Set<SheetCell>): void {
  const used = new Set<SheetCell>(captions);
  for (const c of schema.columns) if (c.headerCell) used.add(c.headerCell);
  for (const r of schema.rows)
    for (const c of r.cells) {
      if (used.has(c)) markMapped(ctx, c);
      else noteUnmapped(ctx, c, 'header cell not understood');
    }
}

/** Opens a new table: its kind, its report (columns, captions, decisions), listed in the report. */
function openTable(
  ctx: Ctx,
  schema: Schema,
  data: SheetRow[],
  own: Overridden | null,
  captions: Set<SheetCell>,
): OpenTable {
  const kind = classify(ctx, schema, data);
  const open: OpenTable = {
    schema,
    kind,
    report: {
      file: ctx.sheet.file,
      sheet: ctx.sheet.sheet,
      firstRow: schema.rows[0]!.row,
      lastRow: data[data.length - 1]?.row ?? schema.rows[schema.rows.length - 1]!.row,
      kind,
      columns: [
        ...schema.columns.map((c) => ({
          column: c.col,
          header: c.group ? `${c.group} ${c.tag}` : c.header,
          field: own?.ignored.has(c.col) ? 'ignore' : c.field,
          ...(c.year != null ? { year: c.year } : {}),
          ...(own?.overridden.has(c.col) ? { overridden: true } : {}),
          ...(c.repeat != null ? { group: c.repeat } : {}),
        })),
        ...[...captions].map((c) => ({ column: c.col, header: c.text, field: 'caption' })),
      ].sort((a, b) => a.column - b.column),
      ...(schema.decisions?.length ? { decisions: schema.decisions } : {}),
    },
    kpi: { goalId: null, measureId: null, last: new Map(), role: ctx.current.role ?? null },
    ignored: own?.ignored ?? new Set(),
  };
  ctx.current.role = null;
  ctx.tables.push(open.report);
  return open;
}

/** A row outside tables, without the copies of merged cells (their originals are read where they are). */
function freeRow(ctx: Ctx, row: SheetRow): void {
  const own = row.cells.some((c) => c.copy) ? { ...row, cells: row.cells.filter((c) => !c.copy) } : row;
  if (own.cells.length === 0) return;
  if (ctx.table && ctx.table.kind !== 'section') enterTable(ctx, null);
  handleFreeRow(ctx, own);
  if (ctx.table?.kind === 'section') ctx.table.lastRow = row.row;
}

/** The rows without the copies of merged cells (rows left empty dropped). */
export function withoutCopies(rows: SheetRow[]): SheetRow[] {
  if (!rows.some((r) => r.cells.some((c) => c.copy))) return rows;
  const out: SheetRow[] = [];
  for (const r of rows) {
    const cells = r.cells.filter((c) => !c.copy);
    if (cells.length > 0) out.push(cells.length === r.cells.length ? r : { row: r.row, cells });
  }
  return out;
}
