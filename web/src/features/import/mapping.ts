/**
 * The column mapping of an import preview as the wizard edits it: which field a recognized column
 * holds, and the list of overrides sent to `POST /api/imports/:id/mapping` when one changes.
 */

import {
  type ColumnOverride as CoreColumnOverride,
  OVERRIDE_FIELDS,
  type OverrideField,
  YEAR_FIELDS,
} from '../../../../src/core/import/override-fields.ts';

export type { OverrideField } from '../../../../src/core/import/override-fields.ts';
export { OVERRIDE_FIELDS, YEAR_FIELDS } from '../../../../src/core/import/override-fields.ts';

/** An override as the wizard sends it (a table named by its position in the report) or as a template kept it (by its first row). */
export type ColumnOverride = CoreColumnOverride;

/** Recognized field names (header lexicon) that are override fields under another name. */
const RECOGNIZED: Record<string, OverrideField> = {
  kpiName: 'name',
  numericTarget: 'name',
  notes: 'note',
};

/**
 * The override field a recognized column's field stands for, or null when it is none of them
 * (a project name, a caption, a header kept as a note).
 *
 * @example asOverrideField('kpiName') // 'name'
 */
export function asOverrideField(field: string): OverrideField | null {
  if (RECOGNIZED[field]) return RECOGNIZED[field];
  return (OVERRIDE_FIELDS as readonly string[]).includes(field) ? (field as OverrideField) : null;
}

/**
 * The overrides with the one of a column replaced (or removed when `field` is null: back to what
 * recognition decides).
 *
 * @example withOverride([], { file: 'a.csv', sheet: null, table: 0, column: 4 }, 'ignore')
 * // [{ file: 'a.csv', sheet: null, table: 0, column: 4, field: 'ignore' }]
 */
export function withOverride(
  list: readonly ColumnOverride[],
  at: { file: string; sheet: string | null; table: number; column: number },
  field: OverrideField | null,
  fiscalYear?: number | null,
): ColumnOverride[] {
  const rest = list.filter(
    (o) => !(o.file === at.file && o.sheet === at.sheet && o.table === at.table && o.column === at.column),
  );
  if (field == null) return rest;
  const next: ColumnOverride = { ...at, field };
  if (YEAR_FIELDS.includes(field) && fiscalYear != null && Number.isInteger(fiscalYear))
    next.fiscalYear = fiscalYear;
  return [...rest, next];
}

export type {
  StructureColumn,
  StructureRole,
  TableStructure,
} from '../../../../src/core/import/override-fields.ts';
export { STRUCTURE_ROLES } from '../../../../src/core/import/override-fields.ts';

/**
 * Row numbers typed as `2, 3` or `5 9` (full-width digits too), or null when one is not a row.
 *
 * @example parseRows('２, 3') // [2, 3]
 * @example parseRows('') // []
 * @example parseRows('2, x') // null
 */
export function parseRows(text: string): number[] | null {
  const parts = text
    .normalize('NFKC')
    .split(/[\s,、]+/u)
    .filter(Boolean);
  const rows = parts.map(Number);
  if (rows.some((r) => !Number.isInteger(r) || r < 1)) return null;
  return [...new Set(rows)].sort((a, b) => a - b);
}
