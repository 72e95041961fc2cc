import { answerableDepartmentsOfOne, linkedDepartmentIds } from '../store/departments.ts';
import { indicatorOwner, indicatorPlace } from '../store/indicators.ts';
import { strategyMunicipalityId } from '../store/strategies.ts';
import type { Executor } from '../store/versioned.ts';
import type { Scope } from './access.ts';

/** The municipality of a strategy (null when the strategy does not exist). */
export async function scopeOfStrategy(db: Executor, strategyId: string): Promise<Scope | null> {
  const municipalityId = await strategyMunicipalityId(db, strategyId);
  return municipalityId === null ? null : { municipalityId };
}

/**
 * The ids of the departments answerable for an indicator (its own 担当課, else its project's, else
 * none: core/answerable-departments.ts). What every access check on an indicator's data uses.
 */
export async function answerableDepartmentIdsOf(db: Executor, indicatorId: string): Promise<string[]> {
  const owner = await indicatorOwner(db, indicatorId);
  if (!owner) return [];
  return (await answerableDepartmentsOfOne(db, { id: indicatorId, ...owner })).map((d) => d.id);
}

/**
 * The municipality and departments of an indicator or project: for an indicator, the departments
 * answerable for it (its own, else its project's); for a project, its own 担当課.
 */
export async function scopeOfTarget(
  db: Executor,
  targetType: 'indicator' | 'project',
  strategyId: string,
  targetId: string,
): Promise<Scope | null> {
  if (targetType === 'indicator') {
    const placed = await placedIndicator(db, targetId);
    if (placed?.strategyId === strategyId) return placed.scope;
    // Not (or no longer) an indicator of that strategy: the strategy's, answerable to no department.
    const s = await scopeOfStrategy(db, strategyId);
    return s && { ...s, departmentIds: [] };
  }
  const s = await scopeOfStrategy(db, strategyId);
  if (!s) return null;
  return {
    municipalityId: s.municipalityId,
    departmentIds: await linkedDepartmentIds(db, targetType, [targetId]),
  };
}

/**
 * The scope of an indicator by its id alone (null when it does not exist): its strategy's
 * municipality and the departments answerable for it, in two indexed queries.
 */
export async function scopeOfIndicator(db: Executor, indicatorId: string): Promise<Scope | null> {
  return (await placedIndicator(db, indicatorId))?.scope ?? null;
}

/** An indicator's strategy and scope (see `scopeOfIndicator`). */
async function placedIndicator(
  db: Executor,
  indicatorId: string,
): Promise<{ strategyId: string; scope: Scope } | null> {
  const place = await indicatorPlace(db, indicatorId);
  if (!place) return null;
  const departments = await answerableDepartmentsOfOne(db, { id: indicatorId, ...place });
  return {
    strategyId: place.strategyId,
    scope: { municipalityId: place.municipalityId, departmentIds: departments.map((d) => d.id) },
  };
}
