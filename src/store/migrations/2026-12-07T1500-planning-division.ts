import type { Kysely } from 'kysely';

/**
 * The name the municipality gives its planning division (企画担当課: 企画政策課, 経営戦略課,
 * 企画課…), used in the messages departments read; null: not set (the messages use a neutral
 * wording). FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('municipalities').addColumn('planning_division', 'text').execute();
}
