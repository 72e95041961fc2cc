import type { Kysely } from 'kysely';

/**
 * Indexes for per-strategy reads found missing by the query-plan test (test/api/query-plans.test.ts):
 * the tag sets of a strategy (and the shared ones, strategy_id null) were read by walking every tag
 * set of every municipality. FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tag_sets_strategy').on('tag_sets').column('strategy_id').execute();
}
