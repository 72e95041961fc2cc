import type { PartState, RoundState } from '../core/reporting-round.ts';
import type { Acknowledgement } from '../core/round-checks.ts';
import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { NoticeTable, ReportingRoundTable, RoundExceptionTable, RoundPartTable } from './schema.ts';
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

/** An item returned to a department, with the planner's comment. */
export interface ReturnedItem {
  indicatorId: string;
  comment: string;
}

/** A department's part of a round. */
export interface RoundPart {
  id: string;
  roundId: string;
  departmentId: string;
  state: PartState;
  deadline: string | null;
  returned: ReturnedItem[];
  acknowledgements: Acknowledgement[];
  submittedAt: string | null;
  submittedBy: string | null;
  lastActivityAt: string | null;
  remindedAt: string | null;
  version: number;
}

export interface RoundException {
  id: string;
  roundId: string;
  indicatorId: string;
  reason: string;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  version: number;
}

export interface Notice {
  id: string;
  roundId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
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

export function toPart(row: RoundPartTable): RoundPart {
  return {
    id: row.id,
    roundId: row.round_id,
    departmentId: row.department_id,
    state: row.state as PartState,
    deadline: row.deadline,
    returned: fromJson<ReturnedItem[]>(row.returned_json) ?? [],
    acknowledgements: fromJson<Acknowledgement[]>(row.acknowledgements_json) ?? [],
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by_name,
    lastActivityAt: row.last_activity_at,
    remindedAt: row.reminded_at,
    version: row.version,
  };
}

export function toException(row: RoundExceptionTable): RoundException {
  return {
    id: row.id,
    roundId: row.round_id,
    indicatorId: row.indicator_id,
    reason: row.reason,
    openedBy: row.opened_by_name,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by_name,
    version: row.version,
  };
}

function toNotice(row: NoticeTable): Notice {
  return {
    id: row.id,
    roundId: row.round_id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
    readAt: row.read_at,
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
  const parts: RoundPartTable[] = input.parts.map((p) => ({
    id: newId(),
    round_id: round.id,
    department_id: p.departmentId,
    state: 'not_started',
    deadline: p.deadline,
    returned_json: null,
    acknowledgements_json: null,
    write_seq: 0,
    submitted_at: null,
    submitted_by_name: null,
    last_activity_at: null,
    reminded_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  }));
  if (parts.length) await db.insertInto('round_parts').values(parts).execute();
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

export async function listPartRows(db: Executor, roundId: string): Promise<RoundPartTable[]> {
  return db.selectFrom('round_parts').selectAll().where('round_id', '=', roundId).orderBy('id').execute();
}

export async function getPartRow(db: Executor, id: string): Promise<RoundPartTable | undefined> {
  return db.selectFrom('round_parts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The parts of a round answered by some departments. */
export async function partRowsOf(
  db: Executor,
  roundId: string,
  departmentIds: readonly string[],
): Promise<RoundPartTable[]> {
  if (!departmentIds.length) return [];
  return db
    .selectFrom('round_parts')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('department_id', 'in', [...departmentIds])
    .execute();
}

/**
 * Claims a part for one write (an edit of one of its items): counts the write, moves the version
 * (a submission is of what the department saw) and moves 未着手 and 差戻し to 入力中 only while the part is in one of `states`. False when it has moved on (submitted
 * meanwhile): the write must not apply.
 */
export async function claimPartWrite(
  db: Executor,
  id: string,
  states: readonly PartState[],
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('round_parts')
    .set((eb) => ({
      write_seq: eb('write_seq', '+', 1),
      version: eb('version', '+', 1),
      state: 'in_progress',
      last_activity_at: now,
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('state', 'in', [...states])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Changes a part only if no write came in since `seenSeq` and it is still in `from` (a submission
 * racing an edit: exactly one applies).
 */
export async function updatePartIfQuiet(
  db: Executor,
  id: string,
  seenSeq: number,
  from: PartState,
  patch: {
    state: PartState;
    returned?: ReturnedItem[] | null;
    acknowledgements?: Acknowledgement[] | null;
    submittedAt?: string | null;
    submittedBy?: string | null;
  },
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('round_parts')
    .set((eb) => ({
      state: patch.state,
      ...(patch.returned !== undefined ? { returned_json: toJson(patch.returned) } : {}),
      ...(patch.acknowledgements !== undefined
        ? { acknowledgements_json: toJson(patch.acknowledgements) }
        : {}),
      ...(patch.submittedAt !== undefined ? { submitted_at: patch.submittedAt } : {}),
      ...(patch.submittedBy !== undefined ? { submitted_by_name: patch.submittedBy } : {}),
      write_seq: eb('write_seq', '+', 1),
      version: eb('version', '+', 1),
      last_activity_at: now,
      updated_at: now,
    }))
    .where('id', '=', id)
    .where('write_seq', '=', seenSeq)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records that a part's deadline reminder went out. */
export async function markReminded(db: Executor, partIds: readonly string[], now: string): Promise<void> {
  if (!partIds.length) return;
  await db
    .updateTable('round_parts')
    .set({ reminded_at: now })
    .where('id', 'in', [...partIds])
    .execute();
}

/** Departments answering for each indicator of a strategy: its own links, or else its project's. */
export async function indicatorDepartments(db: Executor, strategyId: string): Promise<Map<string, string[]>> {
  const indicators = await db
    .selectFrom('indicators')
    .select(['id', 'owner_type', 'owner_id'])
    .where('strategy_id', '=', strategyId)
    .orderBy('position')
    .execute();
  const projectIds = indicators.flatMap((i) =>
    i.owner_type === 'project' && i.owner_id ? [i.owner_id] : [],
  );
  const links = await db
    .selectFrom('department_links')
    .innerJoin('indicators', 'indicators.id', 'department_links.target_id')
    .select(['department_links.target_id', 'department_links.department_id'])
    .where('indicators.strategy_id', '=', strategyId)
    .where('department_links.target_type', '=', 'indicator')
    .orderBy('department_links.position')
    .execute();
  const projectLinks = projectIds.length
    ? await db
        .selectFrom('department_links')
        .select(['target_id', 'department_id'])
        .where('target_type', '=', 'project')
        .where('target_id', 'in', [...new Set(projectIds)])
        .execute()
    : [];
  const byIndicator = new Map<string, string[]>();
  const byProject = new Map<string, string[]>();
  for (const l of links)
    byIndicator.set(l.target_id, [...(byIndicator.get(l.target_id) ?? []), l.department_id]);
  for (const l of projectLinks)
    byProject.set(l.target_id, [...(byProject.get(l.target_id) ?? []), l.department_id]);
  const out = new Map<string, string[]>();
  for (const i of indicators) {
    // Its own 担当課, or else its project's (the rule of the entry workbook, core/reports/entry-workbook.ts).
    const own = byIndicator.get(i.id) ?? [];
    const project = i.owner_type === 'project' && i.owner_id ? (byProject.get(i.owner_id) ?? []) : [];
    out.set(i.id, own.length ? own : [...new Set(project)]);
  }
  return out;
}

/** What the submission checks read of the indicators of a strategy for a fiscal year. */
export interface ItemFacts {
  indicators: { id: string; name: string; unit: string | null }[];
  /** The year's actual per indicator. */
  actuals: Map<
    string,
    { raw: string | null; state: string | null; value: number | null; date: string | null }
  >;
  /** Baseline and earlier actuals per indicator. */
  past: Map<string, { fiscalYear: number; value: number }[]>;
  /** Indicators with commentary text for the year. */
  commented: Set<string>;
}

/** Reads the figures and commentary of some indicators of a strategy for the checks. */
export async function itemFacts(
  db: Executor,
  strategyId: string,
  indicatorIds: readonly string[],
  fiscalYear: number,
): Promise<ItemFacts> {
  const ids = [...indicatorIds];
  const empty: ItemFacts = { indicators: [], actuals: new Map(), past: new Map(), commented: new Set() };
  if (!ids.length) return empty;
  const indicators = await db
    .selectFrom('indicators')
    .select(['id', 'name', 'unit'])
    .where('strategy_id', '=', strategyId)
    .where('id', 'in', ids)
    .orderBy('position')
    .execute();
  const obs = await db
    .selectFrom('observations')
    .select(['indicator_id', 'kind', 'fiscal_year', 'raw', 'state', 'value', 'date'])
    .where('indicator_id', 'in', ids)
    .where('kind', 'in', ['baseline', 'actual'])
    .where('fiscal_year', '<=', fiscalYear)
    .execute();
  const actuals: ItemFacts['actuals'] = new Map();
  const past: ItemFacts['past'] = new Map();
  for (const o of obs) {
    if (o.kind === 'actual' && o.fiscal_year === fiscalYear)
      actuals.set(o.indicator_id, { raw: o.raw, state: o.state, value: o.value, date: o.date });
    else if (o.fiscal_year != null && o.fiscal_year < fiscalYear && o.value != null)
      past.set(o.indicator_id, [
        ...(past.get(o.indicator_id) ?? []),
        { fiscalYear: o.fiscal_year, value: o.value },
      ]);
  }
  const comments = await db
    .selectFrom('commentary')
    .select(['target_id', 'progress', 'issues', 'next_steps', 'summary', 'text'])
    .where('strategy_id', '=', strategyId)
    .where('target_type', '=', 'indicator')
    .where('target_id', 'in', ids)
    .where('fiscal_year', '=', fiscalYear)
    .execute();
  const commented = new Set(
    comments
      .filter((c) => [c.progress, c.issues, c.next_steps, c.summary, c.text].some((t) => t?.trim()))
      .map((c) => c.target_id),
  );
  return { indicators, actuals, past, commented };
}

/** Names of departments by id. */
export async function departmentNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertException(
  db: Executor,
  input: { roundId: string; indicatorId: string; reason: string; by: string },
  now: string,
): Promise<RoundExceptionTable> {
  const row: RoundExceptionTable = {
    id: newId(),
    round_id: input.roundId,
    indicator_id: input.indicatorId,
    reason: input.reason,
    opened_by_name: input.by,
    opened_at: now,
    closed_at: null,
    closed_by_name: null,
    version: 1,
  };
  await db.insertInto('round_exceptions').values(row).execute();
  return row;
}

/** Exceptions of a round (open ones only when asked). */
export async function listExceptionRows(
  db: Executor,
  roundId: string,
  filter: { openOnly?: boolean; indicatorId?: string } = {},
): Promise<RoundExceptionTable[]> {
  let q = db.selectFrom('round_exceptions').selectAll().where('round_id', '=', roundId);
  if (filter.openOnly) q = q.where('closed_at', 'is', null);
  if (filter.indicatorId) q = q.where('indicator_id', '=', filter.indicatorId);
  return q.orderBy('opened_at').orderBy('id').execute();
}

export async function getExceptionRow(db: Executor, id: string): Promise<RoundExceptionTable | undefined> {
  return db.selectFrom('round_exceptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function closeException(
  db: Executor,
  id: string,
  expectedVersion: number,
  by: string,
  now: string,
): Promise<VersionedUpdate<RoundExceptionTable>> {
  return updateVersioned(db, 'round_exceptions', id, expectedVersion, { closed_at: now, closed_by_name: by });
}

/** A person who receives notices and e-mails about a round. */
export interface Recipient {
  userId: string;
  name: string;
  email: string | null;
  departmentIds: string[];
}

/**
 * The active people of a municipality who answer for some departments (editors and others bound
 * to them), or its planners (`planners: true`).
 */
export async function recipients(
  db: Executor,
  municipalityId: string,
  who: { departmentIds?: readonly string[]; planners?: boolean },
): Promise<Recipient[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'department_id'])
    .where('municipality_id', '=', municipalityId)
    .where('disabled', '=', 0)
    .where('login_name', 'is not', null)
    .orderBy('id')
    .execute();
  const ids = users.map((u) => u.id);
  const links = ids.length
    ? await db
        .selectFrom('user_departments')
        .select(['user_id', 'department_id'])
        .where('user_id', 'in', ids)
        .execute()
    : [];
  const out: Recipient[] = [];
  for (const u of users) {
    const departmentIds = [
      ...new Set([
        ...(u.department_id ? [u.department_id] : []),
        ...links.filter((l) => l.user_id === u.id).map((l) => l.department_id),
      ]),
    ];
    const wanted = who.planners
      ? u.role === 'planner'
      : u.role === 'editor' && departmentIds.some((d) => who.departmentIds?.includes(d));
    if (wanted) out.push({ userId: u.id, name: u.name, email: u.email, departmentIds });
  }
  return out;
}

export async function insertNotices(
  db: Executor,
  rows: {
    municipalityId: string | null;
    userId: string;
    roundId: string | null;
    kind: string;
    title: string;
    body: string;
  }[],
  now: string,
): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('notices')
    .values(
      rows.map((r) => ({
        id: newId(),
        municipality_id: r.municipalityId,
        user_id: r.userId,
        round_id: r.roundId,
        kind: r.kind,
        title: r.title,
        body: r.body,
        created_at: now,
        read_at: null,
      })),
    )
    .execute();
}

/** A person's notices, newest first, and how many are unread. */
export async function noticesOf(
  db: Executor,
  userId: string,
  limit: number,
): Promise<{ items: Notice[]; unread: number }> {
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const n = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { items: rows.map(toNotice), unread: Number(n.n) };
}

/** Marks a person's notices read (all, or those named). */
export async function markNoticesRead(
  db: Executor,
  userId: string,
  ids: readonly string[] | null,
  now: string,
): Promise<number> {
  let q = db
    .updateTable('notices')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) {
    if (!ids.length) return 0;
    q = q.where('id', 'in', [...ids]);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The indicators with an actual entered for the year (of those given). */
export async function enteredIndicators(
  db: Executor,
  indicatorIds: readonly string[],
  fiscalYear: number,
): Promise<Set<string>> {
  if (!indicatorIds.length) return new Set();
  const rows = await db
    .selectFrom('observations')
    .select('indicator_id')
    .where('indicator_id', 'in', [...indicatorIds])
    .where('kind', '=', 'actual')
    .where('fiscal_year', '=', fiscalYear)
    .execute();
  return new Set(rows.map((r) => r.indicator_id));
}
