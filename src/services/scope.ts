import type { Executor } from '../store/versioned.ts';
import type { Scope } from './access.ts';

/** The municipality of a strategy (null when the strategy does not exist). */
export async function scopeOfStrategy(db: Executor, strategyId: string): Promise<Scope | null> {
  const row = await db
    .selectFrom('strategies')
    .select('municipality_id')
    .where('id', '=', strategyId)
    .executeTakeFirst();
  return row ? { municipalityId: row.municipality_id } : null;
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
  const links = await db
    .selectFrom('department_links')
    .select('department_id')
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .execute();
  return { municipalityId: s.municipalityId, departmentIds: links.map((l) => l.department_id) };
}
