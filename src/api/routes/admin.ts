import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ok } from '../../services/errors.ts';
import { auditLog } from '../../services/ops/audit.ts';
import { databaseReachable } from '../../services/ops/health.ts';
import {
  createScheme,
  editScheme,
  listSchemes,
  removeScheme,
} from '../../services/strategy/status-schemes.ts';
import { createTagSet, tagSets } from '../../services/strategy/tag-sets.ts';
import { VERSION } from '../../version.ts';
import type { Metrics } from '../metrics.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import {
  auditPageAnswer,
  deletedAnswer,
  healthAnswer,
  schemeListingsAnswer,
  schemeRecordAnswer,
  tagSetAnswer,
  tagSetsAnswer,
} from './admin.answers.ts';
import type { RouteDeps } from './deps.ts';

const idParams = z.strictObject({ id: z.string().min(1) });

export function registerAdminRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes, metrics }: RouteDeps & { metrics: Metrics | null },
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/health',
    access: 'public',
    tag: 'system',
    summary: '稼働確認 (DB に到達できれば ok) / health: ok when the database answers',
    responses: { 503: 'DB に到達できない / database unreachable' },
    answer: healthAnswer,
    async handler() {
      if (await databaseReachable(db)) return ok({ status: 'ok' as const, version: VERSION });
      return ok(new Http(503, { status: 'unavailable' as const, version: VERSION }));
    },
  });

  if (metrics)
    addRoute(app, docs, {
      method: 'GET',
      url: '/api/metrics',
      access: { action: 'audit.read', scope: scopes.own },
      tag: 'system',
      summary:
        '稼働指標 (Prometheus 形式: 要求数・応答時間・メモリ・イベントループ遅延) / metrics in the Prometheus text format',
      files: ['text/plain'],
      async handler() {
        return ok(
          new Http(200, metrics.render(), {
            'content-type': 'text/plain; version=0.0.4; charset=utf-8',
            'cache-control': 'no-store',
          }),
        );
      },
    });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/tag-sets',
    access: { action: 'data.read', scope: scopes.own },
    tag: 'tag-sets',
    summary: '分類 (タグセット) の一覧 / tag sets',
    query: z.strictObject({ strategyId: z.string().min(1).optional() }),
    answer: tagSetsAnswer,
    async handler({ query, ctx }) {
      const items = await tagSets(db, ctx, query);
      return ok({ items, total: items.length, offset: 0, limit: items.length });
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/tag-sets',
    access: { action: 'settings.write', scope: scopes.bodyMunicipality },
    tag: 'tag-sets',
    summary: '分類を作成 / create a tag set',
    body: z.strictObject({
      municipalityId: z.string().min(1),
      strategyId: z.string().min(1).nullable().optional(),
      name: z.string().min(1).max(200),
      tags: z.array(z.string().min(1).max(200)).max(500),
    }),
    responses: { 201: '作成 / created' },
    answer: tagSetAnswer,
    async handler({ body, ctx }) {
      const r = await createTagSet(db, ctx, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  registerSchemeAndAuditRoutes(app, docs, { db, scopes });
}

/** Status schemes of the municipality and the audit log. */
function registerSchemeAndAuditRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: Pick<RouteDeps, 'db' | 'scopes'>,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/status-schemes',
    access: { action: 'data.read', scope: scopes.own },
    tag: 'status-schemes',
    summary: '評価区分 (プリセットと自治体独自) / status schemes: presets and the municipality’s own',
    answer: schemeListingsAnswer,
    async handler({ ctx }) {
      const items = await listSchemes(db, ctx);
      return ok({ items, total: items.length, offset: 0, limit: items.length });
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/status-schemes',
    access: { action: 'settings.write', scope: scopes.bodyMunicipality },
    tag: 'status-schemes',
    summary: '評価区分を作成 (規則は順に評価、最初の一致) / create a status scheme',
    body: z.strictObject({ municipalityId: z.string().min(1), definition: z.unknown() }),
    responses: { 201: '作成 / created' },
    answer: schemeRecordAnswer,
    async handler({ body, ctx }) {
      const r = await createScheme(db, ctx, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/status-schemes/:id',
    access: { action: 'settings.write', scope: scopes.statusScheme },
    tag: 'status-schemes',
    summary: '評価区分を更新 (version 必須) / update a status scheme',
    params: idParams,
    body: z.strictObject({ version: z.number().int().min(1), definition: z.unknown() }),
    responses: { 409: '版の衝突 / version conflict' },
    answer: schemeRecordAnswer,
    handler: ({ params, body, ctx }) => editScheme(db, ctx, params.id, body.version, body.definition),
  });

  addRoute(app, docs, {
    method: 'DELETE',
    url: '/api/status-schemes/:id',
    access: { action: 'settings.write', scope: scopes.statusScheme },
    tag: 'status-schemes',
    summary: '評価区分を削除 (使用中の戦略は既定に戻る) / delete a status scheme',
    params: idParams,
    answer: deletedAnswer,
    handler: ({ params, ctx }) => removeScheme(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/audit',
    access: { action: 'audit.read', scope: scopes.own },
    tag: 'audit',
    summary: '監査ログ (戦略・指標・利用者ごと、新しい順) / audit log per strategy, indicator, user',
    query: z.strictObject({
      strategyId: z.string().min(1).optional(),
      indicatorId: z.string().min(1).optional(),
      actorId: z.string().min(1).optional(),
      before: z.string().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    answer: auditPageAnswer,
    async handler({ query, ctx }) {
      return ok(await auditLog(db, ctx, query));
    },
  });
}
