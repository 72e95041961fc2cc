import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportDatabase } from '../../services/backup.ts';
import { systemContext } from '../../services/context.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

/** Name of one backup file: the UTC time it was taken, sortable. */
const NAME = /^sousei-backup-(\d{8}T\d{6}Z)\.json$/;

function stamp(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * `sousei backup --dir DIR [--keep N]`: a complete dump (the same as export-db, restored with
 * `sousei import-db`) written to DIR under a dated name, atomically (a temporary file renamed once
 * written and flushed to disk), then the oldest dumps beyond the newest N removed. Meant for a
 * scheduler (systemd timer, cron, Windows Task Scheduler): see docs/operations.md.
 */
export const command: Command = {
  name: 'backup',
  summary:
    '日付つきの完全バックアップを DIR に書き、古いものを --keep 件だけ残して削除 / dated full backup with retention',
  usage: 'sousei backup --dir DIR [--keep 14] [--db FILE]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { dir: { type: 'string' }, keep: { type: 'string', default: '14' }, db: { type: 'string' } },
      strict: true,
    });
    const keep = Number(values.keep);
    if (!values.dir || !Number.isInteger(keep) || keep < 1) {
      await write(
        io.stderr,
        `sousei backup: --dir は必須、--keep は 1 以上の整数です / --dir is required and --keep must be an integer ≥ 1\n使い方 / usage: ${this.usage}\n`,
      );
      return EXIT_USAGE;
    }
    await mkdir(values.dir, { recursive: true });
    const handle = await openDb(configFromEnv(process.env, values.db));
    const file = join(values.dir, `sousei-backup-${stamp(new Date())}.json`);
    const partial = `${file}.partial`;
    try {
      const dump = await exportDatabase(handle.db, systemContext());
      const out = await open(partial, 'w');
      try {
        await out.writeFile(`${JSON.stringify(dump)}\n`);
        await out.sync();
      } finally {
        await out.close();
      }
      await rename(partial, file);
      const rows = Object.values(dump.tables).reduce((n, t) => n + (t?.length ?? 0), 0);
      const old = (await readdir(values.dir))
        .filter((f) => NAME.test(f))
        .sort()
        .reverse()
        .slice(keep);
      for (const f of old) await rm(join(values.dir, f));
      await write(
        io.stderr,
        `${file}: ${rows} 行 (schema ${dump.schema}); 古いバックアップ ${old.length} 件を削除 / wrote ${rows} rows, removed ${old.length} old backups\n`,
      );
      return EXIT_OK;
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    } finally {
      await handle.close();
    }
  },
};
