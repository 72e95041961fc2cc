import { newId } from './ids.ts';
import type { ReportingRoundTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** States of a reporting round (照会), in order. */
export const ROUND_STATES = ['open', 'submitted', 'approved', 'published'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

/** A reporting round per fiscal year and department (room for the reporting issue). */
export interface ReportingRound {
  id: string;
  strategyId: string;
  departmentId: string | null;
  fiscalYear: number;
  state: RoundState;
  version: number;
}

export function toReportingRound(row: ReportingRoundTable): ReportingRound {
  return {
    id: row.id,
    strategyId: row.strategy_id,
    departmentId: row.department_id,
    fiscalYear: row.fiscal_year,
    state: row.state as RoundState,
    version: row.version,
  };
}

export async function openRound(
  db: Executor,
  input: { strategyId: string; departmentId: string | null; fiscalYear: number },
  now: string,
): Promise<ReportingRound> {
  const row: ReportingRoundTable = {
    id: newId(),
    strategy_id: input.strategyId,
    department_id: input.departmentId,
    fiscal_year: input.fiscalYear,
    state: 'open',
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('reporting_rounds').values(row).execute();
  return toReportingRound(row);
}

/** Moves a round one step forward (open → submitted → approved → published), compare-and-set. */
export async function advanceRound(
  db: Executor,
  id: string,
  expectedVersion: number,
  to: RoundState,
  now: string,
): Promise<VersionedUpdate<ReportingRoundTable>> {
  return updateVersioned(db, 'reporting_rounds', id, expectedVersion, { state: to, updated_at: now });
}
