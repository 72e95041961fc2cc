import { parseArgs } from 'node:util';
import { buildServer } from '../../api/server.ts';
import { DEFAULT_AUTH } from '../../services/auth-config.ts';
import { systemContext } from '../../services/context.ts';
import { loadDemo } from '../../services/demo.ts';
import { setupOpen } from '../../services/users.ts';
import { DEMO_PASSWORD, loadDemoAccounts } from '../../services/users-demo.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** The request-log level from the environment (default info); null when it is not a level. */
function logLevelFrom(value: string | undefined): string | null {
  const v = (value ?? 'info').trim().toLowerCase() || 'info';
  return (LOG_LEVELS as readonly string[]).includes(v) ? v : null;
}

export const command: Command = {
  name: 'serve',
  summary:
    'HTTP API を起動 (既定: ./data/sousei.db、DATABASE_URL=postgres://... で PostgreSQL。新しい DB には架空市のデモを投入) / start the HTTP API',
  usage: 'sousei serve [--port 3000] [--host 127.0.0.1] [--db FILE] [--empty] [--no-demo]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '3000' },
        host: { type: 'string', default: '127.0.0.1' },
        db: { type: 'string' },
        empty: { type: 'boolean', default: false },
        'no-demo': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      await write(io.stderr, `sousei serve: --port は 0〜65535 の整数です / --port must be 0..65535\n`);
      return EXIT_USAGE;
    }
    const started = performance.now();
    const handle = await openDb(configFromEnv(process.env, values.db));
    const ctx = systemContext();
    const count = await handle.db
      .selectFrom('municipalities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(count.n) === 0 && !values.empty && !values['no-demo']) {
      const demo = await loadDemo(handle.db, ctx);
      if (!demo.ok) {
        await write(
          io.stderr,
          `sousei serve: デモデータを読み込めません / demo load failed: ${demo.error.messageEn}\n`,
        );
        await handle.close();
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
    const level = logLevelFrom(process.env.SOUSEI_LOG_LEVEL);
    if (!level) {
      await write(
        io.stderr,
        `sousei serve: SOUSEI_LOG_LEVEL は ${LOG_LEVELS.join('/')} のいずれかです / SOUSEI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}\n`,
      );
      await handle.close();
      return EXIT_USAGE;
    }
    const app = buildServer({ db: handle.db, logger: { level } });
    const address = await app.listen({ port, host: values.host });
    const ms = performance.now() - started;
    await write(
      io.stdout,
      `sousei: ${handle.dialect} で待ち受け中 / listening on ${address} (ready in ${ms.toFixed(0)} ms; API reference ${address}/api/docs)\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await app.close();
    await handle.close();
    return EXIT_OK;
  },
};
