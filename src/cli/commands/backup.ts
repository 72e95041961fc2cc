import { parseArgs } from 'node:util';
import { verifyBackupFile } from '../../services/ops/backup-files.ts';
import { runBackup } from '../../services/ops/backup-run.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

/**
 * `sousei backup --dir DIR [--keep N]`: a complete dump (the same as export-db, restored with
 * `sousei import-db`) written to DIR under a dated name, atomically, then the oldest dumps beyond
 * the newest N removed. For a scheduler (systemd timer, cron, Windows Task Scheduler), or use the
 * server's own schedule (SOUSEI_BACKUP_DIR): see docs/operations.md.
 *
 * `sousei backup verify FILE`: restores FILE into a temporary in-memory database and compares the
 * rows per table; exit 0 when every table matches, 1 otherwise. The live database is not touched.
 */
export const command: Command = {
  name: 'backup',
  summary:
    '日付つきの完全バックアップを DIR に書き古いものを削除 / dated full backup with retention; verify FILE: 一時 DB に復元して行数を照合 / restore into a temporary database and compare',
  usage: 'sousei backup --dir DIR [--keep 14] [--db FILE] | sousei backup verify FILE',
  async run(argv, io) {
    if (argv[0] === 'verify') {
      const file = argv[1];
      if (!file || argv.length > 2) {
        await write(
          io.stderr,
          `sousei backup verify: ファイルを 1 つ指定します / give one file\n使い方 / usage: ${this.usage}\n`,
        );
        return EXIT_USAGE;
      }
      const result = await verifyBackupFile(file);
      const rows = result.tables.filter((t) => t.inFile > 0 || t.restored > 0);
      const width = Math.max(5, ...rows.map((t) => t.table.length));
      const lines = rows.map(
        (t) =>
          `  ${t.table.padEnd(width)} ${String(t.inFile).padStart(8)} ${String(t.restored).padStart(8)}${t.inFile === t.restored ? '' : '  ✗'}`,
      );
      await write(
        io.stdout,
        `${file}\n  ${'table'.padEnd(width)} ${'file'.padStart(8)} ${'restored'.padStart(8)}\n${lines.join('\n')}\n` +
          (result.ok
            ? `照合 OK: ${rows.length} 表、${rows.reduce((n, t) => n + t.inFile, 0)} 行 / verified\n`
            : `照合できません / verification failed:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`),
      );
      return result.ok ? EXIT_OK : EXIT_FAILURE;
    }
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
    const dbConfig = configFromEnv(process.env, values.db);
    const handle = await openDb(dbConfig);
    try {
      const done = await runBackup(handle.db, dbConfig, values.dir, keep);
      await write(
        io.stderr,
        `${done.file}: ${done.rows} 行 (schema ${done.schema}); 古いバックアップ ${done.removed.length} 件を削除 / wrote ${done.rows} rows, removed ${done.removed.length} old backups\n`,
      );
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
