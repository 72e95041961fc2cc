/**
 * Manual structure (表の構造の指定): what the person importing says about a table recognition got
 * wrong — which rows are its header, where its data starts and ends, which rows to leave out, and
 * what each column holds (including repeated column groups and hierarchy columns). A thin layer in
 * front of the table readers: it splits a sheet's rows and builds the table's schema from the
 * header rows and the roles given; reading the rows stays with recognition.
 */

import { headerFieldOf } from './column-overrides.ts';
import type { SheetCell, SheetRow } from './context.ts';
import { columnType } from './header-lexicon.ts';
import type { Memo } from './memo.ts';
import {
  OVERRIDE_FIELDS,
  type OverrideField,
  STRUCTURE_ROLES,
  type StructureColumn,
  type TableStructure,
  YEAR_FIELDS,
} from './override-fields.ts';
import { buildSchema, type Column, type Schema } from './segment.ts';

export type { StructureColumn, StructureRole, TableStructure } from './override-fields.ts';

/** Reason listed for the cells of a row left out in the mapping, in `document.unmapped`. */
export const EXCLUDED_REASON = 'row excluded in the mapping (取込の対応付けで除外)';

/**
 * The structure given for a sheet of a file, if any (a structure without `file` fits every file).
 *
 * @example structureFor([{ sheet: null, headerRows: [1], firstDataRow: 2 }], 'kpi.csv', null) // that structure
 */
export function structureFor(
  list: readonly TableStructure[] | undefined,
  file: string,
  sheet: string | null,
): TableStructure | null {
  if (!Array.isArray(list)) return null;
  for (const s of list)
    if (s && (s.file == null || s.file === file) && (s.sheet ?? null) === sheet && isValidStructure(s))
      return s;
  return null;
}

/**
 * True when a structure is usable: row numbers are positive integers, the data starts after the
 * header, and every column role is known.
 *
 * @example isValidStructure({ sheet: null, headerRows: [2], firstDataRow: 1 }) // false
 */
export function isValidStructure(s: TableStructure): boolean {
  const pos = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  if (!Array.isArray(s.headerRows) || !s.headerRows.every(pos) || !pos(s.firstDataRow)) return false;
  if (s.headerRows.some((r) => r >= s.firstDataRow)) return false;
  if (s.lastDataRow != null && (!pos(s.lastDataRow) || s.lastDataRow < s.firstDataRow)) return false;
  if (s.excludeRows != null && !(Array.isArray(s.excludeRows) && s.excludeRows.every(pos))) return false;
  return (s.columns ?? []).every(
    (c) =>
      c != null &&
      pos(c.column) &&
      (STRUCTURE_ROLES as readonly string[]).includes(c.role) &&
      (c.group == null || (Number.isInteger(c.group) && c.group >= 1 && c.group <= 50)) &&
      (c.fiscalYear == null ||
        (Number.isInteger(c.fiscalYear) && c.fiscalYear >= 1900 && c.fiscalYear <= 2200)),
  );
}

/** A sheet split by a manual structure, and the schema of its table. */
export interface StructuredTable {
  /** Rows above the table (titles, notes): read as recognition reads any rows. */
  before: SheetRow[];
  header: SheetRow[];
  data: SheetRow[];
  /** Rows left out: the excluded ones and those between the header and the first data row. */
  excluded: SheetRow[];
  /** Rows below the last data row. */
  after: SheetRow[];
  /** Columns the table readers see (hierarchy columns read here and ignored columns left out). */
  schema: Schema;
  /** Header cells that name a column or a caption (the rest are listed unmapped). */
  usedHeaderCells: Set<SheetCell>;
  ignored: Set<number>;
  overridden: Set<number>;
  /** Repeated column groups, in order (empty: one indicator per row). */
  groups: number[];
  groupOf: Map<number, number>;
  /** Hierarchy columns recognition's table readers do not read themselves. */
  viewpoint: number | null;
  project: number | null;
}

/**
 * Splits a sheet's rows by a structure and builds the table's schema: the header rows read as
 * recognition reads a header, then each column given a role set to it.
 *
 * @example
 * // rows: 1 title, 2 header 名称|基準|目標, 3.. data; column 1 → name
 * splitStructured(rows, { sheet: null, headerRows: [2], firstDataRow: 3, columns: [{ column: 1, role: 'name' }] })
 * // { before: [row 1], header: [row 2], data: [rows 3..], schema: { columns: [kpiName, …] }, … }
 */
export function splitStructured(rows: SheetRow[], s: TableStructure, memo?: Memo): StructuredTable {
  const headerSet = new Set(s.headerRows);
  const excludedSet = new Set(s.excludeRows ?? []);
  const top = Math.min(s.firstDataRow, ...s.headerRows);
  const last = s.lastDataRow ?? Number.POSITIVE_INFINITY;
  const out: StructuredTable = {
    before: [],
    header: [],
    data: [],
    excluded: [],
    after: [],
    schema: { rows: [], columns: [], signature: '', vertical: false, captions: [] },
    usedHeaderCells: new Set(),
    ignored: new Set(),
    overridden: new Set(),
    groups: [],
    groupOf: new Map(),
    viewpoint: null,
    project: null,
  };
  for (const r of rows) {
    if (r.row < top) out.before.push(r);
    else if (headerSet.has(r.row)) out.header.push(r);
    else if (r.row > last) out.after.push(r);
    else if (r.row < s.firstDataRow || excludedSet.has(r.row)) out.excluded.push(r);
    else out.data.push(r);
  }
  const schema: Schema =
    out.header.length > 0
      ? buildSchema(out.header, memo)
      : { rows: [], columns: [], signature: '', vertical: false, captions: [] };
  const captions = new Set(schema.captions ?? []);
  const headerCellAt = (col: number): SheetCell | null => {
    for (const r of out.header) for (const c of r.cells) if (c.col === col && !c.copy) return c;
    return null;
  };
  const byCol = new Map<number, StructureColumn>();
  for (const c of s.columns ?? []) byCol.set(c.column, c);
  const columns: Column[] = [];
  const taken = new Set<number>();
  for (const column of schema.columns) {
    taken.add(column.col);
    const role = byCol.get(column.col);
    if (!role) {
      columns.push(column);
      if (column.headerCell) out.usedHeaderCells.add(column.headerCell);
      continue;
    }
    const next = withRole(column, role, out);
    if (next) columns.push(next);
  }
  for (const role of byCol.values()) {
    if (taken.has(role.column)) continue;
    const cell = headerCellAt(role.column);
    if (cell) captions.delete(cell);
    const blank: Column = {
      col: role.column,
      field: 'other',
      type: 'text',
      header: cell?.text ?? '',
      headerCell: cell,
      year: null,
      yearTo: null,
      date: null,
      basis: 'fiscal',
      generation: null,
    };
    const next = withRole(blank, role, out);
    if (next) columns.push(next);
  }
  columns.sort((a, b) => a.col - b.col);
  for (const c of captions) out.usedHeaderCells.add(c);
  out.groups = [...new Set(out.groupOf.values())].sort((a, b) => a - b);
  out.schema = {
    ...schema,
    columns,
    captions: [...captions],
    signature: `manual:${columns.map((c) => `${c.field}${out.groupOf.get(c.col) ?? ''}`).join(',')}`,
  };
  return out;
}

/** The column with a role set, or null for a column the readers do not see. */
function withRole(column: Column, role: StructureColumn, out: StructuredTable): Column | null {
  out.overridden.add(column.col);
  if (column.headerCell) out.usedHeaderCells.add(column.headerCell);
  if (role.role === 'ignore') {
    out.ignored.add(column.col);
    return null;
  }
  if (role.role === 'viewpoint' || role.role === 'project') {
    out[role.role] = column.col;
    return null;
  }
  if (role.group != null) out.groupOf.set(column.col, role.group);
  const field = headerFieldOf(role.role as OverrideField);
  if (field == null || !(OVERRIDE_FIELDS as readonly string[]).includes(role.role)) return column;
  const next: Column = { ...column, field, type: columnType(field) };
  delete next.other;
  delete next.alt;
  if ((YEAR_FIELDS as readonly string[]).includes(role.role) && role.fiscalYear != null) {
    next.year = role.fiscalYear;
    next.yearTo = null;
    next.basis = 'fiscal';
  }
  return next;
}

/**
 * The schema and the row of one repeated group: the shared columns and the group's own. Cells of
 * shared columns are copies from the second group on, so that they are read again (hierarchy,
 * department, unit) without being counted twice.
 *
 * @example groupView(table, row, 2) // row 5 with the name/baseline/target of group 2 and the shared goal
 */
export function groupView(
  table: StructuredTable,
  row: SheetRow,
  group: number,
): { schema: Schema; row: SheetRow } {
  const first = table.groups[0] === group;
  const mine = (col: number) => {
    const g = table.groupOf.get(col);
    return g == null || g === group;
  };
  const cells: SheetCell[] = [];
  for (const c of row.cells) {
    if (!mine(c.col)) continue;
    cells.push(first || table.groupOf.has(c.col) ? c : { ...c, copy: true });
  }
  return {
    schema: { ...table.schema, columns: table.schema.columns.filter((c) => mine(c.col)) },
    row: { row: row.row, cells },
  };
}
