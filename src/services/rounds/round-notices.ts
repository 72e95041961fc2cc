/**
 * A reporting round's notices: written on each step, mailed when a mailer is configured, and the
 * reminders before a deadline; the caller's notices and marking them read.
 */
import type { Kysely } from 'kysely';
import {
  daysUntil,
  effectiveDeadline,
  ROUND_STATE_LABELS,
  type RoundState,
} from '../../core/reporting-round.ts';
import { answerableDepartmentIds, departmentNames } from '../../store/departments.ts';
import { planningDivisionOf } from '../../store/municipalities.ts';
import { insertNotices, markNoticesRead, type Notice, noticesOf, recipients } from '../../store/notices.ts';
import { getRoundRow, listRoundRows } from '../../store/reporting-rounds.ts';
import { itemFacts } from '../../store/round-items.ts';
import { listPartRows, markReminded, type ReturnedItem, toPart } from '../../store/round-parts.ts';
import type { Database, ReportingRoundTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, notFound, type Outcome, ok, Rollback } from '../errors.ts';
import { type MailMessage, type MailReport, sendAll } from '../ops/mailer.ts';
import { ROUND, type RoundDeps, stateError } from './reporting-rounds.ts';

type NoticeKind = 'opened' | 'reminder' | 'returned' | 'approved' | 'confirmed';

/**
 * Notices (in the app) and e-mails (returned, sent after the commit) to the editors of some
 * departments about a round. Each department's message lists only that department's items:
 * its missing figures for a reminder or the opening, its returned items for a return.
 */
export async function announce(
  trx: Executor,
  ctx: RequestContext,
  round: ReportingRoundTable,
  kind: NoticeKind,
  departmentIds: readonly string[],
  now: string,
  extra: { returned?: ReturnedItem[]; comment?: string | null } = {},
): Promise<MailMessage[]> {
  const strategy = await getStrategy(trx, round.strategy_id);
  const division = await planningDivisionOf(trx, round.municipality_id);
  const parts = (await listPartRows(trx, round.id))
    .map(toPart)
    .filter((p) => departmentIds.includes(p.departmentId));
  const names = await departmentNames(trx, departmentIds);
  const owners = await answerableDepartmentIds(trx, round.strategy_id);
  const facts = await itemFacts(trx, round.strategy_id, [...owners.keys()], round.fiscal_year);
  const people = await recipients(trx, round.municipality_id, { departmentIds });
  const indicatorName = new Map(facts.indicators.map((i) => [i.id, i.name]));
  const fy = round.fiscal_year;
  const messages: MailMessage[] = [];
  const notices: Parameters<typeof insertNotices>[1] = [];
  for (const part of parts) {
    const dept = names.get(part.departmentId) ?? '';
    const deadline = effectiveDeadline(round.deadline, part.deadline);
    const items = facts.indicators.filter((i) => (owners.get(i.id) ?? []).includes(part.departmentId));
    const missing = items.filter((i) => {
      const a = facts.actuals.get(i.id);
      return !a || (!(a.raw ?? '').trim() && a.value == null && !a.state);
    });
    const head = `${strategy?.name ?? ''} ${fy}年度`;
    let title: string;
    let lines: string[];
    switch (kind) {
      case 'opened':
        title = `【照会】${head}の実績照会（締切 ${deadline}）`;
        lines = [
          `${dept} 御中`,
          `${head}の実績値とコメントの照会を開始しました。締切は ${deadline} です。`,
          `対象の指標（${items.length}件）:`,
          ...items.map((i) => `・${i.name}`),
        ];
        break;
      case 'reminder':
        title = `【督促】${head}の実績照会 締切 ${deadline}（未入力 ${missing.length}件）`;
        lines = [
          `${dept} 御中`,
          `${head}の実績照会の締切（${deadline}）が近づいています。未入力の指標（${missing.length}件）:`,
          ...missing.map((i) => `・${i.name}`),
        ];
        break;
      case 'returned':
        title = `【差戻し】${head}の回答が差し戻されました`;
        lines = [
          `${dept} 御中`,
          `${head}の回答が${division}から差し戻されました。次の指標を修正して再提出してください。`,
          ...(extra.returned ?? []).map(
            (r) => `・${indicatorName.get(r.indicatorId) ?? r.indicatorId}: ${r.comment}`,
          ),
          ...(extra.comment ? [`コメント: ${extra.comment}`] : []),
        ];
        break;
      case 'approved':
        title = `【承認】${head}の回答が承認されました`;
        lines = [`${dept} 御中`, `${head}の回答は${division}が承認しました。ご協力ありがとうございました。`];
        break;
      case 'confirmed':
        title = `【確定】${head}の実績が確定しました`;
        lines = [
          `${dept} 御中`,
          `${head}の実績値とコメントは確定しました。以後の変更は${division}の例外手続きによります。`,
        ];
        break;
    }
    const body = lines.join('\n');
    const to = people.filter((p) => p.departmentIds.includes(part.departmentId));
    for (const p of to)
      notices.push({
        municipalityId: round.municipality_id,
        userId: p.userId,
        roundId: round.id,
        kind,
        title,
        body,
      });
    const addresses = [...new Set(to.flatMap((p) => (p.email ? [p.email] : [])))];
    if (addresses.length)
      messages.push({
        to: addresses,
        subject: title,
        text: `${body}\n\n（Sousei から自動送信: ${ctx.actor.name}）`,
      });
  }
  await insertNotices(trx, notices, now);
  return messages;
}

/**
 * Sends deadline reminders: for every round taking answers (or the one named), each department
 * not yet submitted whose deadline is within the round's reminder days (or every such department
 * with `force`) gets a notice and an e-mail listing only its missing items; each part is reminded
 * once unless forced. Planners, or the system (the server's daily job, `sousei round remind`).
 *
 * @example await sendReminders(deps, systemContext(), {}) // ok({ reminded: 2, mail: { sent: 2, ... } })
 */
export async function sendReminders(
  deps: RoundDeps,
  ctx: RequestContext,
  options: { roundId?: string; force?: boolean },
): Promise<Outcome<{ reminded: { roundId: string; departmentId: string }[]; mail: MailReport }>> {
  const { db } = deps;
  const messages: MailMessage[] = [];
  const r = await catchRollback(() =>
    db.transaction().execute(async (trx) => {
      let rounds: ReportingRoundTable[];
      if (options.roundId) {
        const one = await getRoundRow(trx, options.roundId);
        if (!one) throw new Rollback(notFound(ROUND, options.roundId));
        rounds = [one];
      } else
        rounds = await listRoundRows(trx, { municipalityId: ctx.municipalityId, states: ['open', 'closed'] });
      const now = nowIso(ctx);
      const asOf = now.slice(0, 10);
      const reminded: { roundId: string; departmentId: string }[] = [];
      for (const round of rounds) {
        const denied = authorize(ctx, 'rounds.manage', { municipalityId: round.municipality_id });
        if (denied) throw new Rollback(denied);
        if (round.state !== 'open' && round.state !== 'closed') {
          if (options.roundId)
            throw new Rollback(
              stateError({
                message: `照会が「${ROUND_STATE_LABELS[round.state as RoundState]}」のため督促できません`,
                messageEn: `A ${round.state} round takes no reminders`,
              }),
            );
          continue;
        }
        const due = (await listPartRows(trx, round.id))
          .map(toPart)
          .filter((p) => p.state === 'not_started' || p.state === 'in_progress' || p.state === 'returned')
          .filter(
            (p) =>
              options.force ||
              (!p.remindedAt &&
                daysUntil(effectiveDeadline(round.deadline, p.deadline), asOf) <= round.remind_days),
          );
        if (!due.length) continue;
        const ids = due.map((p) => p.departmentId);
        messages.push(...(await announce(trx, ctx, round, 'reminder', ids, now)));
        await markReminded(
          trx,
          due.map((p) => p.id),
          now,
        );
        reminded.push(...ids.map((departmentId) => ({ roundId: round.id, departmentId })));
      }
      return reminded;
    }),
  );
  if (!r.ok) return r;
  return ok({ reminded: r.value, mail: await sendAll(deps.mailer, messages) });
}

/** The caller's notices (newest first) and the number unread: shown on sign-in and as a list. */
export async function myNotices(
  db: Kysely<Database>,
  ctx: RequestContext,
  limit = 50,
): Promise<Outcome<{ items: Notice[]; unread: number }>> {
  if (ctx.principal !== 'user' || !ctx.actor.id) return ok({ items: [], unread: 0 });
  return ok(await noticesOf(db, ctx.actor.id, limit));
}

/** Marks the caller's notices read (all, or those named). */
export async function readNotices(
  db: Kysely<Database>,
  ctx: RequestContext,
  ids: string[] | null,
): Promise<Outcome<{ marked: number }>> {
  if (ctx.principal !== 'user' || !ctx.actor.id) return ok({ marked: 0 });
  return ok({ marked: await markNoticesRead(db, ctx.actor.id, ids, nowIso(ctx)) });
}
