/**
 * The parts of a reporting round (table round_parts): one per department, with its state, the
 * items returned to it, its acknowledgements and its write count.
 */
import type { PartState } from '../core/reporting-round.ts';
import type { Acknowledgement } from '../core/round-checks.ts';
import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { RoundPartTable } from './schema.ts';
import type { Executor } from './versioned.ts';

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

/** Inserts the parts of a new round, one per department (not started). */
export async function insertParts(
  db: Executor,
  roundId: string,
  input: { departmentId: string; deadline: string | null }[],
  now: string,
): Promise<RoundPartTable[]> {
  const parts: RoundPartTable[] = input.map((p) => ({
    id: newId(),
    round_id: roundId,
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
  return parts;
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
