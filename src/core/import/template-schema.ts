/**
 * The schemas of manual structures and import templates (Zod): one definition for the API's
 * validation, the template files exported and imported as JSON, and the CLI's `--template`.
 */

import { z } from 'zod';
import { OVERRIDE_FIELDS, STRUCTURE_ROLES } from './override-fields.ts';

const row = z.number().int().min(1).max(1_048_576);

/** One column's role in a manual structure. */
export const structureColumnSchema = z.strictObject({
  column: z.number().int().min(1).max(16384),
  role: z.enum(STRUCTURE_ROLES),
  group: z.number().int().min(1).max(50).optional(),
  fiscalYear: z.number().int().min(1900).max(2200).optional(),
});

/** A table's structure set by hand (see manual-structure.ts). */
export const tableStructureSchema = z
  .strictObject({
    file: z.string().max(255).nullable().optional(),
    sheet: z.string().max(255).nullable(),
    headerRows: z.array(row).max(5),
    firstDataRow: row,
    lastDataRow: row.nullable().optional(),
    excludeRows: z.array(row).max(10000).optional(),
    columns: z.array(structureColumnSchema).max(1000).optional(),
  })
  .refine((s) => s.headerRows.every((r) => r < s.firstDataRow), {
    message: 'header rows come before the first data row',
    path: ['headerRows'],
  })
  .refine((s) => s.lastDataRow == null || s.lastDataRow >= s.firstDataRow, {
    message: 'the last data row is not before the first',
    path: ['lastDataRow'],
  });

/** The body of a template (see template.ts TemplateBody). */
export const templateBodySchema = z.strictObject({
  signature: z
    .array(
      z.strictObject({
        sheet: z.string().max(255).nullable(),
        rows: z.array(row).max(10),
        key: z.string().max(20000),
      }),
    )
    .min(1)
    .max(50),
  structures: z.array(tableStructureSchema).max(50),
  overrides: z
    .array(
      z.strictObject({
        sheet: z.string().max(255).nullable(),
        table: z.strictObject({ firstRow: row }),
        column: z.number().int().min(1).max(16384),
        field: z.enum(OVERRIDE_FIELDS),
        fiscalYear: z.number().int().min(1900).max(2200).optional(),
      }),
    )
    .max(2000),
});

/** Name of the template file format. */
export const TEMPLATE_FORMAT = 'sousei-import-template';

/**
 * A template as a file (exported, imported, given to `sousei import --template`).
 *
 * @example { format: 'sousei-import-template', version: 1, name: 'KPI進捗表', template: { signature: [...], structures: [...], overrides: [] } }
 */
export const templateFileSchema = z.strictObject({
  format: z.literal(TEMPLATE_FORMAT),
  version: z.literal(1),
  name: z.string().trim().min(1).max(200),
  template: templateBodySchema,
});
export type TemplateFile = z.infer<typeof templateFileSchema>;
