import type { Kysely } from 'kysely';

/**
 * Judgements of record (評価の記録): a stored override says where it comes from, `planner` (entered
 * in Sousei) or `import` (a status the municipality published, imported with its document).
 * Existing rows are planners' overrides (null reads as `planner`). FROZEN once released;
 * dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evaluation_overrides').addColumn('source', 'text').execute();
}
