import { newId } from './ids.ts';
import { fromJson } from './json.ts';
import type { StatusSchemeTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** A municipality's own status scheme (評価区分) as stored; `definition` is core `StatusScheme` data. */
export interface StatusSchemeRecord {
  id: string;
  municipalityId: string | null;
  name: string;
  definition: unknown;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toStatusScheme(row: StatusSchemeTable): StatusSchemeRecord {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    name: row.name,
    definition: fromJson(row.definition_json),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listStatusSchemes(
  db: Executor,
  municipalityId: string | null,
): Promise<StatusSchemeRecord[]> {
  let q = db.selectFrom('status_schemes').selectAll();
  if (municipalityId) q = q.where('municipality_id', '=', municipalityId);
  return (await q.orderBy('id').execute()).map(toStatusScheme);
}

export async function getStatusSchemeRow(db: Executor, id: string): Promise<StatusSchemeTable | null> {
  return (await db.selectFrom('status_schemes').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertStatusScheme(
  db: Executor,
  input: { municipalityId: string | null; name: string; definition: unknown },
  now: string,
): Promise<StatusSchemeRecord> {
  const row: StatusSchemeTable = {
    id: newId(),
    municipality_id: input.municipalityId,
    preset: null,
    name: input.name,
    definition_json: JSON.stringify(input.definition),
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('status_schemes').values(row).execute();
  return toStatusScheme(row);
}

export async function updateStatusScheme(
  db: Executor,
  id: string,
  expectedVersion: number,
  input: { name: string; definition: unknown },
  now: string,
): Promise<VersionedUpdate<StatusSchemeTable>> {
  return updateVersioned(db, 'status_schemes', id, expectedVersion, {
    name: input.name,
    definition_json: JSON.stringify(input.definition),
    updated_at: now,
  });
}

export async function deleteStatusScheme(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('strategies')
    .set({ status_scheme_id: null })
    .where('status_scheme_id', '=', id)
    .execute();
  await db.deleteFrom('status_schemes').where('id', '=', id).execute();
}
