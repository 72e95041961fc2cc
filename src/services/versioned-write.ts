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
 * Writes a change (or several, one audit entry each) down in the caller's transaction: the strategy it belongs to (when it names
 * one) is marked changed (its revision, the caches' key, grows), and the audit log gets the entry.
 * `{ revision: false }`: the change names its strategy for the log but does not alter what the
 * strategy's tree and documents show (an opinion, a round's state), so the revision and the
 * caches stay. (A tag set is shown by every strategy of its scope: tag-sets.ts marks them itself.)
 */
export async function recordChange(
  trx: Executor,
  ctx: RequestContext,
  at: string,
  change: Change | readonly Change[],
  options: { revision?: boolean } = {},
): Promise<void> {
  const changes: readonly Change[] = Array.isArray(change) ? change : [change as Change];
  if (changes.length === 0) return;
  if (options.revision !== false)
    for (const id of new Set(changes.flatMap((c) => (c.strategyId ? [c.strategyId] : []))))
      await touchStrategy(trx, id, at);
  await appendAudit(
    trx,
    changes.map((c) => ({ at, actor: ctx.actor, ...c })),
  );
}
