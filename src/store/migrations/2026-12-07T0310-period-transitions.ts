import type { Kysely } from 'kysely';

/**
 * Moves to the next strategy period (次期への移行): the planner's plan as a draft (JSON), from which
 * strategy, and once confirmed the strategy it created, who confirmed and when. Versioned
 * (compare-and-set). FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('period_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('from_strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('to_strategy_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('plan_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('period_transitions_from')
    .on('period_transitions')
    .column('from_strategy_id')
    .execute();
}
