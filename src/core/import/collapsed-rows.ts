/**
 * Unpacking "collapsed" rows: a PDF-to-text conversion sometimes folds a header row and k data
 * rows into one row, each cell holding a header word followed by one value per indicator
 * (`H30基準値 221人 5,930人` | `R2実績 237人 7,545人` | `評価 A- B`). Such a row is split back
 * into a header row and k data rows; every part keeps the row and column of its original cell.
 */

import { parseValue } from '../parse-value.ts';
import type { SheetCell, SheetRow } from './context.ts';
import { columnType } from './header-lexicon.ts';
import { headerOf, type Memo } from './memo.ts';

/** Lowest lexicon score for the header word at the start of a collapsed cell. */
const HEADER_SCORE = 0.85;

/** A collapsed row that was split, or one that looked collapsed but could not be split. */
export interface CollapsedRow {
  /** The original row (its cells are what the ledger counts). */
  row: SheetRow;
  /** Parts of each original cell (header word first), by the original cell. */
  parts?: Map<SheetCell, SheetCell[]>;
  /** Number of data rows it held. */
  k: number;
  /** Split into header + k rows (true), or kept as it was because the names did not split (false). */
  unpacked: boolean;
  /** Column of the name cell whose text did not split into k names (when not unpacked). */
  nameCol?: number;
}

/** Rows after unpacking, with the collapsed rows found. */
export interface UnpackResult {
  rows: SheetRow[];
  collapsed: CollapsedRow[];
}

interface CellSplit {
  cell: SheetCell;
  header: string;
  rest: string[];
  type: ReturnType<typeof columnType>;
}

/** Splits a cell into its longest leading header word (by the lexicon) and the tokens after it. */
function splitCell(cell: SheetCell, memo?: Memo): CellSplit | null {
  const tokens = cell.text.trim().split(/\s+/u).filter(Boolean);
  for (let p = tokens.length; p >= 1; p--) {
    const header = tokens.slice(0, p).join(' ');
    // The lexicon reads no header longer than 60 characters.
    if (header.length > 60) continue;
    const m = headerOf(memo, header);
    if (m && m.score >= HEADER_SCORE)
      return { cell, header, rest: tokens.slice(p), type: columnType(m.field) };
  }
  return null;
}

/** True when a token reads as a figure or an explicit no-value (`221人`, `12.5%`, `－`). */
function isFigure(token: string): boolean {
  return parseValue(token).kind !== 'text';
}

/**
 * Reads one row as a collapsed row: null when it is not one (a cell without a leading header
 * word, fewer than two figure cells with values, figure cells that disagree on the number of
 * values, or another cell whose values are not that number).
 */
function readCollapsed(
  row: SheetRow,
  memo?: Memo,
): { k: number; splits: CellSplit[]; names: CellSplit | null } | null {
  if (row.cells.length < 3) return null;
  const splits: CellSplit[] = [];
  for (const c of row.cells) {
    if (c.copy) return null;
    const s = splitCell(c, memo);
    if (!s) return null;
    splits.push(s);
  }
  let k = 0;
  let figureCells = 0;
  for (const s of splits) {
    if (s.type !== 'figure' || s.rest.length === 0) continue;
    if (!s.rest.every(isFigure)) return null;
    if (k === 0) k = s.rest.length;
    else if (s.rest.length !== k) return null;
    figureCells++;
  }
  if (k < 2 || figureCells < 2) return null;
  let names: CellSplit | null = null;
  for (const s of splits) {
    if (s.rest.length === 0 || s.type === 'figure') continue;
    if (s.type === 'label') {
      if (names) return null;
      names = s;
      continue;
    }
    if (s.rest.length !== k) return null;
  }
  if (!names) return null;
  return { k, splits, names };
}

/**
 * Splits collapsed rows into a header row plus one data row per indicator; other rows pass
 * through unchanged. The name cell's remainder is split on whitespace only when that gives
 * exactly k names; otherwise the row is kept as it was and listed with `unpacked: false`.
 *
 * @example
 * const cells = ['KPI 来訪者数 登録者数', '基準値 10人 20人', '目標値 15人 30人']
 *   .map((text, i) => ({ row: 5, col: i + 1, raw: text, text }));
 * unpackCollapsedRows([{ row: 5, cells }]).rows.map((r) => r.cells.map((c) => c.text));
 * // [['KPI', '基準値', '目標値'], ['来訪者数', '10人', '15人'], ['登録者数', '20人', '30人']]
 */
export function unpackCollapsedRows(rows: SheetRow[], memo?: Memo): UnpackResult {
  const out: SheetRow[] = [];
  const collapsed: CollapsedRow[] = [];
  for (const row of rows) {
    const read = readCollapsed(row, memo);
    if (!read) {
      out.push(row);
      continue;
    }
    const { k, splits, names } = read;
    if (names && names.rest.length !== k) {
      collapsed.push({ row, k, unpacked: false, nameCol: names.cell.col });
      out.push(row);
      continue;
    }
    const part = (c: SheetCell, text: string, n: number): SheetCell => ({
      row: c.row,
      col: c.col,
      raw: text,
      text,
      part: n,
    });
    out.push({ row: row.row, cells: splits.map((s) => part(s.cell, s.header, 0)) });
    for (let i = 0; i < k; i++)
      out.push({
        row: row.row,
        cells: splits.filter((s) => s.rest.length === k).map((s) => part(s.cell, s.rest[i]!, i + 1)),
      });
    const parts = new Map<SheetCell, SheetCell[]>();
    for (const r of out.slice(out.length - k - 1))
      for (const p of r.cells) {
        const cell = row.cells.find((c) => c.col === p.col)!;
        parts.set(cell, [...(parts.get(cell) ?? []), p]);
      }
    collapsed.push({ row, k, unpacked: true, parts });
  }
  return { rows: out, collapsed };
}
