import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ok } from '../../services/errors.ts';
import { addOpinion, editOpinion, strategyOpinions } from '../../services/strategy/opinions.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import { opinionAnswer, opinionsAnswer } from './opinions.answers.ts';

const idParams = z.strictObject({ id: z.string().min(1) });
const fiscalYear = z.number().int().min(1900).max(2200);
const targetType = z.enum(['measure', 'indicator']);
const text = z.string().trim().min(1).max(10_000);

/** Committee opinions (有識者の意見) per measure or indicator and fiscal year, with the response (対応方針). */
export function registerOpinionRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/opinions',
    tag: 'opinions',
    summary: '有識者の意見と対応方針 / committee opinions and the departments’ responses',
    params: idParams,
    query: z.strictObject({
      fiscalYear: z.coerce.number().int().min(1900).max(2200).optional(),
      targetType: targetType.optional(),
      targetId: z.string().min(1).max(200).optional(),
    }),
    responses: { 404: '見つからない / not found' },
    access: { action: 'data.read', scope: scopes.strategy },
    answer: opinionsAnswer,
    handler: ({ params, query, ctx }) =>
      strategyOpinions(db, ctx, params.id, {
        ...(query.fiscalYear !== undefined ? { fiscalYear: query.fiscalYear } : {}),
        ...(query.targetType ? { targetType: query.targetType } : {}),
        ...(query.targetId ? { targetId: query.targetId } : {}),
      }),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/strategies/:id/opinions',
    tag: 'opinions',
    summary:
      '意見を書く (有識者・企画政策課) / write an opinion on a measure or indicator for a fiscal year (committee, planners)',
    params: idParams,
    body: z.strictObject({ targetType, targetId: z.string().min(1).max(200), fiscalYear, body: text }),
    responses: { 201: '作成 / created', 400: '対象がこの戦略にない / target not in this strategy' },
    access: { action: 'opinion.write', scope: scopes.opinionTarget },
    answer: opinionAnswer,
    async handler({ params, body, ctx }) {
      const r = await addOpinion(db, ctx, params.id, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/opinions/:id',
    tag: 'opinions',
    summary:
      '意見の本文 (書いた有識者・企画政策課) または対応方針 (所管の担当課・企画政策課) を更新 (版チェック) / edit the text (its author, planners) or the response (editors of the departments answering for the target, planners), compare-and-set on version',
    params: idParams,
    body: z.strictObject({
      version: z.number().int().min(1),
      body: text.optional(),
      response: z.string().trim().min(1).max(10_000).nullable().optional(),
    }),
    responses: { 404: '見つからない / not found', 409: '版の衝突 / version conflict' },
    access: {
      action: 'data.read',
      scope: scopes.opinion,
      fields: { body: 'opinion.write', response: 'opinion.respond' },
    },
    answer: opinionAnswer,
    handler: ({ params, body, ctx }) =>
      editOpinion(db, ctx, params.id, body.version, {
        ...(body.body !== undefined ? { body: body.body } : {}),
        ...(body.response !== undefined ? { response: body.response } : {}),
      }),
  });
}
