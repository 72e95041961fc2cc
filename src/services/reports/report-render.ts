import type { DocumentEvaluation } from '../../core/evaluation/evaluate.ts';
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
import { type CsvEncoding, type CsvEncodingWarning, reportCsvWithWarnings } from '../../reports/csv.ts';
import { printHtml } from '../../reports/html-print.ts';
import { openDataCsv, openDataJson } from '../../reports/open-data.ts';
import { reportXlsx } from '../../reports/xlsx.ts';
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

const BUILDERS: Record<
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

/** A rendered file: bytes, media type and file name, and what the rendering warns about. */
export interface RenderedFile {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
  /** E.g. characters Shift_JIS cannot write, each with its line and field. */
  warnings?: CsvEncodingWarning[];
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
  const enc = new TextEncoder();
  if (kind === 'open-data') {
    const records = openDataRecords(doc, evaluation, options);
    if (format === 'csv')
      return ok({
        bytes: openDataCsv(records, options.encoding),
        contentType: options.encoding === 'shift_jis' ? 'text/csv; charset=shift_jis' : TYPES.csv,
        fileName: `${base}.csv`,
      });
    if (format === 'json') {
      const meta = {
        municipality: options.municipality ?? doc.municipality?.name ?? '',
        date: options.date,
        asOf: evaluation.asOf,
      };
      return ok({
        bytes: enc.encode(openDataJson(records, meta)),
        contentType: TYPES.json,
        fileName: `${base}.json`,
      });
    }
    return fail(
      invalid('format', 'オープンデータの形式は csv か json です', 'Open data formats are csv and json'),
    );
  }
  const model = BUILDERS[kind](doc, evaluation, options);
  switch (format) {
    case 'html':
      return ok({ bytes: enc.encode(printHtml(model)), contentType: TYPES.html, fileName: `${base}.html` });
    case 'xlsx':
      return ok({ bytes: await reportXlsx(model), contentType: TYPES.xlsx, fileName: `${base}.xlsx` });
    case 'csv': {
      const csv = reportCsvWithWarnings(model, options.encoding);
      return ok({
        bytes: csv.bytes,
        contentType: options.encoding === 'shift_jis' ? 'text/csv; charset=shift_jis' : TYPES.csv,
        fileName: `${base}.csv`,
        ...(csv.warnings.length ? { warnings: csv.warnings } : {}),
      });
    }
    case 'json':
      return ok({
        bytes: enc.encode(`${JSON.stringify(model, null, 2)}\n`),
        contentType: TYPES.json,
        fileName: `${base}.json`,
      });
  }
}
