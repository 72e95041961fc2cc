import {
  PART_STATE_LABELS,
  type RoundAction,
  type RoundState,
  roundTransition,
} from '../../core/reporting-round.ts';
import { answerableDepartmentIds, departmentNames } from '../../store/departments.ts';
import { planningDivisionOf } from '../../store/municipalities.ts';
import {
  findRoundRow,
  getRoundRow,
  insertRound,
  toRound,
  updateRound,
  updateRoundIfQuiet,
} from '../../store/reporting-rounds.ts';
import { listPartRows, toPart } from '../../store/round-parts.ts';
import type { ReportingRoundTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { type MailMessage, type MailReport, sendAll } from '../ops/mailer.ts';
import { publishYearIn } from '../reports/publication.ts';
import { recordChange } from '../versioned-write.ts';
import { actorOf, ROUND, type RoundDeps, type RoundView, roundView, stateError } from './reporting-rounds.ts';
import { announce } from './round-notices.ts';

/** Input of a new round. */
export interface NewRound {
  fiscalYear: number;
  /** ISO date (YYYY-MM-DD). */
  deadline: string;
  /** Earlier deadlines of some departments (department id → ISO date). */
  departmentDeadlines?: Record<string, string> | undefined;
  /** Days before the deadline the reminder goes out (default 7). */
  remindDays?: number | undefined;
  note?: string | null | undefined;
  /** Start taking answers at once (default true); false keeps it in 準備. */
  open?: boolean | undefined;
}

/**
 * Opens a reporting round for a strategy and fiscal year (planners): one part per department
 * answering for an indicator of the strategy, the deadline (and earlier ones per department).
 * When it opens, every editor of those departments gets a notice and, with a mailer, an e-mail
 * listing the department's items. Audited.
 *
 * @example await openRound({ db, mailer }, ctx, strategyId, { fiscalYear: 2024, deadline: '2025-05-31' })
 */
export async function openRound(
  deps: RoundDeps,
  ctx: RequestContext,
  strategyId: string,
  input: NewRound,
): Promise<Outcome<RoundView & { mail: MailReport }>> {
  const { db } = deps;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || Number.isNaN(Date.parse(input.deadline)))
    return fail(
      invalid('deadline', '締切日は YYYY-MM-DD で指定してください', 'Give the deadline as YYYY-MM-DD'),
    );
  for (const [d, date] of Object.entries(input.departmentDeadlines ?? {}))
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      return fail(
        invalid(
          `departmentDeadlines.${d}`,
          '締切日は YYYY-MM-DD で指定してください',
          'Give the deadline as YYYY-MM-DD',
        ),
      );
  const messages: MailMessage[] = [];
  const r = await catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const strategy = await getStrategy(trx, strategyId);
      if (!strategy) throw new Rollback(notFound('総合戦略 (strategy)', strategyId));
      const denied = authorize(ctx, 'rounds.manage', { municipalityId: strategy.municipalityId });
      if (denied) throw new Rollback(denied);
      const { from, to } = strategy.period ?? { from: null, to: null };
      if ((from != null && input.fiscalYear < from) || (to != null && input.fiscalYear > to))
        throw new Rollback(
          invalid(
            'fiscalYear',
            `${input.fiscalYear}年度は戦略の期間（${from}〜${to}年度）の外です`,
            `FY${input.fiscalYear} is outside the strategy's period (${from}–${to})`,
          ),
        );
      if (await findRoundRow(trx, strategyId, input.fiscalYear))
        throw new Rollback({
          code: 'ALREADY_EXISTS',
          message: `${input.fiscalYear}年度の照会は既にあります`,
          messageEn: `There is already a round for FY${input.fiscalYear}`,
          place: { field: 'fiscalYear' },
        });
      const owners = await answerableDepartmentIds(trx, strategyId);
      const departmentIds = [...new Set([...owners.values()].flat())];
      for (const d of Object.keys(input.departmentDeadlines ?? {}))
        if (!departmentIds.includes(d))
          throw new Rollback(
            invalid(
              `departmentDeadlines.${d}`,
              'この戦略の指標を所管していない課です',
              'This department owns no indicator of the strategy',
            ),
          );
      const now = nowIso(ctx);
      const opening = input.open ?? true;
      const { round } = await insertRound(
        trx,
        {
          municipalityId: strategy.municipalityId,
          strategyId,
          fiscalYear: input.fiscalYear,
          state: opening ? 'open' : 'preparing',
          deadline: input.deadline,
          remindDays: input.remindDays ?? 7,
          note: input.note ?? null,
          opened: opening ? { at: now, by: ctx.actor.name } : null,
          parts: departmentIds.map((d) => ({
            departmentId: d,
            deadline: input.departmentDeadlines?.[d] ?? null,
          })),
        },
        now,
      );
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: strategy.municipalityId,
          strategyId,
          entityType: 'reporting_round',
          entityId: round.id,
          action: opening ? 'open' : 'create',
          before: null,
          after: toRound(round),
        },
        { revision: false },
      );
      if (opening) messages.push(...(await announce(trx, ctx, round, 'opened', departmentIds, now)));
      return round;
    }),
  );
  if (!r.ok) return r;
  const mail = await sendAll(deps.mailer, messages);
  return ok({ ...(await roundView(db, ctx, r.value)), mail });
}

/**
 * A change of the whole round (planners): 受付開始 (open), 締切 (close), 受付再開 (reopen), 確定
 * (confirm), 公表 (publish). Confirmation needs every department approved, or a reason (recorded)
 * to confirm anyway; it applies only if no write came into the year since it was checked (a
 * confirmation racing a submission or an edit: exactly one wins). Compare-and-set on the version.
 * Audited; departments are told when their round opens or is confirmed.
 *
 * @example await changeRound(deps, plannerCtx, roundId, 'confirm', { version: 3 })
 */
export async function changeRound(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  action: RoundAction,
  input: { version: number; reason?: string | null | undefined },
): Promise<Outcome<RoundView & { mail: MailReport }>> {
  const { db } = deps;
  const messages: MailMessage[] = [];
  const r = await catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getRoundRow(trx, roundId);
      if (!before) throw new Rollback(notFound(ROUND, roundId));
      const denied = authorize(ctx, 'rounds.manage', { municipalityId: before.municipality_id });
      if (denied) throw new Rollback(denied);
      if (before.version !== input.version)
        throw new Rollback(versionConflict(ROUND, input.version, toRound(before)));
      const division = await planningDivisionOf(trx, before.municipality_id);
      const t = roundTransition(before.state as RoundState, action, actorOf(ctx), division);
      if (!t.ok) throw new Rollback(stateError(t.refusal));
      const now = nowIso(ctx);
      const parts = (await listPartRows(trx, roundId)).map(toPart);
      let after: ReportingRoundTable;
      if (action === 'confirm') {
        const pending = parts.filter((p) => p.state !== 'approved');
        const reason = input.reason?.trim() || null;
        if (pending.length && !reason) {
          const names = await departmentNames(
            trx,
            pending.map((p) => p.departmentId),
          );
          throw new Rollback({
            code: 'ROUND_STATE',
            message: `承認されていない課があります（${pending.map((p) => `${names.get(p.departmentId)}: ${PART_STATE_LABELS[p.state]}`).join('、')}）。承認するか、理由を記入して確定してください`,
            messageEn: `${pending.length} department(s) not approved: approve them, or give a reason to confirm anyway`,
            place: { field: 'reason' },
            details: { pending: pending.map((p) => ({ departmentId: p.departmentId, state: p.state })) },
          });
        }
        const applied = await updateRoundIfQuiet(trx, roundId, before.write_seq, before.state as RoundState, {
          state: 'confirmed',
          confirmed_at: now,
          confirmed_by_name: ctx.actor.name,
          confirm_reason: pending.length ? reason : null,
          updated_at: now,
        });
        if (!applied) {
          const current = await getRoundRow(trx, roundId);
          throw new Rollback({
            ...versionConflict(ROUND, input.version, current ? toRound(current) : null),
            message:
              '確定の確認中に回答や数値が更新されました。最新の状況を確認してから、もう一度確定してください',
            messageEn:
              'Answers or figures changed while the confirmation was checked: review the current state and confirm again',
          });
        }
        after = (await getRoundRow(trx, roundId)) as ReportingRoundTable;
      } else {
        const u = await updateRound(trx, roundId, input.version, {
          state: t.to,
          ...(action === 'open' ? { opened_at: now, opened_by_name: ctx.actor.name } : {}),
          ...(action === 'publish' ? { published_at: now } : {}),
          updated_at: now,
        });
        if (!u.ok)
          throw new Rollback(
            u.reason === 'conflict'
              ? versionConflict(ROUND, input.version, toRound(u.current))
              : notFound(ROUND, roundId),
          );
        after = u.row;
      }
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: before.municipality_id,
          strategyId: before.strategy_id,
          entityType: 'reporting_round',
          entityId: roundId,
          action,
          before: toRound(before),
          after: { ...toRound(after), ...(input.reason ? { reason: input.reason } : {}) },
        },
        { revision: false },
      );
      const everyone = parts.map((p) => p.departmentId);
      if (action === 'open') messages.push(...(await announce(trx, ctx, after, 'opened', everyone, now)));
      if (action === 'confirm')
        messages.push(...(await announce(trx, ctx, after, 'confirmed', everyone, now)));
      // Publication (公表) is the public site's: the confirmed year goes out through its service.
      if (action === 'publish')
        await publishYearIn(trx, ctx, after.strategy_id, after.fiscal_year, {
          source: 'round',
          note: `照会 ${after.id}`,
        });
      return after;
    }),
  );
  if (!r.ok) return r;
  const mail = await sendAll(deps.mailer, messages);
  return ok({ ...(await roundView(db, ctx, r.value)), mail });
}
