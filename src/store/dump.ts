import type { Kysely } from 'kysely';
import { latestMigration } from './db.ts';
import { type Database, TABLES, type TableName } from './schema.ts';
import { type Executor, insertMany } from './versioned.ts';

export const DUMP_FORMAT = 'sousei-db-dump';
export const DUMP_VERSION = 1;

/**
 * A complete, versioned dump of the database: every table's rows, in dependency order, each
 * table sorted by id. `schema` is the newest migration the data was written under.
 */
export interface Dump {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  schema: string;
  exportedAt: string;
  tables: Partial<Record<TableName, Record<string, unknown>[]>>;
}

/** Reads every table into a dump (run inside a transaction for a consistent snapshot). */
export async function exportDump(db: Executor, exportedAt: string): Promise<Dump> {
  // biome-ignore lint/suspicious/noExplicitAny: generic over tables.
  const k = db as unknown as Kysely<any>;
  const tables: Dump['tables'] = {};
  for (const t of TABLES) {
    tables[t] = (await k.selectFrom(t).selectAll().orderBy('id').execute()) as Record<string, unknown>[];
  }
  return { format: DUMP_FORMAT, version: DUMP_VERSION, schema: latestMigration(), exportedAt, tables };
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
  if (v.version !== DUMP_VERSION)
    return {
      ok: false,
      problem: { code: 'DUMP_INVALID', detail: `unsupported dump version ${String(v.version)}` },
    };
  if (v.schema !== latestMigration())
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
    if (!(TABLES as readonly string[]).includes(name))
      return { ok: false, problem: { code: 'DUMP_INVALID', detail: `unknown table '${name}'` } };
    if (!Array.isArray(rows) || rows.some((r) => !r || typeof r !== 'object' || Array.isArray(r)))
      return {
        ok: false,
        problem: { code: 'DUMP_INVALID', detail: `table '${name}' is not a list of rows` },
      };
  }
  return { ok: true, dump: v as Dump };
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
