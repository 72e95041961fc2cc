import { newId } from './ids.ts';
import type { EvaluationOverrideTable } from './schema.ts';
import type { Executor } from './versioned.ts';

/**
 * A judgement of record: a human override of a computed status, with its written reason, or a status
 * the municipality published (source `import`); the computed result is kept.
 */
export interface OverrideRecord {
  id: string;
  strategyId: string;
  indicatorId: string;
  fiscalYear: number;
  statusKey: string | null;
  status: string;
  reason: string;
  actorId: string | null;
  actorName: string | null;
  /** Where the judgement of record comes from: a planner's override or an imported status. */
  source: 'planner' | 'import';
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toOverride(row: EvaluationOverrideTable): OverrideRecord {
  return {
    id: row.id,
    strategyId: row.strategy_id,
    indicatorId: row.indicator_id,
    fiscalYear: row.fiscal_year,
    statusKey: row.status_key,
    status: row.status,
    reason: row.reason,
    actorId: row.actor_id,
    actorName: row.actor_name,
    source: row.source === 'import' ? 'import' : 'planner',
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listOverrides(
  db: Executor,
  where: { strategyId?: string; indicatorId?: string },
): Promise<OverrideRecord[]> {
  let q = db.selectFrom('evaluation_overrides').selectAll();
  if (where.strategyId) q = q.where('strategy_id', '=', where.strategyId);
  if (where.indicatorId) q = q.where('indicator_id', '=', where.indicatorId);
  return (await q.orderBy('id').execute()).map(toOverride);
}

export async function getOverrideRow(
  db: Executor,
  indicatorId: string,
  fiscalYear: number,
): Promise<EvaluationOverrideTable | null> {
  return (
    (await db
      .selectFrom('evaluation_overrides')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .where('fiscal_year', '=', fiscalYear)
      .executeTakeFirst()) ?? null
  );
}

export function overrideRow(
  input: Pick<
    OverrideRecord,
    'strategyId' | 'indicatorId' | 'fiscalYear' | 'statusKey' | 'status' | 'reason' | 'actorId' | 'actorName'
  > & { source?: 'planner' | 'import' },
  now: string,
): EvaluationOverrideTable {
  return {
    id: newId(),
    strategy_id: input.strategyId,
    indicator_id: input.indicatorId,
    fiscal_year: input.fiscalYear,
    status_key: input.statusKey,
    status: input.status,
    reason: input.reason,
    actor_id: input.actorId,
    actor_name: input.actorName,
    source: input.source ?? 'planner',
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

export async function insertOverride(db: Executor, row: EvaluationOverrideTable): Promise<void> {
  await db.insertInto('evaluation_overrides').values(row).execute();
}
