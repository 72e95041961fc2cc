import { parseArgs } from 'node:util';
import { systemContext } from '../../services/context.ts';
import { DEMO_MUNICIPALITY, demoDocument, loadDemo } from '../../services/ops/demo.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, write } from '../io.ts';

export const command: Command = {
  name: 'demo',
  summary: `架空市 (${DEMO_MUNICIPALITY}) のデモデータを DB に投入、または --print で交換形式を出力 / load or print the fictional demo`,
  usage: 'sousei demo [--print] [--db FILE]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { print: { type: 'boolean', default: false }, db: { type: 'string' } },
      strict: true,
    });
    if (values.print) {
      await write(io.stdout, `${JSON.stringify(demoDocument(), null, 2)}\n`);
      return EXIT_OK;
    }
    const handle = await openDb(configFromEnv(process.env, values.db));
    try {
      const r = await loadDemo(handle.db, systemContext());
      if (!r.ok) {
        await write(io.stderr, `sousei demo: ${r.error.message} / ${r.error.messageEn}\n`);
        return EXIT_FAILURE;
      }
      await write(
        io.stdout,
        `${DEMO_MUNICIPALITY}: strategy ${r.value.strategyId} (${r.value.counts.indicators} indicators, ${r.value.counts.observations} figures)\n`,
      );
      return EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
