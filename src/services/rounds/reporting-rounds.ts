/**
 * Reporting rounds (照会): what the progress page and a department's answer show, and the scopes
 * the API checks. Opening and moving a round: round-changes.ts; a department's answer: round-parts.ts;
 * exceptions: round-exceptions.ts; notices and reminders: round-notices.ts.
 */
import type { Kysely } from 'kysely';
import {
  countParts,
  effectiveDeadline,
  mayEditItem,
  PART_STATE_LABELS,
  type PartState,
  ROUND_STATE_LABELS,
  type RoundActor,
  type RoundState,
  yearLocked,
} from '../../core/reporting-round.ts';
import { type Finding, type RoundItem, roundFindings, unacknowledged } from '../../core/round-checks.ts';
import { answerableDepartmentIds, departmentNames } from '../../store/departments.ts';
import { planningDivisionOf } from '../../store/municipalities.ts';
import {
  findRoundRow,
  getRoundRow,
  listRoundRows,
  type ReportingRound,
  toRound,
} from '../../store/reporting-rounds.ts';
import {
  getExceptionRow,
  listExceptionRows,
  type RoundException,
  toException,
} from '../../store/round-exceptions.ts';
import { itemFacts } from '../../store/round-items.ts';
import { listPartRows, type ReturnedItem, type RoundPart, toPart } from '../../store/round-parts.ts';
import type { Database, ReportingRoundTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize, type Scope } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { type AppError, fail, notFound, type Outcome, ok } from '../errors.ts';
import { evaluateStrategy } from '../figures/evaluation.ts';
import type { Mailer } from '../ops/mailer.ts';
import { scopeOfStrategy } from '../scope.ts';

export const ROUND = '照会 (reporting round)';

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
  /** What the municipality calls its planning division (企画担当課 when it has not said). */
  planningDivision: string;
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

export function actorOf(ctx: RequestContext): RoundActor {
  if (ctx.principal === 'system') return 'system';
  return ctx.role === 'planner' || ctx.role === 'admin' ? 'planner' : 'department';
}

export function stateError(refusal: { message: string; messageEn: string }, field = 'state'): AppError {
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
export async function statusesOf(
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
export async function checkedItems(
  db: Executor,
  ctx: RequestContext,
  round: ReportingRoundTable,
  parts: RoundPart[],
  statuses: Map<string, { label: string; lowest: boolean }>,
): Promise<Map<string, PartItem[]>> {
  const owners = await answerableDepartmentIds(db, round.strategy_id);
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

export async function roundView(
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
    planningDivision: await planningDivisionOf(db, row.municipality_id),
    parts: progress,
    counts: countParts(parts.map((p) => p.state)),
    exceptions,
    indicators: [...indicators.values()],
  };
}

/** Reads a round for a caller who may read its municipality's data. */
export async function readableRound(
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
