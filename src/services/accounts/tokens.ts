import type { Kysely } from 'kysely';
import { appendAudit } from '../../store/audit.ts';
import { departmentIdsIn } from '../../store/departments.ts';
import { newId } from '../../store/ids.ts';
import type { Database } from '../../store/schema.ts';
import {
  type ApiToken,
  findTokenByHash,
  getToken,
  insertToken,
  listTokens,
  markTokenUsed,
  revokeToken,
} from '../../store/tokens.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { fail, notFound, type Outcome, ok } from '../errors.ts';
import { recordChange } from '../versioned-write.ts';
import { newSecret, sha256 } from './sessions.ts';

/** Prefix of every token (lets secret scanners recognise a leaked one). */
export const TOKEN_PREFIX = 'sousei_';

/**
 * Creates an API token for a machine client of one municipality, scoped to departments (none:
 * the whole municipality) and to read or write. The secret is returned once and stored hashed.
 */
export async function createToken(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: { municipalityId: string; name: string; access: 'read' | 'write'; departmentIds: string[] },
): Promise<Outcome<{ token: string; info: ApiToken }>> {
  const denied = authorize(ctx, 'tokens.manage', { municipalityId: input.municipalityId });
  if (denied) return fail(denied);
  if (input.departmentIds.length) {
    const found = await departmentIdsIn(db, input.municipalityId, input.departmentIds);
    if (found.length !== new Set(input.departmentIds).size)
      return fail({
        ...notFound('担当課 (department)', input.departmentIds.join(',')),
        place: { field: 'departmentIds' },
      });
  }
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const now = nowIso(ctx);
  const info: ApiToken = {
    id: newId(),
    municipalityId: input.municipalityId,
    name: input.name,
    access: input.access,
    departmentIds: [...new Set(input.departmentIds)],
    createdBy: ctx.actor.id,
    createdAt: now,
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertToken(trx, info, sha256(token));
    await recordChange(trx, ctx, now, {
      municipalityId: info.municipalityId,
      entityType: 'api-token',
      entityId: info.id,
      action: 'create',
      after: { name: info.name, access: info.access, departmentIds: info.departmentIds },
    });
  });
  return ok({ token, info });
}

/** Tokens the caller may manage (never their secrets). */
export async function tokensFor(db: Kysely<Database>, ctx: RequestContext): Promise<Outcome<ApiToken[]>> {
  const isAdmin = ctx.principal === 'system' || ctx.role === 'admin';
  if (!isAdmin) {
    const denied = authorize(ctx, 'tokens.manage', { municipalityId: ctx.municipalityId });
    if (denied) return fail(denied);
  }
  return ok(await listTokens(db, isAdmin ? null : ctx.municipalityId));
}

/** Revokes a token (it stops working at once); audited. */
export async function revokeApiToken(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<Outcome<ApiToken>> {
  const t = await getToken(db, id);
  if (!t) return fail(notFound('API トークン (API token)', id));
  const denied = authorize(ctx, 'tokens.manage', { municipalityId: t.municipalityId });
  if (denied) return fail(denied);
  const now = nowIso(ctx);
  await revokeToken(db, id, now);
  await recordChange(db, ctx, now, {
    municipalityId: t.municipalityId,
    entityType: 'api-token',
    entityId: id,
    action: 'delete',
  });
  return ok({ ...t, revokedAt: t.revokedAt ?? now });
}

/**
 * Resolves a bearer token to a request context (null: unknown or revoked). Records the last-used
 * time; every state-changing use, and the first use in an hour otherwise, goes to the audit log.
 */
export async function resolveToken(
  db: Kysely<Database>,
  token: string,
  now: () => Date,
  use: { method: string; url: string },
): Promise<RequestContext | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const t = await findTokenByHash(db, sha256(token));
  if (!t || t.revokedAt) return null;
  const at = now();
  const iso = at.toISOString();
  const writes = !['GET', 'HEAD', 'OPTIONS'].includes(use.method);
  const stale = !t.lastUsedAt || at.getTime() - Date.parse(t.lastUsedAt) > 3_600_000;
  await markTokenUsed(db, t.id, iso);
  const actor = { id: `token:${t.id}`, name: `API トークン ${t.name}` };
  if (writes || stale)
    await appendAudit(db, {
      at: iso,
      actor,
      municipalityId: t.municipalityId,
      entityType: 'api-token-use',
      entityId: t.id,
      action: 'create',
      after: { method: use.method, url: use.url.slice(0, 300) },
    });
  return {
    actor,
    principal: 'token',
    role: null,
    municipalityId: t.municipalityId,
    departmentId: t.departmentIds[0] ?? null,
    departmentIds: t.departmentIds,
    tokenAccess: t.access,
    now,
  };
}
