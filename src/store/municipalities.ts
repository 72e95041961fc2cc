import { planningDivisionName } from '../core/reporting-round.ts';
import { newId } from './ids.ts';
import type { MunicipalityTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** A municipality (自治体): the tenant every row belongs to. */
export interface Municipality {
  id: string;
  code: string | null;
  name: string;
  /**
   * The name the municipality gives its planning division (企画政策課, 経営戦略課, 企画課…), used
   * in the messages departments read; null: not set (see planningDivisionName).
   */
  planningDivision: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toMunicipality(row: MunicipalityTable): Municipality {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    planningDivision: row.planning_division,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertMunicipality(
  db: Executor,
  input: { name: string; code?: string | null; planningDivision?: string | null },
  now: string,
): Promise<Municipality> {
  const row: MunicipalityTable = {
    id: newId(),
    code: input.code ?? null,
    name: input.name,
    planning_division: input.planningDivision ?? null,
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

/** Renames a municipality and sets its planning division's name (versioned; compare-and-set). */
export async function renameMunicipality(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: { name: string; code: string | null; planningDivision: string | null },
  now: string,
): Promise<VersionedUpdate<MunicipalityTable>> {
  return updateVersioned(db, 'municipalities', id, expectedVersion, {
    name: fields.name,
    code: fields.code,
    planning_division: fields.planningDivision,
    updated_at: now,
  });
}

/**
 * The name of a municipality's planning division for the messages departments read: its own
 * (経営戦略課, 企画課…), or the neutral 企画担当課 when it is not set or the municipality is unknown.
 */
export async function planningDivisionOf(db: Executor, municipalityId: string): Promise<string> {
  const row = await db
    .selectFrom('municipalities')
    .select('planning_division')
    .where('id', '=', municipalityId)
    .executeTakeFirst();
  return planningDivisionName(row?.planning_division ?? null);
}

/**
 * Sets the name of a municipality's planning division when it has none yet (the demo city's), a
 * new version; answers whether it was set.
 */
export async function setPlanningDivisionIfUnset(
  db: Executor,
  id: string,
  planningDivision: string,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('municipalities')
    .set((eb) => ({ planning_division: planningDivision, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('planning_division', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
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
