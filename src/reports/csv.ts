import iconv from 'iconv-lite';
import type { ReportModel, ReportTable } from '../core/reports/report-model.ts';
import { neutralize } from './neutralize.ts';

/** CSV encodings: UTF-8 with BOM (default, Excel opens it correctly) or Shift_JIS (older Excel). */
export type CsvEncoding = 'utf8-bom' | 'shift_jis';

/** Quotes one CSV field (RFC 4180) after neutralizing formula-like text. */
export function csvField(text: string): string {
  const t = neutralize(text);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Lines of CSV text (CRLF) from rows of fields. */
export function csvText(rows: readonly (readonly string[])[]): string {
  let out = '';
  for (const r of rows) out += `${r.map(csvField).join(',')}\r\n`;
  return out;
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
export function shiftJisWarnings(rows: readonly (readonly string[])[], limit = 1000): CsvEncodingWarning[] {
  const out: CsvEncodingWarning[] = [];
  rows.forEach((r, i) => {
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
  });
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

/** One table as rows of fields: header, then rows; a heading row fills the first field. */
export function tableRows(table: ReportTable): string[][] {
  const rows: string[][] = [table.columns.map((c) => c.header)];
  for (const r of table.rows) {
    if (r.heading != null) rows.push([r.heading, ...table.columns.slice(1).map(() => '')]);
    else rows.push(r.cells.map((c) => c.text));
  }
  return rows;
}

/**
 * A report as CSV rows: the tables one after another, each preceded by a line with its section
 * title when the report has several (CSV has no sheets).
 */
export function reportCsvRows(model: ReportModel): string[][] {
  const rows: string[][] = [];
  const many = model.sections.reduce((n, s) => n + s.tables.length, 0) > 1;
  for (const s of model.sections)
    for (const t of s.tables) {
      if (many) {
        if (rows.length) rows.push([]);
        rows.push([t.title ? `${s.title} ${t.title}` : s.title]);
      }
      rows.push(...tableRows(t));
    }
  return rows;
}

/**
 * A report as CSV (see {@link reportCsvRows}).
 *
 * @example reportCsv(kpiListModel) // Uint8Array starting with EF BB BF
 */
export function reportCsv(model: ReportModel, encoding: CsvEncoding = 'utf8-bom'): Uint8Array {
  return encodeCsv(csvText(reportCsvRows(model)), encoding);
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
  const rows = reportCsvRows(model);
  return {
    bytes: encodeCsv(csvText(rows), encoding),
    warnings: encoding === 'shift_jis' ? shiftJisWarnings(rows.map((r) => r.map((f) => neutralize(f)))) : [],
  };
}
