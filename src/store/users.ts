import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { UserTable } from './schema.ts';
import type { Executor } from './versioned.ts';

/** A user (職員, 有識者, 管理者). The password hash never leaves the store's callers in services. */
export interface User {
  id: string;
  municipalityId: string | null;
  /** First department (kept for older readers); all of them are in `departmentIds`. */
  departmentId: string | null;
  departmentIds: string[];
  name: string;
  loginName: string | null;
  email: string | null;
  role: string;
  disabled: boolean;
  demo: boolean;
  version: number;
}

/** A user with the sign-in state (services only; never serialized to a client). */
export interface UserCredentials extends User {
  passwordHash: string | null;
  failedCount: number;
  lockedUntil: string | null;
}

/** Row → domain (departments given separately). */
export function toUser(row: UserTable, departmentIds: string[] = []): User {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    departmentId: departmentIds[0] ?? row.department_id,
    departmentIds,
    name: row.name,
    loginName: row.login_name,
    email: row.email,
    role: row.role,
    disabled: row.disabled === 1,
    demo: row.demo === 1,
    version: row.version,
  };
}

export interface NewUser {
  id?: string;
  municipalityId: string | null;
  departmentIds?: string[];
  /** Legacy single department (used when departmentIds is absent). */
  departmentId?: string | null;
  name: string;
  loginName?: string | null;
  email: string | null;
  role: string;
  passwordHash?: string | null;
  demo?: boolean;
}

export async function insertUser(db: Executor, input: NewUser, now: string): Promise<User> {
  const departmentIds = input.departmentIds ?? (input.departmentId ? [input.departmentId] : []);
  const row: UserTable = {
    id: input.id ?? newId(),
    municipality_id: input.municipalityId,
    department_id: departmentIds[0] ?? null,
    name: input.name,
    email: input.email,
    role: input.role,
    version: 1,
    created_at: now,
    updated_at: now,
    login_name: input.loginName ?? null,
    password_hash: input.passwordHash ?? null,
    disabled: 0,
    demo: input.demo ? 1 : 0,
    failed_count: 0,
    locked_until: null,
    preferences_json: null,
  };
  await db.insertInto('users').values(row).execute();
  await setUserDepartments(db, row.id, departmentIds, now);
  return toUser(row, departmentIds);
}

/** Replaces the departments of a user. */
export async function setUserDepartments(
  db: Executor,
  userId: string,
  departmentIds: string[],
  now: string,
): Promise<void> {
  await db.deleteFrom('user_departments').where('user_id', '=', userId).execute();
  const unique = [...new Set(departmentIds)];
  if (unique.length)
    await db
      .insertInto('user_departments')
      .values(unique.map((d) => ({ user_id: userId, department_id: d, created_at: now })))
      .execute();
}

async function departmentsOf(db: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_departments')
    .select(['user_id', 'department_id'])
    .where('user_id', 'in', userIds)
    .orderBy('created_at')
    .orderBy('department_id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push(r.department_id);
    out.set(r.user_id, list);
  }
  return out;
}

function toCredentials(row: UserTable, departmentIds: string[]): UserCredentials {
  return {
    ...toUser(row, departmentIds),
    passwordHash: row.password_hash,
    failedCount: row.failed_count,
    lockedUntil: row.locked_until,
  };
}

export async function getUser(db: Executor, id: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toUser(row, (await departmentsOf(db, [row.id])).get(row.id) ?? []);
}

/** The user with credentials, by id (services only). */
export async function getUserCredentials(db: Executor, id: string): Promise<UserCredentials | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toCredentials(row, (await departmentsOf(db, [row.id])).get(row.id) ?? []);
}

/** The user with credentials, by sign-in name (already normalized). */
export async function findUserByLogin(db: Executor, loginName: string): Promise<UserCredentials | null> {
  const row = await db.selectFrom('users').selectAll().where('login_name', '=', loginName).executeTakeFirst();
  if (!row) return null;
  return toCredentials(row, (await departmentsOf(db, [row.id])).get(row.id) ?? []);
}

/** Users of one municipality (null: every user), by name. */
export async function listUsers(db: Executor, municipalityId: string | null): Promise<User[]> {
  let q = db.selectFrom('users').selectAll();
  if (municipalityId) q = q.where('municipality_id', '=', municipalityId);
  const rows = await q.orderBy('name').orderBy('id').execute();
  const deps = await departmentsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toUser(r, deps.get(r.id) ?? []));
}

/** How many users can sign in (the one-time setup is offered only while this is 0). */
export async function countAccounts(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('login_name', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** How many demo accounts (published password) can still sign in. */
export async function countActiveDemoAccounts(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('demo', '=', 1)
    .where('disabled', '=', 0)
    .where('login_name', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Records a failed sign-in; returns the new count. */
export async function recordFailure(
  db: Executor,
  id: string,
  failedCount: number,
  lockedUntil: string | null,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_count: failedCount, locked_until: lockedUntil })
    .where('id', '=', id)
    .execute();
}

/** Clears the failure counter after a successful sign-in. */
export async function clearFailures(db: Executor, id: string): Promise<void> {
  await db.updateTable('users').set({ failed_count: 0, locked_until: null }).where('id', '=', id).execute();
}

/** Changes role, departments, disabled flag or password hash (version bumped). */
export async function updateUser(
  db: Executor,
  id: string,
  patch: { role?: string; disabled?: boolean; passwordHash?: string; departmentIds?: string[] },
  now: string,
): Promise<void> {
  const set: Partial<UserTable> = { updated_at: now };
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
  if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
  if (patch.departmentIds !== undefined) set.department_id = patch.departmentIds[0] ?? null;
  await db
    .updateTable('users')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
  if (patch.departmentIds !== undefined) await setUserDepartments(db, id, patch.departmentIds, now);
}

/** A person's preferences (JSON object; empty when none are stored or the user is gone). */
export async function getUserPreferences(db: Executor, userId: string): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('users')
    .select('preferences_json')
    .where('id', '=', userId)
    .executeTakeFirst();
  const value = fromJson<unknown>(row?.preferences_json ?? null);
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Replaces a person's preferences (not versioned: only the person writes them). */
export async function setUserPreferences(
  db: Executor,
  userId: string,
  preferences: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ preferences_json: toJson(preferences) })
    .where('id', '=', userId)
    .execute();
}

/** Which of the login names are taken. */
export async function loginNamesTaken(db: Executor, loginNames: string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('users')
    .select('login_name')
    .where('login_name', 'in', loginNames)
    .execute();
  return new Set(rows.flatMap((r) => (r.login_name == null ? [] : [r.login_name])));
}
