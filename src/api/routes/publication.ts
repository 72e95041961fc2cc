import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PublishedYear } from '../../services/reports/publication.ts';
import {
  publishFiscalYear,
  strategyPublication,
  withdrawFiscalYear,
} from '../../services/reports/publication.ts';
import type { Fits, Holds } from '../answers.ts';
import { addRoute, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import { publishedYearAnswer, publishedYearsAnswer } from './publication.answers.ts';

/** The answers fit the service's type exactly (compile-time check). */
export type PublicationAnswersFit = [Holds<Fits<PublishedYear, z.output<typeof publishedYearAnswer>>>];

const idParams = z.strictObject({ id: z.string().min(1) });
const yearParams = z.strictObject({
  id: z.string().min(1),
  fiscalYear: z.coerce.number().int().min(1900).max(2200),
});

/**
 * Publication of fiscal years (年度の公表): what the public site and the open data show. A
 * planner publishes a year explicitly (or a reporting round does on reaching 公表) and may
 * withdraw it with a reason; both are audited.
 */
export function registerPublicationRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/publication',
    tag: 'publication',
    summary: '公表した年度の一覧 (取り下げを含む) / the published (and withdrawn) fiscal years',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    access: { action: 'data.read', scope: scopes.strategy },
    answer: publishedYearsAnswer,
    handler: ({ params, ctx }) => strategyPublication(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/strategies/:id/publication/:fiscalYear',
    tag: 'publication',
    summary:
      '年度を公表する (企画政策課): 公開ページとオープンデータに載る / publish a fiscal year (planners): it appears on the public site and in the open data',
    params: yearParams,
    body: z.strictObject({ note: z.string().trim().min(1).max(2000).optional() }).optional(),
    responses: {
      400: '計画期間外・終わっていない年度 / outside the period or not over yet',
      404: '見つからない / not found',
    },
    access: { action: 'publication.write', scope: scopes.strategy },
    answer: publishedYearAnswer,
    handler: ({ params, body, ctx }) =>
      publishFiscalYear(db, ctx, params.id, params.fiscalYear, { note: body?.note ?? null }),
  });

  addRoute(app, docs, {
    method: 'DELETE',
    url: '/api/strategies/:id/publication/:fiscalYear',
    tag: 'publication',
    summary:
      '年度の公表を取り下げる (理由が必要、企画政策課) / withdraw a published fiscal year with a reason (planners)',
    params: yearParams,
    body: z.strictObject({ reason: z.string().trim().min(1).max(2000) }),
    responses: { 404: '公表されていない / not published', 409: '版の衝突 / version conflict' },
    access: { action: 'publication.write', scope: scopes.strategy },
    answer: publishedYearAnswer,
    handler: ({ params, body, ctx }) =>
      withdrawFiscalYear(db, ctx, params.id, params.fiscalYear, body.reason),
  });
}
