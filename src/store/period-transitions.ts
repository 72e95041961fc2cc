import type { Lineage } from '../core/interchange.ts';
import type { TransitionPlan } from '../core/period-transition.ts';
import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { IndicatorTable, PeriodTransitionTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** A move to the next period as stored. */
export interface TransitionRecord {
  id: string;
  municipalityId: string;
  fromStrategyId: string;
  toStrategyId: string | null;
  state: 'draft' | 'confirmed';
  plan: TransitionPlan;
  createdBy: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toTransition(row: PeriodTransitionTable): TransitionRecord {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    fromStrategyId: row.from_strategy_id,
    toStrategyId: row.to_strategy_id,
    state: row.state as TransitionRecord['state'],
    plan: fromJson<TransitionPlan>(row.plan_json)!,
    createdBy: row.created_by,
    confirmedBy: row.confirmed_by,
    confirmedAt: row.confirmed_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertTransition(
  db: Executor,
  t: { municipalityId: string; fromStrategyId: string; plan: TransitionPlan; createdBy: string | null },
  now: string,
): Promise<PeriodTransitionTable> {
  const row: PeriodTransitionTable = {
    id: newId(),
    municipality_id: t.municipalityId,
    from_strategy_id: t.fromStrategyId,
    to_strategy_id: null,
    state: 'draft',
    plan_json: toJson(t.plan)!,
    created_by: t.createdBy,
    confirmed_by: null,
    confirmed_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('period_transitions').values(row).execute();
  return row;
}

export async function getTransitionRow(db: Executor, id: string): Promise<PeriodTransitionTable | null> {
  return (
    (await db.selectFrom('period_transitions').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
  );
}

export async function listTransitionRows(
  db: Executor,
  fromStrategyId: string,
): Promise<PeriodTransitionTable[]> {
  return db
    .selectFrom('period_transitions')
    .selectAll()
    .where('from_strategy_id', '=', fromStrategyId)
    .orderBy('id')
    .execute();
}

/** Compare-and-set update of a draft's plan or of its state on confirmation. */
export function updateTransition(
  db: Executor,
  id: string,
  expectedVersion: number,
  patch: {
    plan?: TransitionPlan;
    state?: 'confirmed';
    toStrategyId?: string;
    confirmedBy?: string | null;
    confirmedAt?: string;
  },
  now: string,
): Promise<VersionedUpdate<PeriodTransitionTable>> {
  return updateVersioned(db, 'period_transitions', id, expectedVersion, {
    ...(patch.plan ? { plan_json: toJson(patch.plan) } : {}),
    ...(patch.state ? { state: patch.state } : {}),
    ...(patch.toStrategyId ? { to_strategy_id: patch.toStrategyId } : {}),
    ...(patch.confirmedBy !== undefined ? { confirmed_by: patch.confirmedBy } : {}),
    ...(patch.confirmedAt ? { confirmed_at: patch.confirmedAt } : {}),
    updated_at: now,
  });
}

/** Marks an indicator of the current period as deleted in the next (削除, with the reason). */
export async function setIndicatorLineage(
  db: Executor,
  id: string,
  lineage: Lineage,
  now: string,
): Promise<void> {
  await db
    .updateTable('indicators')
    .set((eb) => ({ lineage_json: toJson(lineage), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Strategies that follow a strategy (their predecessor is it). */
export async function successorStrategyIds(db: Executor, strategyId: string): Promise<string[]> {
  return (
    await db
      .selectFrom('strategies')
      .select('id')
      .where('predecessor_id', '=', strategyId)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
}

/** The indicators of some strategies (links between periods are resolved over them). */
export async function indicatorRowsOf(
  db: Executor,
  strategyIds: readonly string[],
): Promise<IndicatorTable[]> {
  if (!strategyIds.length) return [];
  return db
    .selectFrom('indicators')
    .selectAll()
    .where('strategy_id', 'in', strategyIds)
    .orderBy('strategy_id')
    .orderBy('position')
    .execute();
}
