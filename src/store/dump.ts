import type { Kysely } from 'kysely';
import { latestMigration } from './db.ts';
import { migrations } from './migrations/index.ts';
import { type Database, EPHEMERAL_TABLES, TABLES, type TableName } from './schema.ts';
import { type Executor, insertMany } from './versioned.ts';

export const DUMP_FORMAT = 'sousei-db-dump';
/**
 * Version of the dump's shape. 1: before the accounts follow-up (no `user_departments`, no
 * `api_tokens`); 2: every table of TABLES. Version 1 dumps are still read (see upgradeDump).
 */
export const DUMP_VERSION = 2;
/** Dump versions this program restores. */
export const READABLE_DUMP_VERSIONS = [1, 2] as const;

/**
 * A complete, versioned dump of the database: every table of TABLES, in dependency order, each
 * table sorted by its key. `schema` is the newest migration the data was written under.
 *
 * What is in it: municipalities, departments, users (with their password hashes and their
 * departments, `user_departments`), API tokens (hashed: machine clients keep working after a
 * restore; revoke them if the dump leaked), every strategy table, imports, import templates and
 * the audit log.
 *
 * What is deliberately NOT in it: `sessions` (EPHEMERAL_TABLES). Sign-in sessions are short-lived
 * (30 minutes idle, 12 hours at most) and a copy of them would let whoever holds the dump reuse a
 * live session id; after a restore everybody signs in again.
 *
 * @example
 * const dump = await exportDump(trx, '2025-06-01T09:00:00.000Z');
 * dump.tables.user_departments // [{ user_id, department_id, created_at }, ...]
 */
export interface Dump {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  schema: string;
  exportedAt: string;
  tables: Partial<Record<TableName, Record<string, unknown>[]>>;
}

/** The columns a table's rows are sorted by in a dump (default: `id`). */
const ORDER_KEYS: Partial<Record<TableName, string[]>> = {
  user_departments: ['user_id', 'department_id'],
};

/** Reads every table into a dump (run inside a transaction for a consistent snapshot). */
export async function exportDump(db: Executor, exportedAt: string): Promise<Dump> {
  // biome-ignore lint/suspicious/noExplicitAny: generic over tables.
  const k = db as unknown as Kysely<any>;
  const tables: Dump['tables'] = {};
  for (const t of TABLES) {
    let q = k.selectFrom(t).selectAll();
    for (const c of ORDER_KEYS[t] ?? ['id']) q = q.orderBy(c);
    tables[t] = (await q.execute()) as Record<string, unknown>[];
  }
  return { format: DUMP_FORMAT, version: DUMP_VERSION, schema: latestMigration(), exportedAt, tables };
}

/**
 * Migrations whose changes need nothing done to the rows of an older dump: they add tables,
 * indexes, or columns that are nullable or have a default. A dump written under an older schema is
 * restored when every migration after its schema is listed here or has its own upgrade step
 * (SCHEMA_UPGRADES).
 */
const ADDITIVE_MIGRATIONS = new Set([
  '2026-11-21T0920-accounts',
  '2026-11-21T0930-setup-claim',
  '2026-11-21T0940-opinions',
  '2026-12-06T2330-read-indexes',
  '2026-12-06T2345-strategy-as-of',
  '2026-12-06T2350-judgement-source',
  '2026-12-06T2355-import-templates',
  '2026-12-07T0010-figure-confirmations',
  '2026-12-07T0210-published-years',
  '2026-12-07T0310-period-transitions',
  // Replaces the placeholder `reporting_rounds` table, which was never written to: an older dump
  // holds no rows of it.
  '2026-12-07T0335-reporting-rounds',
  '2026-12-07T1500-planning-division',
]);

type DumpTables = Dump['tables'];

/**
 * Migrations that changed rows as well as the schema, with the same change applied to the tables of
 * a dump written before them (the restore then writes what the migration would have written).
 */
const SCHEMA_UPGRADES: Record<string, (tables: DumpTables) => DumpTables> = {
  // Figure history: every existing figure gets its current state as its first known version.
  '2026-12-07T0215-figure-versions': (tables) =>
    tables.figure_versions
      ? tables
      : {
          ...tables,
          figure_versions: (tables.observations ?? []).map((o) => ({
            id: `backfill-${String(o.id)}`,
            observation_id: o.id,
            indicator_id: o.indicator_id,
            strategy_id: o.strategy_id,
            kind: o.kind,
            fiscal_year: o.fiscal_year ?? null,
            version: o.version,
            value: o.value ?? null,
            raw: o.raw ?? null,
            unit: o.unit ?? null,
            state: o.state ?? null,
            note: o.note ?? null,
            figure_json: null,
            effective_year: null,
            source: 'backfill',
            reason: null,
            actor_id: null,
            actor_name: null,
            at: o.updated_at,
          })),
        },
};

/** The migrations after a dump's schema (null: the schema is unknown). */
function migrationsAfter(schema: unknown): string[] | null {
  if (typeof schema !== 'string') return null;
  const names = Object.keys(migrations).sort();
  const at = names.indexOf(schema);
  return at >= 0 ? names.slice(at + 1) : null;
}

function schemaReadable(schema: unknown): boolean {
  const after = migrationsAfter(schema);
  return after?.every((n) => ADDITIVE_MIGRATIONS.has(n) || n in SCHEMA_UPGRADES) ?? false;
}

/**
 * Brings a readable dump to the current shape: version 1 had no `user_departments`, so each
 * user's department (`users.department_id`, their first one) becomes their membership; a dump
 * written before a migration of SCHEMA_UPGRADES gets that migration's change of rows.
 */
function upgradeDump(v: Omit<Dump, 'version'> & { version: number }): Dump {
  let tables = { ...v.tables };
  if (v.version !== DUMP_VERSION && !tables.user_departments) {
    tables.user_departments = (tables.users ?? [])
      .filter((u) => typeof u.department_id === 'string' && u.department_id)
      .map((u) => ({
        user_id: u.id,
        department_id: u.department_id,
        created_at: u.created_at ?? u.updated_at ?? v.exportedAt,
      }));
  }
  for (const name of migrationsAfter(v.schema) ?? []) {
    const upgrade = SCHEMA_UPGRADES[name];
    if (upgrade) tables = upgrade(tables);
  }
  return { ...v, version: DUMP_VERSION, tables };
}

/** Why a dump cannot be restored. */
export type DumpProblem =
  | { code: 'DUMP_INVALID'; detail: string }
  | { code: 'DUMP_SCHEMA_MISMATCH'; detail: string }
  | { code: 'DB_NOT_EMPTY'; detail: string };

/** Checks the envelope of a parsed dump (format, version, schema, known tables). */
export function checkDump(value: unknown): { ok: true; dump: Dump } | { ok: false; problem: DumpProblem } {
  const v = value as Partial<Dump> | null;
  if (!v || typeof v !== 'object' || v.format !== DUMP_FORMAT)
    return { ok: false, problem: { code: 'DUMP_INVALID', detail: `format is not '${DUMP_FORMAT}'` } };
  if (!(READABLE_DUMP_VERSIONS as readonly unknown[]).includes(v.version))
    return {
      ok: false,
      problem: { code: 'DUMP_INVALID', detail: `unsupported dump version ${String(v.version)}` },
    };
  if (!schemaReadable(v.schema))
    return {
      ok: false,
      problem: {
        code: 'DUMP_SCHEMA_MISMATCH',
        detail: `dump schema ${String(v.schema)}, database schema ${latestMigration()}`,
      },
    };
  if (!v.tables || typeof v.tables !== 'object')
    return { ok: false, problem: { code: 'DUMP_INVALID', detail: 'tables missing' } };
  for (const [name, rows] of Object.entries(v.tables)) {
    if ((EPHEMERAL_TABLES as readonly string[]).includes(name))
      return {
        ok: false,
        problem: { code: 'DUMP_INVALID', detail: `table '${name}' is never part of a dump` },
      };
    if (!(TABLES as readonly string[]).includes(name))
      return { ok: false, problem: { code: 'DUMP_INVALID', detail: `unknown table '${name}'` } };
    if (!Array.isArray(rows) || rows.some((r) => !r || typeof r !== 'object' || Array.isArray(r)))
      return {
        ok: false,
        problem: { code: 'DUMP_INVALID', detail: `table '${name}' is not a list of rows` },
      };
  }
  return { ok: true, dump: upgradeDump(v as Dump) };
}

/** Counts rows over all tables (0: an empty database a dump may be restored into). */
export async function countAllRows(db: Executor): Promise<number> {
  let n = 0;
  for (const t of TABLES) {
    const r = await (db as unknown as Kysely<Database>)
      .selectFrom(t)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    n += Number(r.n);
  }
  return n;
}

/**
 * Writes every row of a checked dump. Call inside one transaction on an empty database: either all
 * rows are restored or none.
 */
export async function restoreDump(db: Executor, dump: Dump): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of TABLES) {
    const rows = (dump.tables[t] ?? []) as never[];
    await insertMany(db, t, rows, 200);
    counts[t] = rows.length;
  }
  return counts;
}
