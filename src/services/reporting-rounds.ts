import type { Kysely } from 'kysely';
import {
  countParts,
  daysUntil,
  effectiveDeadline,
  mayEditItem,
  PART_STATE_LABELS,
  type PartAction,
  type PartState,
  partTransition,
  ROUND_STATE_LABELS,
  type RoundAction,
  type RoundActor,
  type RoundState,
  roundTransition,
  yearLocked,
} from '../core/reporting-round.ts';
import {
  type Acknowledgement,
  type Finding,
  type RoundItem,
  roundFindings,
  unacknowledged,
  usedAcknowledgements,
} from '../core/round-checks.ts';
import { appendAudit } from '../store/audit.ts';
import {
  claimRoundWrite,
  closeException,
  departmentNames,
  findRoundRow,
  getExceptionRow,
  getPartRow,
  getRoundRow,
  indicatorDepartments,
  insertException,
  insertNotices,
  insertRound,
  itemFacts,
  listExceptionRows,
  listPartRows,
  listRoundRows,
  markNoticesRead,
  markReminded,
  type Notice,
  noticesOf,
  type ReportingRound,
  type ReturnedItem,
  type RoundException,
  type RoundPart,
  recipients,
  toException,
  toPart,
  toRound,
  updatePartIfQuiet,
  updateRound,
  updateRoundIfQuiet,
} from '../store/reporting-rounds.ts';
import type { Database, ReportingRoundTable } from '../store/schema.ts';
import { getStrategy } from '../store/strategies.ts';
import type { Executor } from '../store/versioned.ts';
import { authorize, type Scope } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import {
  type AppError,
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from './errors.ts';
import { evaluateStrategy } from './evaluation.ts';
import { type Mailer, type MailMessage, type MailReport, sendAll } from './mailer.ts';
import { publishYearIn } from './publication.ts';
import { scopeOfStrategy } from './scope.ts';

const ROUND = '照会 (reporting round)';

/** What the round services need besides the database: the city's mailer, if configured. */
export interface RoundDeps {
  db: Kysely<Database>;
  mailer: Mailer | null;
}

/** One department's line on the progress page. */
export interface PartProgress {
  departmentId: string;
  departmentName: string;
  state: PartState;
  stateLabel: string;
  /** The department's deadline (its own earlier one, else the round's). */
  deadline: string;
  items: number;
  entered: number;
  /** Items without a finding, or whose findings are acknowledged. */
  checked: number;
  findings: number;
  submittedAt: string | null;
  submittedBy: string | null;
  lastActivityAt: string | null;
  returned: ReturnedItem[];
  version: number;
}

/** A round as the progress page shows it. */
export interface RoundView extends ReportingRound {
  stateLabel: string;
  strategyName: string;
  parts: PartProgress[];
  counts: Record<PartState, number>;
  exceptions: RoundException[];
  /** The indicators the departments answer for (the exception picker chooses among them). */
  indicators: RoundIndicator[];
}

/** An indicator of a round: its name and the departments answering for it. */
export interface RoundIndicator {
  indicatorId: string;
  name: string;
  unit: string | null;
  departmentNames: string[];
  /** Reopened by an open exception (確定後の例外). */
  reopened: boolean;
}

/** One item of a department's answer (the figure, earlier years, commentary, status), with its findings. */
export interface PartItem extends RoundItem {
  findings: Finding[];
  /** The planner's comment when the item was returned. */
  returnedComment: string | null;
  /** Whether the department may change it now (a confirmed year: only through an open exception). */
  editable: boolean;
  /** Reopened after confirmation by a planner's exception (its reason), else null. */
  exceptionReason: string | null;
}

/** A department's answer: its state, deadline, items and findings. */
export interface PartView {
  round: ReportingRound & { stateLabel: string; strategyName: string };
  part: RoundPart & { stateLabel: string; departmentName: string; effectiveDeadline: string };
  items: PartItem[];
  findings: Finding[];
  /** Findings not yet acknowledged with a reason (what still blocks a submission). */
  open: Finding[];
}

function actorOf(ctx: RequestContext): RoundActor {
  if (ctx.principal === 'system') return 'system';
  return ctx.role === 'planner' || ctx.role === 'admin' ? 'planner' : 'department';
}

function stateError(refusal: { message: string; messageEn: string }, field = 'state'): AppError {
  return { code: 'ROUND_STATE', message: refusal.message, messageEn: refusal.messageEn, place: { field } };
}

/** The scope of a round: its municipality (departments: every department answering in it). */
export async function scopeOfRound(db: Executor, roundId: string): Promise<Scope | null> {
  const r = await getRoundRow(db, roundId);
  return r ? { municipalityId: r.municipality_id } : null;
}

/** The scope of a department's answer in a round: the municipality and that department. */
export async function scopeOfPart(
  db: Executor,
  roundId: string,
  departmentId: string,
): Promise<Scope | null> {
  const r = await getRoundRow(db, roundId);
  return r ? { municipalityId: r.municipality_id, departmentIds: [departmentId] } : null;
}

/** The scope of a round exception: its round's municipality. */
export async function scopeOfException(db: Executor, id: string): Promise<Scope | null> {
  const e = await getExceptionRow(db, id);
  return e ? scopeOfRound(db, e.round_id) : null;
}

/** The lowest class of the scheme per indicator, for the year (遅れ and equivalents). */
async function statusesOf(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  fiscalYear: number,
): Promise<Map<string, { label: string; lowest: boolean }>> {
  const e = await evaluateStrategy(db, ctx, strategyId, { asOf: fiscalYear, text: false });
  const out = new Map<string, { label: string; lowest: boolean }>();
  if (!e.ok) return out;
  const ev = e.value.evaluation;
  const lowest = ev.scheme.order?.at(-1) ?? null;
  for (const r of ev.results)
    out.set(r.id, { label: r.status.label, lowest: lowest !== null && r.status.key === lowest });
  return out;
}

/**
 * Every item of every part, checked, as of the context's date. The statuses (evaluated in their
 * own read) are passed in so that the figures can be read inside the caller's transaction.
 */
async function checkedItems(
  db: Executor,
  ctx: RequestContext,
  round: ReportingRoundTable,
  parts: RoundPart[],
  statuses: Map<string, { label: string; lowest: boolean }>,
): Promise<Map<string, PartItem[]>> {
  const owners = await indicatorDepartments(db, round.strategy_id);
  const ids = [...owners.keys()];
  const facts = await itemFacts(db, round.strategy_id, ids, round.fiscal_year);
  const asOf = nowIso(ctx).slice(0, 10);
  const locked = yearLocked(round.state as RoundState);
  const reopened = new Map(
    locked
      ? (await listExceptionRows(db, round.id, { openOnly: true })).map((e) => [e.indicator_id, e.reason])
      : [],
  );
  const out = new Map<string, PartItem[]>();
  for (const part of parts) {
    const returned = new Map(part.returned.map((r) => [r.indicatorId, r.comment]));
    const items: PartItem[] = [];
    for (const ind of facts.indicators) {
      if (!(owners.get(ind.id) ?? []).includes(part.departmentId)) continue;
      const item: RoundItem = {
        indicatorId: ind.id,
        name: ind.name,
        unit: ind.unit,
        actual: facts.actuals.get(ind.id) ?? null,
        past: facts.past.get(ind.id) ?? [],
        hasCommentary: facts.commented.has(ind.id),
        status: statuses.get(ind.id) ?? null,
      };
      items.push({
        ...item,
        findings: roundFindings([item], round.fiscal_year, asOf),
        returnedComment: returned.get(ind.id) ?? null,
        editable: locked
          ? reopened.has(ind.id)
          : mayEditItem(
              part.state,
              part.returned.map((r) => r.indicatorId),
              ind.id,
            ),
        exceptionReason: reopened.get(ind.id) ?? null,
      });
    }
    out.set(part.id, items);
  }
  return out;
}

async function roundView(
  db: Kysely<Database>,
  ctx: RequestContext,
  row: ReportingRoundTable,
): Promise<RoundView> {
  const parts = (await listPartRows(db, row.id)).map(toPart);
  const names = await departmentNames(
    db,
    parts.map((p) => p.departmentId),
  );
  const statuses = await statusesOf(db, ctx, row.strategy_id, row.fiscal_year);
  const items = await checkedItems(db, ctx, row, parts, statuses);
  const strategy = await getStrategy(db, row.strategy_id);
  const progress = parts.map((p): PartProgress => {
    const list = items.get(p.id) ?? [];
    const open = (i: PartItem) => unacknowledged(i.findings, p.acknowledgements);
    return {
      departmentId: p.departmentId,
      departmentName: names.get(p.departmentId) ?? p.departmentId,
      state: p.state,
      stateLabel: PART_STATE_LABELS[p.state],
      deadline: effectiveDeadline(row.deadline, p.deadline),
      items: list.length,
      entered: list.filter(
        (i) => i.actual && (i.actual.raw?.trim() || i.actual.value != null || i.actual.state),
      ).length,
      checked: list.filter((i) => open(i).length === 0).length,
      findings: list.reduce((n, i) => n + open(i).length, 0),
      submittedAt: p.submittedAt,
      submittedBy: p.submittedBy,
      lastActivityAt: p.lastActivityAt,
      returned: p.returned,
      version: p.version,
    };
  });
  progress.sort((a, b) => a.departmentName.localeCompare(b.departmentName, 'ja'));
  const exceptions = (await listExceptionRows(db, row.id)).map(toException);
  const indicators = new Map<string, RoundIndicator>();
  for (const p of progress)
    for (const i of items.get(parts.find((x) => x.departmentId === p.departmentId)!.id) ?? []) {
      const known = indicators.get(i.indicatorId);
      if (known) known.departmentNames.push(p.departmentName);
      else
        indicators.set(i.indicatorId, {
          indicatorId: i.indicatorId,
          name: i.name,
          unit: i.unit,
          departmentNames: [p.departmentName],
          reopened: exceptions.some((e) => e.indicatorId === i.indicatorId && !e.closedAt),
        });
    }
  return {
    ...toRound(row),
    stateLabel: ROUND_STATE_LABELS[row.state as RoundState],
    strategyName: strategy?.name ?? '',
    parts: progress,
    counts: countParts(parts.map((p) => p.state)),
    exceptions,
    indicators: [...indicators.values()],
  };
}

/** Reads a round for a caller who may read its municipality's data. */
async function readableRound(
  db: Kysely<Database>,
  ctx: RequestContext,
  roundId: string,
): Promise<Outcome<ReportingRoundTable>> {
  const row = await getRoundRow(db, roundId);
  if (!row) return fail(notFound(ROUND, roundId));
  const denied = authorize(ctx, 'data.read', { municipalityId: row.municipality_id });
  return denied ? fail(denied) : ok(row);
}

/**
 * A round with one line per department (items, entered, checked, state, deadline, last activity)
 * and the count per state.
 *
 * @example await roundStatus(db, ctx, roundId) // ok({ state: 'open', counts: { submitted: 1, ... }, parts: [...] })
 */
export async function roundStatus(
  db: Kysely<Database>,
  ctx: RequestContext,
  roundId: string,
): Promise<Outcome<RoundView>> {
  const r = await readableRound(db, ctx, roundId);
  return r.ok ? ok(await roundView(db, ctx, r.value)) : r;
}

/** Rounds of the caller's municipality (one strategy when given), newest year first. */
export async function listRounds(
  db: Kysely<Database>,
  ctx: RequestContext,
  filter: { strategyId?: string } = {},
): Promise<Outcome<(ReportingRound & { stateLabel: string })[]>> {
  if (filter.strategyId) {
    const s = await scopeOfStrategy(db, filter.strategyId);
    if (!s) return fail(notFound('総合戦略 (strategy)', filter.strategyId));
    const denied = authorize(ctx, 'data.read', s);
    if (denied) return fail(denied);
  } else {
    const denied = authorize(ctx, 'data.read', { municipalityId: ctx.municipalityId });
    if (denied) return fail(denied);
  }
  const rows = await listRoundRows(db, {
    municipalityId: ctx.municipalityId,
    ...(filter.strategyId ? { strategyId: filter.strategyId } : {}),
  });
  return ok(rows.map((r) => ({ ...toRound(r), stateLabel: ROUND_STATE_LABELS[r.state as RoundState] })));
}

/** The round of a strategy and fiscal year (404 when none). */
export async function roundOfYear(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  fiscalYear: number,
): Promise<Outcome<RoundView>> {
  const row = await findRoundRow(db, strategyId, fiscalYear);
  if (!row) return fail(notFound(ROUND, `${strategyId}/${fiscalYear}`));
  return roundStatus(db, ctx, row.id);
}

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
      const owners = await indicatorDepartments(trx, strategyId);
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
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: strategy.municipalityId,
        strategyId,
        entityType: 'reporting_round',
        entityId: round.id,
        action: opening ? 'open' : 'create',
        before: null,
        after: toRound(round),
      });
      if (opening) messages.push(...(await announce(trx, ctx, round, 'opened', departmentIds, now)));
      return round;
    }),
  );
  if (!r.ok) return r;
  const mail = await sendAll(deps.mailer, messages);
  return ok({ ...(await roundView(db, ctx, r.value)), mail });
}

type NoticeKind = 'opened' | 'reminder' | 'returned' | 'approved' | 'confirmed';

/**
 * Notices (in the app) and e-mails (returned, sent after the commit) to the editors of some
 * departments about a round. Each department's message lists only that department's items:
 * its missing figures for a reminder or the opening, its returned items for a return.
 */
async function announce(
  trx: Executor,
  ctx: RequestContext,
  round: ReportingRoundTable,
  kind: NoticeKind,
  departmentIds: readonly string[],
  now: string,
  extra: { returned?: ReturnedItem[]; comment?: string | null } = {},
): Promise<MailMessage[]> {
  const strategy = await getStrategy(trx, round.strategy_id);
  const parts = (await listPartRows(trx, round.id))
    .map(toPart)
    .filter((p) => departmentIds.includes(p.departmentId));
  const names = await departmentNames(trx, departmentIds);
  const owners = await indicatorDepartments(trx, round.strategy_id);
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
          `${head}の回答が企画政策課から差し戻されました。次の指標を修正して再提出してください。`,
          ...(extra.returned ?? []).map(
            (r) => `・${indicatorName.get(r.indicatorId) ?? r.indicatorId}: ${r.comment}`,
          ),
          ...(extra.comment ? [`コメント: ${extra.comment}`] : []),
        ];
        break;
      case 'approved':
        title = `【承認】${head}の回答が承認されました`;
        lines = [`${dept} 御中`, `${head}の回答は企画政策課が承認しました。ご協力ありがとうございました。`];
        break;
      case 'confirmed':
        title = `【確定】${head}の実績が確定しました`;
        lines = [
          `${dept} 御中`,
          `${head}の実績値とコメントは確定しました。以後の変更は企画政策課の例外手続きによります。`,
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
      const t = roundTransition(before.state as RoundState, action, actorOf(ctx));
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
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: before.municipality_id,
        strategyId: before.strategy_id,
        entityType: 'reporting_round',
        entityId: roundId,
        action,
        before: toRound(before),
        after: { ...toRound(after), ...(input.reason ? { reason: input.reason } : {}) },
      });
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

async function partFor(
  trx: Executor,
  roundId: string,
  departmentId: string,
): Promise<{ round: ReportingRoundTable; part: RoundPart }> {
  const round = await getRoundRow(trx, roundId);
  if (!round) throw new Rollback(notFound(ROUND, roundId));
  const row = (await listPartRows(trx, roundId)).find((p) => p.department_id === departmentId);
  if (!row) throw new Rollback(notFound('課の回答 (department answer)', departmentId));
  return { round, part: toPart(row) };
}

/**
 * A department's answer in a round: its items (figure, commentary, status), the findings of the
 * submission checks, the returned items with the planner's comments and what is still editable.
 * Readable by anyone who may read the municipality's data.
 */
export async function partDetail(
  db: Kysely<Database>,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
): Promise<Outcome<PartView>> {
  const rr = await readableRound(db, ctx, roundId);
  if (!rr.ok) return rr;
  const row = (await listPartRows(db, roundId)).find((p) => p.department_id === departmentId);
  if (!row) return fail(notFound('課の回答 (department answer)', departmentId));
  const part = toPart(row);
  const statuses = await statusesOf(db, ctx, rr.value.strategy_id, rr.value.fiscal_year);
  const items = (await checkedItems(db, ctx, rr.value, [part], statuses)).get(part.id) ?? [];
  const findings = items.flatMap((i) => i.findings);
  const names = await departmentNames(db, [departmentId]);
  const strategy = await getStrategy(db, rr.value.strategy_id);
  return ok({
    round: {
      ...toRound(rr.value),
      stateLabel: ROUND_STATE_LABELS[rr.value.state as RoundState],
      strategyName: strategy?.name ?? '',
    },
    part: {
      ...part,
      stateLabel: PART_STATE_LABELS[part.state],
      departmentName: names.get(departmentId) ?? departmentId,
      effectiveDeadline: effectiveDeadline(rr.value.deadline, part.deadline),
    },
    items,
    findings,
    open: unacknowledged(findings, part.acknowledgements),
  });
}

/** Runs a part action (submit, return, approve) with compare-and-set on the part's write count. */
async function movePart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  action: Exclude<PartAction, 'edit'>,
  input: {
    version: number;
    acknowledgements?: Acknowledgement[];
    returned?: ReturnedItem[];
    comment?: string | null;
  },
): Promise<Outcome<PartView & { mail: MailReport }>> {
  const { db } = deps;
  const messages: MailMessage[] = [];
  // What the checks compare with is read before the transaction; the part's write count read
  // here makes any edit after this point defeat the submission (compare-and-set below).
  const seen = (await listPartRows(db, roundId)).find((p) => p.department_id === departmentId);
  const seenRound = await getRoundRow(db, roundId);
  const statuses =
    action === 'submit' && seenRound
      ? await statusesOf(db, ctx, seenRound.strategy_id, seenRound.fiscal_year)
      : new Map<string, { label: string; lowest: boolean }>();
  const r = await catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const { round, part } = await partFor(trx, roundId, departmentId);
      const permission = action === 'submit' ? 'rounds.submit' : 'rounds.manage';
      const denied = authorize(ctx, permission, {
        municipalityId: round.municipality_id,
        departmentIds: [departmentId],
      });
      if (denied) throw new Rollback(denied);
      const WHAT = '課の回答 (department answer)';
      if (part.version !== input.version) throw new Rollback(versionConflict(WHAT, input.version, part));
      const t = partTransition(round.state as RoundState, part.state, action, actorOf(ctx));
      if (!t.ok) throw new Rollback(stateError(t.refusal));
      const seq = seen?.write_seq ?? 0;
      const now = nowIso(ctx);
      let patch: Parameters<typeof updatePartIfQuiet>[4] = { state: t.to };
      if (action === 'submit') {
        const items = (await checkedItems(trx, ctx, round, [part], statuses)).get(part.id) ?? [];
        const findings = items.flatMap((i) => i.findings);
        // Acknowledgements of an earlier submission still hold for the same finding.
        const acks = [...(input.acknowledgements ?? []), ...part.acknowledgements];
        const open = unacknowledged(findings, acks);
        if (open.length)
          throw new Rollback({
            code: 'FINDINGS_UNACKNOWLEDGED',
            message: `提出前チェックで ${open.length} 件の指摘があります。修正するか、理由を記入して確認してください。${open[0]?.message ?? ''}`,
            messageEn: `${open.length} finding(s) of the submission checks: fix them or acknowledge each with a reason. ${open[0]?.messageEn ?? ''}`,
            place: { field: 'acknowledgements' },
            details: { findings: open },
          });
        patch = {
          state: t.to,
          acknowledgements: usedAcknowledgements(findings, acks).filter(
            (a, i, all) => all.findIndex((b) => b.indicatorId === a.indicatorId && b.code === a.code) === i,
          ),
          returned: [],
          submittedAt: now,
          submittedBy: ctx.actor.name,
        };
      } else if (action === 'return') {
        const returned = input.returned ?? [];
        const owners = await indicatorDepartments(trx, round.strategy_id);
        for (const [i, item] of returned.entries())
          if (!(owners.get(item.indicatorId) ?? []).includes(departmentId))
            throw new Rollback(
              invalid(
                `items.${i}.indicatorId`,
                'この課の回答にない指標です',
                'This indicator is not part of the department’s answer',
              ),
            );
        patch = { state: t.to, returned };
      }
      // Counted on the round too: a confirmation that read the older count does not apply.
      if (!(await claimRoundWrite(trx, round.id, ['open', 'closed'], now))) {
        const current = await getRoundRow(trx, round.id);
        throw new Rollback(
          stateError({
            message: `照会は「${ROUND_STATE_LABELS[(current?.state ?? round.state) as RoundState]}」になったため、この操作はできません`,
            messageEn: `The round is now ${current?.state ?? round.state}: this action no longer applies`,
          }),
        );
      }
      if (!(await updatePartIfQuiet(trx, part.id, seq, part.state, patch, now)))
        throw new Rollback({
          ...versionConflict(WHAT, input.version, part),
          message:
            '回答の確認中に数値やコメントが更新されました。最新の内容を確認してから、もう一度操作してください',
          messageEn: 'Figures or commentary changed while the answer was checked: review and try again',
        });
      const after = toPart((await getPartRow(trx, part.id))!);
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: round.municipality_id,
        strategyId: round.strategy_id,
        entityType: 'round_part',
        entityId: part.id,
        action,
        before: part,
        after: { ...after, ...(input.comment ? { comment: input.comment } : {}) },
      });
      // Returned items are audited on each indicator too (visible in its history).
      if (action === 'return')
        await appendAudit(
          trx,
          (input.returned ?? []).map((item) => ({
            at: now,
            actor: ctx.actor,
            municipalityId: round.municipality_id,
            strategyId: round.strategy_id,
            indicatorId: item.indicatorId,
            entityType: 'round_item',
            entityId: part.id,
            action: 'return' as const,
            before: null,
            after: { fiscalYear: round.fiscal_year, comment: item.comment },
          })),
        );
      if (action === 'return')
        messages.push(
          ...(await announce(trx, ctx, round, 'returned', [departmentId], now, {
            returned: input.returned ?? [],
            comment: input.comment ?? null,
          })),
        );
      if (action === 'approve')
        messages.push(...(await announce(trx, ctx, round, 'approved', [departmentId], now)));
      return true;
    }),
  );
  if (!r.ok) return r;
  const mail = await sendAll(deps.mailer, messages);
  const view = await partDetail(db, ctx, roundId, departmentId);
  return view.ok ? ok({ ...view.value, mail }) : view;
}

/**
 * Submits a department's answer (its editors, or planners) after the submission checks: every
 * finding must be fixed or acknowledged with a reason. Applies only if no figure or commentary of
 * the part changed since the checks read them (a submission racing an edit: exactly one wins).
 *
 * @example await submitPart(deps, editorCtx, roundId, deptId, { version: 2, acknowledgements: [{ indicatorId, code: 'UNUSUAL_JUMP', reason: '新施設の開業' }] })
 */
export function submitPart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  input: { version: number; acknowledgements?: Acknowledgement[] },
) {
  return movePart(deps, ctx, roundId, departmentId, 'submit', {
    version: input.version,
    acknowledgements: input.acknowledgements ?? [],
  });
}

/** Returns a department's answer (planners) with a comment per indicator; those items reopen. */
export function returnPart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  input: { version: number; items: ReturnedItem[]; comment?: string | null },
) {
  return movePart(deps, ctx, roundId, departmentId, 'return', {
    version: input.version,
    returned: input.items,
    comment: input.comment ?? null,
  });
}

/** Approves a submitted answer (planners); it is no longer editable. */
export function approvePart(
  deps: RoundDeps,
  ctx: RequestContext,
  roundId: string,
  departmentId: string,
  input: { version: number },
) {
  return movePart(deps, ctx, roundId, departmentId, 'approve', input);
}

/**
 * A planner's recorded exception (例外): reopens exactly one indicator of a confirmed year, with
 * the reason, until it is closed. Audited on the indicator (visible in its history).
 *
 * @example await openException(db, plannerCtx, roundId, { indicatorId, reason: '統計の訂正公表' })
 */
export async function openException(
  db: Kysely<Database>,
  ctx: RequestContext,
  roundId: string,
  input: { indicatorId: string; reason: string },
): Promise<Outcome<RoundException>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const round = await getRoundRow(trx, roundId);
      if (!round) throw new Rollback(notFound(ROUND, roundId));
      const denied = authorize(ctx, 'rounds.manage', { municipalityId: round.municipality_id });
      if (denied) throw new Rollback(denied);
      if (!yearLocked(round.state as RoundState))
        throw new Rollback(
          stateError({
            message: `照会が「${ROUND_STATE_LABELS[round.state as RoundState]}」のため例外は不要です（確定後に使います）`,
            messageEn: 'Exceptions are for confirmed rounds only',
          }),
        );
      const owners = await indicatorDepartments(trx, round.strategy_id);
      if (!owners.has(input.indicatorId))
        throw new Rollback(
          invalid('indicatorId', 'この戦略の指標ではありません', 'Not an indicator of this strategy'),
        );
      if ((await listExceptionRows(trx, roundId, { openOnly: true, indicatorId: input.indicatorId })).length)
        throw new Rollback({
          code: 'ALREADY_EXISTS',
          message: 'この指標には既に再開中の例外があります',
          messageEn: 'This indicator is already reopened',
          place: { field: 'indicatorId' },
        });
      const now = nowIso(ctx);
      const row = await insertException(
        trx,
        { roundId, indicatorId: input.indicatorId, reason: input.reason, by: ctx.actor.name },
        now,
      );
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: round.municipality_id,
        strategyId: round.strategy_id,
        indicatorId: input.indicatorId,
        entityType: 'round_exception',
        entityId: row.id,
        action: 'exception_open',
        before: null,
        after: { ...toException(row), fiscalYear: round.fiscal_year },
      });
      return toException(row);
    }),
  );
}

/** Closes an exception (planners): the indicator is locked again. Audited. */
export async function endException(
  db: Kysely<Database>,
  ctx: RequestContext,
  exceptionId: string,
  version: number,
): Promise<Outcome<RoundException>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getExceptionRow(trx, exceptionId);
      if (!before) throw new Rollback(notFound('例外 (exception)', exceptionId));
      const round = (await getRoundRow(trx, before.round_id))!;
      const denied = authorize(ctx, 'rounds.manage', { municipalityId: round.municipality_id });
      if (denied) throw new Rollback(denied);
      if (before.closed_at)
        throw new Rollback(
          stateError({ message: 'この例外は既に終了しています', messageEn: 'Already closed' }),
        );
      const now = nowIso(ctx);
      const u = await closeException(trx, exceptionId, version, ctx.actor.name, now);
      if (!u.ok)
        throw new Rollback(
          u.reason === 'conflict'
            ? versionConflict('例外 (exception)', version, toException(u.current))
            : notFound('例外 (exception)', exceptionId),
        );
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: round.municipality_id,
        strategyId: round.strategy_id,
        indicatorId: before.indicator_id,
        entityType: 'round_exception',
        entityId: exceptionId,
        action: 'exception_close',
        before: toException(before),
        after: toException(u.row),
      });
      return toException(u.row);
    }),
  );
}

/**
 * What the entry workbook of a department says of the year's round: its state and the
 * department's deadline (its own earlier one, else the round's); null when the year has no round.
 */
export async function roundForDepartment(
  db: Executor,
  strategyId: string,
  fiscalYear: number,
  departmentIds: readonly string[],
): Promise<{ stateLabel: string; deadline: string } | null> {
  const round = await findRoundRow(db, strategyId, fiscalYear);
  if (!round) return null;
  const part = (await listPartRows(db, round.id)).find((p) => departmentIds.includes(p.department_id));
  return {
    stateLabel: ROUND_STATE_LABELS[round.state as RoundState],
    deadline: effectiveDeadline(round.deadline, part?.deadline ?? null),
  };
}

/** One task of a department: its answer in an open round, ordered by deadline. */
export interface RoundTask {
  roundId: string;
  strategyId: string;
  strategyName: string;
  fiscalYear: number;
  roundState: RoundState;
  roundStateLabel: string;
  departmentId: string;
  departmentName: string;
  state: PartState;
  stateLabel: string;
  deadline: string;
  daysLeft: number;
  items: number;
  entered: number;
  findings: number;
  returned: number;
}

/**
 * The caller's tasks: the answers of their departments in rounds taking answers (準備, 受付中,
 * 締切), ordered by deadline. Planners see every department's answer of their municipality.
 */
export async function myTasks(db: Kysely<Database>, ctx: RequestContext): Promise<Outcome<RoundTask[]>> {
  const denied = authorize(ctx, 'data.read', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  if (!ctx.municipalityId) return ok([]);
  const rounds = await listRoundRows(db, {
    municipalityId: ctx.municipalityId,
    states: ['preparing', 'open', 'closed'],
  });
  const planner = actorOf(ctx) === 'planner';
  const asOf = nowIso(ctx).slice(0, 10);
  const out: RoundTask[] = [];
  for (const round of rounds) {
    const view = await roundView(db, ctx, round);
    for (const p of view.parts) {
      if (!planner && !ctx.departmentIds.includes(p.departmentId)) continue;
      out.push({
        roundId: round.id,
        strategyId: round.strategy_id,
        strategyName: view.strategyName,
        fiscalYear: round.fiscal_year,
        roundState: round.state as RoundState,
        roundStateLabel: view.stateLabel,
        departmentId: p.departmentId,
        departmentName: p.departmentName,
        state: p.state,
        stateLabel: p.stateLabel,
        deadline: p.deadline,
        daysLeft: daysUntil(p.deadline, asOf),
        items: p.items,
        entered: p.entered,
        findings: p.findings,
        returned: p.returned.length,
      });
    }
  }
  out.sort(
    (a, b) => a.deadline.localeCompare(b.deadline) || a.departmentName.localeCompare(b.departmentName, 'ja'),
  );
  return ok(out);
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
