import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readDirectoryMap } from '../../services/accounts/directory.ts';
import { openDb } from '../../store/db.ts';
import { countMunicipalities } from '../../store/municipalities.ts';
import { countActiveDemoAccounts } from '../../store/users.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';
import { unsafeCombinations } from '../serve-config.ts';
import { loadSettings } from '../settings.ts';

const SOURCE_JA = {
  flag: 'フラグ',
  environment: '環境変数',
  file: '設定ファイル',
  default: '既定値',
} as const;

/**
 * `sousei config check`: the effective settings of `sousei serve` (same flags, environment and
 * settings file), each with where it came from, secrets masked; exit 2 on a bad value or an unsafe
 * combination (demo accounts reachable from the network, cookies without Secure behind TLS, mail
 * without a sender). With `--db`/`DATABASE_URL` reachable it also looks for usable demo accounts.
 */
export const command: Command = {
  name: 'config',
  summary:
    '実際に使われる設定を表示し、危険な組み合わせを拒否 / print the effective settings (secrets masked) and refuse unsafe ones',
  usage: 'sousei config check [--config FILE] [--port P] [--host H] [--db FILE] [--no-demo] [--offline]',
  async run(argv, io) {
    if (argv[0] !== 'check') {
      await write(io.stderr, `sousei config: 使い方 / usage: ${this.usage}\n`);
      return EXIT_USAGE;
    }
    const { values } = parseArgs({
      args: argv.slice(1),
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        config: { type: 'string' },
        'no-demo': { type: 'boolean', default: false },
        offline: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const settings = await loadSettings(process.env, {
      port: values.port,
      host: values.host,
      db: values.db,
      config: values.config,
      ...(values['no-demo'] ? { demo: false } : {}),
    });
    const width = Math.max(...settings.lines.map((l) => l.name.length));
    const table = settings.lines
      .map((l) => `  ${l.name.padEnd(width)}  ${l.value}  (${SOURCE_JA[l.source]} / ${l.source})`)
      .join('\n');
    await write(
      io.stdout,
      `設定 / settings${settings.file ? ` (設定ファイル / file: ${settings.file})` : ''}:\n${table}\n`,
    );
    if (settings.errors.length) {
      await write(io.stderr, settings.errors.map((e) => `sousei config: ${e}\n`).join(''));
      return EXIT_USAGE;
    }
    const config = settings.value;
    if (config.directoryMap) {
      const map = await readDirectoryMap(config.directoryMap);
      if (!map.ok) {
        await write(io.stderr, `sousei config: ${map.error}\n`);
        return EXIT_USAGE;
      }
      await write(
        io.stdout,
        `ディレクトリの対応表 / directory map: ${map.value.groups.length} グループ / groups → ${map.value.groups.map((g) => g.role).join(', ')}\n`,
      );
    }
    if (config.oidc && config.oidcMap) {
      const map = await readDirectoryMap(config.oidcMap);
      if (!map.ok) {
        await write(io.stderr, `sousei config: ${map.error}\n`);
        return EXIT_USAGE;
      }
      await write(
        io.stdout,
        `OIDC の対応表 / OIDC map: ${map.value.groups.length} グループ / groups → ${map.value.groups.map((g) => g.role).join(', ')}\n` +
          `認証サーバーに登録する戻り先 / redirect URI to register at the provider: ${config.oidc.redirectUri}\n`,
      );
    }
    // Demo accounts: those in the database, or the demo a new database would get.
    let demoAccounts = config.demo;
    let dbNote = '';
    const newFile = !config.databaseUrl && !existsSync(config.dbFile);
    if (newFile)
      dbNote = `データベース / database: ${config.dbFile} はまだありません (新規) / does not exist yet (new)\n`;
    if (!values.offline && !newFile) {
      try {
        const handle = await openDb(
          config.databaseUrl
            ? { postgres: { connectionString: config.databaseUrl } }
            : { sqlite: { file: config.dbFile } },
        );
        try {
          const municipalities = await countMunicipalities(handle.db);
          const active = await countActiveDemoAccounts(handle.db);
          demoAccounts = active > 0 || (municipalities === 0 && config.demo);
          dbNote = `データベース / database: ${handle.dialect}、有効なデモ用アカウント / active demo accounts: ${active}\n`;
        } finally {
          await handle.close();
        }
      } catch (err) {
        await write(
          io.stderr,
          `sousei config: データベースに接続できません / cannot open the database: ${(err as Error).message}\n`,
        );
        return EXIT_FAILURE;
      }
    }
    const unsafe = unsafeCombinations(config, demoAccounts);
    await write(io.stdout, dbNote);
    if (unsafe.length) {
      await write(io.stderr, unsafe.map((e) => `sousei config: 危険な設定 / unsafe: ${e}\n`).join(''));
      return EXIT_USAGE;
    }
    await write(io.stdout, '設定に問題はありません / the settings are safe to serve\n');
    return EXIT_OK;
  },
};
