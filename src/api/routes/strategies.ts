import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { StrategyTimeline } from '../../core/strategy-timeline.ts';
import type { StrategyTree } from '../../core/strategy-tree.ts';
import { ok } from '../../services/errors.ts';
import { evaluateStrategy } from '../../services/figures/evaluation.ts';
import { strategyReadings } from '../../services/figures/readings.ts';
import { chooseScheme } from '../../services/strategy/status-schemes.ts';
import {
  type MunicipalityView,
  type StrategyView,
  strategiesPage,
  strategyIndicatorsPage,
  strategyView,
} from '../../services/strategy/strategies.ts';
import { strategyTree } from '../../services/strategy/tree.ts';
import type { Fits, Holds } from '../answers.ts';
import { addRoute, Http, page, pageQuery, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import {
  indicatorRecordsAnswer,
  type MunicipalityViewAnswer,
  readingsAnswer,
  type StrategyTimelineAnswer,
  type StrategyTreeAnswer,
  type StrategyViewAnswer,
  strategiesPageAnswer,
  strategyRecordAnswer,
  strategyTreeAnswer,
  strategyViewAnswer,
  summaryAnswer,
} from './strategies.answers.ts';

// The services' types and the answer schemas fit each other: a field added on one side only fails tsc.
export type Checked = [
  Holds<Fits<StrategyView, StrategyViewAnswer>>,
  Holds<Fits<MunicipalityView, MunicipalityViewAnswer>>,
  Holds<Fits<StrategyTimeline, StrategyTimelineAnswer>>,
  Holds<Fits<StrategyTree, StrategyTreeAnswer>>,
];

const idParams = z.strictObject({ id: z.string().min(1) });
const asOfQuery = z.strictObject({ asOf: z.coerce.number().int().min(1900).max(2200).optional() });

export function registerStrategyRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, treeCache, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies',
    access: { action: 'data.read', scope: scopes.own },
    tag: 'strategies',
    summary: '総合戦略の一覧 / list strategies',
    query: pageQuery,
    answer: strategiesPageAnswer,
    async handler({ query, ctx }) {
      const r = await strategiesPage(db, ctx, query);
      return ok(page(r.items, r.total, query.offset, query.limit));
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'strategies',
    summary:
      '総合戦略 (計画期間・評価年度・入力できる年度を含む) / one strategy with its period, as-of year and entry years',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: strategyViewAnswer,
    handler: ({ params, ctx }) => strategyView(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/tree',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'strategies',
    summary:
      '戦略ツリー (基本目標 → 施策 → 事業 → 指標、最新値と評価) を一度に / the whole tree with latest figures and evaluations',
    params: idParams,
    query: asOfQuery,
    responses: { 304: '変更なし / not modified (ETag)', 404: '見つからない / not found' },
    answer: strategyTreeAnswer,
    async handler({ params, query, ctx, request }) {
      const r = await strategyTree(db, ctx, params.id, { asOf: query.asOf ?? null }, treeCache);
      if (!r.ok) return r;
      if (request.headers['if-none-match'] === r.value.etag)
        return ok(new Http(304, '', { etag: r.value.etag }));
      const headers = { etag: r.value.etag, 'cache-control': 'no-cache', vary: 'accept-encoding' };
      // Browsers ask for gzip: the compressed bytes are made once per revision, not per request.
      if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')))
        return ok(new Http(200, r.value.gzip(), { ...headers, 'content-encoding': 'gzip' }, true));
      return ok(new Http(200, r.value.json, headers, true));
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/readings',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'strategies',
    summary:
      '戦略内の名称の読み (カタカナ、検索用。名称と同じ読みは省略) / readings of the names in a strategy, for search by reading',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: readingsAnswer,
    handler: ({ params, ctx }) => strategyReadings(db, ctx, params.id),
  });

  registerStrategyEvaluationRoutes(app, docs, { db, scopes });
}

/** A strategy's evaluation: summary, indicator list, status scheme. */
function registerStrategyEvaluationRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: Pick<RouteDeps, 'db' | 'scopes'>,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/summary',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'evaluation',
    summary:
      '評価の集計 (全体・基本目標別・担当課別・区分別) / evaluation summary per goal, department, status',
    params: idParams,
    query: asOfQuery,
    answer: summaryAnswer,
    async handler({ params, query, ctx }) {
      const r = await evaluateStrategy(db, ctx, params.id, {
        asOf: query.asOf ?? null,
        text: false,
        cached: true,
      });
      if (!r.ok) return r;
      const e = r.value.evaluation;
      return ok({
        strategyId: params.id,
        asOf: e.asOf,
        scheme: { id: e.scheme.id, name: e.scheme.name },
        ...e.summary,
        goalNames: Object.fromEntries(r.value.loaded.doc.goals.map((g) => [g.id, g.name])),
      });
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/indicators',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'indicators',
    summary: '指標の一覧 / list indicators of a strategy',
    params: idParams,
    query: pageQuery.extend({ q: z.string().max(200).optional() }),
    answer: indicatorRecordsAnswer,
    async handler({ params, query, ctx }) {
      const r = await strategyIndicatorsPage(db, ctx, params.id, query);
      if (!r.ok) return r;
      return ok(page(r.value.items, r.value.total, query.offset, query.limit));
    },
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/strategies/:id/status-scheme',
    access: { action: 'settings.write', scope: scopes.strategy },
    tag: 'status-schemes',
    summary: '戦略で使う評価区分を選ぶ / choose the active status scheme of a strategy',
    params: idParams,
    body: z.strictObject({ schemeId: z.string().min(1).nullable(), version: z.number().int().min(1) }),
    responses: { 404: '見つからない / not found', 409: '版の衝突 / version conflict' },
    answer: strategyRecordAnswer,
    async handler({ params, body, ctx }) {
      return chooseScheme(db, ctx, params.id, body.version, body.schemeId);
    },
  });
}
