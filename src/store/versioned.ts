import type { Kysely, Transaction } from 'kysely';
import type { Database, TableName } from './schema.ts';

/** `db` or a transaction: every repository function takes one of them first. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** Outcome of a compare-and-set update. */
export type VersionedUpdate<Row> =
  | { ok: true; row: Row }
  | { ok: false; reason: 'conflict'; current: Row }
  | { ok: false; reason: 'not_found' };

/**
 * Compare-and-set: `UPDATE table SET ..., version = version + 1 WHERE id = ? AND version = ?`.
 * Applies `patch` only if the row is still at `expectedVersion`; otherwise returns the current row
 * (someone else changed it) or not_found. Never overwrites another change.
 */
export async function updateVersioned<T extends TableName>(
  db: Executor,
  table: T,
  id: string,
  expectedVersion: number,
  patch: Record<string, unknown>,
): Promise<VersionedUpdate<Database[T]>> {
  // biome-ignore lint/suspicious/noExplicitAny: one helper for every versioned table.
  const k = db as unknown as Kysely<any>;
  const result = await k
    .updateTable(table as string)
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  const row = (await k
    .selectFrom(table as string)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()) as Database[T] | undefined;
  if (!row) return { ok: false, reason: 'not_found' };
  if (Number(result.numUpdatedRows) === 1) return { ok: true, row };
  return { ok: false, reason: 'conflict', current: row };
}

/** Inserts rows in chunks (bounded bind parameters on both dialects). */
export async function insertMany<T extends TableName>(
  db: Executor,
  table: T,
  rows: readonly Database[T][],
  chunk = 400,
): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: generic over tables.
  const k = db as unknown as Kysely<any>;
  for (let i = 0; i < rows.length; i += chunk) {
    await k
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}
