import { parseArgs } from 'node:util';
import { systemContext } from '../../services/context.ts';
import { type Mailer, smtpConfigFromUrl, smtpMailer } from '../../services/ops/mailer.ts';
import { type RoundView, roundOfYear } from '../../services/rounds/reporting-rounds.ts';
import { changeRound, openRound } from '../../services/rounds/round-changes.ts';
import { sendReminders } from '../../services/rounds/round-notices.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

const USAGE = [
  'sousei round open   --strategy ID --year FY --deadline YYYY-MM-DD [--remind-days N] [--db FILE]',
  'sousei round status --strategy ID --year FY [--json] [--db FILE]',
  'sousei round close  --strategy ID --year FY [--db FILE]',
  'sousei round remind [--strategy ID --year FY] [--db FILE]',
].join('\n       ');

/** The city's mailer from the same settings as `sousei serve` (none: nothing is sent). */
function mailerFromEnv(env: Record<string, string | undefined>): Mailer | null {
  const url = env.SOUSEI_SMTP_URL?.trim();
  const from = env.SOUSEI_MAIL_FROM?.trim();
  return url && from ? smtpMailer(smtpConfigFromUrl(url, from)) : null;
}

/** The progress table of a round, one line per department, then the count per state. */
export function formatStatus(v: RoundView): string {
  const lines = [
    `${v.strategyName} ${v.fiscalYear}年度 照会: ${v.stateLabel} (${v.state})  締切 ${v.deadline}`,
    [
      '課 / department',
      '状態 / state',
      '件数 / items',
      '入力済 / entered',
      '確認済 / checked',
      '締切 / deadline',
      '最終更新 / last activity',
    ].join('\t'),
    ...v.parts.map((p) =>
      [
        p.departmentName,
        p.stateLabel,
        p.items,
        p.entered,
        p.checked,
        p.deadline,
        p.lastActivityAt ?? '-',
      ].join('\t'),
    ),
    `未着手 ${v.counts.not_started} / 入力中 ${v.counts.in_progress} / 提出済 ${v.counts.submitted} / 差戻し ${v.counts.returned} / 承認済 ${v.counts.approved}`,
  ];
  return `${lines.join('\n')}\n`;
}

export const command: Command = {
  name: 'round',
  summary:
    '実績照会の開始・進捗・締切・督促 / open a reporting round, show its progress, close it, send reminders',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (!sub || !['open', 'status', 'close', 'remind'].includes(sub)) {
      await write(io.stderr, `usage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    let values: {
      strategy?: string;
      year?: string;
      deadline?: string;
      'remind-days'?: string;
      json?: boolean;
      db?: string;
    };
    try {
      values = parseArgs({
        args: rest,
        options: {
          strategy: { type: 'string' },
          year: { type: 'string' },
          deadline: { type: 'string' },
          'remind-days': { type: 'string' },
          json: { type: 'boolean' },
          db: { type: 'string' },
        },
        strict: true,
      }).values;
    } catch (err) {
      await write(io.stderr, `sousei round: ${(err as Error).message}\nusage: ${USAGE}\n`);
      return EXIT_USAGE;
    }
    const year = values.year ? Number(values.year) : Number.NaN;
    const needsYear = sub !== 'remind' || values.strategy !== undefined;
    if (needsYear && (!values.strategy || !Number.isInteger(year))) {
      await write(
        io.stderr,
        `sousei round ${sub}: --strategy と --year (年度, 例 2024) が必要です / --strategy and --year (fiscal year, e.g. 2024) are required\nusage: ${USAGE}\n`,
      );
      return EXIT_USAGE;
    }
    if (sub === 'open' && !values.deadline) {
      await write(
        io.stderr,
        `sousei round open: --deadline YYYY-MM-DD (締切日) が必要です / --deadline is required\nusage: ${USAGE}\n`,
      );
      return EXIT_USAGE;
    }
    const handle = await openDb(configFromEnv(process.env, values.db));
    const ctx = systemContext();
    const deps = { db: handle.db, mailer: mailerFromEnv(process.env) };
    const fail = async (e: { message: string; messageEn: string }) => {
      await write(io.stderr, `sousei round ${sub}: ${e.message} / ${e.messageEn}\n`);
      return EXIT_FAILURE;
    };
    const show = async (v: RoundView & { mail?: unknown }) => {
      await write(io.stdout, values.json ? `${JSON.stringify(v)}\n` : formatStatus(v));
      return EXIT_OK;
    };
    try {
      if (sub === 'open') {
        const remind = values['remind-days'];
        const r = await openRound(deps, ctx, values.strategy!, {
          fiscalYear: year,
          deadline: values.deadline!,
          ...(remind !== undefined ? { remindDays: Number(remind) } : {}),
        });
        return r.ok ? show(r.value) : fail(r.error);
      }
      if (sub === 'remind') {
        let roundId: string | undefined;
        if (values.strategy) {
          const v = await roundOfYear(handle.db, ctx, values.strategy, year);
          if (!v.ok) return fail(v.error);
          roundId = v.value.id;
        }
        const r = await sendReminders(deps, ctx, roundId ? { roundId } : {});
        if (!r.ok) return fail(r.error);
        await write(io.stdout, `${JSON.stringify(r.value)}\n`);
        return EXIT_OK;
      }
      const v = await roundOfYear(handle.db, ctx, values.strategy!, year);
      if (!v.ok) return fail(v.error);
      if (sub === 'status') return show(v.value);
      const r = await changeRound(deps, ctx, v.value.id, 'close', { version: v.value.version });
      return r.ok ? show(r.value) : fail(r.error);
    } finally {
      await handle.close();
    }
  },
};
