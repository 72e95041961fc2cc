import type { Kysely } from 'kysely';

/**
 * Import templates (取込テンプレート): the structure and column corrections a municipality made
 * for one shape of file, with the header signature that recognizes the shape next time. One row
 * per template; the body (signature, structures, overrides) is JSON text. Versioned
 * (compare-and-set). FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('import_templates_municipality')
    .on('import_templates')
    .columns(['municipality_id', 'name'])
    .unique()
    .execute();
}
