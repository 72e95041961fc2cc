import { createWriteStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { strategyDocumentSchema } from '../../core/interchange.ts';
import { parseJapaneseYear } from '../../core/japanese-date.ts';
import { systemContext } from '../../services/context.ts';
import type { RenderedFile } from '../../services/reports/reports.ts';
import {
  exportEntryWorkbook,
  REPORT_FORMATS,
  REPORT_KINDS,
  type ReportFormat,
  type ReportRequestKind,
  renderFileReport,
  strategyReport,
} from '../../services/reports/reports.ts';
import { configFromEnv, openDb } from '../../store/db.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

const USAGE = `sousei report KIND --strategy ID|FILE.json --format html|xlsx|csv|json [--fiscal-year FY] [--department NAME] [--encoding utf8-bom|shift_jis] [--paper A4|A3] [--date YYYY-MM-DD] [--title TEXT] [--municipality NAME] [--computed-grade column|mark|none] [--projects NO,NO] --out FILE
  KIND: ${REPORT_KINDS.join(', ')}`;

/**
 * `sousei report`: writes a committee document, open data or a department's entry workbook.
 * `--strategy` is a stored strategy id (./data/sousei.db or DATABASE_URL) or a path to an
 * interchange JSON file (no database needed; not for entry-workbook, which needs stored versions).
 * Exit 0 on success, 1 for an expected failure (not found, ...), 2 for bad usage.
 */
export const command: Command = {
  name: 'report',
  summary:
    '会議資料・オープンデータ・入力用ブックを出力 / write committee documents, open data, entry workbooks',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        strategy: { type: 'string' },
        format: { type: 'string' },
        'fiscal-year': { type: 'string' },
        department: { type: 'string' },
        encoding: { type: 'string' },
        paper: { type: 'string' },
        date: { type: 'string' },
        title: { type: 'string' },
        municipality: { type: 'string' },
        'computed-grade': { type: 'string' },
        projects: { type: 'string' },
        out: { type: 'string' },
        db: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const usage = async (ja: string, en: string) => {
      await write(io.stderr, `sousei report: ${ja} / ${en}\n使い方 / usage: ${USAGE}\n`);
      return EXIT_USAGE;
    };
    const kind = positionals[0] as ReportRequestKind | undefined;
    if (!kind || !REPORT_KINDS.includes(kind))
      return usage('帳票の種類を指定してください', 'give a report KIND');
    const format = (values.format ?? (kind === 'entry-workbook' ? 'xlsx' : 'html')) as ReportFormat;
    if (!REPORT_FORMATS.includes(format))
      return usage(`形式「${format}」は使えません`, `unknown format '${format}'`);
    if (!values.strategy) return usage('--strategy を指定してください', '--strategy is required');
    if (!values.out) return usage('--out を指定してください', '--out is required');
    let fiscalYear: number | null = null;
    if (values['fiscal-year']) {
      const y = /^\d{4}$/.test(values['fiscal-year'])
        ? Number(values['fiscal-year'])
        : (parseJapaneseYear(values['fiscal-year'])?.year ?? null);
      if (y == null)
        return usage('--fiscal-year は 2024 や R6 で指定してください', '--fiscal-year takes 2024 or R6');
      fiscalYear = y;
    }
    const encoding = values.encoding === 'shift_jis' || values.encoding === 'sjis' ? 'shift_jis' : 'utf8-bom';
    const paper = values.paper === 'A4' ? 'A4' : values.paper === 'A3' ? 'A3' : undefined;
    const date = values.date ?? new Date().toISOString().slice(0, 10);
    const computed = values['computed-grade'];
    if (computed && !['column', 'mark', 'none'].includes(computed))
      return usage(
        '--computed-grade は column, mark, none のいずれかです',
        '--computed-grade is column, mark or none',
      );
    const documentOptions = {
      ...(values.title ? { title: values.title } : {}),
      ...(values.municipality ? { municipality: values.municipality } : {}),
      ...(computed ? { computedGrade: computed as 'column' | 'mark' | 'none' } : {}),
      ...(values.projects ? { projects: values.projects.split(',').filter(Boolean) } : {}),
    };
    let result: Awaited<ReturnType<typeof strategyReport>>;
    if (values.strategy.endsWith('.json') && existsSync(values.strategy)) {
      if (kind === 'entry-workbook')
        return usage(
          '入力用ブックはデータベースの戦略から作ります',
          'entry workbooks are made from a stored strategy',
        );
      const parsed = strategyDocumentSchema.safeParse(JSON.parse(await readFile(values.strategy, 'utf8')));
      if (!parsed.success)
        return usage(
          `${values.strategy} は交換形式として正しくありません`,
          `${values.strategy} is not a valid strategy document`,
        );
      result = await renderFileReport(parsed.data, kind, format, {
        fiscalYear,
        encoding,
        date,
        ...(paper ? { paper } : {}),
        ...documentOptions,
      });
    } else {
      const handle = await openDb(configFromEnv(process.env, values.db));
      try {
        const ctx = systemContext({ now: () => new Date(`${date}T00:00:00Z`) });
        if (kind === 'entry-workbook') {
          if (!values.department || fiscalYear == null)
            return usage(
              '--department と --fiscal-year を指定してください',
              '--department and --fiscal-year are required',
            );
          result = await exportEntryWorkbook(handle.db, ctx, values.strategy, values.department, fiscalYear);
        } else
          result = await strategyReport(handle.db, ctx, values.strategy, kind, format, {
            fiscalYear,
            encoding,
            date,
            ...(paper ? { paper } : {}),
            ...documentOptions,
          });
      } finally {
        await handle.close();
      }
    }
    if (!result.ok) {
      await write(io.stderr, `sousei report: ${result.error.message} / ${result.error.messageEn}\n`);
      return EXIT_FAILURE;
    }
    const file: RenderedFile = result.value;
    // Written piece by piece as it is made (the file is never whole in memory).
    let bytes = 0;
    const counted = async function* () {
      for await (const chunk of file.chunks) {
        bytes += chunk.length;
        yield chunk;
      }
    };
    await pipeline(Readable.from(counted()), createWriteStream(values.out));
    for (const w of file.warnings ?? [])
      await write(io.stderr, `警告 / warning: ${w.message} / ${w.messageEn}\n`);
    await write(io.stderr, `${values.out}: ${bytes} bytes (${file.contentType})\n`);
    return EXIT_OK;
  },
};
