import type { Executor } from './versioned.ts';

/**
 * Claims a one-time step (`first-admin`): true when this call took it, false when it was already
 * taken. Race-free on both databases (primary key + ON CONFLICT DO NOTHING): of concurrent
 * claims, exactly one returns true; on PostgreSQL a second claim waits for the first transaction
 * and takes the claim only if that one rolled back.
 *
 * @example if (!(await claimOnce(trx, 'first-admin', now))) return closed;
 */
export async function claimOnce(db: Executor, id: string, at: string): Promise<boolean> {
  const r = await db
    .insertInto('setup_claims')
    .values({ id, claimed_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}
