import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openDb } from '../../store/db.ts';
import { checkDump, exportDump } from '../../store/dump.ts';
import type { Database } from '../../store/schema.ts';
import { type RequestContext, systemContext } from '../context.ts';
import { exportDatabase, importDatabase } from './backup.ts';

/** Name of one backup file: the UTC time it was taken, sortable. */
export const BACKUP_NAME = /^sousei-backup-(\d{8}T\d{6}Z)\.json$/;

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** What one backup wrote. */
export interface BackupWritten {
  file: string;
  rows: number;
  schema: string;
  removed: string[];
}

/**
 * A complete dump (one consistent snapshot, the same as `sousei export-db`) written to `dir` under a
 * dated name, atomically (a temporary file renamed once written and flushed to disk), then the
 * oldest dumps beyond the newest `keep` removed. Used by `sousei backup` and the server's schedule.
 */
export async function writeBackup(
  db: Kysely<Database>,
  dir: string,
  keep: number,
  ctx: RequestContext = systemContext(),
): Promise<BackupWritten> {
  await mkdir(dir, { recursive: true });
  let file = join(dir, `sousei-backup-${stamp(ctx.now())}.json`);
  // Two backups within one second (a manual one beside the schedule) must not overwrite each other.
  const taken = new Set(await readdir(dir));
  for (let i = 1; taken.has(file.slice(dir.length + 1)); i++)
    file = join(dir, `sousei-backup-${stamp(new Date(ctx.now().getTime() + i * 1000))}.json`);
  const partial = `${file}.partial`;
  try {
    const dump = await exportDatabase(db, ctx);
    const out = await open(partial, 'w');
    try {
      await out.writeFile(`${JSON.stringify(dump)}\n`);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(partial, file);
    const rows = Object.values(dump.tables).reduce((n, t) => n + (t?.length ?? 0), 0);
    const removed = (await readdir(dir))
      .filter((f) => BACKUP_NAME.test(f))
      .sort()
      .reverse()
      .slice(keep);
    for (const f of removed) await rm(join(dir, f));
    return { file, rows, schema: dump.schema, removed };
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** The outcome of checking one backup file. */
export interface BackupVerification {
  ok: boolean;
  /** Per table: rows in the file and rows found after restoring it. */
  tables: { table: string; inFile: number; restored: number }[];
  /** Why it failed (unreadable, wrong format or schema, a table whose count differs). */
  problems: string[];
}

/**
 * Restores a backup file into a new, temporary in-memory database and compares, table by table,
 * the rows in the file with the rows the restored database holds and gives back in a new dump.
 * Nothing touches the live database.
 */
export async function verifyBackupFile(file: string): Promise<BackupVerification> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    return {
      ok: false,
      tables: [],
      problems: [`${file}: JSON として読めません / not readable as JSON (${(err as Error).message})`],
    };
  }
  const checked = checkDump(parsed);
  if (!checked.ok)
    return {
      ok: false,
      tables: [],
      problems: [`${file}: ${checked.problem.code} ${checked.problem.detail}`],
    };
  const handle = await openDb({ sqlite: { file: ':memory:' } });
  try {
    const ctx = systemContext();
    let restored: Awaited<ReturnType<typeof importDatabase>>;
    try {
      restored = await importDatabase(handle.db, ctx, parsed);
    } catch (err) {
      // A damaged copy (a row twice, a broken reference) fails inside the restore's transaction.
      return {
        ok: false,
        tables: [],
        problems: [`${file}: 復元できません / cannot be restored: ${(err as Error).message}`],
      };
    }
    if (!restored.ok) return { ok: false, tables: [], problems: [`${file}: ${restored.error.messageEn}`] };
    const again = await exportDump(handle.db, ctx.now().toISOString());
    const tables = Object.keys({ ...checked.dump.tables, ...again.tables }).map((table) => ({
      table,
      inFile: (checked.dump.tables as Record<string, unknown[] | undefined>)[table]?.length ?? 0,
      restored: (again.tables as Record<string, unknown[] | undefined>)[table]?.length ?? 0,
    }));
    const problems = tables
      .filter((t) => t.inFile !== t.restored)
      .map(
        (t) =>
          `${t.table}: ファイル ${t.inFile} 行、復元後 ${t.restored} 行 / ${t.inFile} rows in the file, ${t.restored} restored`,
      );
    return { ok: problems.length === 0, tables, problems };
  } finally {
    await handle.close();
  }
}
