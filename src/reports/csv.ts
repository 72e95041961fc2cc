import iconv from 'iconv-lite';
import type { ReportModel, ReportTable } from '../core/reports/report-model.ts';
import { chunked } from './chunks.ts';
import { neutralize } from './neutralize.ts';

/** CSV encodings: UTF-8 with BOM (default, Excel opens it correctly) or Shift_JIS (older Excel). */
export type CsvEncoding = 'utf8-bom' | 'shift_jis';

/** Quotes one CSV field (RFC 4180) after neutralizing formula-like text. */
export function csvField(text: string): string {
  const t = neutralize(text);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** One line of CSV text (CRLF) from a row of fields. */
export function csvLine(row: readonly string[]): string {
  return `${row.map(csvField).join(',')}\r\n`;
}

/** Lines of CSV text (CRLF) from rows of fields. */
export function csvText(rows: Iterable<readonly string[]>): string {
  let out = '';
  for (const r of rows) out += csvLine(r);
  return out;
}

/**
 * Lines of CSV text in chunks of whole lines (about 32 K characters each), made as they are asked
 * for: the chunks joined are {@link csvText}'s text.
 */
export function csvTextChunks(rows: Iterable<readonly string[]>): Generator<string> {
  return chunked(lines(rows));
}

function* lines(rows: Iterable<readonly string[]>): Generator<string> {
  for (const r of rows) yield csvLine(r);
}

/**
 * Characters Shift_JIS (CP932, Windows-31J) writes under another code point: JIS X 0208 as
 * Unicode maps them one way, Windows the other (〜 WAVE DASH → ～, − MINUS → －, — EM DASH → ―,
 * ¢ £ ¬ → ￠ ￡ ￢, ‖ → ∥). Mapped before encoding so they do not become `?`.
 */
export const CP932_EQUIVALENTS: Readonly<Record<string, string>> = {
  '\u301c': '\uff5e',
  '\u2212': '\uff0d',
  '\u2014': '\u2015',
  '\u00a2': '\uffe0',
  '\u00a3': '\uffe1',
  '\u00ac': '\uffe2',
  '\u2016': '\u2225',
};
const CP932_PATTERN = new RegExp(`[${Object.keys(CP932_EQUIVALENTS).join('')}]`, 'g');

/**
 * Text as Shift_JIS will hold it: the {@link CP932_EQUIVALENTS} mapped.
 *
 * @example toCp932Text('R2〜R6 −3') // 'R2～R6 －3'
 */
export function toCp932Text(text: string): string {
  return text.replace(CP932_PATTERN, (c) => CP932_EQUIVALENTS[c] ?? c);
}

/** A character Shift_JIS cannot write (it becomes `?`), with its place in the CSV. */
export interface CsvEncodingWarning {
  code: 'CSV_CHARACTER_UNMAPPABLE';
  /** 1-based line and field of the CSV. */
  row: number;
  column: number;
  character: string;
  codePoint: string;
  message: string;
  messageEn: string;
}

const encodable = new Map<string, boolean>();

/** Whether CP932 has the character (cached per character). */
function inCp932(ch: string): boolean {
  let yes = encodable.get(ch);
  if (yes === undefined) {
    yes = ch === '?' || iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') === ch;
    if (encodable.size < 10_000) encodable.set(ch, yes);
  }
  return yes;
}

/**
 * The characters of CSV rows Shift_JIS cannot write, after mapping, with their line and field
 * (at most `limit`, the first ones).
 *
 * @example shiftJisWarnings([['a', '😀']])[0] // { row: 1, column: 2, character: '😀', ... }
 */
export function shiftJisWarnings(rows: Iterable<readonly string[]>, limit = 1000): CsvEncodingWarning[] {
  const out: CsvEncodingWarning[] = [];
  let i = -1;
  for (const r of rows) {
    i++;
    if (out.length >= limit) break;
    r.forEach((field, j) => {
      if (out.length >= limit || !/[^\x00-\x7f]/.test(field)) return;
      for (const ch of toCp932Text(field)) {
        if (ch.charCodeAt(0) < 0x80 || inCp932(ch)) continue;
        const codePoint = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
        out.push({
          code: 'CSV_CHARACTER_UNMAPPABLE',
          row: i + 1,
          column: j + 1,
          character: ch,
          codePoint,
          message: `${i + 1}行${j + 1}列の「${ch}」(${codePoint}) は Shift_JIS にないため「?」になります。UTF-8 で出力するか、文字を置き換えてください`,
          messageEn: `Line ${i + 1}, field ${j + 1}: '${ch}' (${codePoint}) has no Shift_JIS code and becomes '?'; export as UTF-8 or replace the character`,
        });
        if (out.length >= limit) return;
      }
    });
  }
  return out;
}

/**
 * Encodes CSV text: UTF-8 with a BOM, or Shift_JIS (CP932: the {@link CP932_EQUIVALENTS} mapped,
 * characters it still lacks become `?`; see {@link shiftJisWarnings}).
 */
export function encodeCsv(text: string, encoding: CsvEncoding = 'utf8-bom'): Uint8Array {
  if (encoding === 'shift_jis') return iconv.encode(toCp932Text(text), 'cp932');
  return iconv.encode(text, 'utf8', { addBOM: true });
}

/** One table as rows of fields, made as they are asked for: header, then rows; a heading row fills the first field. */
export function* tableRowsOf(table: ReportTable): Generator<string[]> {
  yield table.columns.map((c) => c.header);
  for (const r of table.rows) {
    if (r.heading != null) yield [r.heading, ...table.columns.slice(1).map(() => '')];
    else yield r.cells.map((c) => c.text);
  }
}

/** One table as rows of fields: header, then rows; a heading row fills the first field. */
export function tableRows(table: ReportTable): string[][] {
  return [...tableRowsOf(table)];
}

/**
 * A report's CSV rows made as they are asked for (see {@link reportCsvRows}): a writer holds one
 * row at a time, not the document's.
 */
export function* reportCsvRowsOf(model: ReportModel): Generator<string[]> {
  const many = model.sections.reduce((n, s) => n + s.tables.length, 0) > 1;
  let first = true;
  for (const s of model.sections)
    for (const t of s.tables) {
      if (many) {
        if (!first) yield [];
        yield [t.title ? `${s.title} ${t.title}` : s.title];
      }
      first = false;
      yield* tableRowsOf(t);
    }
}

/**
 * A report as CSV rows: the tables one after another, each preceded by a line with its section
 * title when the report has several (CSV has no sheets).
 */
export function reportCsvRows(model: ReportModel): string[][] {
  return [...reportCsvRowsOf(model)];
}

/**
 * A report as CSV (see {@link reportCsvRows}).
 *
 * @example reportCsv(kpiListModel) // Uint8Array starting with EF BB BF
 */
export function reportCsv(model: ReportModel, encoding: CsvEncoding = 'utf8-bom'): Uint8Array {
  return encodeCsv(csvText(reportCsvRowsOf(model)), encoding);
}

/**
 * Encodes CSV text given in chunks of whole lines, chunk by chunk: UTF-8 with the BOM before the
 * first, or Shift_JIS (CP932, stateless: each chunk encodes alone to the same bytes as the whole).
 * The chunks joined are {@link encodeCsv}'s bytes of the joined text.
 */
export function* encodeCsvChunks(
  texts: Iterable<string>,
  encoding: CsvEncoding = 'utf8-bom',
): Generator<Uint8Array> {
  let first = true;
  for (const text of texts) {
    if (encoding === 'shift_jis') yield iconv.encode(toCp932Text(text), 'cp932');
    else yield iconv.encode(text, 'utf8', { addBOM: first });
    first = false;
  }
  if (first && encoding !== 'shift_jis') yield iconv.encode('', 'utf8', { addBOM: true });
}

/**
 * The characters of a report's CSV that Shift_JIS cannot write (see {@link shiftJisWarnings}),
 * found by reading its rows once before it is written (their number is bounded, not the rows).
 */
export function reportCsvWarnings(
  model: ReportModel,
  encoding: CsvEncoding = 'utf8-bom',
): CsvEncodingWarning[] {
  if (encoding !== 'shift_jis') return [];
  return shiftJisWarnings(neutralized(reportCsvRowsOf(model)));
}

function* neutralized(rows: Iterable<string[]>): Generator<string[]> {
  for (const r of rows) yield r.map((f) => neutralize(f));
}

/**
 * A report as CSV in chunks (see {@link reportCsv}), with the warnings of its encoding found first
 * (so a server can send them in the answer's headers before the body).
 *
 * @example const { chunks, warnings } = reportCsvStream(model, 'shift_jis') // chunks: Uint8Array pieces
 */
export function reportCsvStream(
  model: ReportModel,
  encoding: CsvEncoding = 'utf8-bom',
): { chunks: Iterable<Uint8Array>; warnings: CsvEncodingWarning[] } {
  return {
    warnings: reportCsvWarnings(model, encoding),
    chunks: encodeCsvChunks(csvTextChunks(reportCsvRowsOf(model)), encoding),
  };
}

/**
 * A report as CSV with the warnings of its encoding: in Shift_JIS, every character still
 * unmappable with its line and field.
 *
 * @example reportCsvWithWarnings(model, 'shift_jis').warnings // [{ row: 12, column: 3, character: '𠮷', ... }]
 */
export function reportCsvWithWarnings(
  model: ReportModel,
  encoding: CsvEncoding = 'utf8-bom',
): { bytes: Uint8Array; warnings: CsvEncodingWarning[] } {
  return {
    bytes: encodeCsv(csvText(reportCsvRowsOf(model)), encoding),
    warnings: reportCsvWarnings(model, encoding),
  };
}
