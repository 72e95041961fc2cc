import type { Kysely } from 'kysely';
import { sql } from '../kysely.ts';

/**
 * Figure history (数値の版): every version of every figure — baseline, target, milestone, actual —
 * with its value, raw text, state (速報値 → 確定値), who, when, why and through which path, and for
 * a revised target or baseline the first fiscal year it applies to (`effective_year`). Existing
 * figures get their current state as their first known version (source `backfill`).
 * FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('figure_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('observation_id', 'text', (c) => c.notNull())
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('strategy_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('raw', 'text')
    .addColumn('unit', 'text')
    .addColumn('state', 'text')
    .addColumn('note', 'text')
    .addColumn('figure_json', 'text')
    .addColumn('effective_year', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('figure_versions_indicator')
    .on('figure_versions')
    .columns(['indicator_id', 'kind', 'fiscal_year', 'version'])
    .execute();
  await db.schema
    .createIndex('figure_versions_strategy')
    .on('figure_versions')
    .column('strategy_id')
    .execute();
  await db.schema
    .createIndex('figure_versions_observation')
    .on('figure_versions')
    .columns(['observation_id', 'version'])
    .execute();
  await sql`
    insert into figure_versions
      (id, observation_id, indicator_id, strategy_id, kind, fiscal_year, version, value, raw, unit,
       state, note, figure_json, effective_year, source, reason, actor_id, actor_name, at)
    select 'backfill-' || id, id, indicator_id, strategy_id, kind, fiscal_year, version, value, raw, unit,
       state, note, null, null, 'backfill', null, null, null, updated_at
    from observations`.execute(db);
}
