import { linkedDepartmentIds } from '../store/departments.ts';
import { strategyMunicipalityId } from '../store/strategies.ts';
import type { Executor } from '../store/versioned.ts';
import type { Scope } from './access.ts';

/** The municipality of a strategy (null when the strategy does not exist). */
export async function scopeOfStrategy(db: Executor, strategyId: string): Promise<Scope | null> {
  const municipalityId = await strategyMunicipalityId(db, strategyId);
  return municipalityId === null ? null : { municipalityId };
}

/** The municipality and departments (担当課) of an indicator or project. */
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
    departmentIds: await linkedDepartmentIds(db, targetType, [targetId]),
  };
}
