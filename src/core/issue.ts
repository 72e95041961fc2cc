/**
 * Where something is in an input: file, sheet, row, column (1-based) and the field it was
 * meant for. Every user-facing error or warning names its place.
 *
 * @example { file: 'kpi.xlsx', sheet: 'KPI一覧', row: 12, column: 5, field: 'target' }
 */
export interface Place {
  file?: string | null;
  sheet?: string | null;
  row?: number | null;
  column?: number | null;
  field?: string | null;
}

/** Severity of an issue: an error stops the operation; a warning is reported and work goes on. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * An expected failure or a remark, returned (never thrown) with a stable code such as
 * `VALUE_UNPARSEABLE`, a message in Japanese (`message`) and English (`messageEn`), the place,
 * how to fix it when that is known, and the cell's address when the place is one cell of a
 * workbook. The one issue type of every input: imported files, uploaded entry workbooks, values.
 *
 * @example { code: 'HEADER_NOT_FOUND', severity: 'error', message: '見出し行が見つかりません',
 *   messageEn: 'No header row found', place: { file: 'a.csv', row: 1 }, hint: null }
 * @example { code: 'PROTECTED_CELL_EDITED', severity: 'error', message: 'シート「入力」D5: …',
 *   messageEn: '…', place: { sheet: '入力', row: 5, column: 4, field: '基準値' }, hint: '…', cell: 'D5' }
 */
export interface Issue {
  code: string;
  severity: Severity;
  message: string;
  messageEn: string;
  place: Place | null;
  /** How to fix it (Japanese / English), when known. */
  hint?: string | null;
  /** The address of the place's cell (`D12`) when the input is a workbook and the place one cell. */
  cell?: string | null;
}

/**
 * `(12, 4)` → `D12`: the address of a cell as a spreadsheet shows it (1-based row and column).
 *
 * @example cellAddress(12, 28) // 'AB12'
 */
export function cellAddress(row: number, column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${letters}${row}`;
}

/** Result of an operation that can fail in expected ways. */
export type Result<T> = { ok: true; value: T; issues: Issue[] } | { ok: false; issues: Issue[] };

/** Formats a place as `file シート「sheet」 12行 5列 (field)` for messages. */
export function formatPlace(place: Place | null | undefined): string {
  if (!place) return '';
  const parts: string[] = [];
  if (place.file) parts.push(place.file);
  if (place.sheet) parts.push(`シート「${place.sheet}」`);
  if (place.row != null) parts.push(`${place.row}行`);
  if (place.column != null) parts.push(`${place.column}列`);
  if (place.field) parts.push(`(${place.field})`);
  return parts.join(' ');
}
