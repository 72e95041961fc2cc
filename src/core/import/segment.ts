/**
 * Segmenting a sheet: which rows are headers (by lexicon score), how a one-, two- or three-row
 * header block (a group header over sub-headers, stacked headers, headers laid out vertically)
 * becomes an ordered list of columns, and when a table's data ends.
 */

import type { SheetCell, SheetRow } from './context.ts';
import type { GridSheet } from './grid.ts';
import { composeHeader, continuesHeader, isSpanningBlock } from './header-compose.ts';
import { columnType, type HeaderField, type HeaderMatch, matchHeader } from './header-lexicon.ts';
import { readGeneration } from './header-year.ts';
import { type BareYear, bareYearOf, headerOf, kindOf, type Memo } from './memo.ts';
import type { Column, Decision, Schema } from './schema.ts';
import { htmlToText, isBlank, normalizeKey, splitHtmlCells } from './text.ts';

export type { Column, Decision, Schema } from './schema.ts';

/** Largest number of cells per row recognition looks at (the rest is reported unmapped). */
export const MAX_COLUMNS = 512;

/**
 * Turns a grid sheet into rows of non-blank cells with cleaned text. A row that is one cell
 * holding an HTML table-row fragment (`<th>..</th><td>..</td>`) is expanded into cells. A value
 * merged down over several rows (the adapter keeps it in the top-left cell only) is repeated, as
 * a `copy`, in the first column of the rows below it, unless it is a header word: recognition
 * reads the repeated goal, measure, department... on every row, and the ledger counts the cell once.
 *
 * @example prepareRows({ file: 'a.csv', name: null, rows: [{ row: 1, cells: [' <p>a</p> ', null] }], merges: [] })
 * // [{ row: 1, cells: [{ row: 1, col: 1, raw: ' <p>a</p> ', text: 'a' }] }]
 */
export function prepareRows(sheet: GridSheet): SheetRow[] {
  const out: SheetRow[] = [];
  const fills = mergeFills(sheet);
  for (const r of sheet.rows ?? []) {
    if (!r || !Array.isArray(r.cells)) continue;
    const cells: SheetCell[] = [];
    const limit = Math.min(r.cells.length, MAX_COLUMNS);
    const fill = fills?.get(r.row);
    for (let i = 0; i < limit; i++) {
      const raw = r.cells[i];
      if (typeof raw !== 'string' || isBlank(raw)) {
        const from = fill?.get(i + 1);
        if (from) cells.push({ row: r.row, col: i + 1, raw: from.raw, text: from.text, copy: true });
        continue;
      }
      cells.push({ row: r.row, col: i + 1, raw, text: htmlToText(raw) });
    }
    if (fill)
      for (const [col, from] of fill)
        if (col > limit && col <= MAX_COLUMNS)
          cells.push({ row: r.row, col, raw: from.raw, text: from.text, copy: true });
    // Every cell kept has a non-blank raw text (isBlank's whitespace is exactly what trim removes),
    // so no further filtering is needed even when its cleaned text is empty (`<p></p>`).
    if (cells.length > 0) {
      if (fill) cells.sort((a, b) => a.col - b.col);
      if (cells.some((c) => !c.copy)) out.push({ row: r.row, cells });
    }
  }
  return out;
}

/** Values to repeat down merged ranges: row → column → the top-left value. Null when none. */
function mergeFills(sheet: GridSheet): Map<number, Map<number, { raw: string; text: string }>> | null {
  const merges = Array.isArray(sheet.merges) ? sheet.merges : [];
  let out: Map<number, Map<number, { raw: string; text: string }>> | null = null;
  const tops = new Map<number, (string | null)[]>();
  for (const r of sheet.rows ?? []) if (r && Array.isArray(r.cells)) tops.set(r.row, r.cells);
  for (const m of merges) {
    if (!m || !(m.bottom > m.top) || m.bottom - m.top > 10000) continue;
    const raw = tops.get(m.top)?.[m.left - 1];
    if (typeof raw !== 'string' || isBlank(raw)) continue;
    const text = htmlToText(raw);
    const h = matchHeader(text);
    if (h && h.score >= 0.6) continue;
    out ??= new Map();
    for (let row = m.top + 1; row <= m.bottom; row++) {
      let byCol = out.get(row);
      if (!byCol) {
        byCol = new Map();
        out.set(row, byCol);
      }
      byCol.set(m.left, { raw, text });
    }
  }
  return out;
}

/** A cell read as a header: its lexicon match, or a bare year (`令和2年度`), or nothing. */
export interface HeaderCell {
  cell: SheetCell;
  match: HeaderMatch | null;
  yearOnly: BareYear | null;
}

/** Reads every cell of a row as a header cell (readings remembered in `memo` when given). */
export function readHeaderCells(row: SheetRow, memo?: Memo): HeaderCell[] {
  const out: HeaderCell[] = [];
  for (const cell of row.cells) {
    const match = headerOf(memo, cell.raw.includes('<') ? cell.raw : cell.text);
    out.push({ cell, match, yearOnly: match ? null : bareYearOf(memo, cell.text) });
  }
  return out;
}

/**
 * True when a row reads as a header row: at least two cells name a field (or a year) with a good
 * score and they are most of the row.
 */
export function isHeaderRow(row: SheetRow, memo?: Memo): boolean {
  const n = row.cells.length;
  if (n < 2) return false;
  let hits = 0;
  let strong = 0;
  let figures = 0;
  for (let k = 0; k < n; k++) {
    // Stop once the cells left cannot bring the hits to 2 and to 45% of the row.
    const best = hits + (n - k);
    if (best < 2 || best / n < 0.45) return false;
    const cell = row.cells[k]!;
    const match = headerOf(memo, cell.raw.includes('<') ? cell.raw : cell.text);
    // Two figures (`12.5`, `1,563件`) make a data row, whatever words it holds (`KPI`, `R2`); a
    // year and a header word (`2025実績`) read as a figure too, but name a column.
    if (kindOf(memo, cell.text) === 'figure' && !(match && match.score >= 0.85) && ++figures >= 2)
      return false;
    if ((match && match.score >= 0.6) || (!match && bareYearOf(memo, cell.text))) hits++;
    if (match && match.score >= 0.85) strong++;
  }
  return hits >= 2 && strong >= 1 && hits / n >= 0.45;
}

/** True for a single-cell row that is a header word on its own (vertical header layouts). */
export function isSingleHeaderCell(row: SheetRow, memo?: Memo): boolean {
  if (row.cells.length !== 1) return false;
  const m = headerOf(memo, row.cells[0]!.text);
  return !!m && m.score >= 0.9;
}

/** True for a row of small integers (tag numbers under a group header: 1 2 3 4). */
export function isNumberSubHeader(row: SheetRow): boolean {
  if (row.cells.length < 2) return false;
  return row.cells.every((c) => /^\d{1,2}$/.test(c.text.normalize('NFKC').trim()));
}

const GROUP_FIELDS = new Set<HeaderField>(['goal', 'viewpoint', 'sdgs', 'priority']);

/**
 * Detects a header block starting at `rows[i]`: a header row plus the sub-header rows under it, or
 * a run of single-cell header words (a header laid out vertically). Returns null when `rows[i]`
 * does not start a header.
 */
export function detectHeader(rows: SheetRow[], i: number, memo?: Memo): Schema | null {
  const first = rows[i];
  if (!first) return null;
  if (isHeaderRow(first, memo)) {
    const block = [first];
    let j = i + 1;
    while (j < rows.length && block.length < 3) {
      const r = rows[j]!;
      if (r.row - block[block.length - 1]!.row > 2) break;
      if (
        isNumberSubHeader(r) ||
        (isSubHeaderRow(r, memo) && (r.cells.length * 2 < first.cells.length || isYearRow(r, memo))) ||
        continuesHeader(block[block.length - 1]!, r, memo)
      ) {
        block.push(r);
        j++;
        continue;
      }
      break;
    }
    return buildSchema(block, memo);
  }
  if (isSingleHeaderCell(first, memo)) {
    const block = [first];
    let j = i + 1;
    while (j < rows.length && isSingleHeaderCell(rows[j]!, memo) && rows[j]!.row - rows[j - 1]!.row <= 1) {
      block.push(rows[j]!);
      j++;
    }
    if (block.length < 2) return null;
    const columns: Column[] = block.map((r, k) =>
      makeColumn(k + 1, r.cells[0]!, headerOf(memo, r.cells[0]!.text)!),
    );
    return { rows: block, columns, signature: `v:${columns.map((c) => c.field).join(',')}`, vertical: true };
  }
  return null;
}

/** A row of bare years only (`R2 R3 R4` under a group header such as 実績値). */
function isYearRow(row: SheetRow, memo?: Memo): boolean {
  if (row.cells.length < 2) return false;
  for (const c of row.cells) if (!bareYearOf(memo, c.text)) return false;
  return true;
}

/** A row of header words or bare years only (a stacked sub-header such as 具体的な施策, 令和2年度). */
function isSubHeaderRow(row: SheetRow, memo?: Memo): boolean {
  return readHeaderCells(row, memo).every((h) => (h.match && h.match.score >= 0.85) || h.yearOnly);
}

function makeColumn(col: number, cell: SheetCell, m: HeaderMatch): Column {
  return {
    col,
    field: m.field,
    type: columnType(m.field),
    header: m.text,
    headerCell: cell,
    year: m.year,
    yearTo: m.yearTo,
    date: m.date,
    basis: m.basis,
    generation: m.generation,
    unit: m.unit,
  };
}

/** Builds the column list of a header block (main row first, sub-header rows after it). */
export function buildSchema(block: SheetRow[], memo?: Memo): Schema {
  if (block.length > 1 && !block.some(isNumberSubHeader) && isSpanningBlock(block)) {
    // Labels spanning the columns under them: one composed header per column.
    const composed = composeHeader(block, memo);
    return finishSchema(block, composed.columns, composed.captions, composed.decisions);
  }
  const main = block[0]!;
  let columns: Column[] = [];
  const captions: SheetCell[] = [];
  for (const h of readHeaderCells(main, memo)) {
    if (h.match) columns.push(makeColumn(h.cell.col, h.cell, h.match));
    else if (!h.yearOnly) {
      if (readGeneration(h.cell.text) != null) captions.push(h.cell);
      else
        columns.push({
          col: h.cell.col,
          field: 'other',
          type: 'text',
          header: h.cell.text,
          headerCell: h.cell,
          year: null,
          yearTo: null,
          date: null,
          basis: 'fiscal',
          generation: null,
          other: true,
        });
    } else if (h.yearOnly)
      columns.push({
        col: h.cell.col,
        field: 'planResult',
        type: 'text',
        header: h.cell.text,
        headerCell: h.cell,
        year: h.yearOnly.year,
        yearTo: h.yearOnly.year,
        date: null,
        basis: h.yearOnly.basis,
        generation: null,
      });
  }
  columns = mergeGroupPairs(columns, captions);
  const mainColumns = [...columns];
  for (const sub of block.slice(1)) {
    if (isNumberSubHeader(sub)) {
      for (const c of sub.cells) {
        const owner = [...mainColumns].reverse().find((k) => k.col <= c.col && GROUP_FIELDS.has(k.field));
        if (!owner || owner.field === 'priority') continue;
        if (owner.field === 'sdgs') {
          // SDG numbers over the SDG column's cells: captions of that one column of numbers.
          captions.push(c);
          continue;
        }
        if (mainColumns.some((k) => k.col > owner.col && k.col <= c.col && !GROUP_FIELDS.has(k.field)))
          continue;
        const column: Column = {
          ...owner,
          col: c.col,
          type: 'mark',
          group: owner.header,
          tag: c.text.normalize('NFKC').trim(),
          headerCell: c,
        };
        // The group header names no column of its own now: a caption over its tag columns.
        if (owner.headerCell && !captions.includes(owner.headerCell)) captions.push(owner.headerCell);
        const at = columns.findIndex((k) => k.col === c.col);
        if (at >= 0) columns[at] = column;
        else columns.push(column);
      }
    } else {
      for (const h of readHeaderCells(sub, memo)) {
        const c = h.cell;
        if (h.yearOnly) {
          // A year under a main header (実績 over 令和2年度): the column's year; else a new column of
          // the group to its left.
          const at = columns.find((k) => k.col === c.col);
          const left = [...mainColumns].reverse().find((k) => k.col <= c.col);
          if (at && at.year == null) {
            at.year = h.yearOnly.year;
            at.yearTo = h.yearOnly.year;
            at.basis = h.yearOnly.basis;
            captions.push(c);
          } else if (!at && left && left.type === 'figure') {
            columns.push({
              ...left,
              col: c.col,
              header: `${left.header} ${c.text}`,
              headerCell: c,
              year: h.yearOnly.year,
              yearTo: h.yearOnly.year,
              basis: h.yearOnly.basis,
            });
          }
          continue;
        }
        const m = h.match;
        if (!m) continue;
        const above = [...columns].reverse().find((k) => k.col <= c.col);
        if (above && above.col === c.col) {
          if (above.field !== m.field && !above.alt) above.alt = m.field;
          captions.push(c);
        } else if (above && !columns.some((k) => k.col === c.col)) {
          // A sub-header left of the next main header: stacked under the column above it.
          if (above.field !== m.field && !above.alt) above.alt = m.field;
          captions.push(c);
        }
      }
    }
  }
  return finishSchema(block, columns, captions, []);
}

/** The schema of a header block from its columns: sorted, generations carried, signed. */
function finishSchema(
  block: SheetRow[],
  columns: Column[],
  captions: SheetCell[],
  decisions: Decision[],
): Schema {
  columns.sort((a, b) => a.col - b.col);
  for (const c of columns) if (c.field === 'sdgs') c.multi = true;
  // Generations (第2期 | 第3期) carry to the right until the next one.
  let gen: number | null = null;
  for (const c of columns) {
    if (c.generation != null) gen = c.generation;
    else c.generation = gen;
  }
  const signature = columns.map((c) => c.field).join(',');
  return {
    rows: block,
    columns,
    signature,
    vertical: false,
    captions,
    ...(decisions.length > 0 ? { decisions } : {}),
  };
}

/**
 * Collapses a generic group header followed by the same field with a generation or year
 * (`重要業績評価指標 (KPI)` | `第2期 KPI`) into the second column.
 */
function mergeGroupPairs(columns: Column[], captions: SheetCell[]): Column[] {
  const out: Column[] = [];
  for (let k = 0; k < columns.length; k++) {
    const c = columns[k]!;
    const next = columns[k + 1];
    if (
      next &&
      next.field === c.field &&
      c.generation == null &&
      c.year == null &&
      (next.generation != null || next.year != null) &&
      next.col - c.col <= 2
    ) {
      if (c.headerCell) captions.push(c.headerCell);
      continue;
    }
    out.push(c);
  }
  return out;
}

/** True when two schemas are the same table (a header repeated after a page break). */
export function sameTable(a: Schema, b: Schema): boolean {
  return a.signature === b.signature && a.vertical === b.vertical;
}

/** Markdown-ish heading level of a single-cell row (`## 見出し` → 2), or 0. */
export function headingLevel(row: SheetRow): number {
  if (row.cells.length !== 1) return 0;
  const m = /^(#{1,6})\s+\S/.exec(row.cells[0]!.text);
  return m ? m[1]!.length : 0;
}

/** Text of a heading row without its `#` marks and emphasis. */
export function headingText(text: string): string {
  return text
    .replace(/^#{1,6}\s+/, '')
    .replace(/\*\*/g, '')
    .trim();
}

/** Normalized header key of a schema column, for matching legends to groups. */
export function groupKey(text: string): string {
  return normalizeKey(text).replace(/^総合戦略|^\d+つの/g, '');
}

export { splitHtmlCells };
