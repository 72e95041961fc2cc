import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateDocument, latestActualYear } from '../../core/evaluation/evaluate.ts';
import type { IndicatorEvaluation } from '../../core/evaluation/evaluation.ts';
import { formatJsonPath } from '../../core/evaluation/json-path.ts';
import { documentJudgements, type Override, overrideSchema } from '../../core/evaluation/override.ts';
import { DEFAULT_SCHEME_ID, findPreset, presets } from '../../core/evaluation/presets.ts';
import { parseStatusScheme, type StatusScheme } from '../../core/evaluation/status-scheme.ts';
import { type StrategyDocument, strategyDocumentSchema } from '../../core/interchange.ts';
import { parseJapaneseYear } from '../../core/japanese-date.ts';
import { type CliIo, type Command, EXIT_OK, EXIT_USAGE, readAll, write } from '../io.ts';

const USAGE =
  'sousei evaluate STRATEGY.json [--as-of FY] [--scheme NAME|SCHEME.json] [--overrides OVERRIDES.json]';

/** A failure to report on stderr with exit code 2 (bad usage or unreadable input). */
class UsageError {
  constructor(readonly text: string) {}
}

/**
 * `sousei evaluate`: judges every indicator of an interchange document and prints JSON
 * `{ scheme, asOf, indicators: [{ id, name, status, metrics, explanation, ... }], summary }`.
 * `--as-of` takes a fiscal year (2023) or era text (R5, 令和5, 令和5年度); `--scheme` a preset
 * id or Japanese name (standard/標準 by default, achievement-rate/達成率型, pace/ペース型,
 * national/国・成長戦略型, sdg/SDG型, letter) or a scheme JSON file; `--overrides` a JSON array of
 * `{ indicatorId, label, reason, by, at }`. The statuses the city published (`reportedStatus`) are
 * judgements of record too, as when the strategy is stored, except where `--overrides` judges that
 * indicator for that year (or every year). `-` reads the document from stdin.
 * Exit 0 on success, 2 for bad usage or input that cannot be read or does not validate.
 */
export const command: Command = {
  name: 'evaluate',
  summary: '指標の進捗を評価し JSON を出力 / evaluate indicator progress and print JSON',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        'as-of': { type: 'string' },
        scheme: { type: 'string' },
        overrides: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    try {
      if (positionals.length !== 1)
        throw new UsageError(
          '評価する交換形式 JSON を1つ指定してください / give exactly one strategy JSON file',
        );
      const file = positionals[0] as string;
      const asOf = values['as-of'] != null ? parseAsOf(values['as-of']) : null;
      const scheme = await loadScheme(values.scheme ?? DEFAULT_SCHEME_ID);
      const given = values.overrides ? await loadOverrides(values.overrides) : [];
      const doc = await loadDocument(file, io);
      // The city's published statuses are judgements of record too, unless the file judges that year.
      const imported = documentJudgements(
        doc.indicators,
        { at: new Date().toISOString().slice(0, 10), by: '取込', asOf: latestActualYear(doc) },
        given,
      );
      const result = evaluateDocument(doc, { asOf, scheme, overrides: [...given, ...imported] });
      const output = {
        scheme: result.scheme,
        asOf: result.asOf,
        indicators: result.results.map(present),
        summary: result.summary,
      };
      await write(io.stdout, `${JSON.stringify(output, null, 2)}\n`);
      return EXIT_OK;
    } catch (err) {
      if (err instanceof UsageError) {
        await write(io.stderr, `sousei evaluate: ${err.text}\n使い方 / usage: ${USAGE}\n`);
        return EXIT_USAGE;
      }
      throw err;
    }
  },
};

/** The CLI shape of one result: metrics once, at the top, not again inside the explanation. */
function present(e: IndicatorEvaluation) {
  const { metrics: _m, metricReasons: _r, ...explanation } = e.explanation;
  return {
    id: e.id,
    name: e.name,
    status: e.status,
    computed: e.computed,
    override: e.override,
    effective: e.effective,
    metrics: e.metrics,
    metricReasons: e.metricReasons,
    explanation,
  };
}

/**
 * Reads `--as-of`: a western fiscal year (`2023`, `２０２３`) or era text (`R5`, `令和5`, `令和5年度`).
 *
 * @example parseAsOf('R5') // 2023
 */
export function parseAsOf(text: string): number {
  const t = text.normalize('NFKC').trim();
  if (/^\d{4}$/.test(t)) return Number(t);
  const y = parseJapaneseYear(t);
  if (y) return y.year;
  throw new UsageError(
    `--as-of「${text}」を年度として読めません。2023、R5、令和5 のように指定してください / cannot read '${text}' as a fiscal year; use e.g. 2023, R5 or 令和5`,
  );
}

async function readText(file: string, io: CliIo | null, what: string): Promise<string> {
  try {
    if (file === '-' && io) return await readAll(io.stdin);
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UsageError(
      `${what}「${file}」を読めません / cannot read ${what === 'ファイル' ? 'file' : what} '${file}' (${code})`,
    );
  }
}

/**
 * Parses JSON text; on a syntax error names the line and column (1-based).
 *
 * @example parseJsonText('{\n x}', 'a.json') // throws UsageError 'a.json 2行 2列 ...'
 */
function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    const message = (err as Error).message;
    const lc = /line (\d+) column (\d+)/.exec(message);
    let line: number;
    let column: number;
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else {
      const m = /position (\d+)/.exec(message);
      const pos = m ? Number(m[1]) : text.length;
      const before = text.slice(0, pos);
      line = before.split('\n').length;
      column = pos - before.lastIndexOf('\n');
    }
    throw new UsageError(
      `${file} ${line}行 ${column}列: JSON として読めません / not valid JSON at line ${line}, column ${column}: ${message}`,
    );
  }
}

const typeJa: Record<string, string> = {
  number: '数値',
  string: '文字列',
  array: '配列',
  object: 'オブジェクト',
  boolean: '真偽値 (true/false)',
  int: '整数',
};

/** A Japanese phrase for a Zod issue, beside Zod's English message. */
function issueJa(issue: { code: string; message: string; expected?: unknown; values?: unknown[] }): string {
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected ?? '');
    if (/received undefined/.test(issue.message))
      return `必須項目がありません (${typeJa[expected] ?? expected})`;
    return `${typeJa[expected] ?? expected}が必要です`;
  }
  if (issue.code === 'invalid_value' && Array.isArray(issue.values))
    return `次のいずれかを指定してください: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') return '値の範囲が正しくありません';
  if (issue.code === 'unrecognized_keys') return '知らない項目があります';
  return '値が正しくありません';
}

async function loadDocument(file: string, io: CliIo): Promise<StrategyDocument> {
  const json = parseJsonText(await readText(file, io, 'ファイル'), file);
  const r = strategyDocumentSchema.safeParse(json);
  if (r.success) return r.data;
  const shown = r.error.issues.slice(0, 20);
  const lines = shown.map((i) => {
    const path = formatJsonPath(i.path) || '(ルート / root)';
    return `  ${file}: ${path}: ${issueJa(i as never)} / ${i.message}`;
  });
  if (r.error.issues.length > shown.length)
    lines.push(`  … ほか ${r.error.issues.length - shown.length} 件 / more`);
  throw new UsageError(
    `${file} が交換形式 (sousei-strategy) に合いません / does not match the interchange format:\n${lines.join('\n')}\n` +
      '最小の形 / minimal shape: { "indicators": [ { "id", "name", "unit", "baseline": {"value","fiscalYear"}, "target": {"value","fiscalYear"}, "actuals": [{"fiscalYear","value"}] } ] }',
  );
}

async function loadScheme(nameOrFile: string): Promise<StatusScheme> {
  const preset = findPreset(nameOrFile);
  if (preset) return preset;
  if (/\.json$/i.test(nameOrFile)) {
    const json = parseJsonText(await readText(nameOrFile, null, '評価区分ファイル'), nameOrFile);
    const r = parseStatusScheme(json, nameOrFile);
    if (r.ok) return r.value;
    throw new UsageError(r.issues.map((i) => `${i.message} / ${i.messageEn}`).join('\n'));
  }
  const known = Object.values(presets)
    .map((s) => `${s.id} (${s.name})`)
    .join(', ');
  throw new UsageError(
    `評価区分「${nameOrFile}」はありません。次から選ぶか JSON ファイルを指定してください / unknown scheme '${nameOrFile}'; use one of: ${known}, or a scheme JSON file`,
  );
}

async function loadOverrides(file: string): Promise<Override[]> {
  const json = parseJsonText(await readText(file, null, '上書きファイル'), file);
  const r = overrideSchema.array().safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues
    .slice(0, 20)
    .map(
      (i) =>
        `  ${file}: ${formatJsonPath(i.path) || '(ルート / root)'}: ${issueJa(i as never)} / ${i.message}`,
    );
  throw new UsageError(
    `${file} は評価の上書き [{ indicatorId, label, reason, by, at }] の配列ではありません / is not an array of overrides:\n${lines.join('\n')}`,
  );
}
