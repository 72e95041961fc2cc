import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { GridRow, GridSheet } from '../core/import/grid.ts';
import type { Issue, Result } from '../core/issue.ts';
import { type DecodePlan, decodePieces, decodePrefix, type EncodingName, planDecoding } from './encoding.ts';
import { IssueSink, importIssue } from './import-issues.ts';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import { scanRecords } from './record-scan.ts';

/**
 * CSV, TSV and tab-separated TXT (Excel's "Unicode text") → one GridSheet.
 *
 * The bytes are decoded once, in pieces, straight into the CSV parser (csv-parse: quoted fields
 * with embedded newlines, tabs and doubled quotes), which yields rows of strings; no other copy
 * of the text is kept. Rows are numbered as a spreadsheet shows them (one per record, blank
 * records counted), and only non-empty rows are kept.
 */
export interface DelimitedOptions {
  /** Force an encoding (`shift_jis`, `utf-8`, ...) instead of detecting it. */
  encoding?: string | null;
  /** Force the delimiter instead of sniffing it. */
  delimiter?: ',' | '\t' | null;
  /** Lower-case extension with the dot (`.csv`), for the default delimiter. */
  ext?: string;
  limits?: ImportLimits;
}

export interface DelimitedResult {
  sheet: GridSheet;
  encoding: EncodingName;
  delimiter: ',' | '\t';
}

/**
 * Reads a delimited text file.
 *
 * @example await readDelimited(Buffer.from('基本目標,KPI\n1,新規求人数\n'), 'kpi.csv')
 *   // ok: sheet.rows = [{ row: 1, cells: ['基本目標', 'KPI'] }, { row: 2, cells: ['1', '新規求人数'] }]
 */
export async function readDelimited(
  bytes: Uint8Array,
  file: string,
  options: DelimitedOptions = {},
): Promise<Result<DelimitedResult>> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (bytes.length === 0) return { ok: false, issues: [importIssue('FILE_EMPTY', { file })] };
  const planned = planDecoding(bytes, file, options.encoding);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const sink = new IssueSink(limits.maxIssuesPerKind);
  for (const i of planned.issues) sink.add(i);

  const prefix = decodePrefix(bytes, plan);
  const binaryAt = findBinary(bytes, plan.encoding, prefix);
  if (binaryAt !== null) {
    return { ok: false, issues: [importIssue('FILE_BINARY', { file, row: binaryAt })] };
  }
  const ext = options.ext ?? '';
  const delimiter =
    options.delimiter ?? (ext === '.tsv' ? '\t' : (sniffDelimiter(prefix) ?? (ext === '.csv' ? ',' : '\t')));

  // A first pass refuses records past the column and length limits in one look at each character,
  // before the parser (much slower per character) is handed a pathological line.
  const scanned = scanRecords(decodePieces(bytes, plan, file, []), delimiter, limits, file);
  if (scanned.length > 0) {
    for (const i of scanned) sink.add(i);
    return { ok: false, issues: sink.finish() };
  }

  const decodeIssues: Issue[] = [];
  const input = Readable.from(decodePieces(bytes, plan, file, decodeIssues), { objectMode: false });
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: limits.maxRowBytes,
  });
  input.pipe(parser);

  const rows: GridRow[] = [];
  let row = 0;
  let stop = false;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (row > limits.maxRows) {
        sink.add(importIssue('TOO_MANY_ROWS', { file, row }, { limit: limits.maxRows }));
        stop = true;
        break;
      }
      if (record.length > limits.maxColumns) {
        sink.add(
          importIssue(
            'TOO_MANY_COLUMNS',
            { file, row, column: limits.maxColumns + 1 },
            { count: record.length, limit: limits.maxColumns },
          ),
        );
        continue;
      }
      let last = record.length - 1;
      while (last >= 0 && record[last] === '') last--;
      if (last < 0) continue;
      if (last < record.length - 1) record.length = last + 1;
      for (let c = 0; c <= last; c++) {
        const len = record[c]!.length;
        if (len > limits.maxCellChars) {
          sink.add(
            importIssue(
              'CELL_TOO_LONG',
              { file, row, column: c + 1 },
              { length: len, limit: limits.maxCellChars },
            ),
          );
        }
      }
      rows.push({ row, cells: record });
    }
  } catch (err) {
    // Records parsed before the error may not have reached the loop: the parser's counts are exact.
    const parsed = err instanceof CsvError && typeof err.records === 'number' ? err.records : row;
    const line = plan.bomLength === bytes.length ? 1 : lineOfRecord(bytes, plan, parsed);
    sink.add(csvIssue(err, file, parsed + 1, line, limits.maxRowBytes));
    stop = true;
  } finally {
    input.destroy();
    parser.destroy();
  }
  for (const i of decodeIssues) sink.add(i);
  if (!stop && !sink.hasError && rows.length === 0) sink.add(importIssue('FILE_NO_CELLS', { file }));
  const issues = sink.finish();
  if (sink.hasError) return { ok: false, issues };
  return {
    ok: true,
    value: { sheet: { file, name: null, rows, merges: [] }, encoding: plan.encoding, delimiter },
    issues,
  };
}

function csvIssue(err: unknown, file: string, row: number, line: number, maxRowBytes: number): Issue {
  const code = err instanceof CsvError ? err.code : null;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return importIssue('CSV_QUOTE_NOT_CLOSED', { file, row }, { line });
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return importIssue('ROW_TOO_LONG', { file, row }, { limit: maxRowBytes.toLocaleString('en-US') });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return importIssue('CSV_MALFORMED', { file, row }, { reason: reason.slice(0, 200) });
}

/**
 * Tab or comma, from the first lines: the one that splits most lines (outside quotes) wins;
 * null when neither appears.
 *
 * @example sniffDelimiter('a\tb\tc\n1\t2\t3\n') // '\t'
 */
export function sniffDelimiter(text: string): ',' | '\t' | null {
  let tabLines = 0;
  let commaLines = 0;
  let tabs = 0;
  let commas = 0;
  let inQuotes = false;
  let lineTabs = 0;
  let lineCommas = 0;
  let lines = 0;
  const endLine = () => {
    if (lineTabs > 0) tabLines++;
    if (lineCommas > 0) commaLines++;
    tabs += lineTabs;
    commas += lineCommas;
    lineTabs = 0;
    lineCommas = 0;
    lines++;
  };
  for (let i = 0; i < text.length && lines < 200; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === 0x09) lineTabs++;
    else if (ch === 0x2c) lineCommas++;
    else if (ch === 0x0a) endLine();
  }
  endLine();
  if (tabLines === 0 && commaLines === 0) return null;
  if (tabLines !== commaLines) return tabLines > commaLines ? '\t' : ',';
  return tabs >= commas ? '\t' : ',';
}

/**
 * Line (1-based) of binary data, or null: a NUL byte anywhere in an 8-bit encoded file, or more
 * than 2% control characters in the first 64 KB of text.
 */
function findBinary(bytes: Uint8Array, encoding: EncodingName, prefix: string): number | null {
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be') {
    const nul = bytes.indexOf(0);
    if (nul >= 0) return lineOfByte(bytes, nul);
  }
  let controls = 0;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    if (c === 0) return lineOfText(prefix, i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a) controls++;
  }
  return controls > prefix.length * 0.02 && controls > 2 ? 1 : null;
}

/**
 * Physical line (1-based) on which record `records + 1` starts: a quote-aware scan of the bytes
 * (only run on the error path). For UTF-16 the record number stands in for the line.
 */
function lineOfRecord(bytes: Uint8Array, plan: DecodePlan, records: number): number {
  if (plan.encoding === 'utf-16le' || plan.encoding === 'utf-16be') return records + 1;
  let line = 1;
  let seen = 0;
  let quoted = false;
  for (let i = plan.bomLength; i < bytes.length && seen < records; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (b === 0x0a) {
      line++;
      if (!quoted) seen++;
    } else if (b === 0x0d && bytes[i + 1] !== 0x0a) {
      line++;
      if (!quoted) seen++;
    }
  }
  return line;
}

function lineOfByte(bytes: Uint8Array, at: number): number {
  let n = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < at; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

function lineOfText(text: string, at: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
