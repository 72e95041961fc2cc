import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CollectedReportModel } from '../../core/reports/report-model.ts';
import { type Outcome, ok } from '../../services/errors.ts';
import {
  applyEntryUpload,
  type EntryPreview,
  exportEntryWorkbook,
  previewEntryUpload,
  REPORT_FORMATS,
  REPORT_KINDS,
  type RenderedFile,
  strategyReport,
} from '../../services/reports/reports.ts';
import type { Fits, Holds } from '../answers.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import {
  CSV,
  type EntryPreviewAnswer,
  entryAppliedAnswer,
  entryPreviewAnswer,
  HTML,
  type ReportModelAnswer,
  reportJsonAnswer,
  XLSX,
} from './reports.answers.ts';

// The service's type and the answer schema fit each other: a field added on one side only fails tsc.
export type Checked = [
  Holds<Fits<EntryPreview, EntryPreviewAnswer>>,
  Holds<Fits<CollectedReportModel, ReportModelAnswer>>,
];

const fiscalYear = z.coerce.number().int().min(1900).max(2200);
const idParams = z.strictObject({ id: z.string().min(1) });
const entryQuery = z.strictObject({ department: z.string().min(1).max(200), fiscalYear });

/**
 * A rendered file: downloaded (attachment, the default) or shown in the browser (inline: print
 * pages). Its pieces are written to the answer as they are made, each after the client took the
 * one before (a stream with backpressure; chunked transfer encoding): the server holds a piece,
 * not the file.
 */
function file(
  r: Outcome<RenderedFile>,
  disposition: 'attachment' | 'inline' = 'attachment',
): Outcome<Http<Readable>> {
  if (!r.ok) return r;
  return ok(
    new Http(200, Readable.from(r.value.chunks, { objectMode: false }), {
      'content-type': r.value.contentType,
      'content-disposition': `${disposition}; filename="${r.value.fileName}"`,
      ...(r.value.warnings?.length
        ? {
            'x-sousei-warnings': encodeURIComponent(
              JSON.stringify(r.value.warnings.slice(0, 20).map((w) => w.message)),
            ),
            'x-sousei-warning-count': String(r.value.warnings.length),
          }
        : {}),
    }),
  );
}

/** Committee documents, open data and the departments' Excel round trip. */
export function registerReportRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/reports/:kind',
    tag: 'reports',
    summary:
      '会議資料・オープンデータ (html|xlsx|csv|json) / committee documents and open data (kpi-list, project-sheets, project-matrix, period-review, status-summary, project-list, kpi-hierarchy, open-data); title, edition date and municipality set by the user',
    params: z.strictObject({
      id: z.string().min(1),
      kind: z.enum(REPORT_KINDS.filter((k) => k !== 'entry-workbook') as [string, ...string[]]),
    }),
    query: z.strictObject({
      format: z.enum(REPORT_FORMATS).default('html'),
      fiscalYear: fiscalYear.optional(),
      encoding: z.enum(['utf8-bom', 'shift_jis']).optional(),
      paper: z.enum(['A4', 'A3']).optional(),
      /** `inline`: the browser shows the page (print in a new tab); default: a download. */
      disposition: z.enum(['attachment', 'inline']).optional(),
      title: z.string().trim().min(1).max(200).optional(),
      date: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
      municipality: z.string().trim().min(1).max(100).optional(),
      computedGrade: z.enum(['column', 'mark', 'none']).optional(),
      projects: z.string().max(20_000).optional(),
    }),
    responses: { 404: '見つからない / not found' },
    access: { action: 'data.read', scope: scopes.strategy },
    answer: reportJsonAnswer,
    files: [HTML, XLSX, CSV],
    async handler({ params, query, ctx }) {
      return file(
        await strategyReport(
          db,
          ctx,
          params.id,
          params.kind as Parameters<typeof strategyReport>[3],
          query.format,
          {
            fiscalYear: query.fiscalYear ?? null,
            ...(query.encoding ? { encoding: query.encoding } : {}),
            ...(query.paper ? { paper: query.paper } : {}),
            ...(query.title ? { title: query.title } : {}),
            ...(query.date ? { date: query.date } : {}),
            ...(query.municipality ? { municipality: query.municipality } : {}),
            ...(query.computedGrade ? { computedGrade: query.computedGrade } : {}),
            ...(query.projects ? { projects: query.projects.split(',').filter(Boolean) } : {}),
          },
        ),
        query.disposition,
      );
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/entry-workbook',
    tag: 'reports',
    summary:
      '担当課の入力用ブック (XLSX; 担当課は自課のみ) / data-entry workbook of a department for a fiscal year (editors: their own department only)',
    params: idParams,
    query: entryQuery,
    responses: { 404: '見つからない / not found' },
    access: { action: 'figures.write', scope: scopes.entryWorkbook },
    files: [XLSX],
    async handler({ params, query, ctx }) {
      return file(await exportEntryWorkbook(db, ctx, params.id, query.department, query.fiscalYear));
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/strategies/:id/entry-workbook/preview',
    tag: 'reports',
    summary: '入力用ブックの差分 (保存しない) / diff of an uploaded entry workbook (stores nothing)',
    params: idParams,
    query: entryQuery,
    binaryBody: true,
    responses: { 400: 'ブックの誤り (セルごと) / workbook errors per cell' },
    access: { action: 'figures.write', scope: scopes.entryWorkbook },
    answer: entryPreviewAnswer,
    async handler({ params, query, body, ctx }) {
      if (!Buffer.isBuffer(body)) return previewEntryUpload(db, ctx, params.id, new Uint8Array(), query);
      return previewEntryUpload(db, ctx, params.id, new Uint8Array(body), query);
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/strategies/:id/entry-workbook/apply',
    tag: 'reports',
    summary:
      '入力用ブックの確認済みの行を保存 (一括・版チェック・監査) / apply the confirmed lines of an entry workbook in one transaction',
    params: idParams,
    query: entryQuery.extend({
      confirm: z.string().max(100_000),
      confirmWarnings: z.string().max(100_000).optional(),
    }),
    binaryBody: true,
    responses: {
      409: '版の衝突 / version conflict',
      400: 'ブックの誤り / workbook errors',
      422: '入力チェックの警告を確認していない行 (confirmWarnings に指標 id) / lines with entry warnings not confirmed (indicator ids in confirmWarnings)',
    },
    access: { action: 'figures.write', scope: scopes.entryWorkbook },
    answer: entryAppliedAnswer,
    async handler({ params, query, body, ctx }) {
      const bytes = Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array();
      const ids = (list: string | undefined) => (list ?? '').split(',').filter(Boolean);
      const { confirm, confirmWarnings, ...expected } = query;
      return applyEntryUpload(db, ctx, params.id, bytes, ids(confirm), expected, ids(confirmWarnings));
    },
  });
}
