import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { strategyDocumentSchema } from '../src/core/interchange.ts';
import { makeXlsx } from './fixtures/xlsx-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'sousei-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const collect = () => {
    const s = new PassThrough();
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    return { s, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = collect();
  const err = collect();
  const code = await main(['import', ...argv], { stdin: new PassThrough(), stdout: out.s, stderr: err.s });
  return { code, stdout: out.text(), stderr: err.text() };
}

const CSV =
  '基本目標,KPI,基準値,目標値\n1 しごとをつくる,新規求人数,"1,563件 (R1)","1,602件 (R6)"\n,転入者数,△236人,100人\n';

describe('sousei import', () => {
  it('writes the interchange JSON to stdout and the report to stderr', async () => {
    const r = await run(put('kpi.csv', CSV));
    expect(r.code).toBe(0);
    const doc = strategyDocumentSchema.parse(JSON.parse(r.stdout));
    expect(doc.indicators.map((i) => i.name)).toContain('新規求人数');
    expect(doc.sources).toEqual([expect.objectContaining({ file: 'kpi.csv', encoding: 'utf-8' })]);
    expect(r.stderr).toContain('取込結果 / import report');
    expect(r.stderr).toMatch(/指標 indicators: \d+/);
    expect(r.stderr).toMatch(/カバー率 \/ coverage: [\d.]+% \(\d+ \/ \d+ セル cells\)/);
  });

  it('writes --out atomically (no temp file left) and nothing on stdout', async () => {
    const out = join(dir, 'out.json');
    const r = await run(put('kpi2.csv', CSV), '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).format).toBe('sousei-strategy');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads several files of several formats and encodings at once, with --report-json', async () => {
    const xlsx = put(
      'goals.xlsx',
      makeXlsx([
        {
          name: 'KPI',
          rows: [
            ['KPI', '基準値'],
            ['観光入込客数', { v: 35000, fmt: '#,##0"人"' }],
          ],
        },
      ]),
    );
    const sjis = put('sjis.csv', iconv.encode(CSV, 'cp932'));
    const report = join(dir, 'report.json');
    const r = await run(xlsx, sjis, '--report-json', report);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('goals.xlsx (xlsx), sjis.csv (shift_jis)');
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.encodings).toEqual({ 'goals.xlsx': null, 'sjis.csv': 'shift_jis' });
    expect(json.counts.indicators).toBeGreaterThan(0);
    expect(json.coverage.nonEmptyCells).toBeGreaterThan(0);
  });

  it('prints warnings with their place (mixed encodings: file and line)', async () => {
    const mixed = Buffer.concat([Buffer.from(CSV), iconv.encode(',出生数,①,1\n', 'cp932')]);
    const r = await run(put('mixed.csv', mixed));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/ENCODING_MIXED mixed\.csv 4行: .*Mixed encodings/);
  });

  it('--encoding forces the encoding; an unknown one is a usage error', async () => {
    const path = put('forced.csv', iconv.encode(CSV, 'cp932'));
    expect((await run(path, '--encoding', 'cp932')).code).toBe(0);
    const bad = await run(path, '--encoding', 'klingon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ENCODING_UNKNOWN');
  });

  it('exits 2 for unreadable input with a Japanese and English message naming the file, and writes nothing', async () => {
    const out = join(dir, 'never.json');
    const r = await run(put('empty.csv', ''), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('入力を読み込めません');
    expect(r.stderr).toContain('cannot read the input');
    expect(r.stderr).toMatch(/FILE_EMPTY empty\.csv: ファイルが空です \/ The file is empty/);
    expect(existsSync(out)).toBe(false);
  });

  it('a failed run leaves an existing OUT.json untouched', async () => {
    const out = put('existing.json', '{"keep":true}\n');
    const truncated = makeXlsx([{ name: 'S', rows: [['KPI'], ['x']] }]).subarray(0, 200);
    const r = await run(put('cut.xlsx', truncated), '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('XLSX_CORRUPT cut.xlsx');
    expect(readFileSync(out, 'utf8')).toBe('{"keep":true}\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('one unreadable file among several fails the whole run and names every bad file', async () => {
    const r = await run(put('ok.csv', CSV), join(dir, 'missing.csv'), put('zero.tsv', ''));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('FILE_NOT_FOUND missing.csv');
    expect(r.stderr).toContain('FILE_EMPTY zero.tsv');
  });

  it('exits 2 with the usage when no file is given or an option is unknown', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: sousei import FILE');
    expect((await run('--bogus')).code).toBe(2);
  });

  it('exits 2 and writes nothing when no indicator comes out, naming what was found instead', async () => {
    const out = join(dir, 'none.json');
    const table =
      '地区,ア,イ,ウ\n北地区,"1,200","1,300","1,400"\n南地区,900,950,"1,010"\n東地区,400,420,433\n';
    const r = await run(put('areas.csv', table), '--out', out);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('NO_INDICATORS');
    expect(r.stderr).toMatch(/rows with figures 3/);
    expect(r.stderr).toMatch(/areas\.csv/);
  });

  it('exits 1 when the output cannot be written', async () => {
    const r = await run(put('kpi3.csv', CSV), '--out', join(dir, 'no-such-dir', 'out.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot write the output');
  });
});

describe('sousei import --template', () => {
  const odd = (year: number) =>
    `取組状況\n項目,当初,令和${year - 2018}年度,到達点\n新規就農者数,12人,${year - 2007}人,20人\n`;
  const template = {
    format: 'sousei-import-template',
    version: 1,
    name: '取組状況表',
    template: {
      signature: [{ sheet: null, rows: [2], key: '1:項目|2:当初|3:令和#年度|4:到達点' }],
      structures: [
        {
          sheet: null,
          headerRows: [2],
          firstDataRow: 3,
          columns: [
            { column: 1, role: 'name' },
            { column: 2, role: 'baseline', fiscalYear: 2019 },
            { column: 3, role: 'actual' },
            { column: 4, role: 'target', fiscalYear: 2024 },
          ],
        },
      ],
      overrides: [],
    },
  };

  it('applies a template to a file of its shape (the header year read from the file)', async () => {
    // Without the template the indicator is not read (here: none at all, an exit 2 naming what was found).
    const plain = await run(put('odd-2023.csv', odd(2023)));
    if (plain.code === 2) expect(plain.stderr).toContain('NO_INDICATORS');
    else
      expect(JSON.parse(plain.stdout).indicators.map((i: { name: string }) => i.name)).not.toEqual([
        '新規就農者数',
      ]);
    const r = await run(
      put('odd-2023b.csv', odd(2023)),
      '--template',
      put('t.json', JSON.stringify(template)),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('取込テンプレート「取組状況表」を適用');
    const [ind] = JSON.parse(r.stdout).indicators;
    expect(ind).toMatchObject({ name: '新規就農者数', baseline: { value: 12, fiscalYear: 2019 } });
    expect(ind.actuals).toMatchObject([{ value: 16, fiscalYear: 2023 }]);
  });

  it('refuses a template that fits no file, or an invalid template file, and writes nothing', async () => {
    const out = join(dir, 'never.json');
    const other = await run(
      put('other.csv', '指標名,基準値,目標値\n観光客数,120人,150人\n'),
      '--template',
      put('t2.json', JSON.stringify(template)),
      '--out',
      out,
    );
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('形に合いません');
    expect(existsSync(out)).toBe(false);
    const bad = await run(put('odd.csv', odd(2023)), '--template', put('t3.json', '{"format":"x"}'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('取込テンプレートのファイルとして読めません');
  });
});
