import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { parseJapanesePeriod } from '../../core/japanese-date.ts';
import { type ParseValueOptions, parseValue } from '../../core/parse-value.ts';
import { type Command, EXIT_OK, EXIT_USAGE, write } from '../io.ts';

/** Output is flushed in chunks of about this many characters (bounded memory, few writes). */
const FLUSH_AT = 64 * 1024;

const USAGE = 'sousei parse-value [--jsonl] [--pretty] [--year R5] [--unit 千円] ["<text>"]';

export const command: Command = {
  name: 'parse-value',
  summary: '表の値を読み取り JSON で出力 / parse table values (数値・年度・単位) into JSON',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        jsonl: { type: 'boolean', default: false },
        pretty: { type: 'boolean', default: false },
        year: { type: 'string' },
        unit: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const options: ParseValueOptions = {};
    if (values.year !== undefined) {
      const p = parseJapanesePeriod(values.year);
      if (!p) {
        await write(
          io.stderr,
          `sousei parse-value: --year「${values.year}」を年度として読めません / cannot read --year as a year (例 / e.g. R5, 令和5年度, 2023年度)\n`,
        );
        return EXIT_USAGE;
      }
      options.defaultPeriod = p.period;
    }
    if (values.unit !== undefined) options.unitHint = values.unit;
    const stringify = values.pretty
      ? (v: unknown) => JSON.stringify(v, null, 2)
      : (v: unknown) => JSON.stringify(v);

    if (!values.jsonl) {
      if (positionals.length === 0) {
        await write(
          io.stderr,
          `sousei parse-value: 読み取る文字列を指定してください / give the text to parse, or --jsonl to read lines from stdin\n使い方 / usage: ${USAGE}\n`,
        );
        return EXIT_USAGE;
      }
      await write(io.stdout, `${stringify(parseValue(positionals.join(' '), options))}\n`);
      return EXIT_OK;
    }

    // One text per line on stdin → one JSON object per line, in order, streamed.
    const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    let out = '';
    let first = true;
    for await (const line of lines) {
      const text = first && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      first = false;
      out += `${stringify(parseValue(text, options))}\n`;
      if (out.length >= FLUSH_AT) {
        await write(io.stdout, out);
        out = '';
      }
    }
    if (out.length > 0) await write(io.stdout, out);
    return EXIT_OK;
  },
};
