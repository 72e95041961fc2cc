import { spawnSync } from 'node:child_process';
import { PassThrough, Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';

const KEYS = ['kind', 'value', 'unit', 'period', 'parts', 'qualifiers', 'note', 'raw'];

function collector(): { stream: Writable; text: () => string; writes: () => number } {
  let text = '';
  let writes = 0;
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      writes++;
      done();
    },
  });
  return { stream, text: () => text, writes: () => writes };
}

async function run(argv: string[], stdin: Readable = Readable.from([])) {
  const out = collector();
  const err = collector();
  const io: CliIo = { stdin, stdout: out.stream, stderr: err.stream };
  const code = await main(argv, io);
  return { code, stdout: out.text(), stderr: err.text(), writes: out.writes() };
}

describe('sousei parse-value', () => {
  it('prints exactly one JSON object with the keys in contract order', async () => {
    const { code, stdout } = await run(['parse-value', '18,165人 (R2)']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    const v = JSON.parse(lines[0]!);
    expect(Object.keys(v)).toEqual(KEYS);
    expect(v).toEqual({
      kind: 'number',
      value: 18165,
      unit: '人',
      period: { from: 2020, to: 2020, basis: 'fiscal', date: null },
      parts: [],
      qualifiers: [],
      note: null,
      raw: '18,165人 (R2)',
    });
  });

  it('reads one text per line with --jsonl: CRLF, blank lines, a last line without newline', async () => {
    const stdin = Readable.from(['1,563件\r\n\r\n(速報値) 80.', '2%\r\n令和5年9月 公表予定']);
    const { code, stdout } = await run(['parse-value', '--jsonl'], stdin);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const values = lines.map((l) => JSON.parse(l));
    expect(values.map((v) => v.raw)).toEqual(['1,563件', '', '(速報値) 80.2%', '令和5年9月 公表予定']);
    expect(values.map((v) => v.kind)).toEqual(['number', 'missing', 'number', 'pending']);
    expect(values[2].qualifiers).toEqual(['preliminary']);
    expect(values[3].period.date).toBe('2023-09');
    for (const v of values) expect(Object.keys(v)).toEqual(KEYS);
  });

  it('streams many lines in order without writing them all at once', async () => {
    const n = 20_000;
    const stdin = new PassThrough();
    const done = run(['parse-value', '--jsonl'], stdin);
    for (let i = 0; i < n; i++) stdin.write(`${i}人\n`);
    stdin.end();
    const { code, stdout, writes } = await done;
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(n);
    expect(JSON.parse(lines[n - 1]!).value).toBe(n - 1);
    expect(lines.every((l, i) => JSON.parse(l).value === i)).toBe(true);
    expect(writes).toBeGreaterThan(1);
  });

  it('applies --year and --unit to figures without them', async () => {
    const { stdout } = await run(['parse-value', '--year', '令和5年度', '--unit', '千円', '2,500']);
    const v = JSON.parse(stdout);
    expect(v.value).toBe(2500000);
    expect(v.unit).toBe('円');
    expect(v.period).toEqual({ from: 2023, to: 2023, basis: 'fiscal', date: null });
  });

  it('prints indented JSON with --pretty', async () => {
    const { stdout } = await run(['parse-value', '--pretty', '△236人']);
    expect(stdout.startsWith('{\n  "kind": "number",')).toBe(true);
    expect(JSON.parse(stdout).value).toBe(-236);
  });

  it('exits 2 with a bilingual message without text, or with a bad --year', async () => {
    const a = await run(['parse-value']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('usage');
    const b = await run(['parse-value', '--year', 'abc', '1']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--year');
    const c = await run(['parse-value', '--nope']);
    expect(c.code).toBe(2);
  });

  it('runs as a real process through bin/sousei.js', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const r = spawnSync(process.execPath, ['bin/sousei.js', 'parse-value', '--jsonl'], {
      cwd: root,
      input: '１２，３４５人\n-\n男性78.1歳 女性80.5歳',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const values = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(values.map((v) => [v.kind, v.value])).toEqual([
      ['number', 12345],
      ['missing', null],
      ['multi', null],
    ]);
  });
});
