import { newId } from './ids.ts';
import type { DepartmentNameTable, DepartmentTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** 担当課: a department with its names over time (課名変更). */
export interface Department {
  id: string;
  municipalityId: string;
  name: string;
  names: { name: string; fromYear: number | null; toYear: number | null }[];
  version: number;
}

export function toDepartment(row: DepartmentTable, names: DepartmentNameTable[] = []): Department {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    name: row.name,
    names: names
      .filter((n) => n.department_id === row.id)
      .map((n) => ({ name: n.name, fromYear: n.from_year, toYear: n.to_year })),
    version: row.version,
  };
}

/** Finds a department by its current or any former name, or creates it. */
export async function findOrCreateDepartment(
  db: Executor,
  municipalityId: string,
  name: string,
  now: string,
): Promise<{ id: string; created: boolean }> {
  const current = await db
    .selectFrom('departments')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (current) return { id: current.id, created: false };
  const former = await db
    .selectFrom('department_names')
    .innerJoin('departments', 'departments.id', 'department_names.department_id')
    .select('departments.id')
    .where('departments.municipality_id', '=', municipalityId)
    .where('department_names.name', '=', name)
    .executeTakeFirst();
  if (former) return { id: former.id, created: false };
  const id = newId();
  await db
    .insertInto('departments')
    .values({ id, municipality_id: municipalityId, name, version: 1, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('department_names')
    .values({ id: newId(), department_id: id, name, from_year: null, to_year: null, created_at: now })
    .execute();
  return { id, created: true };
}

/**
 * Ids of the departments of a municipality called `name` now or formerly (課名変更): what a
 * department named in a request (an entry workbook's 担当課) stands for. Empty when none.
 */
export async function departmentIdsNamed(
  db: Executor,
  municipalityId: string,
  name: string,
): Promise<string[]> {
  const current = await db
    .selectFrom('departments')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('name', '=', name)
    .execute();
  const former = await db
    .selectFrom('department_names')
    .innerJoin('departments', 'departments.id', 'department_names.department_id')
    .select('departments.id')
    .where('departments.municipality_id', '=', municipalityId)
    .where('department_names.name', '=', name)
    .execute();
  return [...new Set([...current, ...former].map((r) => r.id))];
}

export async function listDepartments(db: Executor, municipalityId: string): Promise<Department[]> {
  const rows = await db
    .selectFrom('departments')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('name')
    .execute();
  if (rows.length === 0) return [];
  const names = await db
    .selectFrom('department_names')
    .selectAll()
    .where(
      'department_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => toDepartment(r, names));
}

/**
 * Renames a department from `fromYear` on (課名変更): the old name is closed at `fromYear - 1`,
 * the new one opened; links to indicators and projects are unchanged.
 */
export async function renameDepartment(
  db: Executor,
  id: string,
  expectedVersion: number,
  name: string,
  fromYear: number,
  now: string,
): Promise<VersionedUpdate<DepartmentTable>> {
  const result = await updateVersioned(db, 'departments', id, expectedVersion, { name, updated_at: now });
  if (!result.ok) return result;
  await db
    .updateTable('department_names')
    .set({ to_year: fromYear - 1 })
    .where('department_id', '=', id)
    .where('to_year', 'is', null)
    .execute();
  await db
    .insertInto('department_names')
    .values({ id: newId(), department_id: id, name, from_year: fromYear, to_year: null, created_at: now })
    .execute();
  return result;
}

/** One department with its names over time, or null. */
export async function getDepartment(db: Executor, id: string): Promise<Department | null> {
  const row = await db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const names = await db
    .selectFrom('department_names')
    .selectAll()
    .where('department_id', '=', id)
    .orderBy('id')
    .execute();
  return toDepartment(row, names);
}
