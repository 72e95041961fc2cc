import type { Kysely } from 'kysely';
import type { DbConfig } from '../../store/db.ts';
import type { Database } from '../../store/schema.ts';
import { type BackupWritten, writeBackup } from './backup-files.ts';
import { runTask, workerCount } from './offload.ts';

/**
 * A backup (services/ops/backup-files.ts writeBackup) taken by a worker of the pool through its own
 * connection to the same database, so reading every table and writing the JSON do not hold the
 * server's event loop. An in-memory SQLite database (not reachable from another thread) or no
 * pool (SOUSEI_WORKERS=0): taken here, through `db`.
 */
export function runBackup(
  db: Kysely<Database>,
  config: DbConfig,
  dir: string,
  keep: number,
): Promise<BackupWritten> {
  const reachable = 'postgres' in config || config.sqlite.file !== ':memory:';
  if (reachable && workerCount() > 0) return runTask('backup', { config, dir, keep }, true);
  return writeBackup(db, dir, keep);
}
