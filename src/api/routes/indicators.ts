import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IndicatorEvaluation } from '../../core/evaluation/evaluation.ts';
import type { StatusRef } from '../../core/evaluation/status-scheme.ts';
import { aggregationSchema, directionSchema, observationStateSchema } from '../../core/interchange.ts';
import type { Permission } from '../../services/access.ts';
import { ok } from '../../services/errors.ts';
import {
  addIndicatorCommentary,
  editCommentary,
  indicatorCommentary,
} from '../../services/figures/commentary.ts';
import { indicatorEvaluation } from '../../services/figures/evaluation.ts';
import { indicatorFigureHistory, reviseIndicatorFigure } from '../../services/figures/figure-history.ts';
import { putActual } from '../../services/figures/observations.ts';
import { putOverride } from '../../services/figures/overrides.ts';
import { editIndicator, indicatorDetail } from '../../services/strategy/indicators.ts';
import type { Fits, Holds } from '../answers.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import type { EvaluationResultAnswer, StatusRefAnswer } from './evaluation.answers.ts';
import {
  commentariesAnswer,
  commentaryAnswer,
  figureVersionsAnswer,
  indicatorDetailAnswer,
  indicatorEvaluationAnswer,
  indicatorHistoryAnswer,
  observationAnswer,
  overrideAnswer,
} from './indicators.answers.ts';
import { indicatorRecordAnswer } from './strategies.answers.ts';

// The core's evaluation result and its answer schema fit each other: a field added on one side only fails tsc.
export type Checked = [
  Holds<Fits<IndicatorEvaluation, EvaluationResultAnswer>>,
  Holds<Fits<StatusRef, StatusRefAnswer>>,
];

const idParams = z.strictObject({ id: z.string().min(1) });
const yearParams = z.strictObject({
  id: z.string().min(1),
  fiscalYear: z.coerce.number().int().min(1900).max(2200),
});
const text = z.string().max(20_000).nullable().optional();
/**
 * Field-level rules of PATCH /api/indicators/:id: the department may keep its notes (備考, e.g.
 * 事業休止); name, unit, direction, aggregation, tolerance and definition are the planners'.
 */
const INDICATOR_FIELDS: Record<string, Permission> = {
  name: 'indicator.edit',
  unit: 'indicator.edit',
  direction: 'indicator.edit',
  aggregation: 'indicator.edit',
  tolerance: 'indicator.edit',
  definition: 'indicator.edit',
  notes: 'figures.write',
};
const commentaryBody = z.strictObject({ progress: text, issues: text, nextSteps: text, summary: text, text });

export function registerIndicatorRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/indicators/:id',
    access: { action: 'data.read', scope: scopes.indicator },
    tag: 'indicators',
    summary: '指標の詳細 (数値・担当課・分類) / indicator detail with figures, departments, tags',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: indicatorDetailAnswer,
    handler: ({ params, ctx }) => indicatorDetail(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/indicators/:id',
    access: { action: 'figures.write', scope: scopes.indicator, fields: INDICATOR_FIELDS },
    tag: 'indicators',
    summary: '指標を編集 (version 必須) / edit an indicator (version required)',
    params: idParams,
    body: z.strictObject({
      version: z.number().int().min(1),
      name: z.string().min(1).max(500).optional(),
      unit: z.string().max(50).nullable().optional(),
      direction: directionSchema.nullable().optional(),
      aggregation: aggregationSchema.nullable().optional(),
      tolerance: z.number().nonnegative().nullable().optional(),
      definition: z.string().max(20_000).nullable().optional(),
      notes: z.array(z.string().max(2000)).max(100).optional(),
    }),
    responses: {
      404: '見つからない / not found',
      409: '版の衝突 (現在の状態を返す) / version conflict with current state',
    },
    answer: indicatorRecordAnswer,
    async handler({ params, body, ctx }) {
      const { version, ...patch } = body;
      return editIndicator(db, ctx, params.id, version, patch);
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/indicators/:id/history',
    access: { action: 'data.read', scope: scopes.indicator },
    tag: 'indicators',
    summary: '実績値の推移 (原文・状態つき) / the yearly figures with raw text and state',
    params: idParams,
    answer: indicatorHistoryAnswer,
    async handler({ params, ctx }) {
      const d = await indicatorDetail(db, ctx, params.id);
      if (!d.ok) return d;
      const { baseline, target, milestones, actuals } = d.value;
      return ok({ indicatorId: params.id, baseline, target, milestones, actuals });
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/indicators/:id/figure-versions',
    access: { action: 'data.read', scope: scopes.indicator },
    tag: 'observations',
    summary:
      '数値の版の履歴 (値・原文・状態・変更者・日時・理由・経路) / every version of every figure: value, raw text, state, who, when, why, path',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    answer: figureVersionsAnswer,
    handler: ({ params, ctx }) => indicatorFigureHistory(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/indicators/:id/evaluation',
    access: { action: 'data.read', scope: scopes.indicator },
    tag: 'evaluation',
    summary:
      '指標の評価と根拠、評価区分の選択肢、上書き / evaluation of an indicator with its explanation, the scheme’s statuses and the stored overrides',
    params: idParams,
    query: z.strictObject({ asOf: z.coerce.number().int().min(1900).max(2200).optional() }),
    answer: indicatorEvaluationAnswer,
    handler: ({ params, query, ctx }) => indicatorEvaluation(db, ctx, params.id, query.asOf ?? null),
  });

  registerFigureRoutes(app, docs, { db, scopes });
  registerCommentaryRoutes(app, docs, { db, scopes });
}

/** An indicator's figures, target/baseline revisions and overrides. */
function registerFigureRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: Pick<RouteDeps, 'db' | 'scopes'>,
): void {
  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/indicators/:id/observations/:fiscalYear',
    access: { action: 'figures.write', scope: scopes.indicator },
    tag: 'observations',
    summary:
      '年度の実績値を登録・更新 (raw を解析; 更新には version) / create or update the actual of a fiscal year (raw text parsed; version to update)',
    params: yearParams,
    body: z.strictObject({
      raw: z.string().max(2000),
      state: observationStateSchema.optional(),
      note: z.string().max(2000).nullable().optional(),
      version: z.number().int().min(1).nullable().optional(),
      reason: z.string().max(2000).nullable().optional(),
      confirm: z.array(z.string().min(1).max(50)).max(10).optional(),
    }),
    responses: {
      201: '作成 / created',
      404: '見つからない / not found',
      409: '版の衝突 / version conflict',
      422: '入力チェックの警告を確認していない (details.warnings) / entry warnings not confirmed (details.warnings)',
    },
    answer: observationAnswer,
    async handler({ params, body, ctx }) {
      const r = await putActual(db, ctx, params.id, params.fiscalYear, body);
      if (!r.ok) return r;
      return ok(new Http(r.value.created ? 201 : 200, r.value.observation));
    },
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/indicators/:id/revisions/:kind',
    access: { action: 'indicator.edit', scope: scopes.indicator },
    tag: 'observations',
    summary:
      '目標値・基準値の変更 (理由と適用開始年度必須; 変更前の値は履歴に残り、それ以前の年度の評価に使われる) / revise the target or baseline with a reason and an effective fiscal year (the old value stays in the history and judges the earlier years)',
    params: z.strictObject({ id: z.string().min(1), kind: z.enum(['target', 'baseline']) }),
    body: z.strictObject({
      raw: z.string().min(1).max(2000),
      fiscalYear: z.number().int().min(1900).max(2200).nullable().optional(),
      effectiveYear: z.number().int().min(1900).max(2200),
      reason: z.string().min(1).max(2000),
      version: z.number().int().min(1).nullable().optional(),
    }),
    responses: {
      201: '作成 / created',
      400: '入力の誤り (年度が期間外、読めない値) / invalid input (year outside the period, unreadable value)',
      404: '見つからない / not found',
      409: '版の衝突 / version conflict',
    },
    answer: observationAnswer,
    async handler({ params, body, ctx }) {
      const r = await reviseIndicatorFigure(db, ctx, params.id, params.kind, body);
      if (!r.ok) return r;
      return ok(new Http(r.value.created ? 201 : 200, r.value.observation));
    },
  });

  addRoute(app, docs, {
    method: 'PUT',
    url: '/api/indicators/:id/overrides/:fiscalYear',
    access: { action: 'evaluation.override', scope: scopes.indicator },
    tag: 'evaluation',
    summary: '評価の上書き (理由必須、計算結果は残る) / override the status with a reason (computed kept)',
    params: yearParams,
    body: z.strictObject({
      label: z.string().min(1).max(100),
      key: z.string().min(1).max(100).nullable().optional(),
      reason: z.string().min(1).max(2000),
      version: z.number().int().min(1).nullable().optional(),
    }),
    responses: { 404: '見つからない / not found', 409: '版の衝突 / version conflict' },
    answer: overrideAnswer,
    handler: ({ params, body, ctx }) => putOverride(db, ctx, params.id, params.fiscalYear, body),
  });
}

/** An indicator's commentary (①②③). */
function registerCommentaryRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: Pick<RouteDeps, 'db' | 'scopes'>,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/indicators/:id/commentary',
    access: { action: 'data.read', scope: scopes.indicator },
    tag: 'commentary',
    summary: '指標のコメント (①実施状況 ②課題 ③今後の方策) / commentary of an indicator',
    params: idParams,
    answer: commentariesAnswer,
    handler: ({ params, ctx }) => indicatorCommentary(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/indicators/:id/commentary',
    access: { action: 'commentary.write', scope: scopes.indicator },
    tag: 'commentary',
    summary: 'コメントを追加 / add commentary for a fiscal year',
    params: idParams,
    body: commentaryBody.extend({ fiscalYear: z.number().int().min(1900).max(2200).nullable() }),
    responses: { 201: '作成 / created' },
    answer: commentaryAnswer,
    async handler({ params, body, ctx }) {
      const r = await addIndicatorCommentary(db, ctx, params.id, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/commentary/:id',
    access: { action: 'commentary.write', scope: scopes.commentary },
    tag: 'commentary',
    summary: 'コメントを編集 (version 必須) / edit commentary (version required)',
    params: idParams,
    body: commentaryBody.extend({ version: z.number().int().min(1) }),
    responses: { 409: '版の衝突 / version conflict' },
    answer: commentaryAnswer,
    async handler({ params, body, ctx }) {
      const { version, ...patch } = body;
      return editCommentary(db, ctx, params.id, version, patch);
    },
  });
}
