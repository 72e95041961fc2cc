import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GridWorkbook } from '../../core/import/grid.ts';
import { type ImportReport, type RecognizeOptions, recognize } from '../../core/import/recognize.ts';
import { strategyDocumentSchema } from '../../core/interchange.ts';
import { formatPlace, type Issue } from '../../core/issue.ts';
import { readJsonFile } from '../../import/json-file.ts';
import { readFiles } from '../../import/read-file.ts';
import { readTemplateFile, templateOptions } from '../../services/import/import-templates.ts';
import { type Command, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

const USAGE =
  'sousei import FILE [FILE...] [--template TEMPLATE.json] [--out OUT.json] [--encoding NAME] [--report-json REPORT.json]';

/**
 * `sousei import`: files (xlsx, csv, tsv, txt) → interchange JSON on stdout or `--out`, and the
 * import report on stderr. Exit 0 on success, 2 for unreadable input (nothing written), 1 when
 * recognition fails (nothing written). `--out` is written to a temporary file in the same folder
 * and renamed into place, so an existing file is never half-written or clobbered by a failed run.
 */
export const command: Command = {
  name: 'import',
  summary: '表 (xlsx, csv, tsv, txt) を取り込み交換形式 JSON を出力 / import tables into interchange JSON',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        encoding: { type: 'string' },
        'report-json': { type: 'string' },
        template: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) {
      await write(
        io.stderr,
        `sousei import: ファイルを指定してください / give at least one file\n使い方 / usage: ${USAGE}\n`,
      );
      return EXIT_USAGE;
    }

    const read = await readFiles(positionals, { encoding: values.encoding ?? null });
    if (!read.ok) {
      await write(
        io.stderr,
        `sousei import: 入力を読み込めません。何も書き出していません / cannot read the input; nothing was written\n${formatIssues(read.issues)}`,
      );
      return EXIT_USAGE;
    }

    let options: RecognizeOptions = {};
    if (values.template) {
      const applied = await templateFor(values.template, read.value);
      if (!applied.ok) {
        await write(
          io.stderr,
          `sousei import: 取込テンプレートを使えません。何も書き出していません / cannot use the import template; nothing was written\n  ${applied.message}\n`,
        );
        return EXIT_USAGE;
      }
      options = applied.options;
      await write(io.stderr, `${applied.note}\n`);
    }
    const result = recognize(read.value, options);
    const issues = dedupe([...read.issues, ...result.issues, ...result.report.warnings]);
    const errors = issues.filter((i) => i.severity === 'error');
    const valid = strategyDocumentSchema.safeParse(result.document);
    if (!valid.success) {
      errors.push({
        code: 'DOCUMENT_INVALID',
        severity: 'error',
        message: '認識結果が交換形式に合いません (不具合です)',
        messageEn: `The recognized document does not match the interchange format (a bug): ${valid.error.message.slice(0, 300)}`,
        place: null,
      });
    }
    await write(io.stderr, formatReport(result.report, read.value.encodings, issues));

    if (errors.some((e) => e.code === 'NO_INDICATORS')) {
      // Nothing to import: a usage error (exit 2) that names what was found instead.
      await write(
        io.stderr,
        `sousei import: 指標を読み取れませんでした。何も書き出していません / no indicator could be read; nothing was written\n${formatIssues(errors)}`,
      );
      return EXIT_USAGE;
    }
    if (errors.length > 0) {
      await write(
        io.stderr,
        `sousei import: 取込に失敗しました。何も書き出していません / import failed; nothing was written\n${formatIssues(errors)}`,
      );
      return EXIT_FAILURE;
    }

    const json = `${JSON.stringify(result.document, null, 2)}\n`;
    try {
      if (values['report-json']) {
        const report = { ...result.report, encodings: read.value.encodings, issues };
        await writeAtomic(values['report-json'], `${JSON.stringify(report, null, 2)}\n`);
      }
      if (values.out) await writeAtomic(values.out, json);
      else await write(io.stdout, json);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      await write(
        io.stderr,
        `sousei import: 書き出せません / cannot write the output (${e.code ?? e.message})\n`,
      );
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  },
};

/**
 * Reads a template file and applies it to each file read whose header rows it fits; a template
 * that fits none of them is refused (never applied to another shape).
 */
async function templateFor(
  path: string,
  workbook: GridWorkbook,
): Promise<{ ok: true; options: RecognizeOptions; note: string } | { ok: false; message: string }> {
  const read = await readJsonFile(path);
  if (!read.ok) {
    const issue = read.issues[0]!;
    return {
      ok: false,
      message: `${path}: ${issue.message} / ${issue.messageEn} (JSON の取込テンプレートを指定してください / give a JSON template file)`,
    };
  }
  const file = readTemplateFile(read.value);
  if (!file.ok) {
    const details = (file.error.details as { message: string }[] | undefined) ?? [];
    return {
      ok: false,
      message: `${path}: ${file.error.message} / ${file.error.messageEn}\n    ${details.map((d) => d.message).join('\n    ')}`,
    };
  }
  const options: Required<Pick<RecognizeOptions, 'structures' | 'columnOverrides'>> = {
    structures: [],
    columnOverrides: [],
  };
  const used: string[] = [];
  let mismatch = '';
  for (const name of [...new Set(workbook.sheets.map((s) => s.file))]) {
    const one = { ...workbook, sheets: workbook.sheets.filter((s) => s.file === name) };
    const applied = templateOptions(one, name, { name: file.value.name, template: file.value.template });
    if (!applied.ok) {
      mismatch ||= `${applied.error.message} / ${applied.error.messageEn}`;
      continue;
    }
    options.structures.push(...applied.value.structures);
    options.columnOverrides.push(...applied.value.columnOverrides);
    used.push(applied.value.shift ? `${name} (${applied.value.shift} 行ずれ / rows moved)` : name);
  }
  if (used.length === 0) return { ok: false, message: mismatch };
  return {
    ok: true,
    options,
    note: `取込テンプレート「${file.value.name}」を適用 / template '${file.value.name}' applied: ${used.join(', ')}`,
  };
}

/** Writes `text` to a temporary file next to `path`, then renames it over `path`. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify([i.code, i.severity, i.message, i.place]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const LABEL: Record<string, string> = { error: 'エラー error', warning: '警告 warning', info: '情報 info' };

/** One line per issue: severity, place, Japanese / English message, and the fix. */
export function formatIssues(issues: Issue[]): string {
  return issues
    .map((i) => {
      const place = formatPlace(i.place);
      const hint = i.hint ? `\n      → ${i.hint}` : '';
      return `  [${LABEL[i.severity] ?? i.severity}] ${i.code}${place ? ` ${place}` : ''}: ${i.message} / ${i.messageEn}${hint}\n`;
    })
    .join('');
}

const n = (x: number) => x.toLocaleString('en-US');

/** The import report for stderr. */
export function formatReport(
  report: ImportReport,
  encodings: Record<string, string | null>,
  issues: Issue[],
): string {
  const c = report.counts;
  const files = Object.entries(encodings)
    .map(([file, enc]) => `${file} (${enc ?? 'xlsx'})`)
    .join(', ');
  const pct = Math.round(report.coverage.ratio * 1000) / 10;
  const notes = issues.filter((i) => i.severity !== 'error');
  return (
    [
      '取込結果 / import report',
      `  ファイル / files: ${files}`,
      `  基本目標 goals: ${n(c.goals)}  施策 measures: ${n(c.measures)}  事業 projects: ${n(c.projects)}  指標 indicators: ${n(c.indicators)}  数値 figures: ${n(c.figures)}`,
      `  カバー率 / coverage: ${pct}% (${n(report.coverage.mappedCells)} / ${n(report.coverage.nonEmptyCells)} セル cells)`,
      ...(report.coverage.dataRatio != null
        ? [
            `  うちデータ / of which data: ${Math.round(report.coverage.dataRatio * 1000) / 10}%  文章 / narrative: ${n(report.coverage.narrativeCells ?? 0)} セル cells  数値のある行 / rows with figures: ${n(report.coverage.figureRowsRead ?? 0)} / ${n(report.coverage.figureRows ?? 0)} 読取 read`,
          ]
        : []),
      `  警告 / warnings: ${notes.length}`,
      '',
    ].join('\n') + formatIssues(notes)
  );
}
