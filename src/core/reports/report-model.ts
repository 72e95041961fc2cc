import { toDisplayUnit } from '../display-unit.ts';
import { formatEraYear } from '../era.ts';
import type { Figure } from '../interchange.ts';

/**
 * One cell of a report (帳票のセル): the text shown, and for figures the number (base units) so
 * that spreadsheets get numbers, with the original text kept where it differs from the number.
 *
 * @example { text: '1,563件', value: 1563, raw: '1,563件' }
 */
export interface ReportCell {
  text: string;
  /** The number, when the cell is a figure with one; renderers write it as a number. */
  value?: number | null;
  /** The original text of the figure, when it says more than the number. */
  raw?: string | null;
  /** A status colour (`#2e7d32`), for status cells. */
  color?: string | null;
}

/** A column: key, header text, width in characters, and kind (long text wraps). */
export interface ReportColumn {
  key: string;
  header: string;
  width: number;
  kind: 'text' | 'number' | 'status' | 'long' | 'mark';
}

/** A row: cells in column order, or a heading row (基本目標・施策の見出し) spanning the table. */
export type ReportRow = { heading: string; cells?: undefined } | { heading?: undefined; cells: ReportCell[] };

/**
 * A table with its columns and rows (the header repeats on every printed page). The rows are read,
 * not held: a renderer takes them one at a time, and a long table's builder makes each as it is
 * taken ({@link lazyRows}), so a document of thousands of indicators never holds all its rows.
 * They may be read more than once (each reading makes them anew); a short fixed table may give an
 * array.
 */
export interface ReportTable {
  id: string;
  title: string | null;
  columns: ReportColumn[];
  rows: Iterable<ReportRow>;
}

/**
 * Rows made by `make` as they are read, anew on each reading (a renderer may read a table twice:
 * the CSV's Shift_JIS check, then its text). Nothing is made before the first row is asked for.
 *
 * @example const rows = lazyRows(function* () { yield { heading: '1 仕事をつくる' }; }); [...rows] // [{ heading: '1 仕事をつくる' }]
 */
export function lazyRows(make: () => Iterator<ReportRow>): Iterable<ReportRow> {
  return { [Symbol.iterator]: make };
}

/**
 * A table's rows in an array (tests, and a caller that wants them all at once).
 *
 * @example collectRows(model.sections[0].tables[0])[0] // { heading: '1 仕事をつくる' }
 */
export function collectRows(table: ReportTable): ReportRow[] {
  return [...table.rows];
}

/** A table with its rows in an array. */
export type CollectedTable = Omit<ReportTable, 'rows'> & { rows: ReportRow[] };

/** A committee document with every table's rows in arrays: the shape of its JSON. */
export type CollectedReportModel = Omit<ReportModel, 'sections'> & {
  sections: (Omit<ReportSection, 'tables'> & { tables: CollectedTable[] })[];
};

/**
 * A committee document with every table's rows made and held (tests, small documents): what its
 * JSON says. Renderers read the rows instead.
 *
 * @example collectModel(model).sections[0].tables[0].rows.length // 24
 */
export function collectModel(model: ReportModel): CollectedReportModel {
  return {
    ...model,
    sections: model.sections.map((s) => ({
      ...s,
      tables: s.tables.map((t) => ({ ...t, rows: collectRows(t) })),
    })),
  };
}

/** A part of a document: one printed section (starting a page) and one worksheet. */
export interface ReportSection {
  id: string;
  title: string;
  /** Worksheet name (at most 31 characters, unique in the document). */
  sheetName: string;
  tables: ReportTable[];
}

/** Kinds of committee documents. */
export type ReportKind =
  | 'kpi-list'
  | 'project-sheets'
  | 'project-matrix'
  | 'period-review'
  | 'status-summary'
  | 'project-list'
  | 'kpi-hierarchy'
  | 'committee-opinions';

/**
 * A committee document (会議資料) as data: what every renderer (print HTML, XLSX, CSV, JSON)
 * draws. Built by the pure functions of src/core/reports from a document, its evaluation and
 * options; the date is an argument (no clock).
 *
 * @example { kind: 'kpi-list', title: '数値目標・KPI一覧', municipality: 'みどり野市',
 *   date: '2025-06-01', dateText: '令和7年6月1日', fiscalYear: 2024, paper: 'A3', sections: [...] }
 */
export interface ReportModel {
  kind: ReportKind;
  title: string;
  titleEn: string;
  municipality: string;
  /** ISO date the document is dated (given by the caller). */
  date: string;
  /** The date in Japanese (`令和7年6月1日`). */
  dateText: string;
  /** The fiscal year reported on, or null. */
  fiscalYear: number | null;
  /** Paper for printing (landscape). */
  paper: 'A4' | 'A3';
  sections: ReportSection[];
}

/** Options every report builder takes: the as-of year, the city's name and the date (no clock). */
export interface ReportOptions {
  /** The fiscal year reported on; default: the evaluation's as-of year. */
  fiscalYear?: number | null;
  /** The municipality's name; default: the document's. */
  municipality?: string | null;
  /** ISO date (YYYY-MM-DD) printed on the document. Required: the core reads no clock. */
  date: string;
  paper?: 'A4' | 'A3';
  /** The document's title (default: the kind's own). */
  title?: string | null;
  /**
   * How the computed grade is shown beside the judgement of record where they differ: its own
   * column (`column`), a mark in the status cell (`mark`, `順調に進捗 〔算定: 遅れ〕`), or not (`none`).
   * Default: `column`.
   */
  computedGrade?: 'column' | 'mark' | 'none';
}

/**
 * Writes an ISO date in Japanese with the era: `2025-06-01` → `令和7年6月1日`. Text that is not a
 * date is returned as it is.
 *
 * @example formatJapaneseDate('2025-06-01') // '令和7年6月1日'
 */
export function formatJapaneseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const year = Number(m[1]);
  return `${formatEraYear(year)}${Number(m[2])}月${Number(m[3])}日`;
}

/**
 * A fiscal-year column header, era first: `R6年度` on one line, `(2024)` under it in print.
 *
 * @example yearHeader(2024) // '令和6年度'
 */
export function yearHeader(fiscalYear: number): string {
  return formatEraYear(fiscalYear, { fiscal: true });
}

/**
 * A cell for a figure: its original text (or the number) and the number.
 *
 * @example figureCell({ value: 1563, fiscalYear: 2019, raw: '1,563件' }) // { text: '1,563件', value: 1563, raw: '1,563件' }
 */
export function figureCell(f: Figure | null | undefined, unit?: string | null): ReportCell {
  if (!f) return { text: '' };
  const raw = f.raw?.trim() || null;
  // Stored in base units; printed (and given as a number) in the indicator's unit (万円, 千人).
  const value = f.value != null && unit ? toDisplayUnit(f.value, unit) : f.value;
  const numberText = value != null ? `${formatPlain(value)}${unit ?? f.unit ?? ''}` : '';
  const text = raw ?? numberText;
  return { text, value, raw: raw && raw !== numberText ? raw : null };
}

/**
 * A text cell.
 *
 * @example textCell('企画政策課') // { text: '企画政策課' }
 */
export function textCell(text: string | null | undefined): ReportCell {
  return { text: text ?? '' };
}

/**
 * A number as plain Japanese print text with thousands separators and at most 2 decimals.
 *
 * @example formatPlain(12345.678) // '12,345.68'
 */
export function formatPlain(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * A worksheet name that Excel accepts (no `[]:*?/\`, at most 31 characters), unique in `taken`.
 *
 * @example sheetName('1-(1) 雇用/創出', new Set()) // '1-(1) 雇用・創出'
 */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '・').slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) {
    const suffix = `(${i})`;
    candidate = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(candidate);
  return candidate;
}
