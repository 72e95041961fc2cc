import { answerableDepartmentsOfOne, linkedDepartmentIds } from '../store/departments.ts';
import { getIndicatorRowPlaced, indicatorOwner } from '../store/indicators.ts';
import type { IndicatorTable } from '../store/schema.ts';
import { strategyMunicipalityId } from '../store/strategies.ts';
import type { Executor } from '../store/versioned.ts';
import type { Scope } from './access.ts';
import { type RequestContext, readOnce } from './context.ts';

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
    const placed = await placedIndicator(db, {}, targetId);
    if (placed?.row.strategy_id === strategyId) return placed.scope;
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
 * municipality and the departments answerable for it, in two indexed queries (none again when the
 * same GET request asks twice: `placedIndicator`).
 */
export async function scopeOfIndicator(
  db: Executor,
  indicatorId: string,
  ctx: Pick<RequestContext, 'reads'> = {},
): Promise<Scope | null> {
  return (await placedIndicator(db, ctx, indicatorId))?.scope ?? null;
}

/** An indicator as an access check and its reading service both need it. */
export interface PlacedIndicator {
  row: IndicatorTable;
  /** Its departments (answerable: its own, else its project's), current names, in link order. */
  departments: { id: string; name: string }[];
  scope: Scope;
}

/**
 * An indicator's row, its strategy's municipality and its answerable departments, in two indexed
 * queries; read once per GET request (the route's access check reads it, its service reuses it).
 */
export async function placedIndicator(
  db: Executor,
  ctx: Pick<RequestContext, 'reads'>,
  indicatorId: string,
): Promise<PlacedIndicator | null> {
  return readOnce(ctx, `indicator:${indicatorId}`, async () => {
    const placed = await getIndicatorRowPlaced(db, indicatorId);
    if (!placed) return null;
    const { row, municipalityId } = placed;
    const departments = await answerableDepartmentsOfOne(db, {
      id: indicatorId,
      ownerType: row.owner_type,
      ownerId: row.owner_id,
    });
    return { row, departments, scope: { municipalityId, departmentIds: departments.map((d) => d.id) } };
  });
}
