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
 * and how to fix it when that is known.
 *
 * @example { code: 'HEADER_NOT_FOUND', severity: 'error', message: '見出し行が見つかりません',
 *   messageEn: 'No header row found', place: { file: 'a.csv', row: 1 }, hint: null }
 */
export interface Issue {
  code: string;
  severity: Severity;
  message: string;
  messageEn: string;
  place: Place | null;
  hint?: string | null;
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
