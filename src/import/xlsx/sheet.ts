import type { SaxesTagPlain } from 'saxes';
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
  const reader = new SheetReader(ctx);
  const p = newParser();
  p.on('opentag', (tag) => reader.open(tag));
  p.on('text', (t) => reader.text(t));
  p.on('closetag', (tag) => reader.close(tag));
  await inflater.parse(entry, p, { sheet: ctx.sheet });
  return reader.finish();
}

/**
 * The state of the streaming reader of one sheet and its handlers of the parser's events: the
 * row and cell being read, the rows and merged ranges so far, and whether a limit stopped it.
 */
class SheetReader {
  private readonly rows: GridRow[] = [];
  private readonly merges: GridMerge[] = [];
  private rowNo = 0;
  private cells: (string | null)[] = [];
  private colNo = 0;
  private type = 'n';
  private style = 0;
  private value = '';
  private inV = false;
  private inIs = false;
  private hasFormula = false;
  private formulasWithoutValue = 0;
  private firstFormulaPlace: Place | null = null;
  private rowTooWide = false;
  private stopped = false;
  private inVSeen = false;
  private readonly rich = new RichText();

  constructor(private readonly ctx: SheetContext) {}

  private fail(issue: Issue): void {
    this.ctx.sink.add(issue);
  }

  /** An opening tag: a row, a cell, its value, formula or inline string, a merged range. */
  open(tag: SaxesTagPlain): void {
    if (this.stopped) return;
    const name = local(tag.name);
    switch (name) {
      case 'row':
        this.openRow(tag);
        break;
      case 'c':
        this.openCell(tag);
        break;
      case 'v':
        this.inV = true;
        this.inVSeen = true;
        break;
      case 'f':
        this.hasFormula = true;
        break;
      case 'is':
        this.inIs = true;
        break;
      case 'mergeCell':
        this.mergeCell(tag);
        break;
      default:
        if (this.inIs) this.rich.open(name);
    }
  }

  text(t: string): void {
    if (this.inV) this.value += t;
    else if (this.inIs) this.rich.onText(t);
  }

  /** A closing tag: the end of a value, an inline string, a cell or a row. */
  close(tag: SaxesTagPlain): void {
    if (this.stopped) return;
    const name = local(tag.name);
    switch (name) {
      case 'v':
        this.inV = false;
        break;
      case 'is':
        this.inIs = false;
        break;
      case 'c':
        this.closeCell();
        break;
      case 'row':
        this.endRow();
        break;
      default:
        if (this.inIs) this.rich.close(name);
    }
  }

  /** The sheet read: the formulas without a cached value reported, rows in order, merges applied. */
  finish(): GridSheet {
    const { file, sheet, sink } = this.ctx;
    const rows = this.rows;
    if (this.cells.length) this.endRow();
    if (this.formulasWithoutValue > 0 && this.firstFormulaPlace) {
      sink.add(
        importIssue('XLSX_FORMULA_NO_VALUE', this.firstFormulaPlace, { count: this.formulasWithoutValue }),
      );
    }
    let sorted = true;
    for (let i = 1; i < rows.length; i++) if (rows[i]!.row <= rows[i - 1]!.row) sorted = false;
    if (!sorted) rows.sort((a, b) => a.row - b.row);
    clearMergedCells(rows, this.merges, this.ctx);
    return {
      file,
      name: sheet,
      rows: rows.filter((r) => r.cells.some((c) => c !== null && c !== '')),
      merges: this.merges,
    };
  }

  private openRow(tag: SaxesTagPlain): void {
    const { file, sheet, limits } = this.ctx;
    const r = Number(attr(tag, 'r'));
    this.rowNo = Number.isInteger(r) && r > 0 ? r : this.rowNo + 1;
    this.colNo = 0;
    this.rowTooWide = false;
    if (this.rowNo > limits.maxRows) {
      this.fail(importIssue('TOO_MANY_ROWS', { file, sheet, row: this.rowNo }, { limit: limits.maxRows }));
      this.stopped = true;
    }
  }

  private openCell(tag: SaxesTagPlain): void {
    const ref = attr(tag, 'r');
    const parsed = ref ? parseRef(ref) : null;
    this.colNo = parsed ? parsed.col : this.colNo + 1;
    this.type = attr(tag, 't') ?? 'n';
    this.style = Number(attr(tag, 's') ?? 0) || 0;
    this.value = '';
    this.inVSeen = false;
    this.hasFormula = false;
  }

  private mergeCell(tag: SaxesTagPlain): void {
    const [a, b] = (attr(tag, 'ref') ?? '').split(':');
    const from = a ? parseRef(a) : null;
    const to = b ? parseRef(b) : from;
    if (from && to && (from.row !== to.row || from.col !== to.col)) {
      this.merges.push({
        top: Math.min(from.row, to.row),
        left: Math.min(from.col, to.col),
        bottom: Math.max(from.row, to.row),
        right: Math.max(from.col, to.col),
      });
    }
  }

  /** The end of a cell: its text placed in the row, within the limits on columns and length. */
  private closeCell(): void {
    const { file, sheet, limits } = this.ctx;
    const { rowNo, colNo } = this;
    if (this.type === 'inlineStr') this.inVSeen = true;
    const text = this.cellText();
    if (this.hasFormula && !this.inVSeen) {
      this.formulasWithoutValue++;
      this.firstFormulaPlace ??= { file, sheet, row: rowNo, column: colNo };
    }
    if (text === null || text === '') return;
    if (colNo > limits.maxColumns) {
      if (!this.rowTooWide) {
        this.fail(
          importIssue(
            'TOO_MANY_COLUMNS',
            { file, sheet, row: rowNo, column: colNo },
            { count: colNo, limit: limits.maxColumns },
          ),
        );
      }
      this.rowTooWide = true;
      return;
    }
    if (text.length > limits.maxCellChars) {
      this.fail(
        importIssue(
          'CELL_TOO_LONG',
          { file, sheet, row: rowNo, column: colNo },
          { length: text.length, limit: limits.maxCellChars },
        ),
      );
      return;
    }
    const cells = this.cells;
    while (cells.length < colNo - 1) cells.push(null);
    cells[colNo - 1] = text;
  }

  /** The end of a row: kept when it has a value, counted against the workbook's cell budget. */
  private endRow(): void {
    const { file, sheet, limits, budget } = this.ctx;
    const cells = this.cells;
    if (cells.some((c) => c !== null && c !== '')) {
      this.rows.push({ row: this.rowNo, cells });
      budget.cells += cells.length;
      if (budget.cells > limits.maxCells && !this.stopped) {
        this.fail(
          importIssue('TOO_MANY_CELLS', { file, sheet, row: this.rowNo }, { limit: limits.maxCells }),
        );
        this.stopped = true;
        this.rows.length = 0;
      }
    }
    this.cells = [];
  }

  /** The text of the cell just read, as Excel displays it (null: no value). */
  private cellText(): string | null {
    const { ctx, value, style } = this;
    if (this.type === 'inlineStr') return this.rich.take();
    if (!this.inVSeen) return null;
    switch (this.type) {
      case 's': {
        const s = ctx.sharedStrings[Number(value)];
        if (s === undefined) {
          ctx.sink.add(
            importIssue(
              'XLSX_SHARED_STRING_MISSING',
              { file: ctx.file, sheet: ctx.sheet, row: this.rowNo, column: this.colNo },
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
  }
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
