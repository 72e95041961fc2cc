/**
 * Import benchmarks: a realistic 1,000-row KPI table end to end (bytes → grid → recognize →
 * document) as CSV (UTF-8), TSV (CP932) and XLSX; the memory of reading a 20 MB CSV (RSS growth
 * / file size); a 50,000-row XLSX streamed (time and peak RSS). Memory is measured in a child
 * process so that earlier work does not blur it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { recognize } from '../src/core/import/recognize.ts';
import { readBytes, readFile } from '../src/import/read-file.ts';
import { makeXlsx, type XValue } from '../test/fixtures/xlsx-writer.ts';
import { DEPTS, HEADER, kpiTable, STATUS, toCsv } from './kpi-table.ts';
import { bestOf, fmt, rng } from './util.ts';

function toXlsx(rows: string[][]): Uint8Array {
  const merges: string[] = ['A1:K1', 'A2:K2'];
  const xrows: XValue[][] = rows.map((row) => row.map((c) => c || null));
  return makeXlsx([{ name: 'KPI一覧', rows: xrows, merges }], { level: 6 });
}

async function toWorkbook(bytes: Uint8Array, name: string) {
  const read = await readBytes(bytes, name);
  if (!read.ok) throw new Error(`${name}: ${read.issues.map((i) => i.code).join(', ')}`);
  return { sheets: read.value.sheets, encodings: { [name]: read.value.encoding } };
}

async function endToEnd(bytes: Uint8Array, name: string) {
  return recognize(await toWorkbook(bytes, name));
}

/** Child mode: read one file, print the peak RSS growth as JSON. */
async function child(path: string): Promise<void> {
  const before = process.memoryUsage().rss;
  const t = performance.now();
  const r = await readFile(path);
  const ms = performance.now() - t;
  const peak = process.resourceUsage().maxRSS * 1024;
  const rows = r.ok ? r.value.sheets.reduce((n, s) => n + s.rows.length, 0) : -1;
  process.stdout.write(JSON.stringify({ ok: r.ok, rows, ms, before, peak }));
}

function measureInChild(path: string): {
  ok: boolean;
  rows: number;
  ms: number;
  before: number;
  peak: number;
} {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self], {
    env: { ...process.env, SOUSEI_IMPORT_BENCH_CHILD: path },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-bench-import-'));
  try {
    const table = kpiTable(1000);
    const inputs: [string, string, Uint8Array][] = [
      ['CSV (UTF-8)', 'kpi.csv', Buffer.from(toCsv(table, ','))],
      ['TSV (CP932)', 'kpi.tsv', iconv.encode(toCsv(table, '\t'), 'cp932')],
      ['XLSX', 'kpi.xlsx', toXlsx(table)],
    ];
    console.log('1,000-row KPI table, bytes → grid → recognize → document (best of 10 after a warm-up):');
    for (const [label, name, bytes] of inputs) {
      await endToEnd(bytes, name);
      const adapter = await bestOf(10, () => readBytes(bytes, name));
      const workbook = await toWorkbook(bytes, name);
      const recognizeOnly = await bestOf(10, () => recognize(workbook));
      const total = await bestOf(10, () => endToEnd(bytes, name));
      const result = total.result;
      const c = result.report.counts;
      console.log(
        `  ${label.padEnd(12)} ${fmt(bytes.length).padStart(9)} B  adapter ${fmt(adapter.ms, 1).padStart(6)} ms  ` +
          `recognize ${fmt(recognizeOnly.ms, 1).padStart(6)} ms  end to end ${fmt(total.ms, 1).padStart(6)} ms  ` +
          `(indicators ${c.indicators}, figures ${c.figures}, coverage ${fmt(result.report.coverage.ratio * 100, 1)}%)`,
      );
    }

    // 20 MB CSV (UTF-8) and TSV (CP932): peak RSS growth / file size.
    const big = kpiTable(1000, 7);
    for (const [label, file, sep, encoding] of [
      ['CSV (UTF-8)', 'big.csv', ',', 'utf8'],
      ['TSV (CP932)', 'big.tsv', '\t', 'cp932'],
    ] as const) {
      const body = toCsv(big.slice(3), sep);
      const copies = Math.ceil((20 * 2 ** 20) / Buffer.byteLength(body));
      const path = join(dir, file);
      writeFileSync(path, iconv.encode(toCsv([HEADER], sep) + body.repeat(copies), encoding));
      const size = statSync(path).size;
      const m = measureInChild(path);
      console.log(
        `20 MB ${label}: ${fmt(size / 2 ** 20, 1)} MB, ${fmt(m.rows)} rows, read in ${fmt(m.ms)} ms; ` +
          `RSS ${fmt(m.before / 2 ** 20)} → peak ${fmt(m.peak / 2 ** 20)} MB; growth / file size = ${fmt((m.peak - m.before) / size, 1)}×`,
      );
    }

    // 50,000-row XLSX, streamed.
    const r = rng(3);
    const rows: XValue[][] = [HEADER];
    for (let i = 0; i < 50_000; i++) {
      rows.push([
        i % 50 === 0 ? `${Math.floor(i / 500) + 1}-1 目標${Math.floor(i / 500) + 1}` : null,
        i % 10 === 0 ? `施策${Math.floor(i / 10) + 1}` : null,
        `指標${i + 1}`,
        { v: Math.round(r() * 20_000), fmt: '#,##0"人"' },
        { v: Math.round(r() * 25_000), fmt: '#,##0"人"' },
        { v: r(), fmt: '0.0%' },
        { v: 45383 + (i % 365), fmt: '[$-411]ggge"年"m"月"d"日"' },
        { v: Math.round(r() * 25_000), fmt: '#,##0"人"' },
        { v: Math.round(r() * 25_000), fmt: '#,##0"人"' },
        STATUS[i % STATUS.length]!,
        DEPTS[i % DEPTS.length]!,
      ]);
    }
    const xlsxPath = join(dir, 'big.xlsx');
    writeFileSync(xlsxPath, makeXlsx([{ name: 'KPI', rows }], { level: 6 }));
    const xlsxSize = statSync(xlsxPath).size;
    const x = measureInChild(xlsxPath);
    console.log(
      `50,000-row XLSX (streamed): ${fmt(xlsxSize / 2 ** 20, 1)} MB, ${fmt(x.rows)} rows in ${fmt(x.ms)} ms; ` +
        `RSS ${fmt(x.before / 2 ** 20)} → peak ${fmt(x.peak / 2 ** 20)} MB (growth ${fmt((x.peak - x.before) / 2 ** 20)} MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.SOUSEI_IMPORT_BENCH_CHILD) await child(process.env.SOUSEI_IMPORT_BENCH_CHILD);
