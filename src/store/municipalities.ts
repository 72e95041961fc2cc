import { newId } from './ids.ts';
import type { MunicipalityTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** A municipality (自治体): the tenant every row belongs to. */
export interface Municipality {
  id: string;
  code: string | null;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toMunicipality(row: MunicipalityTable): Municipality {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertMunicipality(
  db: Executor,
  input: { name: string; code?: string | null },
  now: string,
): Promise<Municipality> {
  const row: MunicipalityTable = {
    id: newId(),
    code: input.code ?? null,
    name: input.name,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('municipalities').values(row).execute();
  return toMunicipality(row);
}

export async function getMunicipality(db: Executor, id: string): Promise<Municipality | null> {
  const row = await db.selectFrom('municipalities').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMunicipality(row) : null;
}

/** A municipality by its id or its 団体コード (6 digits, or 5 without the check digit). */
export async function findMunicipalityByIdOrCode(db: Executor, key: string): Promise<Municipality | null> {
  const byId = await getMunicipality(db, key);
  if (byId) return byId;
  const row = await db
    .selectFrom('municipalities')
    .selectAll()
    .where((eb) => eb.or([eb('code', '=', key), eb('code', 'like', `${key}_`)]))
    .orderBy('id')
    .executeTakeFirst();
  return row ? toMunicipality(row) : null;
}

export async function findMunicipalityByName(db: Executor, name: string): Promise<Municipality | null> {
  const row = await db
    .selectFrom('municipalities')
    .selectAll()
    .where('name', '=', name)
    .orderBy('id')
    .executeTakeFirst();
  return row ? toMunicipality(row) : null;
}

export async function listMunicipalities(db: Executor): Promise<Municipality[]> {
  const rows = await db.selectFrom('municipalities').selectAll().orderBy('id').execute();
  return rows.map(toMunicipality);
}

/** Renames a municipality (versioned; compare-and-set). */
export async function renameMunicipality(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: { name: string; code: string | null },
  now: string,
): Promise<VersionedUpdate<MunicipalityTable>> {
  return updateVersioned(db, 'municipalities', id, expectedVersion, {
    name: fields.name,
    code: fields.code,
    updated_at: now,
  });
}

export async function municipalityExists(db: Executor, id: string): Promise<boolean> {
  return !!(await db.selectFrom('municipalities').select('id').where('id', '=', id).executeTakeFirst());
}

export async function countMunicipalities(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('municipalities')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The ids of the municipalities called `name` (a name is meant to be unique). */
export async function municipalityIdsNamed(db: Executor, name: string): Promise<string[]> {
  const rows = await db
    .selectFrom('municipalities')
    .select(['id', 'name'])
    .where('name', '=', name)
    .execute();
  return rows.map((r) => r.id);
}
