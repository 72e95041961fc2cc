import { answerableDepartmentsOf, linkedDepartmentIds } from '../store/departments.ts';
import { indicatorOwner } from '../store/indicators.ts';
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
  const found = await answerableDepartmentsOf(db, { indicatorIds: [indicatorId] });
  return (found.get(indicatorId) ?? []).map((d) => d.id);
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
  const s = await scopeOfStrategy(db, strategyId);
  if (!s) return null;
  return {
    municipalityId: s.municipalityId,
    departmentIds:
      targetType === 'indicator'
        ? await answerableDepartmentIdsOf(db, targetId)
        : await linkedDepartmentIds(db, targetType, [targetId]),
  };
}

/** The scope of an indicator by its id alone (null when it does not exist): see `scopeOfTarget`. */
export async function scopeOfIndicator(db: Executor, indicatorId: string): Promise<Scope | null> {
  const row = await indicatorOwner(db, indicatorId);
  return row ? scopeOfTarget(db, 'indicator', row.strategyId, indicatorId) : null;
}
