import type { Issue } from '../core/issue.ts';
import { importIssue } from './import-issues.ts';
import type { ImportLimits } from './limits.ts';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * A fast first pass over a delimited file's text before the CSV parser runs: counts each record's
 * columns and length (quotes followed as the parser does: a quote opens a field only at its start,
 * `""` inside it is a quote, a quote before a delimiter or line end closes it) and reports the
 * records past the limits — every record with too many columns, and the first record too long,
 * where the scan stops. Costs one look at each character, so a 20 MB one-line file or a line of
 * a million columns is refused in milliseconds instead of occupying the parser (and the server's
 * one thread) for seconds. UTF-8 bytes are scanned as they are (the structural characters are
 * ASCII and never occur inside a multi-byte sequence); length counts characters either way.
 */
export function scanRecords(
  pieces: Iterable<string | Uint8Array>,
  delimiter: ',' | '\t',
  limits: Pick<ImportLimits, 'maxColumns' | 'maxRowBytes'>,
  file: string,
): Issue[] {
  const issues: Issue[] = [];
  const delim = delimiter.charCodeAt(0);
  let record = 1;
  let columns = 1;
  let length = 0;
  let inQuotes = false;
  let fieldStart = true;
  let pendingQuote = false; // a quote seen inside a quoted field: closing or the first of ""
  let afterCR = false; // the previous character was CR: an LF now belongs to the same line end
  const endRecord = () => {
    if (columns > limits.maxColumns)
      issues.push(
        importIssue(
          'TOO_MANY_COLUMNS',
          { file, row: record, column: limits.maxColumns + 1 },
          { count: columns, limit: limits.maxColumns },
        ),
      );
    record++;
    columns = 1;
    length = 0;
    fieldStart = true;
  };
  for (const piece of pieces) {
    const isText = typeof piece === 'string';
    const n = piece.length;
    for (let i = 0; i < n; i++) {
      const c = isText ? (piece as string).charCodeAt(i) : (piece as Uint8Array)[i]!;
      const wasCR = afterCR;
      afterCR = false;
      if (inQuotes && pendingQuote) {
        pendingQuote = false;
        if (c !== QUOTE) inQuotes = false; // the quote closed the field; read c outside quotes
      } else if (inQuotes && c === QUOTE) pendingQuote = true;
      if (!inQuotes && (c === LF || c === CR)) {
        // A line end closes the record; LF right after CR belongs to the same line end.
        if (c === CR) afterCR = true;
        if (!(c === LF && wasCR)) endRecord();
        continue;
      }
      // UTF-8 continuation bytes are not characters of their own.
      if (isText || (c & 0xc0) !== 0x80) length++;
      if (length > limits.maxRowBytes) {
        issues.push(
          importIssue(
            'ROW_TOO_LONG',
            { file, row: record },
            { limit: limits.maxRowBytes.toLocaleString('en-US') },
          ),
        );
        return issues;
      }
      if (inQuotes) continue;
      if (c === delim) {
        columns++;
        fieldStart = true;
      } else if (c === QUOTE && fieldStart) {
        inQuotes = true;
        fieldStart = false;
      } else fieldStart = false;
    }
  }
  if (length > 0 || columns > 1) endRecord();
  return issues;
}
