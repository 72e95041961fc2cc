/**
 * Answers of the report routes (会議資料・オープンデータ・入力用ブック), beside the routes (see
 * answers.ts): the media types of the files, the open data's JSON, and the diff and result of an
 * uploaded entry workbook. routes/reports.ts holds the services' types to them.
 */
import { z } from 'zod';
import { figureSchema } from '../../core/interchange.ts';
import { commentaryAnswer, entryWarningAnswer, observationAnswer } from './indicators.answers.ts';

/** Media types of the documents (the open data's JSON is described by `openDataAnswer`). */
export const HTML = 'text/html';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV = 'text/csv';

/** The open data as JSON (`format=json`): one record per indicator, the columns named. */
export const openDataAnswer = z.strictObject({
  format: z.literal('sousei-open-data'),
  version: z.literal(1),
  municipality: z.string(),
  date: z.string().optional(),
  asOf: z.number().int().nullable(),
  columns: z.array(z.string()),
  records: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
});

const commentaryTexts = z.strictObject({ progress: z.string(), issues: z.string(), nextSteps: z.string() });

/** One line of an uploaded workbook's diff: a change, a new figure, a conflict, or unchanged. */
export const entryChangeAnswer = z.strictObject({
  indicatorId: z.string(),
  name: z.string(),
  kind: z.enum(['change', 'new', 'conflict', 'unchanged']),
  before: z.string().nullable(),
  after: z.string(),
  /** The figure as parsed by the core (what would be stored). */
  figure: figureSchema,
  note: z.string().nullable(),
  version: z.number().int().nullable(),
  /** For a conflict: what is stored now (changed by someone since the export). */
  current: z
    .strictObject({ raw: z.string(), note: z.string(), version: z.number().int().nullable() })
    .nullable(),
  sheet: z.string(),
  cell: z.string(),
  warnings: z.array(entryWarningAnswer),
});

/** One commentary line (①②③) of the diff. */
export const entryCommentaryChangeAnswer = z.strictObject({
  indicatorId: z.string(),
  name: z.string(),
  kind: z.enum(['change', 'new', 'conflict']),
  before: commentaryTexts.nullable(),
  after: commentaryTexts,
  version: z.number().int().nullable(),
  current: commentaryTexts.extend({ version: z.number().int().nullable() }).nullable(),
  sheet: z.string(),
  cell: z.string(),
});

/** What an uploaded entry workbook would change (POST …/entry-workbook/preview); stores nothing. */
export const entryPreviewAnswer = z.strictObject({
  department: z.string(),
  fiscalYear: z.number().int(),
  changes: z.array(entryChangeAnswer),
  commentary: z.array(entryCommentaryChangeAnswer),
});

/** The figures and commentary written from the confirmed lines (POST …/entry-workbook/apply). */
export const entryAppliedAnswer = z.strictObject({
  applied: z.array(observationAnswer),
  commentary: z.array(commentaryAnswer),
});

export type EntryChangeAnswer = z.output<typeof entryChangeAnswer>;
export type EntryCommentaryChangeAnswer = z.output<typeof entryCommentaryChangeAnswer>;
export type EntryPreviewAnswer = z.output<typeof entryPreviewAnswer>;
export type EntryAppliedAnswer = z.output<typeof entryAppliedAnswer>;

/** One cell of a committee document: the text shown, and for figures the number and raw text. */
const reportCellAnswer = z.strictObject({
  text: z.string(),
  value: z.number().nullable().optional(),
  raw: z.string().nullable().optional(),
  color: z.string().nullable().optional(),
});

/** A committee document as data (`format=json`): what every renderer draws (core/reports/report-model.ts). */
export const reportModelAnswer = z.strictObject({
  kind: z.enum([
    'kpi-list',
    'project-sheets',
    'project-matrix',
    'period-review',
    'status-summary',
    'project-list',
    'kpi-hierarchy',
    'committee-opinions',
  ]),
  title: z.string(),
  titleEn: z.string(),
  municipality: z.string(),
  date: z.string(),
  dateText: z.string(),
  fiscalYear: z.number().int().nullable(),
  paper: z.enum(['A4', 'A3']),
  sections: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      sheetName: z.string(),
      tables: z.array(
        z.strictObject({
          id: z.string(),
          title: z.string().nullable(),
          columns: z.array(
            z.strictObject({
              key: z.string(),
              header: z.string(),
              width: z.number(),
              kind: z.enum(['text', 'number', 'status', 'long', 'mark']),
            }),
          ),
          rows: z.array(
            z.union([
              z.strictObject({ heading: z.string() }),
              z.strictObject({ cells: z.array(reportCellAnswer) }),
            ]),
          ),
        }),
      ),
    }),
  ),
});

/** A document as JSON: a committee document's model, or the open data. */
export const reportJsonAnswer = z.union([reportModelAnswer, openDataAnswer]);

export type ReportModelAnswer = z.output<typeof reportModelAnswer>;
