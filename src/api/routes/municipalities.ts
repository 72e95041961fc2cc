import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ok } from '../../services/errors.ts';
import {
  createMunicipality,
  municipalitiesWithStrategies,
  municipalityStrategies,
  preferencesOf,
  renameMunicipalityChecked,
  setPreferences,
  updateStrategySettings,
} from '../../services/strategy/strategies.ts';
import { DEPLOYMENT_SCOPE } from '../access-scopes.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import {
  municipalitiesAnswer,
  municipalityAnswer,
  preferencesAnswer,
  strategyViewAnswer,
  strategyViewsAnswer,
} from './strategies.answers.ts';

const idParams = z.strictObject({ id: z.string().min(1) });
const fiscalYear = z.number().int().min(1900).max(2200);
const name = z.string().min(1).max(200);
const version = z.number().int().min(1);
const list = <T>(items: T[]) => ({ items, total: items.length, offset: 0, limit: items.length });

/**
 * Municipalities (自治体) and their strategies as the screens use them: the header picker, the
 * strategies of a municipality with periods and states, create/rename a municipality
 * (administrators), a strategy's name, period and as-of year (planners), and each person's
 * remembered choice.
 */
export function registerMunicipalityRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/municipalities',
    access: { action: 'data.read', scope: scopes.own },
    tag: 'municipalities',
    summary:
      '見られる自治体と各自治体の総合戦略 (期間・評価年度・状態) / municipalities the caller may see, with their strategies',
    answer: municipalitiesAnswer,
    async handler({ ctx }) {
      const r = await municipalitiesWithStrategies(db, ctx);
      return r.ok ? ok(list(r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/municipalities',
    access: { action: 'settings.write', scope: async () => DEPLOYMENT_SCOPE },
    tag: 'municipalities',
    summary: '自治体を作成 (管理者) / create a municipality (administrators)',
    body: z.strictObject({ name, code: z.string().max(20).nullable().optional() }),
    responses: { 201: '作成 / created', 409: '同名あり / name taken' },
    answer: municipalityAnswer,
    async handler({ body, ctx }) {
      const r = await createMunicipality(db, ctx, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/municipalities/:id',
    access: { action: 'settings.write', scope: scopes.municipality },
    tag: 'municipalities',
    summary:
      '自治体名・団体コード (管理者) と企画担当課の名称 (管理者・企画担当課) を変更 (version 必須) / rename a municipality (administrators) or set the name of its planning division (administrators, planners)',
    params: idParams,
    body: z.strictObject({
      name: name.optional(),
      code: z.string().max(20).nullable().optional(),
      /** The municipality's name for its planning division (経営戦略課…); null or blank: not set. */
      planningDivision: z.string().max(100).nullable().optional(),
      version,
    }),
    responses: {
      404: '見つからない / not found',
      409: '版の衝突・同名あり / version conflict or name taken',
    },
    answer: municipalityAnswer,
    handler: ({ params, body, ctx }) => renameMunicipalityChecked(db, ctx, params.id, body.version, body),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/municipalities/:id/strategies',
    access: { action: 'data.read', scope: scopes.municipality },
    tag: 'municipalities',
    summary: '自治体の総合戦略 (期間・評価年度・状態) / strategies of a municipality with periods and states',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: strategyViewsAnswer,
    async handler({ params, ctx }) {
      const r = await municipalityStrategies(db, ctx, params.id);
      return r.ok ? ok(list(r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/strategies/:id',
    access: { action: 'settings.write', scope: scopes.strategy },
    tag: 'strategies',
    summary:
      '戦略の名称・計画期間・評価年度を設定 (version 必須) / set a strategy’s name, period and as-of year',
    params: idParams,
    body: z.strictObject({
      name,
      /** null: derived from the figures (and re-derived as they change). */
      period: z.strictObject({ from: fiscalYear, to: fiscalYear }).nullable(),
      asOf: fiscalYear.nullable(),
      version,
    }),
    responses: { 404: '見つからない / not found', 409: '版の衝突 / version conflict' },
    answer: strategyViewAnswer,
    handler: ({ params, body, ctx }) => updateStrategySettings(db, ctx, params.id, body.version, body),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/me/preferences',
    access: 'signedIn',
    tag: 'accounts',
    summary: '自分の設定 (最後に選んだ総合戦略) / the caller’s preferences (the strategy last chosen)',
    answer: preferencesAnswer,
    handler: ({ ctx }) => preferencesOf(db, ctx),
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/me/preferences',
    access: 'signedIn',
    tag: 'accounts',
    summary: '自分の設定を保存 / save the caller’s preferences',
    body: z.strictObject({ strategyId: z.string().min(1).max(100).nullable() }),
    answer: preferencesAnswer,
    handler: ({ body, ctx }) => setPreferences(db, ctx, body),
  });
}
