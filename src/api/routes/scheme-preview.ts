import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { evaluateDocument } from '../../core/evaluation/evaluate.ts';
import { parseStatusScheme } from '../../core/evaluation/status-scheme.ts';
import { authorize } from '../../services/access.ts';
import { fail, notFound, ok } from '../../services/errors.ts';
import { overridesOf, schemeOf } from '../../services/evaluation.ts';
import { loadStrategy } from '../../services/strategy-document.ts';
import { addRoute, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';

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
    async handler({ params, body, ctx }) {
      const loaded = await loadStrategy(db, params.id);
      if (!loaded) return fail(notFound('総合戦略 (strategy)', params.id));
      const denied = authorize(ctx, 'read', { municipalityId: loaded.strategy.municipalityId });
      if (denied) return fail(denied);
      const proposed = parseStatusScheme(body.definition, 'definition');
      if (!proposed.ok)
        return fail({
          code: 'INVALID_INPUT',
          message: `評価区分の定義に誤りがあります: ${proposed.issues.map((i) => i.message).join('、')}`,
          messageEn: `Invalid status scheme: ${proposed.issues.map((i) => i.messageEn).join('; ')}`,
          place: { field: 'definition' },
          details: proposed.issues,
        });
      const current = await schemeOf(db, loaded.strategy.statusSchemeId);
      const overrides = await overridesOf(db, params.id);
      const options = { asOf: body.asOf ?? null, overrides, text: false };
      const before = evaluateDocument(loaded.doc, { ...options, scheme: current.scheme });
      const after = evaluateDocument(loaded.doc, { ...options, scheme: proposed.value });
      const was = new Map(before.results.map((r) => [r.id, r.status]));
      const changes = after.results
        .filter((r) => was.get(r.id)?.key !== r.status.key || was.get(r.id)?.label !== r.status.label)
        .map((r) => ({ id: r.id, name: r.name, before: was.get(r.id) ?? null, after: r.status }));
      return ok({
        asOf: after.asOf,
        current: {
          scheme: { id: before.scheme.id, name: before.scheme.name },
          overall: before.summary.overall,
        },
        proposed: {
          scheme: { id: after.scheme.id, name: after.scheme.name },
          overall: after.summary.overall,
        },
        changes,
      });
    },
  });
}
