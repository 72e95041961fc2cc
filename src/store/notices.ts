/**
 * The notices of the reporting rounds (table notices): who receives them (the editors of some
 * departments, or the planners), and each person's notices, read or not.
 */
import { newId } from './ids.ts';
import type { NoticeTable } from './schema.ts';
import type { Executor } from './versioned.ts';

export interface Notice {
  id: string;
  roundId: string | null;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
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
