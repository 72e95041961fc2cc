import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ok } from '../../services/errors.ts';
import { listRounds, roundOfYear, roundStatus } from '../../services/rounds/reporting-rounds.ts';
import { changeRound, openRound } from '../../services/rounds/round-changes.ts';
import { endException, openException } from '../../services/rounds/round-exceptions.ts';
import { myNotices, readNotices, sendReminders } from '../../services/rounds/round-notices.ts';
import {
  approvePart,
  myTasks,
  partDetail,
  returnPart,
  submitPart,
} from '../../services/rounds/round-parts.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import {
  noticesAnswer,
  noticesReadAnswer,
  partChangeAnswer,
  partViewAnswer,
  remindersAnswer,
  roundChangeAnswer,
  roundExceptionAnswer,
  roundsAnswer,
  roundTasksAnswer,
  roundViewAnswer,
} from './rounds.answers.ts';

const idParams = z.strictObject({ id: z.string().min(1) });
const partParams = z.strictObject({ id: z.string().min(1), departmentId: z.string().min(1) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const version = z.number().int().min(1);
const findingCode = z.enum([
  'FIGURE_MISSING',
  'VALUE_UNPARSEABLE',
  'UNIT_DIFFERS',
  'OUTSIDE_PAST_RANGE',
  'UNUSUAL_JUMP',
  'YEAR_MISMATCH',
  'PENDING_OVERDUE',
  'COMMENTARY_MISSING',
]);

/** Reporting rounds (照会): opening, progress, submission, return, approval, lock, exceptions, reminders. */
export function registerRoundRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes, mailer }: RouteDeps,
): void {
  const deps = { db, mailer: mailer ?? null };

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/rounds',
    tag: 'rounds',
    summary: '照会の一覧 (自分の自治体、戦略で絞込) / reporting rounds of the caller’s municipality',
    query: z.strictObject({ strategyId: z.string().min(1).max(200).optional() }),
    access: { action: 'data.read', scope: scopes.own },
    answer: roundsAnswer,
    handler: ({ query, ctx }) =>
      listRounds(db, ctx, query.strategyId ? { strategyId: query.strategyId } : {}),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/strategies/:id/rounds',
    tag: 'rounds',
    summary:
      '照会を開始 (企画政策課): 年度・締切・課ごとの締切 / open a reporting round for a fiscal year with its deadline (planners)',
    params: idParams,
    body: z.strictObject({
      fiscalYear: z.number().int().min(1900).max(2200),
      deadline: isoDate,
      departmentDeadlines: z.record(z.string().min(1).max(200), isoDate).optional(),
      remindDays: z.number().int().min(0).max(90).optional(),
      note: z.string().trim().max(2000).nullable().optional(),
      open: z.boolean().optional(),
    }),
    responses: { 201: '作成 / created', 409: '同じ年度の照会がある / a round exists for that year' },
    access: { action: 'rounds.manage', scope: scopes.strategy },
    answer: roundChangeAnswer,
    async handler({ params, body, ctx }) {
      const r = await openRound(deps, ctx, params.id, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/strategies/:id/rounds/:fiscalYear',
    tag: 'rounds',
    summary: '戦略・年度の照会 (進捗つき) / the round of a strategy and fiscal year, with progress',
    params: z.strictObject({
      id: z.string().min(1),
      fiscalYear: z.coerce.number().int().min(1900).max(2200),
    }),
    responses: { 404: 'その年度の照会はない / no round for that year' },
    access: { action: 'data.read', scope: scopes.strategy },
    answer: roundViewAnswer,
    handler: ({ params, ctx }) => roundOfYear(db, ctx, params.id, params.fiscalYear),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/rounds/:id',
    tag: 'rounds',
    summary:
      '照会の進捗: 課ごとの件数・入力済・確認済・状態・締切・最終更新、状態ごとの件数 / round progress per department',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    access: { action: 'data.read', scope: scopes.round },
    answer: roundViewAnswer,
    handler: ({ params, ctx }) => roundStatus(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/rounds/:id/transition',
    tag: 'rounds',
    summary:
      '照会の状態を進める (受付開始・締切・受付再開・確定・公表; 企画政策課、版チェック) / open, close, reopen, confirm or publish a round',
    params: idParams,
    body: z.strictObject({
      action: z.enum(['open', 'close', 'reopen', 'confirm', 'publish']),
      version,
      reason: z.string().trim().max(2000).nullable().optional(),
    }),
    responses: {
      404: '見つからない / not found',
      409: '状態・版の衝突、未承認の課 / state or version conflict, departments not approved',
    },
    access: { action: 'rounds.manage', scope: scopes.round },
    answer: roundChangeAnswer,
    handler: ({ params, body, ctx }) =>
      changeRound(deps, ctx, params.id, body.action, { version: body.version, reason: body.reason ?? null }),
  });

  registerRoundPartRoutes(app, docs, { db, scopes, mailer });
  registerRoundFollowUpRoutes(app, docs, { db, scopes, mailer });
}

/** A department's part of a round: view, submit, return, approve. */
function registerRoundPartRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes, mailer }: Pick<RouteDeps, 'db' | 'scopes' | 'mailer'>,
): void {
  const deps = { db, mailer: mailer ?? null };

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/rounds/:id/departments/:departmentId',
    tag: 'rounds',
    summary:
      '課の回答: 指標ごとの数値・コメント・提出前チェックの指摘・差戻しコメント / a department’s answer with its findings',
    params: partParams,
    responses: { 404: '見つからない / not found' },
    access: { action: 'data.read', scope: scopes.roundPart },
    answer: partViewAnswer,
    handler: ({ params, ctx }) => partDetail(db, ctx, params.id, params.departmentId),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/rounds/:id/departments/:departmentId/submit',
    tag: 'rounds',
    summary:
      '回答を提出 (担当課・企画政策課): 指摘は修正するか理由を添えて確認 / submit a department’s answer; findings fixed or acknowledged with a reason',
    params: partParams,
    body: z.strictObject({
      version,
      acknowledgements: z
        .array(
          z.strictObject({
            indicatorId: z.string().min(1).max(200),
            code: findingCode,
            reason: z.string().trim().min(1).max(2000),
          }),
        )
        .max(2000)
        .optional(),
    }),
    responses: {
      404: '見つからない / not found',
      409: '状態・版の衝突 / state or version conflict',
      422: '未確認の指摘 / unacknowledged findings',
    },
    access: { action: 'rounds.submit', scope: scopes.roundPart },
    answer: partChangeAnswer,
    handler: ({ params, body, ctx }) =>
      submitPart(deps, ctx, params.id, params.departmentId, {
        version: body.version,
        acknowledgements: body.acknowledgements ?? [],
      }),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/rounds/:id/departments/:departmentId/return',
    tag: 'rounds',
    summary:
      '回答を差戻し (企画政策課): 指標ごとのコメント / return an answer with a comment per indicator (planners)',
    params: partParams,
    body: z.strictObject({
      version,
      items: z
        .array(
          z.strictObject({
            indicatorId: z.string().min(1).max(200),
            comment: z.string().trim().min(1).max(2000),
          }),
        )
        .min(1)
        .max(2000),
      comment: z.string().trim().max(2000).nullable().optional(),
    }),
    responses: { 404: '見つからない / not found', 409: '状態・版の衝突 / state or version conflict' },
    access: { action: 'rounds.manage', scope: scopes.roundPart },
    answer: partChangeAnswer,
    handler: ({ params, body, ctx }) =>
      returnPart(deps, ctx, params.id, params.departmentId, {
        version: body.version,
        items: body.items,
        comment: body.comment ?? null,
      }),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/rounds/:id/departments/:departmentId/approve',
    tag: 'rounds',
    summary: '回答を承認 (企画政策課) / approve a submitted answer (planners)',
    params: partParams,
    body: z.strictObject({ version }),
    responses: { 404: '見つからない / not found', 409: '状態・版の衝突 / state or version conflict' },
    access: { action: 'rounds.manage', scope: scopes.roundPart },
    answer: partChangeAnswer,
    handler: ({ params, body, ctx }) => approvePart(deps, ctx, params.id, params.departmentId, body),
  });
}

/** Exceptions after confirmation, reminders, and the signed-in person's tasks and notices. */
function registerRoundFollowUpRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes, mailer }: Pick<RouteDeps, 'db' | 'scopes' | 'mailer'>,
): void {
  const deps = { db, mailer: mailer ?? null };

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/rounds/:id/exceptions',
    tag: 'rounds',
    summary:
      '例外: 確定後に指標を1つ再開 (企画政策課、理由必須) / reopen exactly one indicator of a confirmed year, with a reason (planners)',
    params: idParams,
    body: z.strictObject({
      indicatorId: z.string().min(1).max(200),
      reason: z.string().trim().min(1).max(2000),
    }),
    responses: {
      201: '作成 / created',
      404: '見つからない / not found',
      409: '確定前・再開中 / not confirmed, or already reopened',
    },
    access: { action: 'rounds.manage', scope: scopes.round },
    answer: roundExceptionAnswer,
    async handler({ params, body, ctx }) {
      const r = await openException(db, ctx, params.id, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/round-exceptions/:id/close',
    tag: 'rounds',
    summary:
      '例外を終了して再び確定 (企画政策課) / close an exception: the indicator is locked again (planners)',
    params: idParams,
    body: z.strictObject({ version }),
    responses: {
      404: '見つからない / not found',
      409: '版の衝突・終了済 / version conflict, already closed',
    },
    access: { action: 'rounds.manage', scope: scopes.roundException },
    answer: roundExceptionAnswer,
    handler: ({ params, body, ctx }) => endException(db, ctx, params.id, body.version),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/rounds/:id/remind',
    tag: 'rounds',
    summary:
      '未提出の課に督促 (アプリ内通知とメール、各課の未入力の指標だけ) / remind departments not yet submitted, listing only their missing items',
    params: idParams,
    body: z.strictObject({ force: z.boolean().optional() }).optional(),
    responses: { 404: '見つからない / not found', 409: '受付中でない / the round takes no answers' },
    access: { action: 'rounds.manage', scope: scopes.round },
    answer: remindersAnswer,
    handler: ({ params, body, ctx }) =>
      sendReminders(deps, ctx, { roundId: params.id, force: body?.force ?? true }),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/me/tasks',
    tag: 'rounds',
    summary: '自分の課の照会タスク (締切順) / the caller’s tasks in open rounds, by deadline',
    access: 'signedIn',
    answer: roundTasksAnswer,
    handler: ({ ctx }) => myTasks(db, ctx),
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/me/notices',
    tag: 'rounds',
    summary: '自分へのお知らせ (新しい順) と未読数 / the caller’s notices and the unread count',
    access: 'signedIn',
    answer: noticesAnswer,
    handler: ({ ctx }) => myNotices(db, ctx),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/me/notices/read',
    tag: 'rounds',
    summary: 'お知らせを既読にする (全部、または指定) / mark the caller’s notices read',
    body: z.strictObject({ ids: z.array(z.string().min(1).max(200)).max(500).optional() }),
    access: 'signedIn',
    answer: noticesReadAnswer,
    handler: ({ body, ctx }) => readNotices(db, ctx, body.ids ?? null),
  });
}
