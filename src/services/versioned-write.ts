/**
 * The versioned, audited write that every editing use case ends with, written once: the outcome
 * of a compare-and-set turned into the answer (the new record, or VERSION_CONFLICT carrying the
 * current one, or NOT_FOUND), and the change written down in the same transaction (the strategy's
 * revision bumped for the caches, the audit entry appended).
 */
import { type AuditInput, appendAudit } from '../store/audit.ts';
import { touchStrategy } from '../store/strategies.ts';
import type { Executor, VersionedUpdate } from '../store/versioned.ts';
import type { RequestContext } from './context.ts';
import { notFound, Rollback, versionConflict } from './errors.ts';

/**
 * The record a compare-and-set wrote; otherwise rolls the transaction back with VERSION_CONFLICT
 * (someone saved first: the current record goes with it) or NOT_FOUND.
 */
export function applied<Row, R>(
  result: VersionedUpdate<Row>,
  what: string,
  id: string,
  expectedVersion: number,
  toRecord: (row: Row) => R,
): R {
  if (result.ok) return toRecord(result.row);
  if (result.reason === 'not_found') throw new Rollback(notFound(what, id));
  throw new Rollback(versionConflict(what, expectedVersion, toRecord(result.current)));
}

/** What changed, for the audit log (when and by whom come from the context). */
export type Change = Omit<AuditInput, 'at' | 'actor'>;

/**
 * Writes a change down in the caller's transaction: the strategy it belongs to (when it names
 * one) is marked changed, and the audit log gets the entry.
 */
export async function recordChange(
  trx: Executor,
  ctx: RequestContext,
  at: string,
  change: Change,
): Promise<void> {
  if (change.strategyId) await touchStrategy(trx, change.strategyId, at);
  await appendAudit(trx, { at, actor: ctx.actor, ...change });
}
