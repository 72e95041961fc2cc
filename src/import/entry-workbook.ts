import type { GridSheet } from '../core/import/grid.ts';
import { cellAddress, type Issue, type Result } from '../core/issue.ts';
import {
  COMMENTARY_FIELDS,
  type CommentaryTexts,
  ENTRY_HEADER_ROW,
  ENTRY_SHEET,
  ENTRY_WORKBOOK_MARKER,
  type EntryUpload,
  type EntryUploadRow,
  entryIssue,
  entryLayout,
  META_FIRST_ROW,
  META_SHEET,
} from '../core/reports/entry-workbook.ts';
import { ENTRY_WORKBOOK_LIMITS, type ImportLimits } from './limits.ts';
import { readBytes } from './read-file.ts';

/**
 * An uploaded data-entry workbook (入力用ブック) read back, through the same door as every imported
 * file: the importer's XLSX reader (declared sizes checked before anything is inflated, then
 * streamed) with the entry workbook's limits (ENTRY_WORKBOOK_LIMITS), only its two sheets read.
 * Bytes in, result out: no I/O, nothing shared, so it can run in a worker thread.
 */
export interface EntryWorkbookReadOptions {
  /** The name the file goes by in messages (`入力用ブック.xlsx` when unknown). */
  file?: string;
  /** Overrides of the entry workbook's limits (tests). */
  limits?: Partial<ImportLimits>;
}

/** Issues of the reader that mean "not a workbook Sousei wrote", answered as WORKBOOK_INVALID. */
const NOT_AN_ENTRY_WORKBOOK = new Set([
  'FILE_EMPTY',
  'FILE_NO_CELLS',
  'FILE_BINARY',
  'FORMAT_UNSUPPORTED',
  'XLSX_CORRUPT',
  'XLSX_NOT_WORKBOOK',
]);

function notEntryWorkbook(en: string): { ok: false; issues: Issue[] } {
  return {
    ok: false,
    issues: [
      entryIssue(
        'WORKBOOK_INVALID',
        'Sousei から書き出した入力用ブックではありません。「入力用ブックを書き出す」で作ったファイルをアップロードしてください',
        `Not a data-entry workbook exported by Sousei (${en}); upload the file made by "export entry workbook"`,
        { field: 'file' },
        null,
      ),
    ],
  };
}

/** The cells of a sheet by row and column, '' where empty. */
class Cells {
  private readonly rows: Map<number, (string | null)[]>;
  constructor(readonly sheet: GridSheet) {
    this.rows = new Map(sheet.rows.map((r) => [r.row, r.cells]));
  }
  text(row: number, column: number): string {
    return this.rows.get(row)?.[column - 1] ?? '';
  }
  /** Row numbers holding a value, from `first` on, in order. */
  rowsFrom(first: number): number[] {
    return this.sheet.rows.map((r) => r.row).filter((r) => r >= first);
  }
}

/**
 * Reads an uploaded data-entry workbook back: the identity from the hidden sheet, each row's
 * entered 実績値, 備考 and commentary ①②③, and checks that no protected cell was edited (each edit
 * is an issue naming the sheet and cell, e.g. `D12`). A file the importer's reader refuses (too
 * large once inflated, a zip bomb, password-protected) comes back with the reader's issue, which
 * names the part and the limit; a workbook without the hidden sheet is WORKBOOK_INVALID.
 *
 * @example const r = await readEntryWorkbook(bytes); r.ok && r.value.entries[0].cell // 'H5'
 */
export async function readEntryWorkbook(
  bytes: Uint8Array,
  options: EntryWorkbookReadOptions = {},
): Promise<Result<EntryUpload>> {
  const file = options.file ?? '入力用ブック.xlsx';
  const read = await readBytes(bytes, file.toLowerCase().endsWith('.xlsx') ? file : `${file}.xlsx`, {
    limits: { ...ENTRY_WORKBOOK_LIMITS, ...options.limits },
    sheets: [ENTRY_SHEET, META_SHEET],
    fullPrecision: true,
  });
  if (!read.ok) {
    const errors = read.issues.filter((i) => i.severity === 'error');
    if (errors.length === 0 || errors.every((i) => NOT_AN_ENTRY_WORKBOOK.has(i.code)))
      return notEntryWorkbook(errors[0]?.messageEn ?? 'not an XLSX file');
    return { ok: false, issues: errors };
  }
  const meta = read.value.sheets.find((s) => s.name === META_SHEET);
  const ws = read.value.sheets.find((s) => s.name === ENTRY_SHEET);
  if (!meta || !ws) return notEntryWorkbook('sheets missing');
  return entryUpload(new Cells(meta), new Cells(ws), read.issues);
}

/** The upload from the cells of the hidden sheet and the entry sheet. */
function entryUpload(meta: Cells, ws: Cells, warnings: Issue[]): Result<EntryUpload> {
  if (meta.text(1, 1) !== ENTRY_WORKBOOK_MARKER) return notEntryWorkbook('marker missing');
  const strategyId = meta.text(2, 2);
  const department = meta.text(3, 2);
  const fiscalYear = Number(meta.text(4, 2));
  const historyYears = parseJson<number[]>(meta.text(5, 2));
  if (!Array.isArray(historyYears)) return notEntryWorkbook('hidden sheet damaged');
  const { actualCol, noteCol, commentaryCol } = entryLayout({ historyYears });
  // Version 1 workbooks (before the commentary columns) are read without commentary.
  const withCommentary = Number(meta.text(1, 2)) >= 2;
  const issues: Issue[] = [];
  const entries: EntryUpload['entries'] = [];
  for (const m of meta.rowsFrom(META_FIRST_ROW)) {
    const rowNo = Number(meta.text(m, 1));
    const indicatorId = meta.text(m, 2);
    if (!rowNo || !indicatorId) continue;
    const fixed = parseJson<string[]>(meta.text(m, 6));
    if (!Array.isArray(fixed)) return notEntryWorkbook('hidden sheet damaged');
    fixed.forEach((expected, i) => {
      const now = ws.text(rowNo, i + 1);
      if (now === String(expected)) return;
      const cell = cellAddress(rowNo, i + 1);
      issues.push(
        entryIssue(
          'PROTECTED_CELL_EDITED',
          `シート「${ENTRY_SHEET}」${cell}: 変更できないセルが変更されています (「${expected}」→「${now}」)。黄色のセルだけに入力し、書き出したブックをそのまま使ってください`,
          `Sheet '${ENTRY_SHEET}' ${cell}: a protected cell was changed ('${expected}' → '${now}'); enter figures only in the yellow cells`,
          { sheet: ENTRY_SHEET, row: rowNo, column: i + 1, field: ws.text(ENTRY_HEADER_ROW, i + 1) },
          cell,
        ),
      );
    });
    const versionText = meta.text(m, 3);
    entries.push({
      indicatorId,
      actualVersion: versionText === '' ? null : Number(versionText),
      exportedActual: meta.text(m, 4),
      enteredActual: ws.text(rowNo, actualCol),
      exportedNote: meta.text(m, 5),
      enteredNote: ws.text(rowNo, noteCol),
      sheet: ENTRY_SHEET,
      row: rowNo,
      column: actualCol,
      cell: cellAddress(rowNo, actualCol),
      commentary: withCommentary ? commentaryCells(meta, m, ws, rowNo, commentaryCol) : null,
    });
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { strategyId, department, fiscalYear, entries }, issues: warnings };
}

/** A row's commentary cells and, from the hidden sheet, what was exported and its version. */
function commentaryCells(
  meta: Cells,
  m: number,
  ws: Cells,
  rowNo: number,
  cols: Record<keyof CommentaryTexts, number>,
): NonNullable<EntryUploadRow['commentary']> {
  // A damaged cell reads as nothing exported: every entered text is then a change to confirm.
  const stored = parseJson<Partial<CommentaryTexts>>(meta.text(m, 8) || '{}');
  const exported: CommentaryTexts = {
    progress: '',
    issues: '',
    nextSteps: '',
    ...(stored && typeof stored === 'object' ? stored : {}),
  };
  const version = meta.text(m, 7);
  const pick = (f: (col: number) => string) =>
    Object.fromEntries(COMMENTARY_FIELDS.map((k) => [k, f(cols[k])])) as unknown as CommentaryTexts;
  return {
    version: version === '' ? null : Number(version),
    exported,
    entered: pick((c) => ws.text(rowNo, c)),
    cells: pick((c) => cellAddress(rowNo, c)),
  };
}

function parseJson<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
