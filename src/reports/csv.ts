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

/** Encodes CSV text: UTF-8 with a BOM, or Shift_JIS (characters it lacks become `?`). */
export function encodeCsv(text: string, encoding: CsvEncoding = 'utf8-bom'): Uint8Array {
  if (encoding === 'shift_jis') return iconv.encode(text, 'Shift_JIS');
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
 * A report as CSV: the tables one after another, each preceded by a line with its section
 * title when the report has several (CSV has no sheets).
 *
 * @example reportCsv(kpiListModel) // Uint8Array starting with EF BB BF
 */
export function reportCsv(model: ReportModel, encoding: CsvEncoding = 'utf8-bom'): Uint8Array {
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
  return encodeCsv(csvText(rows), encoding);
}
