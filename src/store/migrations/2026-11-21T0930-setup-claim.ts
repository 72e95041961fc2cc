import type { Kysely } from 'kysely';

/**
 * One-time claims (`setup_claims`): a row per thing that may happen once in a deployment, keyed by
 * its name (`first-admin`). The primary key makes the claim race-free on both databases: of two
 * concurrent setups, one inserts the row and the other finds it taken. An existing deployment
 * that already has accounts gets its `first-admin` claim recorded. FROZEN once released;
 * dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('setup_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .execute();
  const first = await db
    .selectFrom('users')
    .select('created_at')
    .where('login_name', 'is not', null)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (first)
    await db.insertInto('setup_claims').values({ id: 'first-admin', claimed_at: first.created_at }).execute();
}
