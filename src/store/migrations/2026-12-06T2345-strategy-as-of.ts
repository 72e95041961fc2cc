import type { Kysely } from 'kysely';

/**
 * A strategy's as-of year (評価年度, set by a planner; null: derived from its figures and period)
 * and each person's preferences (the municipality and strategy last chosen in the header picker),
 * as JSON text. FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('strategies').addColumn('as_of', 'integer').execute();
  await db.schema.alterTable('users').addColumn('preferences_json', 'text').execute();
}
