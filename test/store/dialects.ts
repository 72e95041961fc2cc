/**
 * The databases every storage test runs against: embedded SQLite (a temp file) and PostgreSQL
 * (127.0.0.1:5432, user postgres, database test; override with TEST_DATABASE_URL). Each run gets a
 * fresh schema with a random name (search_path) that is dropped afterwards.
 *
 * When PostgreSQL is unreachable the PostgreSQL half is skipped with a clear message — except in
 * CI (see test/optional.ts), where it fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, type DbConfig, type Dialect, openDb } from '../../src/store/db.ts';
import { needs } from '../optional.ts';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: Promise<boolean> | null = null;

/** Whether PostgreSQL answers (checked once per test file). */
export function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgReachable;
}

/** A fresh, migrated database of one dialect, and how to throw it away. */
export interface TestDb extends Db {
  config: DbConfig;
  cleanup(): Promise<void>;
}

export interface DialectCase {
  name: Dialect;
  /** Whether this dialect can run here; false → the suite skips (or fails in CI). */
  available(): Promise<boolean>;
  open(): Promise<TestDb>;
}

async function openSqlite(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-test-'));
  const config: DbConfig = { sqlite: { file: join(dir, 'test.db') } };
  const handle = await openDb(config);
  return {
    ...handle,
    config,
    async cleanup() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<TestDb> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const config: DbConfig = { postgres: { connectionString: PG_URL, schema, max: 20 } };
  const handle = await openDb(config);
  return {
    ...handle,
    config,
    async cleanup() {
      await handle.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export const DIALECTS: DialectCase[] = [
  { name: 'sqlite', available: async () => true, open: openSqlite },
  { name: 'postgres', available: postgresReachable, open: openPostgres },
];

/**
 * Top-level await helper for `describe.skipIf`: resolves which dialects run. Prints why
 * PostgreSQL is skipped; throws in CI so that a missing database cannot pass silently (test/optional.ts).
 */
export async function dialectsToRun(): Promise<{ dialect: DialectCase; skip: boolean }[]> {
  const out: { dialect: DialectCase; skip: boolean }[] = [];
  for (const d of DIALECTS) {
    const available = await d.available();
    if (!available) {
      needs(`PostgreSQL at ${PG_URL}`, false, 'start it; the PostgreSQL half of the storage tests needs it');
    }
    out.push({ dialect: d, skip: !available });
  }
  return out;
}
