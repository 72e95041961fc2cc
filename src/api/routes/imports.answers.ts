/**
 * Answer schemas of the import routes (取込: upload and preview, column mapping and structure,
 * where the import goes, commit, templates), beside the routes (see answers.ts): in the OpenAPI
 * document, the web app's types (the import wizard), and checked against every real answer of the
 * test suite. routes/imports.ts holds the services' types to them.
 */
import { z } from 'zod';
import { OVERRIDE_FIELDS } from '../../core/import/override-fields.ts';
import { tableStructureSchema, templateFileSchema } from '../../core/import/template-schema.ts';
import { issueAnswer } from '../answers.ts';

const count = z.number().int();
const isoTime = z.string().min(1);

/** One table found in a sheet: where, of which kind, and the mapping of its columns and values. */
export const tableReportAnswer = z.strictObject({
  file: z.string(),
  sheet: z.string().nullable(),
  firstRow: count,
  lastRow: count,
  kind: z.string(),
  columns: z.array(
    z.strictObject({
      column: count,
      header: z.string(),
      field: z.string(),
      year: count.optional(),
      overridden: z.boolean().optional(),
      group: count.optional(),
    }),
  ),
  manual: z
    .strictObject({ headerRows: z.array(count), firstDataRow: count, excludedRows: z.array(count) })
    .optional(),
  values: z.array(z.strictObject({ column: count, raw: z.string(), as: z.string() })).optional(),
  decisions: z
    .array(
      z.strictObject({
        row: count.nullable(),
        column: count.nullable(),
        what: z.string(),
        because: z.string(),
      }),
    )
    .optional(),
});

/**
 * The import report: counts, coverage (null for an interchange document: no cells were read),
 * the tables found and the warnings with their place.
 */
export const importReportAnswer = z.strictObject({
  counts: z.strictObject({
    goals: count,
    measures: count,
    projects: count,
    indicators: count,
    figures: count,
  }),
  coverage: z
    .strictObject({
      mappedCells: count,
      nonEmptyCells: count,
      ratio: z.number(),
      figureRows: count.optional(),
      figureRowsRead: count.optional(),
      narrativeCells: count.optional(),
      dataRatio: z.number().optional(),
    })
    .nullable(),
  tables: z.array(tableReportAnswer),
  warnings: z.array(issueAnswer),
});

/** A correction of the column mapping (its table by position in the report, or by first row). */
export const columnOverrideAnswer = z.strictObject({
  file: z.string(),
  sheet: z.string().nullable(),
  table: z.union([count, z.strictObject({ firstRow: count })]),
  column: count,
  field: z.enum(OVERRIDE_FIELDS),
  fiscalYear: count.optional(),
});

/** A template used or matching (id null: a template given as a file, not stored). */
const templateUse = z.strictObject({ id: z.string().nullable(), name: z.string(), shift: count });

/** The first rows and columns of a sheet, as cells of text. */
export const gridPreviewAnswer = z.strictObject({
  file: z.string(),
  sheet: z.string().nullable(),
  rows: z.array(z.strictObject({ row: count, cells: z.array(z.string()) })),
  totalRows: count,
});

/** What a preview shows before anything is committed (POST /api/imports, GET /api/imports/:id). */
export const importPreviewAnswer = z.strictObject({
  id: z.string(),
  version: count,
  fileName: z.string(),
  state: z.enum(['previewed', 'committed', 'discarded']),
  report: importReportAnswer.nullable(),
  issues: z.array(issueAnswer),
  overrides: z.array(columnOverrideAnswer),
  adjustable: z.boolean(),
  blocking: issueAnswer.nullable(),
  structures: z.array(tableStructureSchema),
  template: templateUse.nullable(),
  templates: z.array(templateUse),
  grid: z.array(gridPreviewAnswer),
});

/** A preview with the stored document when asked for (`?document=true`). */
export const importPreviewWithDocumentAnswer = importPreviewAnswer.extend({
  document: z.unknown().optional(),
});

const targetStrategy = z.strictObject({
  id: z.string(),
  name: z.string(),
  periodFrom: count.nullable(),
  periodTo: count.nullable(),
});

const figureSide = z.strictObject({ value: z.number().nullable(), raw: z.string().nullable() });
const changeCounts = z.strictObject({ new: count, changed: count, unchanged: count });

/** What re-importing into a stored strategy changes (core/import/update-plan.ts). */
export const updatePlanAnswer = z.strictObject({
  indicators: z.array(
    z.strictObject({
      ref: z.string(),
      name: z.string(),
      existingId: z.string().nullable(),
      change: z.enum(['new', 'changed', 'unchanged']),
      figures: z.array(
        z.strictObject({
          kind: z.enum(['baseline', 'target', 'actual']),
          fiscalYear: count.nullable(),
          before: figureSide.nullable(),
          after: figureSide,
          change: z.enum(['new', 'changed', 'unchanged']),
        }),
      ),
    }),
  ),
  untouched: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  counts: z.strictObject({ indicators: changeCounts, figures: changeCounts }),
});

/** One strategy period of the document and what the commit does with it. */
export const plannedStrategyAnswer = z.strictObject({
  ref: z.string(),
  name: z.string(),
  generation: count.nullable(),
  periodFrom: count.nullable(),
  periodTo: count.nullable(),
  indicators: count,
  predecessorRef: z.string().nullable(),
  action: z.enum(['create', 'update', 'skip']),
  into: targetStrategy.nullable(),
  update: updatePlanAnswer.nullable(),
});

/** What a commit with these choices will do. */
export const importPlanAnswer = z.strictObject({
  municipality: z.strictObject({
    id: z.string().nullable(),
    name: z.string(),
    code: z.string().nullable(),
    isNew: z.boolean(),
  }),
  strategies: z.array(plannedStrategyAnswer),
  unmatched: z.enum(['add', 'skip']),
});

/** The municipalities (with their strategies) the caller may import into. */
export const importChoicesAnswer = z.strictObject({
  municipalities: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      code: z.string().nullable(),
      strategies: z.array(targetStrategy),
    }),
  ),
  canCreateMunicipality: z.boolean(),
});

/** The plan of a commit and the choices it was made from (POST /api/imports/:id/plan). */
export const importPlanChoicesAnswer = z.strictObject({
  plan: importPlanAnswer,
  choices: importChoicesAnswer,
});

/** What a commit wrote (POST /api/imports/:id/commit), with the plan it followed. */
export const importCommitAnswer = z.strictObject({
  municipalityId: z.string(),
  strategyId: z.string(),
  strategyIds: z.array(z.string()),
  counts: z.strictObject({
    goals: count,
    measures: count,
    projects: count,
    indicators: count,
    observations: count,
    commentary: count,
    tagSets: count,
  }),
  issues: z.array(issueAnswer),
  plan: importPlanAnswer,
});

/** An import template as the API lists it. */
export const importTemplateAnswer = z.strictObject({
  id: z.string(),
  name: z.string(),
  version: count,
  municipalityId: z.string(),
  signature: z.array(z.strictObject({ sheet: z.string().nullable(), rows: z.array(count) })),
  tables: count,
  overrides: count,
  createdAt: isoTime,
  updatedAt: isoTime,
});
export const importTemplatesAnswer = z.strictObject({ items: z.array(importTemplateAnswer) });

/** A template as a file (exported; the same format is imported). */
export const importTemplateFileAnswer = templateFileSchema;

export const templateDeletedAnswer = z.strictObject({ deleted: z.literal(true) });

export type ImportReportAnswer = z.output<typeof importReportAnswer>;
export type TableReportAnswer = z.output<typeof tableReportAnswer>;
export type ImportPreviewAnswer = z.output<typeof importPreviewAnswer>;
export type GridPreviewAnswer = z.output<typeof gridPreviewAnswer>;
export type ImportPlanAnswer = z.output<typeof importPlanAnswer>;
export type ImportChoicesAnswer = z.output<typeof importChoicesAnswer>;
export type ImportPlanChoicesAnswer = z.output<typeof importPlanChoicesAnswer>;
export type ImportCommitAnswer = z.output<typeof importCommitAnswer>;
export type ImportTemplateAnswer = z.output<typeof importTemplateAnswer>;
export type ImportTemplatesAnswer = z.output<typeof importTemplatesAnswer>;
