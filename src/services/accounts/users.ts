import type { Kysely } from 'kysely';
import { departmentIdsIn } from '../../store/departments.ts';
import { getMunicipality } from '../../store/municipalities.ts';
import type { Database } from '../../store/schema.ts';
import { deleteUserSessions } from '../../store/sessions.ts';
import { claimOnce } from '../../store/setup-claims.ts';
import {
  countAccounts,
  findUserByLogin,
  getUser,
  insertUser,
  listUsers,
  type User,
  updateUser,
} from '../../store/users.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize, mayGrant, ROLES, type Role } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { recordChange } from '../versioned-write.ts';
import type { AuthConfig } from './auth-config.ts';
import { type AuthOutcome, authError } from './auth-errors.ts';
import { checkPasswordPolicy, hashPassword } from './auth-password.ts';
import { checkDisplayName, normalizeLoginName } from './auth-username.ts';
import { publicUser } from './sessions.ts';

export interface NewAccount {
  userName: string;
  name: string;
  password: string;
  role: Role;
  municipalityId: string | null;
  departmentIds?: string[];
  email?: string | null;
  demo?: boolean;
}

const forbidden = (message: string, messageEn: string) => ({
  ok: false as const,
  error: { code: 'FORBIDDEN' as const, message, messageEn, place: null },
});

async function checkDepartments(db: Executor, municipalityId: string | null, ids: string[]) {
  if (ids.length === 0) return null;
  if (!municipalityId)
    return authError(
      'USERNAME_REJECTED',
      '担当課は自治体の利用者にのみ設定できます',
      'Only municipal users have departments',
      'departmentIds',
    );
  const found = await departmentIdsIn(db, municipalityId, ids);
  if (found.length === new Set(ids).size) return null;
  return { ...notFound('担当課 (department)', ids.join(',')), place: { field: 'departmentIds' } };
}

/**
 * Creates an account after checking who may grant the role (administrators: any; planners: not
 * administrator, own municipality), the user name (NFKC, safe characters), the password policy
 * and the departments (of that municipality). Audited as a role grant.
 */
export async function createAccount(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  input: NewAccount,
  /** Runs first in the creating transaction; false → nothing is written, SETUP_CLOSED (setup only). */
  guard?: (trx: Executor) => Promise<boolean>,
): Promise<AuthOutcome<ReturnType<typeof publicUser>>> {
  if (!(ROLES as readonly string[]).includes(input.role))
    return { ok: false, error: authError('USERNAME_REJECTED', '役割が不正です', 'Unknown role', 'role') };
  const municipalityId = input.role === 'admin' ? null : input.municipalityId;
  if (input.role !== 'admin' && !municipalityId)
    return {
      ok: false,
      error: authError(
        'USERNAME_REJECTED',
        '自治体を指定してください',
        'A municipality is required for this role',
        'municipalityId',
      ),
    };
  if (!mayGrant(ctx, input.role, municipalityId))
    return forbidden('この役割の利用者を作成する権限がありません', 'You may not create users with this role');
  const denied = municipalityId ? authorize(ctx, 'users.manage', { municipalityId }) : null;
  if (denied) return { ok: false, error: denied };
  const login = normalizeLoginName(input.userName);
  if (!login.ok) return login;
  const badName = checkDisplayName(input.name);
  if (badName) return { ok: false, error: badName };
  // The words of this account a guesser would try first: the person's name, the municipality's.
  const municipality = municipalityId ? await getMunicipality(db, municipalityId) : null;
  const badPassword = await checkPasswordPolicy(input.password, login.value, [
    input.name,
    ...(municipality ? [municipality.name] : []),
  ]);
  if (badPassword) return { ok: false, error: badPassword };
  const departmentIds = input.departmentIds ?? [];
  const badDeps = await checkDepartments(db, municipalityId, departmentIds);
  if (badDeps) return { ok: false, error: badDeps };
  if (await findUserByLogin(db, login.value))
    return {
      ok: false,
      error: {
        code: 'ALREADY_EXISTS',
        message: `利用者名「${login.value}」は使われています`,
        messageEn: `The user name '${login.value}' is taken`,
        place: { field: 'userName' },
      },
    };
  const passwordHash = await hashPassword(input.password, config.scrypt);
  const now = nowIso(ctx);
  const user = await db.transaction().execute(async (trx) => {
    if (guard && !(await guard(trx))) return null;
    const u = await insertUser(
      trx,
      {
        municipalityId,
        departmentIds,
        name: input.name.normalize('NFKC'),
        loginName: login.value,
        email: input.email ?? null,
        role: input.role,
        passwordHash,
        demo: input.demo ?? false,
      },
      now,
    );
    await recordChange(trx, ctx, now, {
      municipalityId,
      entityType: 'user',
      entityId: u.id,
      action: 'create',
      after: { userName: u.loginName, role: u.role, departmentIds, demo: u.demo },
    });
    return u;
  });
  if (!user) return { ok: false, error: SETUP_CLOSED };
  return { ok: true, value: publicUser(user) };
}

/** Whether the one-time setup is open (no account exists yet). */
export async function setupOpen(db: Executor): Promise<boolean> {
  return (await countAccounts(db)) === 0;
}

const SETUP_CLOSED = authError(
  'SETUP_CLOSED',
  '初期設定は完了しています',
  'Setup is already done: an account exists',
);

/**
 * The one-time setup: creates the first administrator, only while no account exists. Afterwards
 * it answers SETUP_CLOSED and changes nothing. Race-free: the administrator is written in the
 * same transaction as the `first-admin` claim (a unique row), so of concurrent setups exactly
 * one succeeds, on SQLite and PostgreSQL alike.
 *
 * @example await setupFirstAdmin(db, config, ctx, { userName: 'root', name: '管理者', password }) // once
 */
export async function setupFirstAdmin(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  input: { userName: string; name: string; password: string },
): Promise<AuthOutcome<ReturnType<typeof publicUser>>> {
  if (!(await setupOpen(db))) return { ok: false, error: SETUP_CLOSED };
  const system: RequestContext = {
    ...ctx,
    principal: 'system',
    role: 'system',
    actor: { id: null, name: 'setup' },
  };
  return createAccount(
    db,
    config,
    system,
    { ...input, role: 'admin', municipalityId: null },
    async (trx) => (await claimOnce(trx, 'first-admin', nowIso(ctx))) && (await countAccounts(trx)) === 0,
  );
}

/** Users the caller may see: administrators every user, planners their municipality's. */
export async function accountsFor(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<AuthOutcome<ReturnType<typeof publicUser>[]>> {
  const isAdmin = ctx.principal === 'system' || ctx.role === 'admin';
  if (!isAdmin) {
    const denied = authorize(ctx, 'users.manage', { municipalityId: ctx.municipalityId });
    if (denied) return { ok: false, error: denied };
  }
  return { ok: true, value: (await listUsers(db, isAdmin ? null : ctx.municipalityId)).map(publicUser) };
}

/**
 * Changes a user's role, departments or disabled flag; ends the user's sessions (new rights take
 * effect at once) and records the change (before → after) in the audit log.
 */
export async function changeAccount(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  patch: { role?: Role; departmentIds?: string[]; disabled?: boolean },
): Promise<AuthOutcome<ReturnType<typeof publicUser>>> {
  const before = await getUser(db, id);
  if (!before) return { ok: false, error: notFound('利用者 (user)', id) };
  const denied = authorize(ctx, 'users.manage', { municipalityId: before.municipalityId });
  if (denied || !mayGrant(ctx, before.role as Role, before.municipalityId))
    return {
      ok: false,
      error:
        denied ?? forbidden('この利用者を変更する権限がありません', 'You may not change this user').error,
    };
  if (
    patch.role &&
    (!mayGrant(ctx, patch.role, before.municipalityId) ||
      (patch.role === 'admin') !== (before.role === 'admin'))
  )
    return forbidden('この役割には変更できません', 'You may not grant this role');
  if (patch.departmentIds) {
    const bad = await checkDepartments(db, before.municipalityId, patch.departmentIds);
    if (bad) return { ok: false, error: bad };
  }
  const now = nowIso(ctx);
  const after = await db.transaction().execute(async (trx) => {
    await updateUser(trx, id, patch, now);
    await deleteUserSessions(trx, id);
    const u = (await getUser(trx, id)) as User;
    await recordChange(trx, ctx, now, {
      municipalityId: before.municipalityId,
      entityType: 'user',
      entityId: id,
      action: 'update',
      before: { role: before.role, departmentIds: before.departmentIds, disabled: before.disabled },
      after: { role: u.role, departmentIds: u.departmentIds, disabled: u.disabled },
    });
    return u;
  });
  return { ok: true, value: publicUser(after) };
}
