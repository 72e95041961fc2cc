/**
 * The fields a person importing may assign to a column (列の対応付け), shared by recognition
 * (column-overrides.ts) and the import wizard in the browser. No imports, so the browser bundle
 * takes only this list.
 */

/** Fields a column can be set to (the fields recognition maps, plus `ignore`). */
export const OVERRIDE_FIELDS = [
  'name',
  'unit',
  'baseline',
  'target',
  'actual',
  'department',
  'status',
  'goal',
  'measure',
  'role',
  'definition',
  'note',
  'ignore',
] as const;

/** One field a column can be set to. */
export type OverrideField = (typeof OVERRIDE_FIELDS)[number];

/** Fields whose column holds figures of one year (`fiscalYear` applies to them). */
export const YEAR_FIELDS: readonly OverrideField[] = ['baseline', 'target', 'actual'];

/**
 * One correction: the column `column` (1-based) of a table of a sheet holds `field`.
 * `table` is the table's position in `report.tables` or `{ firstRow }`, the first row of its header.
 *
 * @example { file: 'kpi.csv', sheet: null, table: 0, column: 4, field: 'actual', fiscalYear: 2021 }
 */
export interface ColumnOverride {
  file: string;
  sheet: string | null;
  table: number | { firstRow: number };
  column: number;
  field: OverrideField;
  fiscalYear?: number;
}
