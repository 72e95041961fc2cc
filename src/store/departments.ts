import { answerableDepartments } from '../core/answerable-departments.ts';
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

/**
 * The departments answerable for indicators (core/answerable-departments.ts: an indicator's own
 * 担当課, else its project's, else none), with their current names, in link order: for every
 * indicator of a strategy, or for the indicators named. Indicator id → departments; an indicator
 * that does not exist is absent.
 */
export async function answerableDepartmentsOf(
  db: Executor,
  which: { strategyId: string } | { indicatorIds: readonly string[] },
): Promise<Map<string, { id: string; name: string }[]>> {
  const out = new Map<string, { id: string; name: string }[]>();
  if ('indicatorIds' in which && which.indicatorIds.length === 0) return out;
  let indicators = db.selectFrom('indicators').select(['id', 'owner_type', 'owner_id']);
  indicators =
    'strategyId' in which
      ? indicators.where('strategy_id', '=', which.strategyId).orderBy('position')
      : indicators.where('id', 'in', [...which.indicatorIds]);
  const rows = await indicators.execute();
  if (rows.length === 0) return out;
  const links = (type: 'indicator' | 'project') =>
    db
      .selectFrom('department_links')
      .innerJoin('departments', 'departments.id', 'department_links.department_id')
      .select(['department_links.target_id as target', 'departments.id as id', 'departments.name as name'])
      .where('department_links.target_type', '=', type)
      .orderBy('department_links.target_id')
      .orderBy('department_links.position');
  // A strategy's own links come through its indicators (strategy_id index), whatever its size.
  const own =
    'strategyId' in which
      ? await links('indicator')
          .innerJoin('indicators', 'indicators.id', 'department_links.target_id')
          .where('indicators.strategy_id', '=', which.strategyId)
          .execute()
      : await links('indicator')
          .where(
            'department_links.target_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
  const projectIds = [
    ...new Set(rows.flatMap((r) => (r.owner_type === 'project' && r.owner_id ? [r.owner_id] : []))),
  ];
  const ofProjects = projectIds.length
    ? await links('project').where('department_links.target_id', 'in', projectIds).execute()
    : [];
  const group = (list: { target: string; id: string; name: string }[]) => {
    const m = new Map<string, { id: string; name: string }[]>();
    for (const l of list) m.set(l.target, [...(m.get(l.target) ?? []), { id: l.id, name: l.name }]);
    return m;
  };
  const byIndicator = group(own);
  const byProject = group(ofProjects);
  for (const r of rows)
    out.set(
      r.id,
      answerableDepartments(
        byIndicator.get(r.id) ?? [],
        r.owner_type === 'project' && r.owner_id ? byProject.get(r.owner_id) : null,
        (d) => d.id,
      ),
    );
  return out;
}

/**
 * The departments answerable for one indicator (see `answerableDepartmentsOf`), from its owner as
 * the caller already read it: one indexed query over department_links by (target_type, target_id)
 * for the indicator's own links and its project's, instead of three.
 */
export async function answerableDepartmentsOfOne(
  db: Executor,
  indicator: { id: string; ownerType: string | null; ownerId: string | null },
): Promise<{ id: string; name: string }[]> {
  const projectId = indicator.ownerType === 'project' ? indicator.ownerId : null;
  const rows = await db
    .selectFrom('department_links')
    .innerJoin('departments', 'departments.id', 'department_links.department_id')
    .select(['department_links.target_type as type', 'departments.id as id', 'departments.name as name'])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('department_links.target_type', '=', 'indicator'),
          eb('department_links.target_id', '=', indicator.id),
        ]),
        ...(projectId
          ? [
              eb.and([
                eb('department_links.target_type', '=', 'project'),
                eb('department_links.target_id', '=', projectId),
              ]),
            ]
          : []),
      ]),
    )
    .orderBy('department_links.position')
    .execute();
  const of = (type: string) => rows.filter((r) => r.type === type).map(({ id, name }) => ({ id, name }));
  return answerableDepartments(of('indicator'), projectId ? of('project') : null, (d) => d.id);
}

/** The ids of the departments answerable for each indicator of a strategy (see `answerableDepartmentsOf`). */
export async function answerableDepartmentIds(
  db: Executor,
  strategyId: string,
): Promise<Map<string, string[]>> {
  const all = await answerableDepartmentsOf(db, { strategyId });
  return new Map([...all].map(([id, ds]) => [id, ds.map((d) => d.id)]));
}

/** Names of departments by id. */
export async function departmentNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
