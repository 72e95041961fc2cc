import type { ApiTokenTable } from './schema.ts';
import type { Executor } from './versioned.ts';

/** An API token as shown to planners (never its secret or hash). */
export interface ApiToken {
  id: string;
  municipalityId: string;
  name: string;
  access: 'read' | 'write';
  departmentIds: string[];
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toToken(row: ApiTokenTable): ApiToken {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    name: row.name,
    access: row.access === 'write' ? 'write' : 'read',
    departmentIds: JSON.parse(row.department_ids_json) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertToken(db: Executor, t: ApiToken, tokenHash: string): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      municipality_id: t.municipalityId,
      name: t.name,
      token_hash: tokenHash,
      access: t.access,
      department_ids_json: JSON.stringify(t.departmentIds),
      created_by: t.createdBy,
      created_at: t.createdAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

export async function findTokenByHash(db: Executor, tokenHash: string): Promise<ApiToken | null> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? toToken(row) : null;
}

export async function getToken(db: Executor, id: string): Promise<ApiToken | null> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toToken(row) : null;
}

export async function listTokens(db: Executor, municipalityId: string | null): Promise<ApiToken[]> {
  let q = db.selectFrom('api_tokens').selectAll();
  if (municipalityId) q = q.where('municipality_id', '=', municipalityId);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toToken);
}

export async function markTokenUsed(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function revokeToken(db: Executor, id: string, at: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}
