import type { Kysely } from 'kysely';

/**
 * Reporting rounds (照会): one round per strategy and fiscal year with its deadline and state
 * (準備 → 受付中 → 締切 → 確定 → 公表); one part per department with its own state (未着手 → 入力中 →
 * 提出済 → 差戻し → 承認済), optional earlier deadline, returned items and acknowledged findings;
 * the planners' exceptions that reopen one indicator of a confirmed year; and the in-app notices
 * (per person). The placeholder `reporting_rounds` table of the initial migration was never
 * written to and is replaced. `write_seq` counts writes into the round (figures, commentary,
 * submissions): a confirmation or submission that read an older count does not apply.
 * FROZEN once released; dialect-neutral.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not depend on today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reporting_rounds').execute();
  await db.schema
    .createTable('reporting_rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) =>
      c.notNull().references('municipalities.id').onDelete('cascade'),
    )
    .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('remind_days', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('write_seq', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('opened_by_name', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by_name', 'text')
    .addColumn('confirm_reason', 'text')
    .addColumn('published_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reporting_rounds_strategy_year')
    .on('reporting_rounds')
    .columns(['strategy_id', 'fiscal_year'])
    .unique()
    .execute();
  await db.schema
    .createIndex('reporting_rounds_municipality')
    .on('reporting_rounds')
    .column('municipality_id')
    .execute();

  await db.schema
    .createTable('round_parts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('reporting_rounds.id').onDelete('cascade'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('returned_json', 'text')
    .addColumn('acknowledgements_json', 'text')
    .addColumn('write_seq', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by_name', 'text')
    .addColumn('last_activity_at', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('round_parts_round_department')
    .on('round_parts')
    .columns(['round_id', 'department_id'])
    .unique()
    .execute();
  await db.schema.createIndex('round_parts_department').on('round_parts').column('department_id').execute();

  await db.schema
    .createTable('round_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('reporting_rounds.id').onDelete('cascade'))
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('opened_by_name', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by_name', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('round_exceptions_round_indicator')
    .on('round_exceptions')
    .columns(['round_id', 'indicator_id'])
    .execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('municipality_id', 'text', (c) => c.references('municipalities.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('round_id', 'text', (c) => c.references('reporting_rounds.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notices_user').on('notices').columns(['user_id', 'created_at']).execute();
}
