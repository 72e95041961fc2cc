import { parseArgs } from 'node:util';
import { readJsonBytes, readJsonFile } from '../../import/json-file.ts';
import { systemContext } from '../../services/context.ts';
import { importDatabase } from '../../services/ops/backup.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, readAll, write } from '../io.ts';

export const command: Command = {
  name: 'import-db',
  summary: 'export-db の JSON を空のデータベースに復元 (全部か無し) / restore a dump into an empty database',
  usage: 'sousei import-db [FILE|-] [--db FILE]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { db: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const file = positionals[0] ?? '-';
    // The dump is read by src/import, with its size limit, like every file handed to Sousei.
    const read =
      file === '-'
        ? readJsonBytes(new TextEncoder().encode(await readAll(io.stdin)), 'stdin')
        : await readJsonFile(file);
    if (!read.ok) {
      const issue = read.issues[0]!;
      await write(
        io.stderr,
        `sousei import-db: ${file}: ${issue.message}\n  ${issue.messageEn}${issue.hint ? `\n  ${issue.hint}` : ''}\n`,
      );
      return EXIT_USAGE;
    }
    const parsed = read.value;
    const handle = await openDb(configFromEnv(process.env, values.db));
    try {
      const r = await importDatabase(handle.db, systemContext(), parsed);
      if (!r.ok) {
        await write(io.stderr, `sousei import-db: ${r.error.message}\n  ${r.error.messageEn}\n`);
        return EXIT_FAILURE;
      }
      const rows = Object.values(r.value).reduce((a, b) => a + b, 0);
      await write(io.stderr, `${rows} 行を復元しました / restored ${rows} rows\n`);
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
