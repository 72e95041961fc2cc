/**
 * Import templates (取込テンプレート): the structure and column corrections a person made for one
 * shape of file, kept for the municipality and applied to next year's file of the same shape. A
 * template is recognized by its header signature — a normalized fingerprint of the header rows
 * (cell positions and words, with year numbers blanked so that `令和5年度実績` next year reads
 * `令和6年度実績` and still matches) — and is never applied to a file whose header differs.
 */

import type { ColumnOverride } from './column-overrides.ts';
import type { GridSheet, GridWorkbook } from './grid.ts';
import { matchHeader } from './header-lexicon.ts';
import { bareYearOf } from './memo.ts';
import type { TableStructure } from './override-fields.ts';

/** The header rows of one sheet that identify the shape, and their fingerprint. */
export interface SignaturePart {
  sheet: string | null;
  rows: number[];
  key: string;
}

/** A column override as a template keeps it: no file name, its table named by its first row. */
export type TemplateOverride = Omit<ColumnOverride, 'file' | 'table'> & { table: { firstRow: number } };

/** What a template holds. */
export interface TemplateBody {
  signature: SignaturePart[];
  structures: TableStructure[];
  overrides: TemplateOverride[];
}

/** Largest shift of rows (title lines added or removed above the table) a match allows. */
export const MAX_SHIFT = 10;

/**
 * The fingerprint of a header cell: NFKC, no spaces, every run of digits as `#` (years, periods,
 * numbering), lowercase.
 *
 * @example cellKey('令和５年度 実績') // '令和#年度実績'
 * @example cellKey('R5実績') // 'r#実績'
 */
export function cellKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/[0-9]+(?:\.[0-9]+)?/gu, '#')
    .replace(/元(?=年)/gu, '#')
    .toLowerCase();
}

/**
 * The fingerprint of some rows of a sheet: each non-blank cell as `column:key`, rows joined in
 * order. Empty when the rows hold nothing.
 *
 * @example rowsKey(sheet, [1]) // '1:指標名|2:基準値|3:目標値(r#)'
 */
export function rowsKey(sheet: GridSheet, rows: readonly number[]): string {
  const byRow = new Map<number, (string | null)[]>();
  for (const r of sheet.rows ?? []) if (r && Array.isArray(r.cells)) byRow.set(r.row, r.cells);
  const out: string[] = [];
  for (const n of rows) {
    const cells = byRow.get(n) ?? [];
    const parts: string[] = [];
    cells.forEach((c, i) => {
      if (typeof c !== 'string') return;
      const k = cellKey(c);
      if (k) parts.push(`${i + 1}:${k}`);
    });
    out.push(parts.join('|'));
  }
  return out.every((r) => r === '') ? '' : out.join('/');
}

function sheetOf(workbook: GridWorkbook, name: string | null): GridSheet | undefined {
  return (workbook?.sheets ?? []).find((s) => (s?.name ?? null) === name);
}

/**
 * The template of a finished mapping: the structures (without file names) and the overrides (their
 * tables named by first row, as found in `tables`, the report's list), with the signature of the
 * header rows they depend on.
 *
 * @example
 * templateOf(workbook, [{ sheet: null, headerRows: [2], firstDataRow: 3 }], [], [])
 * // { signature: [{ sheet: null, rows: [2], key: '1:指標名|2:基準値' }], structures: [...], overrides: [] }
 */
export function templateOf(
  workbook: GridWorkbook,
  structures: readonly TableStructure[],
  overrides: readonly ColumnOverride[],
  tables: readonly { file: string; sheet: string | null; firstRow: number }[],
): TemplateBody {
  const wanted = new Map<string | null, Set<number>>();
  const want = (sheet: string | null, rows: number[]) => {
    const set = wanted.get(sheet) ?? new Set<number>();
    for (const r of rows) set.add(r);
    wanted.set(sheet, set);
  };
  const outStructures: TableStructure[] = [];
  for (const s of structures) {
    const { file: _file, ...rest } = s;
    const sheet = sheetOf(workbook, s.sheet ?? null);
    // A year the header itself states is read from next year's header, not kept in the template.
    const columns = s.columns?.map((c) => {
      if (c.fiscalYear == null || !sheet || headerYear(sheet, s.headerRows, c.column) !== c.fiscalYear)
        return c;
      const { fiscalYear: _y, ...own } = c;
      return own;
    });
    outStructures.push({ ...rest, sheet: s.sheet ?? null, ...(columns ? { columns } : {}) });
    want(s.sheet ?? null, s.headerRows.length > 0 ? s.headerRows : [s.firstDataRow]);
  }
  const outOverrides: TemplateOverride[] = [];
  for (const o of overrides) {
    const firstRow = typeof o.table === 'number' ? tables[o.table]?.firstRow : o.table?.firstRow;
    if (firstRow == null) continue;
    const { file: _file, table: _table, ...rest } = o;
    outOverrides.push({ ...rest, sheet: o.sheet ?? null, table: { firstRow } });
    want(o.sheet ?? null, [firstRow]);
  }
  const signature: SignaturePart[] = [];
  for (const [sheet, set] of wanted) {
    const rows = [...set].sort((a, b) => a - b);
    const s = sheetOf(workbook, sheet);
    signature.push({ sheet, rows, key: s ? rowsKey(s, rows) : '' });
  }
  return { signature, structures: outStructures, overrides: outOverrides };
}

/** The fiscal year the header cells of a column state (`令和3年度`, `R3実績`), if one does. */
function headerYear(sheet: GridSheet, rows: readonly number[], column: number): number | null {
  for (const r of sheet.rows ?? []) {
    if (!r || !rows.includes(r.row)) continue;
    const text = r.cells?.[column - 1];
    if (typeof text !== 'string' || !text.trim()) continue;
    const year = matchHeader(text)?.year ?? bareYearOf(undefined, text)?.year ?? null;
    if (year != null) return year;
  }
  return null;
}

/** Whether a template fits a workbook, and by how many rows its header moved. */
export type TemplateMatch =
  | { matched: true; shift: number }
  | { matched: false; sheet: string | null; expected: string; found: string };

/**
 * Checks a template against a workbook: every signature part must find the same header fingerprint
 * on its sheet, at the same rows or all shifted by the same number of rows (up to MAX_SHIFT).
 * A template without a signature never matches.
 *
 * @example matchTemplate(nextYear, template) // { matched: true, shift: 0 }
 * @example matchTemplate(otherShape, template) // { matched: false, sheet: null, expected: '1:指標名|…', found: '1:事業名|…' }
 */
export function matchTemplate(workbook: GridWorkbook, body: TemplateBody): TemplateMatch {
  const parts = Array.isArray(body?.signature) ? body.signature.filter((p) => p?.key) : [];
  if (parts.length === 0) return { matched: false, sheet: null, expected: '', found: '' };
  const shifts = [0];
  for (let d = 1; d <= MAX_SHIFT; d++) shifts.push(d, -d);
  for (const shift of shifts) {
    const fits = parts.every((p) => {
      const s = sheetOf(workbook, p.sheet ?? null);
      if (!s || p.rows.some((r) => r + shift < 1)) return false;
      return (
        rowsKey(
          s,
          p.rows.map((r) => r + shift),
        ) === p.key
      );
    });
    if (fits) return { matched: true, shift };
  }
  const first = parts[0]!;
  const s = sheetOf(workbook, first.sheet ?? null);
  return {
    matched: false,
    sheet: first.sheet ?? null,
    expected: first.key,
    found: s ? rowsKey(s, first.rows) : '',
  };
}

/**
 * The recognition options of a template applied to a file: its structures and overrides for that
 * file, rows moved by `shift`.
 *
 * @example applyTemplate(template, 'kpi-2025.csv', 1) // { structures: [{ file: 'kpi-2025.csv', headerRows: [3], … }], columnOverrides: [] }
 */
export function applyTemplate(
  body: TemplateBody,
  file: string,
  shift: number,
): { structures: TableStructure[]; columnOverrides: ColumnOverride[] } {
  const move = (n: number) => n + shift;
  return {
    structures: (body.structures ?? []).map((s) => ({
      ...s,
      file,
      headerRows: s.headerRows.map(move),
      firstDataRow: move(s.firstDataRow),
      ...(s.lastDataRow != null ? { lastDataRow: move(s.lastDataRow) } : {}),
      ...(s.excludeRows ? { excludeRows: s.excludeRows.map(move) } : {}),
    })),
    columnOverrides: (body.overrides ?? []).map((o) => ({
      ...o,
      file,
      table: { firstRow: move(o.table.firstRow) },
    })),
  };
}
