/**
 * `npm run bench -- entry-bomb`: a crafted ~5 MB entry workbook (a department's workbook whose
 * entry sheet is a zip bomb of repeated cells, declared honestly at ~1.5 GB) uploaded back. Prints
 * the time to refuse it and the growth of RSS while doing so, for the reader now (src/import: the
 * importer's XLSX reader, sizes checked before inflating) and the reader before (ExcelJS loading the
 * whole workbook, as src/reports/entry-workbook.ts did). Also a genuine 200-indicator workbook read
 * by both, to show the everyday upload is not slower. Each measurement runs in a child process so
 * that earlier work does not blur it; the ExcelJS child is stopped after 180 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { EntryRow, EntryWorkbookModel } from '../src/core/reports/entry-workbook.ts';
import { readEntryWorkbook } from '../src/import/entry-workbook.ts';
import { entryWorkbookXlsx } from '../src/reports/entry-workbook.ts';
import { entryWorkbookBomb } from '../test/fixtures/zip-bomb.ts';
import { fmt } from './util.ts';

type Reader = 'now' | 'before';

function model(indicators: number): EntryWorkbookModel {
  const rows: EntryRow[] = Array.from({ length: indicators }, (_, i) => ({
    indicatorId: `k${i + 1}`,
    actualVersion: i % 3 === 0 ? null : 1,
    name: `新規就業者数${i + 1}`,
    unit: '人',
    fixed: [`${fmt(1000 + i)}人`, `${fmt(1100 + i)}人`, `${fmt(1150 + i)}人`, `${fmt(1300 + i)}人`],
    actual: i % 3 === 0 ? '' : `${fmt(1200 + i)}人`,
    note: '',
    commentary: { progress: '説明会を開催した', issues: '参加者が少ない', nextSteps: '周知を強化する' },
    commentaryVersion: i % 3 === 0 ? null : 1,
  }));
  return {
    municipality: '架空市',
    strategyId: 's1',
    strategyName: '第2期総合戦略',
    department: '商工観光課',
    fiscalYear: 2023,
    date: '2024-04-01',
    dateText: '令和6年4月1日',
    historyYears: [2021, 2022],
    rows,
    round: null,
  };
}

/** Child mode: read one file with one reader; print time, RSS before and the peak, and the outcome. */
async function child(path: string, reader: Reader): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const before = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t = performance.now();
  let outcome: string;
  if (reader === 'now') {
    const r = await readEntryWorkbook(bytes);
    outcome = r.ok
      ? `read ${r.value.entries.length} rows`
      : `refused: ${r.issues.map((i) => i.code).join(', ')}`;
  } else {
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      outcome = `read ${(wb.getWorksheet('_sousei')?.rowCount ?? 6) - 6} rows`;
    } catch (err) {
      outcome = `refused: ${String(err).slice(0, 60)}`;
    }
  }
  const ms = performance.now() - t;
  clearInterval(sampler);
  // The process's own peak counts when it was reached during the read (it catches what sampling misses).
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  peak = Math.max(peak, process.memoryUsage().rss, maxAfter > maxBefore ? maxAfter : 0);
  process.stdout.write(JSON.stringify({ ms, before, peak, outcome }));
}

function measure(path: string, reader: Reader): string {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, SOUSEI_ENTRY_BOMB_CHILD: path, SOUSEI_ENTRY_BOMB_READER: reader },
      encoding: 'utf8',
      timeout: 180_000,
      maxBuffer: 1 << 20,
    });
    const m = JSON.parse(out) as { ms: number; before: number; peak: number; outcome: string };
    return (
      `${fmt(m.ms).padStart(7)} ms, RSS ${fmt(m.before / 2 ** 20)} → peak ${fmt(m.peak / 2 ** 20)} MB ` +
      `(growth ${fmt((m.peak - m.before) / 2 ** 20)} MB); ${m.outcome}`
    );
  } catch (err) {
    return `stopped: ${String(err).split('\n')[0]?.slice(0, 100)}`;
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-bench-entry-'));
  try {
    const genuine = await entryWorkbookXlsx(model(200));
    const bomb = entryWorkbookBomb(await entryWorkbookXlsx(model(5)));
    const bombPath = join(dir, 'bomb.xlsx');
    const genuinePath = join(dir, 'genuine.xlsx');
    writeFileSync(bombPath, bomb.bytes);
    writeFileSync(genuinePath, genuine);
    console.log(
      `crafted entry workbook: ${fmt(bomb.bytes.length / 2 ** 20, 1)} MB, ${bomb.part} declared ` +
        `${fmt(bomb.inflated / 2 ** 30, 2)} GB uncompressed`,
    );
    console.log(`  now    (src/import, declared sizes first): ${measure(bombPath, 'now')}`);
    console.log(`  before (ExcelJS load, main until now):     ${measure(bombPath, 'before')}`);
    console.log(`genuine entry workbook, 200 indicators: ${fmt(genuine.length / 2 ** 10)} KB`);
    console.log(`  now    (src/import):                       ${measure(genuinePath, 'now')}`);
    console.log(`  before (ExcelJS load only):                ${measure(genuinePath, 'before')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.SOUSEI_ENTRY_BOMB_CHILD)
  await child(process.env.SOUSEI_ENTRY_BOMB_CHILD, (process.env.SOUSEI_ENTRY_BOMB_READER ?? 'now') as Reader);
