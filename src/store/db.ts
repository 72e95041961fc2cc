import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Kysely as KyselyType } from 'kysely';
import pg from 'pg';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from './kysely.ts';
import { migrationProvider, migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './sqlite-statements.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Where the data lives: an SQLite file (the embedded default) or a PostgreSQL server. */
export type DbConfig =
  | { sqlite: { file: string /** Opened read-only (a worker that only reads). */; readOnly?: boolean } }
  | {
      postgres: {
        connectionString: string;
        /** Schema to work in (sets `search_path`); default: the server's default. */
        schema?: string;
        /** Pool size (default 10). */
        max?: number;
        /** Every transaction read-only (a worker that only reads; see services/ops/offload-tasks.ts). */
        readOnly?: boolean;
      };
    };

/** An open database: the Kysely instance, which dialect it speaks, and how to close it. */
export interface Db {
  db: KyselyType<Database>;
  dialect: Dialect;
  close(): Promise<void>;
  /** Connections of the PostgreSQL pool (absent for SQLite, which has one in-process connection). */
  pool?: () => PoolStats;
}

/** The state of a connection pool, for /api/metrics. */
export interface PoolStats {
  /** Connections open. */
  total: number;
  /** Open and not in use. */
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
  max: number;
}

/** The embedded default: `./data/sousei.db`, relative to the working directory. */
export const DEFAULT_SQLITE_FILE = './data/sousei.db';

/**
 * Chooses the database from the environment: `DATABASE_URL=postgres://...` → PostgreSQL,
 * otherwise SQLite at `file` (default `./data/sousei.db`).
 */
export function configFromEnv(env: Record<string, string | undefined>, file = DEFAULT_SQLITE_FILE): DbConfig {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { postgres: { connectionString: url } };
  return { sqlite: { file } };
}

const configs = new WeakMap<object, DbConfig>();

/**
 * How an open database was reached, so that a worker thread can open its own connection to it
 * (services/ops/offload-tasks.ts); null for an in-memory SQLite database (no other thread reaches
 * it) or a handle not opened here.
 */
export function configOf(db: KyselyType<Database>): DbConfig | null {
  const config = configs.get(db) ?? null;
  return config && 'sqlite' in config && config.sqlite.file === ':memory:' ? null : config;
}

/**
 * Opens the database. SQLite runs in WAL mode with foreign keys on; PostgreSQL through a
 * node-postgres pool. Does not migrate: call `migrateToLatest` (done by `openDb`).
 */
export function createDb(config: DbConfig): Db {
  if ('sqlite' in config) {
    const { file, readOnly } = config.sqlite;
    if (file !== ':memory:' && !readOnly) mkdirSync(dirname(file), { recursive: true });
    const database = new SQLite(file, { readonly: readOnly === true });
    // A read-only connection reads the file in the mode its writer set (WAL).
    if (!readOnly) database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(database) }),
    });
    configs.set(db, config);
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const { connectionString, schema, max, readOnly } = config.postgres;
  const settings = [
    ...(schema ? [`-c search_path=${quoteIdent(schema)}`] : []),
    ...(readOnly ? ['-c default_transaction_read_only=on'] : []),
  ];
  const pool = new pg.Pool({
    connectionString,
    max: max ?? 10,
    ...(settings.length ? { options: settings.join(' ') } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  configs.set(db, config);
  return {
    db,
    dialect: 'postgres',
    close: () => db.destroy(),
    pool: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: max ?? 10,
    }),
  };
}

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid schema name: ${name}`);
  return name;
}

/** Whether the database answers a trivial query (the health check). */
export async function databaseAnswers(db: KyselyType<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Result of bringing the schema up to date. */
export interface MigrationOutcome {
  applied: string[];
  error: unknown;
}

/**
 * Applies every pending migration (forward-only), in one go. On PostgreSQL the bookkeeping tables
 * live in the current schema (so that schemas side by side each keep their own history).
 */
export async function migrateToLatest(db: KyselyType<Database>): Promise<MigrationOutcome> {
  const dialect = db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
  let migrationTableSchema: string | undefined;
  if (dialect === 'postgres') {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = r.rows[0]?.schema;
  }
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    error: error ?? null,
  };
}

/** Name of the newest migration: the schema version a dump records. */
export function latestMigration(): string {
  return Object.keys(migrations).sort().at(-1)!;
}

/** Opens and migrates; throws if a migration fails (the database stays at the last good one). */
export async function openDb(config: DbConfig): Promise<Db> {
  const handle = createDb(config);
  const { error } = await migrateToLatest(handle.db);
  if (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
