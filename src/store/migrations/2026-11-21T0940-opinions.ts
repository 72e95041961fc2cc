import type { Kysely } from 'kysely';

/**
 * Committee opinions (有識者の意見): one row per opinion on a measure or an indicator for a fiscal
 * year, with its author and the department's response (対応方針) with who wrote it. Versioned
 * (compare-and-set). FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('opinions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('responded_by', 'text')
    .addColumn('responded_by_name', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('opinions_strategy_year')
    .on('opinions')
    .columns(['strategy_id', 'fiscal_year'])
    .execute();
  await db.schema
    .createIndex('opinions_target')
    .on('opinions')
    .columns(['target_type', 'target_id'])
    .execute();
}
