/**
 * The cell ledger of a recognition run: every non-empty cell is mapped (read into the document,
 * or read as something the table report lists), or left unmapped with the reason noted first.
 * Copies of merged cells are not in the ledger (the original is accounted for at its place);
 * the parts of a collapsed row's cell have entries of their own.
 */

import type { Ctx, SheetCell, TableReport } from './context.ts';

/**
 * Ledger key of a cell: a number for the usual sheet, row and column (sheet < 1024, row < 2^31,
 * column < 2048: one distinct integer each, below 2^53), else the text `sheet:row:column`.
 */
function key(ctx: Ctx, row: number, col: number, part?: number): number | string {
  const s = ctx.sheet.index;
  if (part != null) return `${s}:${row}:${col}:${part}`;
  if (
    s >= 0 &&
    s < 1024 &&
    row >= 0 &&
    row < 2147483648 &&
    col >= 0 &&
    col < 2048 &&
    Number.isInteger(s) &&
    Number.isInteger(row) &&
    Number.isInteger(col)
  )
    return (s * 2147483648 + row) * 2048 + col;
  return `${s}:${row}:${col}`;
}

/** Marks cells as mapped into the model (copies of merged cells are not in the ledger). */
export function markMapped(ctx: Ctx, ...cells: (SheetCell | null | undefined)[]): void {
  for (const c of cells) if (c && !c.copy) ctx.mapped.add(key(ctx, c.row, c.col, c.part));
}

/**
 * Marks a cell as mapped and lists, in the current table's report, what its text was read as
 * (once per column and text): for cells whose text does not itself go into the document.
 * Outside a table the reading is listed in a report entry of kind `section` for its row.
 *
 * @example readAs(ctx, cell, 'tag 基本目標:2') // report: { column: 4, raw: '○', as: 'tag 基本目標:2' }
 */
export function readAs(ctx: Ctx, cell: SheetCell, as: string): void {
  if (cell.copy) return;
  markMapped(ctx, cell);
  let table = ctx.table;
  if (!table) {
    table = {
      file: ctx.sheet.file,
      sheet: ctx.sheet.sheet,
      firstRow: cell.row,
      lastRow: cell.row,
      kind: 'section',
      columns: [],
    };
    ctx.tables.push(table);
    ctx.table = table;
    ctx.tableValues = new Set();
  }
  const k = `${cell.col}\u0000${cell.raw}\u0000${as}`;
  if (ctx.tableValues.has(k)) return;
  ctx.tableValues.add(k);
  table.values ??= [];
  table.values.push({ column: cell.col, raw: cell.raw, as });
}

/** Sets the table whose report receives value readings (null: outside tables). */
export function enterTable(ctx: Ctx, table: TableReport | null): void {
  if (ctx.table === table) return;
  ctx.table = table;
  ctx.tableValues = new Set();
  if (table?.values)
    for (const v of table.values) ctx.tableValues.add(`${v.column}\u0000${v.raw}\u0000${v.as}`);
}

/** True when the cell has been mapped. */
export function isMapped(ctx: Ctx, c: SheetCell): boolean {
  return ctx.mapped.has(key(ctx, c.row, c.col, c.part));
}

/** Notes why a cell is left unmapped (kept if the cell is never mapped). */
export function noteUnmapped(ctx: Ctx, c: SheetCell, reason: string): void {
  if (c.copy) return;
  const k = key(ctx, c.row, c.col, c.part);
  if (!ctx.reasons.has(k)) ctx.reasons.set(k, reason);
}

/** Reason recorded for an unmapped cell, if any. */
export function unmappedReason(ctx: Ctx, c: SheetCell): string | undefined {
  return ctx.reasons.get(key(ctx, c.row, c.col, c.part));
}
