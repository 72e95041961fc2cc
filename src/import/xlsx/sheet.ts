import type yauzl from 'yauzl';
import type { GridMerge, GridRow, GridSheet } from '../../core/import/grid.ts';
import type { Issue, Place } from '../../core/issue.ts';
import { type IssueSink, importIssue } from '../import-issues.ts';
import type { ImportLimits } from '../limits.ts';
import { formatNumber, formatNumberExact, isoToSerial } from '../number-format.ts';
import { attr, local, newParser, RichText, unescapeOoxml } from './parts.ts';
import type { Inflater } from './zip.ts';

/**
 * One worksheet part → a GridSheet, streamed: rows and cells as Excel displays them (number
 * formats, dates, rich text, formulas as their cached result), merged ranges with the value in
 * their top-left cell only, and the limits on rows, columns and cell length checked as it goes.
 */

/** What reading one sheet needs from the workbook, and where its issues go. */
export interface SheetContext {
  file: string;
  sheet: string;
  sharedStrings: string[];
  formats: string[];
  date1904: boolean;
  /** General numbers at full value (XlsxOptions.fullPrecision). */
  fullPrecision: boolean;
  limits: ImportLimits;
  sink: IssueSink;
  /** Cell places held so far by the workbook's sheets, against limits.maxCells. */
  budget: { cells: number };
}

/** `B12` → { col: 2, row: 12 }; `XFD1` → col 16384. */
export function parseRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Za-z]{1,4})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col, row: Number(m[2]) };
}

/** `28` → `AB`: the letters of a 1-based column. */
export function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export async function readSheet(
  inflater: Inflater,
  entry: yauzl.Entry,
  ctx: SheetContext,
): Promise<GridSheet> {
  const { file, sheet, limits, sink } = ctx;
  const rows: GridRow[] = [];
  const merges: GridMerge[] = [];
  let rowNo = 0;
  let cells: (string | null)[] = [];
  let colNo = 0;
  let type = 'n';
  let style = 0;
  let value = '';
  let inV = false;
  let inIs = false;
  let hasFormula = false;
  let formulasWithoutValue = 0;
  let firstFormulaPlace: Place | null = null;
  let rowTooWide = false;
  let stopped = false;
  let inVSeen = false;
  const rich = new RichText();

  const fail = (issue: Issue) => {
    sink.add(issue);
  };
  const endRow = () => {
    if (cells.some((c) => c !== null && c !== '')) {
      rows.push({ row: rowNo, cells });
      ctx.budget.cells += cells.length;
      if (ctx.budget.cells > limits.maxCells && !stopped) {
        fail(importIssue('TOO_MANY_CELLS', { file, sheet, row: rowNo }, { limit: limits.maxCells }));
        stopped = true;
        rows.length = 0;
      }
    }
    cells = [];
  };

  const cellText = (): string | null => {
    if (type === 'inlineStr') return rich.take();
    if (!inVSeen) return null;
    switch (type) {
      case 's': {
        const idx = Number(value);
        const s = ctx.sharedStrings[idx];
        if (s === undefined) {
          sink.add(
            importIssue(
              'XLSX_SHARED_STRING_MISSING',
              { file, sheet, row: rowNo, column: colNo },
              { index: value },
            ),
          );
          return null;
        }
        return s;
      }
      case 'str':
      case 'e':
        return unescapeOoxml(value);
      case 'b':
        return value === '1' || value === 'true' ? 'TRUE' : 'FALSE';
      case 'd': {
        const serial = isoToSerial(value, ctx.date1904);
        return serial === null ? value : formatNumber(serial, ctx.formats[style] ?? 'yyyy/m/d', ctx.date1904);
      }
      default: {
        const n = Number(value);
        if (value.trim() === '' || Number.isNaN(n)) return value;
        const format = ctx.fullPrecision ? formatNumberExact : formatNumber;
        return format(n, ctx.formats[style] ?? 'General', ctx.date1904);
      }
    }
  };

  const p = newParser();
  p.on('opentag', (tag) => {
    if (stopped) return;
    const name = local(tag.name);
    switch (name) {
      case 'row': {
        const r = Number(attr(tag, 'r'));
        rowNo = Number.isInteger(r) && r > 0 ? r : rowNo + 1;
        colNo = 0;
        rowTooWide = false;
        if (rowNo > limits.maxRows) {
          fail(importIssue('TOO_MANY_ROWS', { file, sheet, row: rowNo }, { limit: limits.maxRows }));
          stopped = true;
        }
        break;
      }
      case 'c': {
        const ref = attr(tag, 'r');
        const parsed = ref ? parseRef(ref) : null;
        colNo = parsed ? parsed.col : colNo + 1;
        type = attr(tag, 't') ?? 'n';
        style = Number(attr(tag, 's') ?? 0) || 0;
        value = '';
        inVSeen = false;
        hasFormula = false;
        break;
      }
      case 'v':
        inV = true;
        inVSeen = true;
        break;
      case 'f':
        hasFormula = true;
        break;
      case 'is':
        inIs = true;
        break;
      case 'mergeCell': {
        const [a, b] = (attr(tag, 'ref') ?? '').split(':');
        const from = a ? parseRef(a) : null;
        const to = b ? parseRef(b) : from;
        if (from && to && (from.row !== to.row || from.col !== to.col)) {
          merges.push({
            top: Math.min(from.row, to.row),
            left: Math.min(from.col, to.col),
            bottom: Math.max(from.row, to.row),
            right: Math.max(from.col, to.col),
          });
        }
        break;
      }
      default:
        if (inIs) rich.open(name);
    }
  });
  p.on('text', (t) => {
    if (inV) value += t;
    else if (inIs) rich.onText(t);
  });
  p.on('closetag', (tag) => {
    if (stopped) return;
    const name = local(tag.name);
    switch (name) {
      case 'v':
        inV = false;
        break;
      case 'is':
        inIs = false;
        break;
      case 'c': {
        if (type === 'inlineStr') inVSeen = true;
        const text = cellText();
        if (hasFormula && !inVSeen) {
          formulasWithoutValue++;
          firstFormulaPlace ??= { file, sheet, row: rowNo, column: colNo };
        }
        if (text === null || text === '') break;
        if (colNo > limits.maxColumns) {
          if (!rowTooWide) {
            fail(
              importIssue(
                'TOO_MANY_COLUMNS',
                { file, sheet, row: rowNo, column: colNo },
                { count: colNo, limit: limits.maxColumns },
              ),
            );
          }
          rowTooWide = true;
          break;
        }
        if (text.length > limits.maxCellChars) {
          fail(
            importIssue(
              'CELL_TOO_LONG',
              { file, sheet, row: rowNo, column: colNo },
              { length: text.length, limit: limits.maxCellChars },
            ),
          );
          break;
        }
        while (cells.length < colNo - 1) cells.push(null);
        cells[colNo - 1] = text;
        break;
      }
      case 'row':
        endRow();
        break;
      default:
        if (inIs) rich.close(name);
    }
  });
  await inflater.parse(entry, p, { sheet });
  if (cells.length) endRow();

  if (formulasWithoutValue > 0 && firstFormulaPlace) {
    sink.add(importIssue('XLSX_FORMULA_NO_VALUE', firstFormulaPlace, { count: formulasWithoutValue }));
  }
  let sorted = true;
  for (let i = 1; i < rows.length; i++) if (rows[i]!.row <= rows[i - 1]!.row) sorted = false;
  if (!sorted) rows.sort((a, b) => a.row - b.row);
  clearMergedCells(rows, merges, ctx);
  return { file, name: sheet, rows: rows.filter((r) => r.cells.some((c) => c !== null && c !== '')), merges };
}

/** Leaves the value of a merged range in its top-left cell only; a value elsewhere is reported. */
function clearMergedCells(rows: GridRow[], merges: GridMerge[], ctx: SheetContext): void {
  if (merges.length === 0) return;
  const byRow = new Map(rows.map((r) => [r.row, r]));
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom; r++) {
      const row = byRow.get(r);
      if (!row) continue;
      for (let c = m.left; c <= Math.min(m.right, row.cells.length); c++) {
        if (r === m.top && c === m.left) continue;
        const v = row.cells[c - 1];
        if (v == null || v === '') continue;
        ctx.sink.add(
          importIssue(
            'XLSX_MERGED_HIDDEN_VALUE',
            { file: ctx.file, sheet: ctx.sheet, row: r, column: c },
            {
              range: `${colName(m.left)}${m.top}:${colName(m.right)}${m.bottom}`,
              raw: v.length > 40 ? `${v.slice(0, 40)}…` : v,
            },
          ),
        );
        row.cells[c - 1] = null;
      }
    }
  }
}
