import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportPublicSite } from '../../services/reports/public-site.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

const USAGE = 'sousei publish --out DIR [--db FILE] [--strategy ID] [--tested-on YYYY-MM-DD]';

/**
 * `sousei publish`: writes the public site (the pages under /public/ of the server) as plain HTML
 * files with their style sheet and the open data (CSV, JSON, metadata) into DIR, for the city's
 * own web server or CMS. Only published fiscal years appear. Links are relative; nothing refers
 * to another host. The database is --db FILE (SQLite), else DATABASE_URL, else ./data/sousei.db.
 * The files are written into a new folder beside DIR, which then replaces DIR's contents.
 * Exit 0 on success, 1 for an expected failure (nothing published, unknown strategy), 2 for bad usage.
 */
export const command: Command = {
  name: 'publish',
  summary:
    '公開ページとオープンデータを静的ファイルに書き出す / write the public site and open data as static files',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        db: { type: 'string' },
        strategy: { type: 'string' },
        'tested-on': { type: 'string' },
      },
      strict: true,
    });
    const usage = async (ja: string, en: string) => {
      await write(io.stderr, `sousei publish: ${ja} / ${en}\n使い方 / usage: ${USAGE}\n`);
      return EXIT_USAGE;
    };
    if (!values.out) return usage('--out を指定してください', '--out is required');
    if (values.db && !existsSync(values.db))
      return usage(`データベース「${values.db}」がありません`, `database file '${values.db}' does not exist`);
    if (values['tested-on'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['tested-on']))
      return usage('--tested-on は YYYY-MM-DD で指定してください', '--tested-on takes YYYY-MM-DD');
    const handle = await openDb(configFromEnv(process.env, values.db));
    try {
      const r = await exportPublicSite(handle.db, {
        ...(values.strategy ? { strategyId: values.strategy } : {}),
        testedOn: values['tested-on'] ?? null,
      });
      if (!r.ok) {
        await write(io.stderr, `sousei publish: ${r.error.message} / ${r.error.messageEn}\n`);
        return EXIT_FAILURE;
      }
      const out = resolve(values.out);
      const staging = `${out}.sousei-publish-${process.pid}`;
      await rm(staging, { recursive: true, force: true });
      let pages = 0;
      let data = 0;
      for (const [path, file] of r.value) {
        const target = join(staging, ...path.split('/'));
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.body);
        if (path.endsWith('.html')) pages++;
        else if (/\.(csv|json)$/.test(path)) data++;
      }
      await rm(out, { recursive: true, force: true });
      await mkdir(dirname(out), { recursive: true });
      await rename(staging, out);
      const strategies = new Set([...r.value.keys()].flatMap((p) => /^s\/([^/]+)\//.exec(p)?.[1] ?? [])).size;
      await write(
        io.stderr,
        `公開ページ ${pages} 件、データ ${data} 件 (戦略 ${strategies} 件) を ${out} に書き出しました / wrote ${pages} pages and ${data} data files (${strategies} strategies) to ${out}\n`,
      );
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
