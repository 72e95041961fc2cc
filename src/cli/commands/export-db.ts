import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { systemContext } from '../../services/context.ts';
import { exportDatabase } from '../../services/ops/backup.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_OK, write } from '../io.ts';

export const command: Command = {
  name: 'export-db',
  summary: 'データベース全体を版つき JSON に書き出す (バックアップ) / write a complete, versioned JSON dump',
  usage: 'sousei export-db [--out FILE] [--db FILE]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { out: { type: 'string' }, db: { type: 'string' } },
      strict: true,
    });
    const handle = await openDb(configFromEnv(process.env, values.db));
    try {
      const dump = await exportDatabase(handle.db, systemContext());
      const text = `${JSON.stringify(dump)}\n`;
      if (values.out) {
        await writeFile(values.out, text);
        const rows = Object.values(dump.tables).reduce((n, t) => n + (t?.length ?? 0), 0);
        await write(
          io.stderr,
          `${values.out}: ${rows} 行を書き出しました / wrote ${rows} rows (schema ${dump.schema})\n`,
        );
      } else await write(io.stdout, text);
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
