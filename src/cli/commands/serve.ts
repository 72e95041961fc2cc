import { parseArgs } from 'node:util';
import { buildServer } from '../../api/server.ts';
import { DEFAULT_AUTH } from '../../services/accounts/auth-config.ts';
import { type Directory, ldapDirectory, readDirectoryMap } from '../../services/accounts/directory.ts';
import { type OidcSignIn, oidcRelyingParty } from '../../services/accounts/oidc.ts';
import { setupOpen } from '../../services/accounts/users.ts';
import { DEMO_PASSWORD, loadDemoAccounts } from '../../services/accounts/users-demo.ts';
import { systemContext } from '../../services/context.ts';
import { runBackup } from '../../services/ops/backup-run.ts';
import { scheduleBackups } from '../../services/ops/backup-schedule.ts';
import { loadDemo } from '../../services/ops/demo.ts';
import { smtpConfigFromUrl, smtpMailer } from '../../services/ops/mailer.ts';
import { closeOffload } from '../../services/ops/offload.ts';
import { sendReminders } from '../../services/rounds/round-notices.ts';
import { type Db, type DbConfig, openDb } from '../../store/db.ts';
import { countMunicipalities } from '../../store/municipalities.ts';
import { countActiveDemoAccounts } from '../../store/users.ts';
import { type CliIo, type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';
import { type ServeConfig, unsafeCombinations } from '../serve-config.ts';
import { loadSettings } from '../settings.ts';

export const command: Command = {
  name: 'serve',
  summary:
    'HTTP API を起動 (既定: ./data/sousei.db、DATABASE_URL=postgres://... で PostgreSQL。新しい DB には架空市のデモを投入) / start the HTTP API',
  usage:
    'sousei serve [--port 3000] [--host 127.0.0.1] [--db FILE] [--config FILE] [--empty] [--no-demo]  (環境変数 / environment: docs/operations.md)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        config: { type: 'string' },
        empty: { type: 'boolean', default: false },
        'no-demo': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const settings = await loadSettings(process.env, {
      port: values.port,
      host: values.host,
      db: values.db,
      config: values.config,
      ...(values.empty || values['no-demo'] ? { demo: false } : {}),
    });
    if (settings.errors.length) {
      await write(io.stderr, settings.errors.map((e) => `sousei serve: ${e}\n`).join(''));
      return EXIT_USAGE;
    }
    const config = settings.value;
    const signIns = await readSignIns(config, io);
    if (!signIns) return EXIT_USAGE;
    const started = performance.now();
    const dbConfig: DbConfig = config.databaseUrl
      ? { postgres: { connectionString: config.databaseUrl } }
      : { sqlite: { file: config.dbFile } };
    const handle = await openDb(dbConfig);
    const refused = await prepareDatabase(handle, config, io);
    if (refused !== null) {
      await handle.close();
      return refused;
    }
    // E-mail only through the SMTP server the city configured; none configured: nothing is sent.
    const mailer =
      config.smtpUrl && config.mailFrom
        ? smtpMailer(smtpConfigFromUrl(config.smtpUrl, config.mailFrom))
        : null;
    const app = buildServer({
      db: handle.db,
      logger: { level: config.logLevel },
      trustProxy: config.trustProxy,
      metrics: config.metrics,
      uploadLimitBytes: config.uploadLimitMb * 1024 * 1024,
      ...(handle.pool ? { poolStats: handle.pool } : {}),
      mailer,
      auth: {
        secureCookies: config.secureCookies,
        idleTimeoutMs: config.sessionIdleMinutes * 60 * 1000,
        absoluteTimeoutMs: config.sessionMaxHours * 60 * 60 * 1000,
        directory: signIns.directory,
        oidc: signIns.oidc,
      },
    });
    const jobs = backgroundJobs(app, handle, dbConfig, config, mailer);
    const address = await app.listen({ port: config.port, host: config.host });
    const ms = performance.now() - started;
    await write(
      io.stdout,
      `sousei: ${handle.dialect} で待ち受け中 / listening on ${address} (ready in ${ms.toFixed(0)} ms; API reference ${address}/api/docs)\n` +
        (jobs.schedule
          ? `定時バックアップ / scheduled backup: ${config.backup.dir} 毎日 ${config.backup.time} (${config.backup.keep} 件保持 / keep ${config.backup.keep}); 次回 / next ${jobs.schedule.next().toISOString()}\n`
          : ''),
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    clearInterval(jobs.reminders);
    await jobs.schedule?.stop();
    await app.close();
    await closeOffload();
    await handle.close();
    return EXIT_OK;
  },
};

/**
 * The directory (LDAP) and OIDC sign-ins configured, with their mapping files read; null when a
 * mapping file cannot be read (reported).
 */
async function readSignIns(
  config: ServeConfig,
  io: CliIo,
): Promise<{ directory: Directory | null; oidc: OidcSignIn | null } | null> {
  let directory: Directory | null = null;
  if (config.ldap && config.directoryMap) {
    const map = await readDirectoryMap(config.directoryMap);
    if (!map.ok) {
      await write(io.stderr, `sousei serve: ${map.error}\n`);
      return null;
    }
    directory = ldapDirectory(config.ldap, map.value);
  }
  let oidc: OidcSignIn | null = null;
  if (config.oidc && config.oidcMap) {
    const map = await readDirectoryMap(config.oidcMap);
    if (!map.ok) {
      await write(io.stderr, `sousei serve: ${map.error}\n`);
      return null;
    }
    oidc = oidcRelyingParty(config.oidc, map.value);
  }
  return { directory, oidc };
}

/**
 * The start-up checks on the database: no settings that must not go together with the demo
 * accounts it holds (or will), the demo loaded into a new one, a note when no user exists yet.
 * The exit code when the server must not start (reported), else null.
 */
async function prepareDatabase(handle: Db, config: ServeConfig, io: CliIo): Promise<number | null> {
  const ctx = systemContext();
  const willLoadDemo = (await countMunicipalities(handle.db)) === 0 && config.demo;
  const unsafe = unsafeCombinations(config, willLoadDemo || (await countActiveDemoAccounts(handle.db)) > 0);
  if (unsafe.length) {
    await write(
      io.stderr,
      unsafe.map((e) => `sousei serve: 起動しません / refusing to start: ${e}\n`).join(''),
    );
    return EXIT_USAGE;
  }
  if (willLoadDemo) {
    const demo = await loadDemo(handle.db, ctx);
    if (!demo.ok) {
      await write(
        io.stderr,
        `sousei serve: デモデータを読み込めません / demo load failed: ${demo.error.messageEn}\n`,
      );
      return EXIT_FAILURE;
    }
    const accounts = await loadDemoAccounts(handle.db, DEFAULT_AUTH, ctx, demo.value.municipalityId);
    await write(
      io.stderr,
      `架空市のデモデータを読み込みました / loaded the fictional demo municipality\n` +
        `デモ用アカウント / demo accounts: ${accounts.join(', ')} (パスワード / password: ${DEMO_PASSWORD}; --no-demo で無効 / disable with --no-demo)\n`,
    );
  }
  if (await setupOpen(handle.db))
    await write(
      io.stderr,
      `利用者がまだいません: POST /api/setup か \`sousei user add --role admin\` で最初の管理者を作成してください / no user yet: create the first administrator\n`,
    );
  return null;
}

/** The server's own schedules: the daily backup (when configured) and the hourly round reminders. */
function backgroundJobs(
  app: ReturnType<typeof buildServer>,
  handle: Db,
  dbConfig: DbConfig,
  config: ServeConfig,
  mailer: ReturnType<typeof smtpMailer> | null,
) {
  const backupDir = config.backup.dir;
  const schedule = backupDir
    ? scheduleBackups({
        time: config.backup.time,
        run: async () => {
          const done = await runBackup(handle.db, dbConfig, backupDir, config.backup.keep);
          app.log.info(
            { backup: done.file, rows: done.rows, removed: done.removed.length },
            'scheduled backup written',
          );
        },
        onError: (err) => app.log.error({ err }, 'scheduled backup failed'),
      })
    : null;
  // Deadline reminders of reporting rounds: checked every hour (each department reminded once).
  const reminders = setInterval(() => {
    sendReminders({ db: handle.db, mailer }, systemContext(), {})
      .then((r) => {
        if (r.ok && r.value.reminded.length)
          app.log.info({ reminded: r.value.reminded.length, mail: r.value.mail }, 'round reminders sent');
      })
      .catch((err) => app.log.error({ err }, 'round reminders failed'));
  }, 3_600_000);
  reminders.unref();
  return { schedule, reminders };
}
