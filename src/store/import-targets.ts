/**
 * The reads and writes an import needs to place a document into existing data: the goals,
 * measures and projects of a strategy (to attach new indicators by name), a municipality's
 * strategies, and linking a strategy to its predecessor or giving it its period.
 */
import type { GoalTable, MeasureTable, ProjectTable, StrategyTable } from './schema.ts';
import type { Executor } from './versioned.ts';

export async function listGoalRows(db: Executor, strategyId: string): Promise<GoalTable[]> {
  return db
    .selectFrom('goals')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('position')
    .execute();
}

export async function listMeasureRows(db: Executor, strategyId: string): Promise<MeasureTable[]> {
  return db
    .selectFrom('measures')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('position')
    .execute();
}

export async function listProjectRows(db: Executor, strategyId: string): Promise<ProjectTable[]> {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('position')
    .execute();
}

/** Every strategy of a municipality, in creation order. */
export async function listStrategyRowsOf(db: Executor, municipalityId: string): Promise<StrategyTable[]> {
  return db
    .selectFrom('strategies')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Sets a strategy's predecessor and/or period (in the caller's transaction; revision goes up). */
export async function linkStrategy(
  db: Executor,
  id: string,
  patch: { predecessorId?: string | null; periodFrom?: number | null; periodTo?: number | null },
  now: string,
): Promise<void> {
  const set: Record<string, unknown> = { updated_at: now };
  if (patch.predecessorId !== undefined) set.predecessor_id = patch.predecessorId;
  if (patch.periodFrom !== undefined) set.period_from = patch.periodFrom;
  if (patch.periodTo !== undefined) set.period_to = patch.periodTo;
  await db
    .updateTable('strategies')
    .set((eb) => ({ ...set, revision: eb('revision', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** The position after the last of a strategy's rows of a table (new rows go at the end). */
export async function nextPosition(
  db: Executor,
  table: 'goals' | 'measures' | 'indicators',
  strategyId: string,
): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max('position').as('p'))
    .where('strategy_id', '=', strategyId)
    .executeTakeFirst();
  const p = r?.p;
  return p == null ? 0 : Number(p) + 1;
}

/** Moves a baseline or target to the year a re-import gives it (its value is updated beside). */
export async function setObservationYear(db: Executor, id: string, fiscalYear: number | null): Promise<void> {
  await db.updateTable('observations').set({ fiscal_year: fiscalYear }).where('id', '=', id).execute();
}
