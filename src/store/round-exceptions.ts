/**
 * The exceptions of a reporting round (table round_exceptions): an indicator opened for writing
 * after its part was submitted or the round closed, with the reason, until it is closed.
 */
import { newId } from './ids.ts';
import type { RoundExceptionTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

export interface RoundException {
  id: string;
  roundId: string;
  indicatorId: string;
  reason: string;
  openedBy: string;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  version: number;
}

export function toException(row: RoundExceptionTable): RoundException {
  return {
    id: row.id,
    roundId: row.round_id,
    indicatorId: row.indicator_id,
    reason: row.reason,
    openedBy: row.opened_by_name,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by_name,
    version: row.version,
  };
}

export async function insertException(
  db: Executor,
  input: { roundId: string; indicatorId: string; reason: string; by: string },
  now: string,
): Promise<RoundExceptionTable> {
  const row: RoundExceptionTable = {
    id: newId(),
    round_id: input.roundId,
    indicator_id: input.indicatorId,
    reason: input.reason,
    opened_by_name: input.by,
    opened_at: now,
    closed_at: null,
    closed_by_name: null,
    version: 1,
  };
  await db.insertInto('round_exceptions').values(row).execute();
  return row;
}

/** Exceptions of a round (open ones only when asked). */
export async function listExceptionRows(
  db: Executor,
  roundId: string,
  filter: { openOnly?: boolean; indicatorId?: string } = {},
): Promise<RoundExceptionTable[]> {
  let q = db.selectFrom('round_exceptions').selectAll().where('round_id', '=', roundId);
  if (filter.openOnly) q = q.where('closed_at', 'is', null);
  if (filter.indicatorId) q = q.where('indicator_id', '=', filter.indicatorId);
  return q.orderBy('opened_at').orderBy('id').execute();
}

export async function getExceptionRow(db: Executor, id: string): Promise<RoundExceptionTable | undefined> {
  return db.selectFrom('round_exceptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function closeException(
  db: Executor,
  id: string,
  expectedVersion: number,
  by: string,
  now: string,
): Promise<VersionedUpdate<RoundExceptionTable>> {
  return updateVersioned(db, 'round_exceptions', id, expectedVersion, { closed_at: now, closed_by_name: by });
}
