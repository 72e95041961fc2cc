import { parseArgs } from 'node:util';
import { systemContext } from '../../services/context.ts';
import { backfillImportedJudgements } from '../../services/figures/overrides.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { listStrategies } from '../../store/strategies.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, write } from '../io.ts';

/**
 * `sousei backfill-judgements`: for strategies imported before published statuses were stored as
 * judgements of record, writes them (source `import`), once; years that have one keep it, and
 * years whose reporting round is confirmed (確定) or published are locked: left out, and said so.
 */
export const command: Command = {
  name: 'backfill-judgements',
  summary:
    '取込済みの公表評価を「記録上の評価」として補う (一度だけ、既存は残す) / write the imported statuses of older imports as judgements of record',
  usage: 'sousei backfill-judgements [--strategy ID] [--db FILE]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { strategy: { type: 'string' }, db: { type: 'string' } },
      strict: true,
    });
    const handle = await openDb(configFromEnv(process.env, values.db));
    try {
      const ctx = systemContext();
      let ids: string[];
      if (values.strategy) ids = [values.strategy];
      else {
        ids = [];
        for (let offset = 0; ; offset += 500) {
          const page = await listStrategies(handle.db, { offset, limit: 500 });
          ids.push(...page.items.map((s) => s.id));
          if (ids.length >= page.total || page.items.length === 0) break;
        }
      }
      let failed = false;
      for (const id of ids) {
        const r = await backfillImportedJudgements(handle.db, ctx, id);
        if (!r.ok) {
          failed = true;
          await write(io.stderr, `${id}: ${r.error.message} / ${r.error.messageEn}\n`);
          continue;
        }
        await write(
          io.stdout,
          `${id}: ${r.value.created} 件を記録上の評価にしました、既存 ${r.value.kept} 件はそのまま / ${r.value.created} written, ${r.value.kept} kept\n`,
        );
        // Confirmed years are locked: said, not written.
        for (const l of r.value.locked ?? [])
          await write(
            io.stdout,
            `${id}: ${l.fiscalYear}年度の ${l.skipped} 件は書き込みませんでした: ${l.message} / ${l.skipped} left out for ${l.fiscalYear}: ${l.messageEn}\n`,
          );
      }
      return failed ? EXIT_FAILURE : EXIT_OK;
    } finally {
      await handle.close();
    }
  },
};
