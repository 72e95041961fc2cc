import type { Kysely } from 'kysely';
import { sql } from '../kysely.ts';

/**
 * Initial schema. FROZEN: never edit a migration that has been released; add a new one.
 * Dialect-neutral (SQLite and PostgreSQL): text ids and ISO timestamps made by the app, integer
 * booleans, JSON in text columns, no sequences, no dialect-specific types.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('municipalities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('departments_municipality_name')
    .on('departments')
    .columns(['municipality_id', 'name'])
    .execute();

  await db.schema
    .createTable('department_names')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('from_year', 'integer')
    .addColumn('to_year', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('department_names_department')
    .on('department_names')
    .column('department_id')
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.references('municipalities.id').onDelete('cascade'))
    .addColumn('department_id', 'text', (c) => c.references('departments.id').onDelete('set null'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status_schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.references('municipalities.id').onDelete('cascade'))
    .addColumn('preset', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('strategies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('ref', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer')
    .addColumn('period_from', 'integer')
    .addColumn('period_to', 'integer')
    .addColumn('predecessor_id', 'text')
    // A stored scheme's id or a shipped preset's id (`standard`): no foreign key.
    .addColumn('status_scheme_id', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('strategies_municipality').on('strategies').column('municipality_id').execute();

  for (const [table, extra] of [
    ['goals', ['description']],
    ['measures', ['summary']],
  ] as const) {
    let t = db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'));
    if (table === 'measures') t = t.addColumn('goal_id', 'text').addColumn('parent_id', 'text');
    t = t
      .addColumn('ref', 'text')
      .addColumn('code', 'text')
      .addColumn('name', 'text', (c) => c.notNull());
    for (const col of extra) t = t.addColumn(col, 'text');
    await t
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('provenance_json', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex(`${table}_strategy`).on(table).column('strategy_id').execute();
  }

  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('measure_id', 'text')
    .addColumn('ref', 'text')
    .addColumn('code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('period_from', 'integer')
    .addColumn('period_to', 'integer')
    .addColumn('period_raw', 'text')
    .addColumn('bodies_json', 'text')
    .addColumn('goal_ids_json', 'text')
    .addColumn('sdgs_json', 'text')
    .addColumn('years_json', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('provenance_json', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_strategy').on('projects').column('strategy_id').execute();

  await db.schema
    .createTable('narratives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('provenance_json', 'text')
    .execute();
  await db.schema.createIndex('narratives_strategy').on('narratives').column('strategy_id').execute();

  await db.schema
    .createTable('tag_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('strategy_id', 'text', (c) => c.references('strategies.id').onDelete('cascade'))
    .addColumn('ref', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tag_set_id', 'text', (c) => c.notNull().references('tag_sets.id').onDelete('cascade'))
    .addColumn('ref', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tags_tag_set').on('tags').column('tag_set_id').execute();

  await db.schema
    .createTable('taggings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('taggings_target')
    .on('taggings')
    .columns(['target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('taggings_tag').on('taggings').column('tag_id').execute();

  await db.schema
    .createTable('department_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('department_links_target')
    .on('department_links')
    .columns(['target_type', 'target_id'])
    .execute();
  await db.schema
    .createIndex('department_links_department')
    .on('department_links')
    .column('department_id')
    .execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('ref', 'text')
    .addColumn('owner_type', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('role', 'text')
    .addColumn('direction', 'text')
    .addColumn('aggregation', 'text')
    .addColumn('tolerance', 'double precision')
    .addColumn('definition', 'text')
    .addColumn('notes_json', 'text')
    .addColumn('lineage_json', 'text')
    .addColumn('reported_status_json', 'text')
    .addColumn('reported_statuses_json', 'text')
    .addColumn('provenance_json', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('indicators_strategy').on('indicators').column('strategy_id').execute();

  await db.schema
    .createTable('observations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer')
    .addColumn('value', 'double precision')
    .addColumn('raw', 'text')
    .addColumn('unit', 'text')
    .addColumn('basis', 'text')
    .addColumn('from_year', 'integer')
    .addColumn('state', 'text')
    .addColumn('date', 'text')
    .addColumn('note', 'text')
    .addColumn('parsed_json', 'text')
    .addColumn('provenance_json', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('observations_indicator')
    .on('observations')
    .columns(['indicator_id', 'kind'])
    .execute();
  await db.schema.createIndex('observations_strategy').on('observations').column('strategy_id').execute();
  // One actual per indicator and fiscal year: concurrent creates of the same year cannot both win.
  await db.schema
    .createIndex('observations_one_actual_per_year')
    .on('observations')
    .columns(['indicator_id', 'fiscal_year'])
    .unique()
    .where(sql.ref('kind'), '=', 'actual')
    .execute();

  await db.schema
    .createTable('commentary')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer')
    .addColumn('progress', 'text')
    .addColumn('issues', 'text')
    .addColumn('next_steps', 'text')
    .addColumn('summary', 'text')
    .addColumn('text', 'text')
    .addColumn('provenance_json', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('commentary_target')
    .on('commentary')
    .columns(['target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('commentary_strategy').on('commentary').column('strategy_id').execute();

  await db.schema
    .createTable('evaluation_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('status_key', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evaluation_overrides_indicator_year')
    .on('evaluation_overrides')
    .columns(['indicator_id', 'fiscal_year'])
    .unique()
    .execute();
  await db.schema
    .createIndex('evaluation_overrides_strategy')
    .on('evaluation_overrides')
    .column('strategy_id')
    .execute();

  await db.schema
    .createTable('reporting_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('department_id', 'text', (c) => c.references('departments.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.references('municipalities.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('document_json', 'text', (c) => c.notNull())
    .addColumn('report_json', 'text', (c) => c.notNull())
    .addColumn('strategy_id', 'text', (c) => c.references('strategies.id').onDelete('set null'))
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The audit log has no foreign keys: it outlives what it describes.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('municipality_id', 'text')
    .addColumn('strategy_id', 'text')
    .addColumn('indicator_id', 'text')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_strategy').on('audit_log').columns(['strategy_id', 'id']).execute();
  await db.schema
    .createIndex('audit_log_indicator')
    .on('audit_log')
    .columns(['indicator_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'id']).execute();
}
