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

/** Which of `ids` are departments of the municipality. */
export async function departmentIdsIn(
  db: Executor,
  municipalityId: string,
  ids: string[],
): Promise<string[]> {
  const rows = await db
    .selectFrom('departments')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => r.id);
}

/** The municipality's departments whose current name is one of `names`. */
export async function departmentsNamed(
  db: Executor,
  municipalityId: string,
  names: string[],
): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('municipality_id', '=', municipalityId)
    .where('name', 'in', names)
    .execute();
  return rows.map((d) => ({ id: d.id, name: d.name }));
}

/** The municipality's first department by name (null when it has none). */
export async function firstDepartmentId(db: Executor, municipalityId: string): Promise<string | null> {
  const dept = await db
    .selectFrom('departments')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .orderBy('name')
    .executeTakeFirst();
  return dept?.id ?? null;
}

/** The departments linked to any of the targets (担当課 of indicators, projects, measures). */
export async function linkedDepartmentIds(
  db: Executor,
  targetType: string,
  targetIds: string[],
): Promise<string[]> {
  if (targetIds.length === 0) return [];
  const rows = await db
    .selectFrom('department_links')
    .select('department_id')
    .where('target_type', '=', targetType)
    .where('target_id', 'in', targetIds)
    .execute();
  return rows.map((r) => r.department_id);
}

/** The departments of one target, in their order, with their current names. */
export async function linkedDepartments(
  db: Executor,
  targetType: string,
  targetId: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('department_links')
    .innerJoin('departments', 'departments.id', 'department_links.department_id')
    .select(['departments.name', 'departments.id'])
    .where('department_links.target_type', '=', targetType)
    .where('department_links.target_id', '=', targetId)
    .orderBy('department_links.position')
    .execute();
}

/** Department names per target of a strategy (its indicators and projects): target id → names in order. */
export async function departmentNamesOfStrategy(
  db: Executor,
  strategyId: string,
): Promise<Map<string, string[]>> {
  // One join per target type: each walks this strategy's indicators or projects (strategy_id
  // index) into department_links by (target_type, target_id), whatever the size of the database.
  // Typed as the indicators table: the join reads only `id` and `strategy_id`, which both have.
  const linked = (type: 'indicator' | 'project', table: 'indicators' | 'projects') =>
    db
      .selectFrom('department_links')
      .innerJoin(`${table as 'indicators'} as target`, 'target.id', 'department_links.target_id')
      .innerJoin('departments', 'departments.id', 'department_links.department_id')
      .select([
        'department_links.target_id as target',
        'departments.name as name',
        'department_links.position as position',
      ])
      .where('department_links.target_type', '=', type)
      .where('target.strategy_id', '=', strategyId)
      .orderBy('department_links.target_id')
      .orderBy('department_links.position')
      .execute();
  const groups = await Promise.all([linked('indicator', 'indicators'), linked('project', 'projects')]);
  const out = new Map<string, string[]>();
  for (const r of groups.flat()) {
    const list = out.get(r.target) ?? [];
    list.push(r.name);
    out.set(r.target, list);
  }
  return out;
}
