import type { Kysely } from 'kysely';

/**
 * Confirmed entry warnings of a figure (入力チェックの確認): when a department saves a figure the
 * entry checks warned about, the warnings it confirmed and who confirmed them, as JSON text.
 * FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('observations').addColumn('confirmed_json', 'text').execute();
}
