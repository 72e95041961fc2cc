import type { Kysely } from 'kysely';

/**
 * Publication of a fiscal year of a strategy (年度の公表): one row per strategy and fiscal year,
 * `published` or `withdrawn`, with when, by whom and how (a planner's action or a reporting
 * round reaching 公表). The public site and the open data show only published years. Versioned
 * (compare-and-set). FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('published_years')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('published_years_strategy_year')
    .on('published_years')
    .columns(['strategy_id', 'fiscal_year'])
    .unique()
    .execute();
}
