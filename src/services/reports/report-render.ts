import {
  type DocumentEvaluation,
  evaluateDocument,
  latestActualYear,
} from '../../core/evaluation/evaluate.ts';
import { documentJudgements } from '../../core/evaluation/override.ts';
import type { StrategyDocument } from '../../core/interchange.ts';
import { type CommitteeOpinion, committeeOpinions } from '../../core/reports/committee-opinions.ts';
import { type KpiHierarchyOptions, kpiHierarchy } from '../../core/reports/kpi-hierarchy.ts';
import { kpiList } from '../../core/reports/kpi-list.ts';
import { openDataRecords } from '../../core/reports/open-data.ts';
import { periodReview } from '../../core/reports/period-review.ts';
import { projectList } from '../../core/reports/project-list.ts';
import { projectMatrix } from '../../core/reports/project-matrix.ts';
import { type ProjectSheetOptions, projectSheets } from '../../core/reports/project-sheets.ts';
import type { ReportKind, ReportModel, ReportOptions } from '../../core/reports/report-model.ts';
import { statusSummary } from '../../core/reports/status-summary.ts';
import { type CsvEncoding, type CsvEncodingWarning, reportCsvStream } from '../../reports/csv.ts';
import { printHtmlChunks } from '../../reports/html-print.ts';
import { openDataCsvChunks, openDataJson } from '../../reports/open-data.ts';
import { reportJsonChunks } from '../../reports/report-json.ts';
import { reportXlsxChunks } from '../../reports/xlsx.ts';
import { fail, invalid, type Outcome, ok } from '../errors.ts';

/*
 * Rendering a committee document from an evaluated strategy: no storage, so it runs the same in the
 * request's thread or in a worker of the pool (services/ops/offload.ts) for a large strategy.
 */

/** Document kinds (`sousei report KIND`, `/api/strategies/:id/reports/:kind`). */
export const REPORT_KINDS = [
  'kpi-list',
  'committee-opinions',
  'project-sheets',
  'project-matrix',
  'period-review',
  'status-summary',
  'project-list',
  'kpi-hierarchy',
  'open-data',
  'entry-workbook',
] as const;
export type ReportRequestKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['html', 'xlsx', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Options of a document: the common ones, the chosen projects of the sheets, the KPI table's tag
 * sets, and the committee's opinions for their document.
 */
export type DocumentOptions = ReportOptions &
  ProjectSheetOptions &
  KpiHierarchyOptions & { opinions?: readonly CommitteeOpinion[] };

/** The builder (core) of each committee document kind. */
export const BUILDERS: Record<
  ReportKind,
  (doc: StrategyDocument, e: DocumentEvaluation, o: DocumentOptions) => ReportModel
> = {
  'committee-opinions': (doc, e, o) => committeeOpinions(doc, e, o.opinions ?? [], o),
  'kpi-list': kpiList,
  'project-sheets': projectSheets,
  'project-matrix': projectMatrix,
  'period-review': periodReview,
  'status-summary': statusSummary,
  'project-list': projectList,
  'kpi-hierarchy': kpiHierarchy,
};

/** What is known of a rendered file before its bytes: media type, file name, warnings. */
export interface RenderedHead {
  contentType: string;
  fileName: string;
  /** E.g. characters Shift_JIS cannot write, each with its line and field. */
  warnings?: CsvEncodingWarning[];
}

/**
 * A rendered file: its head and its bytes in pieces, made as they are read (iterate once). A
 * writer (the HTTP answer, a file) holds one piece at a time, not the document.
 */
export interface RenderedFile extends RenderedHead {
  chunks: AsyncIterable<Uint8Array>;
}

/** A file whose bytes are already whole (the entry workbook), as a RenderedFile. */
export function wholeFile(head: RenderedHead, bytes: Uint8Array): RenderedFile {
  return { ...head, chunks: pieces([bytes]) };
}

/** Pieces given as they are made (strings encoded as UTF-8), as an async iterable. */
async function* pieces(made: Iterable<string | Uint8Array> | AsyncIterable<Uint8Array>) {
  const enc = new TextEncoder();
  for await (const p of made) yield typeof p === 'string' ? enc.encode(p) : p;
}

/**
 * A rendered file's bytes joined (tests, and callers that need the whole file).
 *
 * @example new TextDecoder().decode(await fileBytes(file)) // '<!doctype html>…'
 */
export async function fileBytes(file: RenderedFile): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const p of file.chunks) parts.push(p);
  return new Uint8Array(Buffer.concat(parts));
}

export const TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * Builds (core) and renders (adapter) one committee document or the open data of an evaluated
 * document. The entry workbook needs storage versions: see exportEntryWorkbook.
 */
export async function renderReport(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  kind: Exclude<ReportRequestKind, 'entry-workbook'>,
  format: ReportFormat,
  options: DocumentOptions & { encoding?: CsvEncoding },
): Promise<Outcome<RenderedFile>> {
  const base = `${kind}-${options.fiscalYear ?? evaluation.asOf ?? 'all'}`;
  const csvType = options.encoding === 'shift_jis' ? 'text/csv; charset=shift_jis' : TYPES.csv;
  if (kind === 'open-data') {
    const records = openDataRecords(doc, evaluation, options);
    if (format === 'csv')
      return ok({
        contentType: csvType,
        fileName: `${base}.csv`,
        chunks: pieces(openDataCsvChunks(records, options.encoding)),
      });
    if (format === 'json') {
      const meta = {
        municipality: options.municipality ?? doc.municipality?.name ?? '',
        date: options.date,
        asOf: evaluation.asOf,
      };
      return ok({
        contentType: TYPES.json,
        fileName: `${base}.json`,
        chunks: pieces([openDataJson(records, meta)]),
      });
    }
    return fail(
      invalid('format', 'オープンデータの形式は csv か json です', 'Open data formats are csv and json'),
    );
  }
  // The model is built here without its rows: a table's rows are made one at a time as the
  // renderer reads them, and the rendering piece by piece as the pieces are read.
  const model = BUILDERS[kind](doc, evaluation, options);
  switch (format) {
    case 'html':
      return ok({
        contentType: TYPES.html,
        fileName: `${base}.html`,
        chunks: pieces(printHtmlChunks(model)),
      });
    case 'xlsx':
      return ok({ contentType: TYPES.xlsx, fileName: `${base}.xlsx`, chunks: reportXlsxChunks(model) });
    case 'csv': {
      const csv = reportCsvStream(model, options.encoding);
      return ok({
        contentType: csvType,
        fileName: `${base}.csv`,
        ...(csv.warnings.length ? { warnings: csv.warnings } : {}),
        chunks: pieces(csv.chunks),
      });
    }
    case 'json':
      return ok({
        contentType: TYPES.json,
        fileName: `${base}.json`,
        chunks: pieces(reportJsonChunks(model)),
      });
  }
}

/**
 * A document of an interchange file (no database), evaluated as the stored strategy would be: the
 * statuses the city published are the judgements of record of their years (`by` 取込, `at` the
 * edition date), the computed grade beside them.
 *
 * @example await renderFileReport(doc, 'kpi-list', 'html', { date: '2025-06-01', fiscalYear: 2024 })
 */
export function renderFileReport(
  doc: StrategyDocument,
  kind: Exclude<ReportRequestKind, 'entry-workbook'>,
  format: ReportFormat,
  options: DocumentOptions & { encoding?: CsvEncoding; date: string },
): Promise<Outcome<RenderedFile>> {
  const overrides = documentJudgements(doc.indicators, {
    at: options.date,
    by: '取込',
    asOf: latestActualYear(doc),
  });
  const evaluation = evaluateDocument(doc, { asOf: options.fiscalYear ?? null, text: false, overrides });
  return renderReport(doc, evaluation, kind, format, options);
}
