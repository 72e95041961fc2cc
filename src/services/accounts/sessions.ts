import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../store/audit.ts';
import { departmentIdsNamed } from '../../store/departments.ts';
import { findMunicipalityByIdOrCode } from '../../store/municipalities.ts';
import type { Database } from '../../store/schema.ts';
import {
  deleteSession,
  deleteUserSessions,
  getSession,
  insertSession,
  touchSession,
} from '../../store/sessions.ts';
import {
  clearFailures,
  findUserByLogin,
  getUserCredentials,
  insertUser,
  recordFailure,
  type User,
  type UserCredentials,
  updateUser,
} from '../../store/users.ts';
import { ROLES, type Role } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import type { AuthConfig } from './auth-config.ts';
import { type AuthOutcome, authError, SIGN_IN_FAILED } from './auth-errors.ts';
import { hashPassword, verifyPassword } from './auth-password.ts';
import { normalizeLoginName } from './auth-username.ts';
import { type DirectoryMap, mapGroups } from './directory.ts';

/** SHA-256 of a secret (session ids and tokens are stored only this way). */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A random secret, base64url (256 bits). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A user as the API shows it (no hash, no counters). */
export function publicUser(u: User) {
  return {
    id: u.id,
    name: u.name,
    userName: u.loginName,
    role: u.role,
    municipalityId: u.municipalityId,
    departmentIds: u.departmentIds,
    demo: u.demo,
    disabled: u.disabled,
    version: u.version,
  };
}

let dummyHash: Promise<string> | null = null;
let dummyFor: string | null = null;

/**
 * Signs in: checks the password, the lock and the disabled flag, records failures (lock after
 * `maxFailures` in a row), and on success creates a new session (a new id every time: no session
 * fixation) and a CSRF token. Every outcome is in the audit log. The answer to any failure is the
 * same (no account enumeration), except a lock, which says when to retry.
 */
export async function signIn(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  input: { userName: string; password: string },
): Promise<AuthOutcome<{ sessionId: string; csrfToken: string; user: User; expiresAt: string }>> {
  const now = nowIso(ctx);
  const name = normalizeLoginName(input.userName);
  const user = name.ok ? await findUserByLogin(db, name.value) : null;
  const audit = (entityType: string, after: unknown) =>
    appendAudit(db, {
      at: now,
      actor: user ? { id: user.id, name: user.name } : { id: null, name: name.ok ? name.value : '(invalid)' },
      municipalityId: user?.municipalityId ?? null,
      entityType,
      entityId: user?.id ?? (name.ok ? name.value : '-'),
      action: 'create',
      after,
    });
  if (!user?.passwordHash && config.directory) return directorySignIn(db, config, ctx, input, user);
  if (!user?.passwordHash) {
    // Same work as a real check, so timing does not tell whether the name exists.
    const key = `${config.scrypt.N}/${config.scrypt.r}/${config.scrypt.p}`;
    if (dummyFor !== key) {
      dummyFor = key;
      dummyHash = hashPassword(newSecret(), config.scrypt);
    }
    await verifyPassword(input.password, await dummyHash!);
    await audit('sign-in-failure', { reason: name.ok ? 'unknown user' : 'invalid user name' });
    return { ok: false, error: SIGN_IN_FAILED };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await audit('sign-in-failure', { reason: 'locked', lockedUntil: user.lockedUntil });
    return {
      ok: false,
      error: {
        ...authError(
          'ACCOUNT_LOCKED',
          `サインインの失敗が続いたため、${user.lockedUntil} まで利用できません`,
          `Too many failed sign-ins: try again after ${user.lockedUntil}`,
        ),
        details: { retryAfter: user.lockedUntil },
      },
    };
  }
  const good = await verifyPassword(input.password, user.passwordHash);
  if (!good || user.disabled || !(ROLES as readonly string[]).includes(user.role)) {
    const failures = good ? user.failedCount : user.failedCount + 1;
    const lock =
      failures >= config.maxFailures ? new Date(ctx.now().getTime() + config.lockMs).toISOString() : null;
    await recordFailure(db, user.id, lock ? 0 : failures, lock);
    await audit('sign-in-failure', {
      reason: user.disabled ? 'disabled' : good ? 'invalid role' : 'wrong password',
      ...(lock ? { locked: lock } : {}),
    });
    return { ok: false, error: SIGN_IN_FAILED };
  }
  await clearFailures(db, user.id);
  return startSession(db, config, ctx, user, audit);
}

/** A new session (a new id every time: no session fixation) and CSRF token for a checked user. */
async function startSession(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  user: User & Partial<Pick<UserCredentials, 'passwordHash' | 'failedCount' | 'lockedUntil'>>,
  audit: (entityType: string, after: unknown) => Promise<unknown>,
  how: Record<string, unknown> = {},
): Promise<AuthOutcome<{ sessionId: string; csrfToken: string; user: User; expiresAt: string }>> {
  const now = nowIso(ctx);
  const sessionId = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(ctx.now().getTime() + config.absoluteTimeoutMs).toISOString();
  await insertSession(db, {
    idHash: sha256(sessionId),
    userId: user.id,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  await audit('sign-in', { role: user.role, ...how });
  const { passwordHash: _h, failedCount: _f, lockedUntil: _l, ...plain } = user;
  return { ok: true, value: { sessionId, csrfToken, user: plain, expiresAt } };
}

type SignedIn = { sessionId: string; csrfToken: string; user: User; expiresAt: string };

/** A person vouched for by the city's directory or SSO provider. */
export interface ExternalProfile {
  /** The name the directory or provider gives (made a Sousei user name here). */
  loginName: string;
  name: string;
  email: string | null;
  groups: string[];
  /** How the person came (`directory`, `oidc`) and who they are there (DN, issuer and subject), for the audit log. */
  via: 'directory' | 'oidc';
  ref: Record<string, string>;
}

/** Why a vouched-for person still cannot sign in to Sousei. */
export type ExternalRefusal =
  | 'user name not usable'
  | 'local account'
  | 'disabled'
  | 'no mapped group'
  | 'municipality not found'
  | 'account vanished';

/**
 * Sign-in of a person the city's directory or SSO provider has vouched for: the groups give the
 * role and departments by the mapping file (updated at every sign-in), the Sousei account is created
 * on first sign-in. Refused (and audited, with the reason): a user name Sousei cannot use, a local
 * account of that name (it has a password: a local account is never taken over), a user disabled in
 * Sousei, groups that map to no role.
 */
export async function signInExternal(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  profile: ExternalProfile,
  map: DirectoryMap,
): Promise<{ ok: true; value: SignedIn } | { ok: false; reason: ExternalRefusal }> {
  const now = nowIso(ctx);
  const failed = async (reason: ExternalRefusal, who: UserCredentials | null, detail?: string) => {
    await appendAudit(db, {
      at: now,
      actor: who ? { id: who.id, name: who.name } : { id: null, name: profile.loginName.slice(0, 100) },
      municipalityId: who?.municipalityId ?? null,
      entityType: 'sign-in-failure',
      entityId: who?.id ?? profile.loginName.slice(0, 100),
      action: 'create',
      after: { reason, via: profile.via, ...profile.ref, ...(detail ? { detail } : {}) },
    });
    return { ok: false as const, reason };
  };
  const login = normalizeLoginName(profile.loginName);
  if (!login.ok) return failed('user name not usable', null);
  let user = await findUserByLogin(db, login.value);
  if (user?.passwordHash) return failed('local account', user);
  if (user?.disabled) return failed('disabled', user);
  const mapped = mapGroups(map, profile.groups);
  if (!mapped) return failed('no mapped group', user, `groups: ${profile.groups.join(', ').slice(0, 500)}`);
  const municipality = await findMunicipalityByIdOrCode(db, map.municipality);
  if (!municipality) return failed('municipality not found', user, `municipality ${map.municipality}`);
  const departmentIds: string[] = [];
  for (const name of mapped.departments)
    departmentIds.push(...(await departmentIdsNamed(db, municipality.id, name)));
  if (user) {
    await updateUser(db, user.id, { role: mapped.role, departmentIds }, now);
  } else {
    const created = await insertUser(
      db,
      {
        municipalityId: municipality.id,
        name: profile.name,
        email: profile.email,
        role: mapped.role,
        loginName: login.value,
        departmentIds,
      },
      now,
    );
    await appendAudit(db, {
      at: now,
      actor: { id: created.id, name: created.name },
      municipalityId: municipality.id,
      entityType: 'user',
      entityId: created.id,
      action: 'create',
      after: { via: profile.via, ...profile.ref, role: mapped.role, departmentIds },
    });
  }
  user = await findUserByLogin(db, login.value);
  if (!user) return failed('account vanished', null);
  const signedIn = user;
  const started = await startSession(
    db,
    config,
    ctx,
    signedIn,
    (entityType, after) =>
      appendAudit(db, {
        at: now,
        actor: { id: signedIn.id, name: signedIn.name },
        municipalityId: signedIn.municipalityId,
        entityType,
        entityId: signedIn.id,
        action: 'create',
        after,
      }),
    { via: profile.via, ...profile.ref },
  );
  if (!started.ok) return failed('account vanished', signedIn);
  return started;
}

/**
 * Sign-in of an account without a local password through the city's directory: the password is
 * checked by the directory, then `signInExternal`. Every refusal, including a user whose groups map
 * to nothing or who is disabled or unknown in the directory, gets the same answer as a wrong
 * password (the audit log says which).
 */
async function directorySignIn(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  input: { userName: string; password: string },
  existing: UserCredentials | null,
): Promise<AuthOutcome<SignedIn>> {
  const directory = config.directory!;
  const checked = await directory.authenticate(input.userName, input.password);
  if (!checked.ok) {
    await appendAudit(db, {
      at: nowIso(ctx),
      actor: existing
        ? { id: existing.id, name: existing.name }
        : { id: null, name: input.userName.slice(0, 100) },
      municipalityId: existing?.municipalityId ?? null,
      entityType: 'sign-in-failure',
      entityId: existing?.id ?? input.userName.slice(0, 100),
      action: 'create',
      after: {
        reason: checked.reason,
        via: 'directory',
        ...(checked.detail ? { detail: checked.detail } : {}),
      },
    });
    return { ok: false, error: SIGN_IN_FAILED };
  }
  const { profile } = checked;
  const r = await signInExternal(
    db,
    config,
    ctx,
    { ...profile, via: 'directory', ref: { dn: profile.dn } },
    directory.map,
  );
  return r.ok ? r : { ok: false, error: SIGN_IN_FAILED };
}

/** A resolved session: the context to run the request with, and its CSRF token. */
export interface ActiveSession {
  ctx: RequestContext;
  csrfToken: string;
  idHash: string;
  user: User;
}

/**
 * Finds the session of a cookie value; null when unknown, idle too long, past its absolute
 * timeout, or its user is disabled. Refreshes the idle clock (at most once a minute).
 */
export async function resolveSession(
  db: Kysely<Database>,
  config: AuthConfig,
  sessionId: string,
  now: () => Date,
): Promise<ActiveSession | null> {
  const idHash = sha256(sessionId);
  const s = await getSession(db, idHash);
  if (!s) return null;
  const at = now();
  const iso = at.toISOString();
  if (s.expiresAt <= iso || Date.parse(s.lastSeenAt) + config.idleTimeoutMs <= at.getTime()) {
    await deleteSession(db, idHash);
    return null;
  }
  const user = await getUserCredentials(db, s.userId);
  if (!user || user.disabled || !user.loginName || !(ROLES as readonly string[]).includes(user.role))
    return null;
  if (at.getTime() - Date.parse(s.lastSeenAt) > 60_000) await touchSession(db, idHash, iso);
  const { passwordHash: _h, failedCount: _f, lockedUntil: _l, ...plain } = user;
  return {
    idHash,
    csrfToken: s.csrfToken,
    user: plain,
    ctx: {
      actor: { id: user.id, name: user.name },
      principal: 'user',
      role: user.role as Role,
      municipalityId: user.municipalityId,
      departmentId: user.departmentIds[0] ?? null,
      departmentIds: user.departmentIds,
      now,
    },
  };
}

/** Ends one session (sign-out). */
export async function signOut(db: Kysely<Database>, ctx: RequestContext, idHash: string): Promise<void> {
  await deleteSession(db, idHash);
  await appendAudit(db, {
    at: nowIso(ctx),
    actor: ctx.actor,
    municipalityId: ctx.municipalityId,
    entityType: 'session',
    entityId: ctx.actor.id ?? '-',
    action: 'delete',
  });
}

/** Ends every session of the caller (sign-out everywhere). */
export async function signOutEverywhere(db: Kysely<Database>, ctx: RequestContext): Promise<number> {
  if (!ctx.actor.id) return 0;
  const n = await deleteUserSessions(db, ctx.actor.id);
  await appendAudit(db, {
    at: nowIso(ctx),
    actor: ctx.actor,
    municipalityId: ctx.municipalityId,
    entityType: 'session',
    entityId: ctx.actor.id,
    action: 'delete',
    after: { everywhere: true, ended: n },
  });
  return n;
}
