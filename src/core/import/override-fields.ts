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

/**
 * Roles a column can take when the person importing sets a table's structure by hand
 * (manual-structure.ts): the override fields, plus the hierarchy levels 視点 (`viewpoint`) and
 * 事業 (`project`) that a KPI row can belong to.
 */
export const STRUCTURE_ROLES = [
  'name',
  'unit',
  'baseline',
  'target',
  'actual',
  'department',
  'status',
  'viewpoint',
  'goal',
  'measure',
  'project',
  'role',
  'definition',
  'note',
  'ignore',
] as const;

/** One role of a column in a manual structure. */
export type StructureRole = (typeof STRUCTURE_ROLES)[number];

/** Roles of a repeated column group (繰り返し列グループ: name / baseline / target / actual / unit). */
export const GROUP_ROLES: readonly StructureRole[] = [
  'name',
  'unit',
  'baseline',
  'target',
  'actual',
  'status',
];

/** Roles that place a row in the hierarchy (視点 / 基本目標 / 施策 / 事業 / 担当課). */
export const HIERARCHY_ROLES: readonly StructureRole[] = [
  'viewpoint',
  'goal',
  'measure',
  'project',
  'department',
];

/**
 * The role of one column in a manual structure. `group` (1, 2, …) puts the column in a repeated
 * column group: a row holds one indicator per group, sharing the columns without a group.
 *
 * @example { column: 5, role: 'target', group: 2, fiscalYear: 2024 }
 */
export interface StructureColumn {
  column: number;
  role: StructureRole;
  group?: number;
  fiscalYear?: number;
}

/**
 * A table whose structure the person importing set by hand (表の構造の指定): its header rows, its
 * data rows (from `firstDataRow` to `lastDataRow`, or to the end of the sheet, without the
 * excluded rows) and the role of each column (the others keep what their header says). `file`
 * null or absent: the sheet of whichever file is read (a template applies to next year's file).
 *
 * @example { sheet: null, headerRows: [3], firstDataRow: 4, excludeRows: [9], columns: [{ column: 2, role: 'name' }] }
 */
export interface TableStructure {
  file?: string | null;
  sheet: string | null;
  headerRows: number[];
  firstDataRow: number;
  lastDataRow?: number | null;
  excludeRows?: number[];
  columns?: StructureColumn[];
}
