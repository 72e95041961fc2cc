import { parseArgs } from 'node:util';
import { buildServer } from '../../api/server.ts';
import { DEFAULT_AUTH } from '../../services/auth-config.ts';
import { systemContext } from '../../services/context.ts';
import { loadDemo } from '../../services/demo.ts';
import { setupOpen } from '../../services/users.ts';
import { DEMO_PASSWORD, loadDemoAccounts } from '../../services/users-demo.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';
import { serveConfig } from '../serve-config.ts';

export const command: Command = {
  name: 'serve',
  summary:
    'HTTP API を起動 (既定: ./data/sousei.db、DATABASE_URL=postgres://... で PostgreSQL。新しい DB には架空市のデモを投入) / start the HTTP API',
  usage:
    'sousei serve [--port 3000] [--host 127.0.0.1] [--db FILE] [--empty] [--no-demo]  (環境変数 / environment: docs/operations.md)',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        empty: { type: 'boolean', default: false },
        'no-demo': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const config = serveConfig(process.env, { port: values.port, host: values.host });
    if (!config.ok) {
      await write(io.stderr, config.errors.map((e) => `sousei serve: ${e}\n`).join(''));
      return EXIT_USAGE;
    }
    const { port, host, trustProxy, secureCookies, logLevel, metrics } = config.value;
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
    const app = buildServer({
      db: handle.db,
      logger: { level: logLevel },
      trustProxy,
      metrics,
      auth: { secureCookies },
    });
    const address = await app.listen({ port, host });
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
