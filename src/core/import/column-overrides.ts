/**
 * Column overrides (列の対応付けの修正): the person importing corrects what recognition decided a
 * column holds (`令和2年度` read as a note → actuals of 2020; a column of remarks → ignore).
 * Applied generically where columns get their roles, after the header lexicon and the content
 * inference, before the table is classified and read; so a corrected column changes the document
 * exactly as if the header had said it. An ignored column's cells are listed as unmapped, never
 * silently dropped; an override that names no table or column found becomes a warning with its place.
 */
import type { Issue } from '../issue.ts';
import type { SheetCell, SheetRow } from './context.ts';
import { columnType, type HeaderField } from './header-lexicon.ts';
import { type ColumnOverride, OVERRIDE_FIELDS, type OverrideField, YEAR_FIELDS } from './override-fields.ts';
import type { Schema } from './segment.ts';

export type { ColumnOverride, OverrideField } from './override-fields.ts';
export { OVERRIDE_FIELDS, YEAR_FIELDS } from './override-fields.ts';

/** Reason listed for the cells of an ignored column in `document.unmapped`. */
export const IGNORED_REASON = 'column ignored in the mapping (取込の対応付けで無視)';

const TO_HEADER: Record<Exclude<OverrideField, 'ignore'>, HeaderField> = {
  name: 'kpiName',
  unit: 'unit',
  baseline: 'baseline',
  target: 'target',
  actual: 'actual',
  department: 'department',
  status: 'status',
  goal: 'goal',
  measure: 'measure',
  role: 'role',
  definition: 'definition',
  note: 'notes',
};

/**
 * The internal header field an override field stands for (null for `ignore`).
 *
 * @example headerFieldOf('name') // 'kpiName'
 * @example headerFieldOf('ignore') // null
 */
export function headerFieldOf(field: OverrideField): HeaderField | null {
  return field === 'ignore' ? null : TO_HEADER[field];
}

/**
 * The overrides that name a table: by position among the tables found so far or by first row.
 *
 * @example
 * overridesFor(list, { file: 'kpi.csv', sheet: null, index: 0, firstRow: 1 }) // those of that table
 */
export function overridesFor(
  overrides: readonly ColumnOverride[] | undefined,
  table: { file: string; sheet: string | null; index: number; firstRow: number },
): ColumnOverride[] {
  if (!overrides || overrides.length === 0) return [];
  return overrides.filter(
    (o) =>
      o != null &&
      o.file === table.file &&
      (o.sheet ?? null) === table.sheet &&
      (typeof o.table === 'number' ? o.table === table.index : o.table?.firstRow === table.firstRow),
  );
}

/** What applying overrides to one table did. */
export interface AppliedOverrides {
  /** Columns set by an override (their report entries say so). */
  overridden: Set<number>;
  /** Columns to ignore: their data cells are listed unmapped. */
  ignored: Set<number>;
  /** Overrides applied (the rest named a column the table does not have, or were invalid). */
  applied: Set<ColumnOverride>;
}

/**
 * Applies the overrides of one table to its schema (in place; the last override of a column wins).
 * A column set to a year field takes `fiscalYear` as its year when given.
 *
 * @example
 * // header 指標名 | 備考 ; override column 2 → actual 2021
 * applyOverrides(schema, [{ file, sheet: null, table: 0, column: 2, field: 'actual', fiscalYear: 2021 }])
 * schema.columns[1].field // 'actual'
 */
export function applyOverrides(schema: Schema, overrides: readonly ColumnOverride[]): AppliedOverrides {
  const result: AppliedOverrides = { overridden: new Set(), ignored: new Set(), applied: new Set() };
  for (const o of overrides) {
    if (!isValid(o)) continue;
    const column = schema.columns.find((c) => c.col === o.column);
    if (!column) continue;
    result.applied.add(o);
    result.overridden.add(o.column);
    const field = headerFieldOf(o.field);
    if (field == null) {
      result.ignored.add(o.column);
      continue;
    }
    result.ignored.delete(o.column);
    column.field = field;
    column.type = columnType(field);
    delete column.other;
    delete column.alt;
    if (YEAR_FIELDS.includes(o.field) && o.fiscalYear != null) {
      column.year = o.fiscalYear;
      column.yearTo = null;
      column.basis = 'fiscal';
    }
  }
  return result;
}

/**
 * The data rows without the cells of the given columns, and the cells taken out.
 *
 * @example withoutColumns([{ row: 2, cells: [a, b] }], new Set([2])) // { rows: [{ row: 2, cells: [a] }], removed: [b] }
 */
export function withoutColumns(
  rows: SheetRow[],
  columns: ReadonlySet<number>,
): { rows: SheetRow[]; removed: SheetCell[] } {
  if (columns.size === 0) return { rows, removed: [] };
  const removed: SheetCell[] = [];
  const out: SheetRow[] = [];
  for (const r of rows) {
    const cells = r.cells.filter((c) => {
      if (!columns.has(c.col)) return true;
      removed.push(c);
      return false;
    });
    if (cells.length > 0) out.push(cells.length === r.cells.length ? r : { row: r.row, cells });
  }
  return { rows: out, removed };
}

function isValid(o: ColumnOverride): boolean {
  return (
    o != null &&
    Number.isInteger(o.column) &&
    o.column >= 1 &&
    (OVERRIDE_FIELDS as readonly string[]).includes(o.field) &&
    (o.fiscalYear == null || (Number.isInteger(o.fiscalYear) && o.fiscalYear >= 1900 && o.fiscalYear <= 2200))
  );
}

/**
 * Warnings for the overrides that were not applied: the table or the column was not found, or
 * the override was invalid. Each names its place and the index of the override (`columnOverrides[i]`).
 *
 * @example
 * unappliedWarnings([{ file: 'a.csv', sheet: null, table: 5, column: 2, field: 'note' }], new Set(), [])
 * // [{ code: 'COLUMN_OVERRIDE_UNMATCHED', severity: 'warning', place: { file: 'a.csv', ... }, ... }]
 */
export function unappliedWarnings(
  overrides: readonly ColumnOverride[] | undefined,
  applied: ReadonlySet<ColumnOverride>,
  tables: readonly { file: string; sheet: string | null; firstRow: number }[],
): Issue[] {
  const out: Issue[] = [];
  (overrides ?? []).forEach((o, i) => {
    if (applied.has(o)) return;
    const field = `columnOverrides[${i}]`;
    if (o == null || !isValid(o)) {
      out.push({
        code: 'COLUMN_OVERRIDE_INVALID',
        severity: 'warning',
        message: `列の対応付けの修正 ${i + 1} 件目が正しくないため使いませんでした (項目は ${OVERRIDE_FIELDS.join('・')} のいずれか、列は1以上)`,
        messageEn: `Column override ${i + 1} is invalid and was not applied (field must be one of ${OVERRIDE_FIELDS.join(', ')}; column 1 or more)`,
        place: { file: o?.file ?? null, sheet: o?.sheet ?? null, column: o?.column ?? null, field },
        hint: null,
      });
      return;
    }
    const table =
      typeof o.table === 'number'
        ? tables[o.table]
        : tables.find(
            (t) => t.file === o.file && t.sheet === (o.sheet ?? null) && t.firstRow === firstRowOf(o),
          );
    const found = table && table.file === o.file && table.sheet === (o.sheet ?? null);
    out.push(
      found
        ? {
            code: 'COLUMN_OVERRIDE_UNMATCHED',
            severity: 'warning',
            message: `表に${o.column}列目がないため、列の対応付けの修正を使いませんでした。列番号を確認してください`,
            messageEn: `The table has no column ${o.column}; the column override was not applied. Check the column number`,
            place: { file: o.file, sheet: o.sheet ?? null, row: table.firstRow, column: o.column, field },
            hint: null,
          }
        : {
            code: 'COLUMN_OVERRIDE_UNMATCHED',
            severity: 'warning',
            message:
              '指定した表が見つからないため、列の対応付けの修正を使いませんでした。ファイル・シート・表を確認してください',
            messageEn:
              'The table named was not found; the column override was not applied. Check the file, sheet and table',
            place: {
              file: o.file,
              sheet: o.sheet ?? null,
              row: firstRowOf(o),
              column: o.column,
              field: `${field}.table`,
            },
            hint: null,
          },
    );
  });
  return out;
}

function firstRowOf(o: ColumnOverride): number | null {
  return typeof o.table === 'number' ? null : (o.table?.firstRow ?? null);
}
