/**
 * The reporting rounds (照会, table reporting_rounds): one per strategy and fiscal year, with its
 * state, deadline and write count. Its parts, items, exceptions and notices have their own modules
 * (round-parts.ts, round-items.ts, round-exceptions.ts, notices.ts).
 */
import type { RoundState } from '../core/reporting-round.ts';
import { newId } from './ids.ts';
import { insertParts } from './round-parts.ts';
import type { ReportingRoundTable, RoundPartTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** A reporting round (照会) of one strategy and fiscal year. */
export interface ReportingRound {
  id: string;
  municipalityId: string;
  strategyId: string;
  fiscalYear: number;
  state: RoundState;
  deadline: string;
  remindDays: number;
  note: string | null;
  openedAt: string | null;
  openedBy: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  confirmReason: string | null;
  publishedAt: string | null;
  version: number;
  updatedAt: string;
}

export function toRound(row: ReportingRoundTable): ReportingRound {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    strategyId: row.strategy_id,
    fiscalYear: row.fiscal_year,
    state: row.state as RoundState,
    deadline: row.deadline,
    remindDays: row.remind_days,
    note: row.note,
    openedAt: row.opened_at,
    openedBy: row.opened_by_name,
    confirmedAt: row.confirmed_at,
    confirmedBy: row.confirmed_by_name,
    confirmReason: row.confirm_reason,
    publishedAt: row.published_at,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

/** Inserts a round (state as given) and one part per department. */
export async function insertRound(
  db: Executor,
  input: {
    municipalityId: string;
    strategyId: string;
    fiscalYear: number;
    state: RoundState;
    deadline: string;
    remindDays: number;
    note: string | null;
    opened: { at: string; by: string } | null;
    parts: { departmentId: string; deadline: string | null }[];
  },
  now: string,
): Promise<{ round: ReportingRoundTable; parts: RoundPartTable[] }> {
  const round: ReportingRoundTable = {
    id: newId(),
    municipality_id: input.municipalityId,
    strategy_id: input.strategyId,
    fiscal_year: input.fiscalYear,
    state: input.state,
    deadline: input.deadline,
    remind_days: input.remindDays,
    note: input.note,
    write_seq: 0,
    opened_at: input.opened?.at ?? null,
    opened_by_name: input.opened?.by ?? null,
    confirmed_at: null,
    confirmed_by_name: null,
    confirm_reason: null,
    published_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('reporting_rounds').values(round).execute();
  const parts = await insertParts(db, round.id, input.parts, now);
  return { round, parts };
}

export async function getRoundRow(db: Executor, id: string): Promise<ReportingRoundTable | undefined> {
  return db.selectFrom('reporting_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The round of a strategy and fiscal year, if any. */
export async function findRoundRow(
  db: Executor,
  strategyId: string,
  fiscalYear: number,
): Promise<ReportingRoundTable | undefined> {
  return db
    .selectFrom('reporting_rounds')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
}

/** Rounds of a municipality (optionally one strategy, or only those in some states), newest year first. */
export async function listRoundRows(
  db: Executor,
  filter: { municipalityId?: string | null; strategyId?: string; states?: readonly RoundState[] },
): Promise<ReportingRoundTable[]> {
  let q = db.selectFrom('reporting_rounds').selectAll();
  if (filter.municipalityId) q = q.where('municipality_id', '=', filter.municipalityId);
  if (filter.strategyId) q = q.where('strategy_id', '=', filter.strategyId);
  if (filter.states) q = q.where('state', 'in', [...filter.states]);
  return q.orderBy('fiscal_year', 'desc').orderBy('id').execute();
}

/** Compare-and-set on the round's version (state changes a client asked for). */
export function updateRound(
  db: Executor,
  id: string,
  expectedVersion: number,
  patch: Partial<Omit<ReportingRoundTable, 'id' | 'version'>>,
): Promise<VersionedUpdate<ReportingRoundTable>> {
  return updateVersioned(db, 'reporting_rounds', id, expectedVersion, patch);
}

/**
 * Claims the round for one write into its year: counts the write (and moves the version: a planner
 * acts on what they saw) only while the round is in one of `states`. False when the round has moved on meanwhile (e.g. confirmed): the write must not
 * apply. On PostgreSQL the row stays locked until the transaction ends, so a confirmation that
 * read the older count cannot apply either.
 */
export async function claimRoundWrite(
  db: Executor,
  id: string,
  states: readonly RoundState[],
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('reporting_rounds')
    .set((eb) => ({ write_seq: eb('write_seq', '+', 1), version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('state', 'in', [...states])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Changes the round only if no write came in since `seenSeq` was read and it is still in `from`
 * (a confirmation racing a submission or an edit: exactly one applies).
 */
export async function updateRoundIfQuiet(
  db: Executor,
  id: string,
  seenSeq: number,
  from: RoundState,
  patch: Partial<Omit<ReportingRoundTable, 'id' | 'version' | 'write_seq'>>,
): Promise<boolean> {
  const r = await db
    .updateTable('reporting_rounds')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('write_seq', '=', seenSeq)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
