import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { previewScheme, proposeScheme } from '../../services/figures/evaluation.ts';
import { addRoute, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import { schemePreviewAnswer, schemeProposalAnswer } from './scheme-preview.answers.ts';

/**
 * POST /api/strategies/:id/status-scheme/preview: the effect of a scheme on the current data
 * before it is saved (the settings screen): the summary under the proposed scheme beside the
 * current one, and which indicators would change status. Reads only; stores nothing.
 */
export function registerSchemePreviewRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'POST',
    url: '/api/strategies/:id/status-scheme/preview',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'status-schemes',
    summary:
      '評価区分の変更を保存前に試す (集計と変わる指標) / preview a status scheme on the current data (nothing stored)',
    params: z.strictObject({ id: z.string().min(1) }),
    body: z.strictObject({
      definition: z.unknown(),
      asOf: z.number().int().min(1900).max(2200).nullable().optional(),
    }),
    responses: { 404: '見つからない / not found' },
    answer: schemePreviewAnswer,
    handler: ({ params, body, ctx }) => previewScheme(db, ctx, params.id, body.definition, body.asOf ?? null),
  });
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/status-scheme/proposal',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'status-schemes',
    summary:
      '評価の記録から自治体の評価区分を学習して提案 (一致件数と不一致の一覧) / propose the scheme that reproduces the judgements of record (nothing stored)',
    params: z.strictObject({ id: z.string().min(1) }),
    query: z.strictObject({ asOf: z.coerce.number().int().min(1900).max(2200).optional() }),
    responses: { 404: '見つからない / not found' },
    answer: schemeProposalAnswer,
    handler: ({ params, query, ctx }) => proposeScheme(db, ctx, params.id, query.asOf ?? null),
  });
}
