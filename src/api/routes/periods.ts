import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { transitionPlanSchema } from '../../core/period-transition.ts';
import { ok } from '../../services/errors.ts';
import { recordLateFigure } from '../../services/figures/late-figures.ts';
import {
  confirmTransition,
  getTransition,
  type IndicatorLinks,
  indicatorLinks,
  saveTransition,
  startTransition,
  strategyTransitions,
  type TransitionSummary,
  type TransitionView,
} from '../../services/strategy/period-transitions.ts';
import type { Fits, Holds } from '../answers.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import {
  type IndicatorLinksAnswer,
  indicatorLinksAnswer,
  lateFigureAnswer,
  type TransitionSummaryAnswer,
  type TransitionViewAnswer,
  transitionSummariesAnswer,
  transitionViewAnswer,
} from './periods.answers.ts';

// The services' types and the answer schemas fit each other: a field added on one side only fails tsc.
export type Checked = [
  Holds<Fits<TransitionSummary, TransitionSummaryAnswer>>,
  Holds<Fits<TransitionView, TransitionViewAnswer>>,
  Holds<Fits<IndicatorLinks, IndicatorLinksAnswer>>,
];

const idParams = z.strictObject({ id: z.string().min(1) });
const version = z.number().int().min(1);

/** The move to the next strategy period and the links between the indicators of two periods. */
export function registerPeriodRoutes(app: FastifyInstance, docs: RouteDoc[], deps: RouteDeps): void {
  registerTransitionRoutes(app, docs, deps);
  registerLinkRoutes(app, docs, deps);
}

/** The move itself: started, listed, read, planned, confirmed. */
function registerTransitionRoutes(app: FastifyInstance, docs: RouteDoc[], { db, scopes }: RouteDeps): void {
  addRoute(app, docs, {
    method: 'POST',
    url: '/api/strategies/:id/transitions',
    access: { action: 'indicator.edit', scope: scopes.strategy },
    tag: 'periods',
    summary:
      '次期への移行を始める (下書き: 全指標を継続、基準値は最新の確定値を提案) / start the move to the next period (a draft: every KPI continued, baselines proposed from the latest final figures)',
    params: idParams,
    responses: {
      201: '作成 / created',
      200: '既存の下書き / the open draft',
      404: '見つからない / not found',
    },
    answer: transitionViewAnswer,
    async handler({ params, ctx }) {
      const r = await startTransition(db, ctx, params.id);
      if (!r.ok) return r;
      return ok(new Http(r.value.created ? 201 : 200, r.value.transition));
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/transitions',
    access: { action: 'data.read', scope: scopes.strategy },
    tag: 'periods',
    summary:
      '総合戦略の次期への移行 (下書き・確定済み) / the moves of a strategy to its next period (drafts and confirmed ones)',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: transitionSummariesAnswer,
    async handler({ params, ctx }) {
      const r = await strategyTransitions(db, ctx, params.id);
      return r.ok ? ok({ items: r.value, total: r.value.length, offset: 0, limit: r.value.length }) : r;
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/transitions/:id',
    access: { action: 'data.read', scope: scopes.transition },
    tag: 'periods',
    summary:
      '次期への移行 (計画・各指標の提案基準値・確定を妨げる問題) / a move to the next period with its plan, proposals and problems',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: transitionViewAnswer,
    handler: ({ params, ctx }) => getTransition(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/transitions/:id',
    access: { action: 'indicator.edit', scope: scopes.transition },
    tag: 'periods',
    summary:
      '移行の計画を保存 (継続・変更・削除・移動・新規; version 必須) / save the plan of a draft (continue, change, delete, move, new; version required)',
    params: idParams,
    body: z.strictObject({ version, plan: transitionPlanSchema }),
    responses: { 404: '見つからない / not found', 409: '版の衝突 / version conflict' },
    answer: transitionViewAnswer,
    handler: ({ params, body, ctx }) => saveTransition(db, ctx, params.id, body.version, body.plan),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/transitions/:id/confirm',
    access: { action: 'indicator.edit', scope: scopes.transition },
    tag: 'periods',
    summary:
      '移行を確定 (次期の総合戦略を作成し、指標を前期と結ぶ) / confirm: create the next strategy with its indicators linked to their predecessors',
    params: idParams,
    body: z.strictObject({ version }),
    responses: {
      400: '計画に問題がある (details) / the plan has problems (details)',
      404: '見つからない / not found',
      409: '版の衝突 / version conflict',
    },
    answer: transitionViewAnswer,
    handler: ({ params, body, ctx }) => confirmTransition(db, ctx, params.id, body.version),
  });
}

/** An indicator's links across periods, and the late figures of a closed period. */
function registerLinkRoutes(app: FastifyInstance, docs: RouteDoc[], { db, scopes }: RouteDeps): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/indicators/:id/links',
    access: { action: 'data.read', scope: scopes.indicator },
    tag: 'periods',
    summary:
      '前期・次期の指標とのつながり (継続・変更・移動・削除) / the indicator’s predecessor and successors across periods',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: indicatorLinksAnswer,
    handler: ({ params, ctx }) => indicatorLinks(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/indicators/:id/late-figures/:fiscalYear',
    access: { action: 'indicator.edit', scope: scopes.indicator },
    tag: 'periods',
    summary:
      '期間終了後の実績値の遅れた登録 (企画政策課・理由必須; 次期の基準値も追随) / record a late actual of a closed strategy (planners, reason required; the next period’s proposed baseline follows)',
    params: z.strictObject({
      id: z.string().min(1),
      fiscalYear: z.coerce.number().int().min(1900).max(2200),
    }),
    body: z.strictObject({
      raw: z.string().min(1).max(2000),
      reason: z.string().min(1).max(2000),
      version: z.number().int().min(1).nullable().optional(),
    }),
    responses: {
      400: '期間外・期間中・理由なし / year outside the period, period not over, no reason',
      404: '見つからない / not found',
      409: '版の衝突 / version conflict',
    },
    answer: lateFigureAnswer,
    handler: ({ params, body, ctx }) => recordLateFigure(db, ctx, params.id, params.fiscalYear, body),
  });
}
