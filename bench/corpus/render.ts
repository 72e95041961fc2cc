/**
 * Writing helpers of the corpus: fiscal years and figures as municipalities write them, and
 * sheets of text cells written out as TSV (with PDF-to-text leftovers), CSV (UTF-8 or Shift_JIS)
 * and XLSX (merged cells, several sheets).
 */
import iconv from 'iconv-lite';
import { makeXlsx } from '../../test/fixtures/xlsx-writer.ts';

export { colName } from '../../test/fixtures/xlsx-writer.ts';

import type { Rand } from './strategy.ts';
import type { CorpusFile } from './types.ts';

/** How a fiscal year is written. */
export type YearStyle = 'R5' | '令和5年度' | 'R5年度' | '2023年度' | '2023' | 'H30' | '和暦短';

export const YEAR_STYLES: readonly YearStyle[] = [
  'R5',
  '令和5年度',
  'R5年度',
  '2023年度',
  '2023',
  'H30',
  '和暦短',
];

/**
 * A fiscal year as written in a style. Years before 2019 are written in 平成 in the era styles;
 * `H30` writes every era year with its letter (`H30`, `R1`), `和暦短` without 度 (`令和5年`) only
 * where the table means fiscal years anyway (in headers).
 *
 * @example yearText(2023, '令和5年度') // '令和5年度'
 * @example yearText(2018, 'R5') // 'H30'
 * @example yearText(2019, '令和5年度') // '令和元年度'
 */
export function yearText(fy: number, style: YearStyle): string {
  const reiwa = fy >= 2019;
  const n = reiwa ? fy - 2018 : fy - 1988;
  const letter = reiwa ? 'R' : 'H';
  const era = reiwa ? '令和' : '平成';
  switch (style) {
    case 'R5':
    case 'H30':
      return `${letter}${n}`;
    case 'R5年度':
      return `${letter}${n}年度`;
    case '令和5年度':
      return `${era}${n === 1 ? '元' : n}年度`;
    case '和暦短':
      return `${era}${n}年度`;
    case '2023年度':
      return `${fy}年度`;
    case '2023':
      return `${fy}`;
  }
}

/** How a figure's unit is written: in the cell, in the indicator's name `(件)`, or in a unit column. */
export type UnitStyle = 'cell' | 'name' | 'column';

/**
 * A number with thousands separators as written (`12,345`, `45.2`).
 *
 * @example numberText(12345) // '12,345'
 */
export function numberText(v: number): string {
  const [i, f] = String(v).split('.');
  const int = i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return f ? `${int}.${f}` : int;
}

/**
 * A figure cell: the number, with its unit when the unit style writes units in cells.
 *
 * @example figureText(1200, '人', 'cell') // '1,200人'
 */
export function figureText(v: number | null, unit: string, style: UnitStyle, none = '-'): string {
  if (v == null) return none;
  return style === 'cell' ? `${numberText(v)}${unit}` : numberText(v);
}

/** An indicator's name as written: with `(件)` after it when units go in the name. */
export function nameText(name: string, unit: string, style: UnitStyle): string {
  return style === 'name' && unit ? `${name}（${unit}）` : name;
}

/** One sheet of text cells (null: empty) with merged ranges (`A2:A5`), for XLSX. */
export interface Sheet {
  name: string;
  rows: (string | null)[][];
  merges?: string[];
}

/** File formats the corpus writes. */
export type Format = 'tsv' | 'csv' | 'csv-sjis' | 'xlsx';

export const FORMATS: readonly Format[] = ['tsv', 'csv', 'csv-sjis', 'xlsx'];

function csvCell(v: string | null): string {
  if (v == null) return '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Writes sheets as files of a format: XLSX keeps the sheets in one workbook; the delimited
 * formats write one file per sheet (as a municipality exports each sheet), TSV with the
 * leftovers of a PDF-to-text conversion when `pdf` is given.
 */
export function writeFiles(base: string, format: Format, sheets: Sheet[], pdf?: Rand): CorpusFile[] {
  if (format === 'xlsx')
    return [
      {
        name: `${base}.xlsx`,
        bytes: makeXlsx(sheets.map((s) => ({ name: s.name, rows: s.rows, merges: s.merges ?? [] }))),
      },
    ];
  return sheets.map((s, k) => {
    const name = `${base}${sheets.length > 1 ? `-${k + 1}` : ''}.${format === 'tsv' ? 'tsv' : 'csv'}`;
    const rows = format === 'tsv' && pdf ? pdfLeftovers(s.rows, pdf) : s.rows;
    const text = `${rows.map((r) => r.map(format === 'tsv' ? (v) => (v ?? '').replace(/[\t\n]/g, ' ') : csvCell).join(format === 'tsv' ? '\t' : ',')).join('\r\n')}\r\n`;
    const bytes = format === 'csv-sjis' ? iconv.encode(text, 'cp932') : Buffer.from(text, 'utf8');
    return { name, bytes: new Uint8Array(bytes) };
  });
}

/**
 * What a PDF-to-text conversion leaves in a table: stray HTML tags around or inside cells
 * (`<br>`, `</td>`), and now and then a row with a leading empty cell (the row shifted right).
 * Leftovers never change a figure or a name's words.
 */
export function pdfLeftovers(rows: (string | null)[][], r: Rand): (string | null)[][] {
  return rows.map((row) => {
    const out = row.map((v) => {
      if (v == null || v === '') return v;
      if (r.chance(0.04)) return `${v}</td>`;
      if (r.chance(0.03) && v.length > 6 && !/\d/.test(v)) return `${v.slice(0, 4)}<br>${v.slice(4)}`;
      return v;
    });
    return r.chance(0.06) ? [null, ...out] : out;
  });
}
