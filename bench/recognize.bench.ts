/**
 * Recognition speed: synthetic KPI lists and project matrices of growing size (seeded, so the
 * same every run), a wide table with shifted rows, a long-format list of other cities' layouts, plus the reference documents when
 * ../shared/fixtures/reference is present. Figures are the best of a few runs in this process
 * (warm); the first call in a fresh process (cold: nothing compiled yet) is measured apart, in a
 * child process, as a one-off import from the command line would see it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GridWorkbook } from '../src/core/import/grid.ts';
import { recognize } from '../src/core/import/recognize.ts';
import { bestOf, fmt, memoryMb, rng } from './util.ts';

function kpiList(rows: number, seed: number): GridWorkbook {
  const r = rng(seed);
  const grid: (string | null)[][] = [
    [
      '基本目標',
      '数値目標',
      'KPI',
      '基準値 (令和元年度)',
      '令和2年度 実績値',
      '令和3年度 実績値',
      '目標値 (令和6年度)',
      '進捗状況',
      '担当課',
    ],
    [null, '具体的な施策'],
  ];
  for (let i = 0; i < rows; i++) {
    if (i % 40 === 0) grid.push(['第2期総合戦略 KPI一覧'], grid[0]!);
    const v = () => `${Math.round(r() * 10000).toLocaleString('en-US')}件`;
    const shift = r() < 0.05 ? [null] : [];
    grid.push([
      ...shift,
      i % 10 === 0 ? `${1 + Math.floor(i / 10)}-1 目標${i}` : null,
      i % 5 === 0 ? `①施策${i}` : null,
      `指標${i}`,
      v(),
      v(),
      r() < 0.1 ? '令和4年9月 公表予定' : v(),
      v(),
      r() < 0.5 ? '順調に進捗' : '進捗の遅れ (コロナ)',
      '企画課',
    ]);
  }
  return {
    sheets: [
      { file: 'bench.csv', name: null, rows: grid.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
    ],
    encodings: {},
  };
}

function matrix(rows: number, seed: number): GridWorkbook {
  const r = rng(seed);
  const grid: (string | null)[][] = [
    [
      'No.',
      '事務事業名',
      '基本目標',
      null,
      null,
      null,
      '新たな視点',
      null,
      '関連するSDGs',
      null,
      null,
      '重点施策',
    ],
    [null, null, '1', '2', '3', '4', '1', '2'],
  ];
  for (let i = 0; i < rows; i++) {
    const m = () => (r() < 0.3 ? '●' : null);
    grid.push([
      String(i + 1),
      `事業${i}`,
      m(),
      m(),
      m(),
      m(),
      m(),
      m(),
      String(1 + Math.floor(r() * 17)),
      null,
      null,
      m(),
    ]);
  }
  return {
    sheets: [
      { file: 'm.csv', name: null, rows: grid.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
    ],
    encodings: {},
  };
}

/**
 * A wide KPI table: name, 20 yearly actuals, target, status, department. One row in ten is shifted
 * right by a stray leading cell and one in ten has a bracketed note for a name, so that alignment
 * has real work to do.
 */
function wideList(rows: number, seed: number): GridWorkbook {
  const r = rng(seed);
  const years = Array.from({ length: 20 }, (_, k) => `令和${k + 1}年度 実績値`);
  const grid: (string | null)[][] = [['KPI', ...years, '目標値', '評価', '担当課']];
  for (let i = 0; i < rows; i++) {
    const x = r();
    const lead = x < 0.1 ? [null] : [];
    const name = x > 0.9 ? `①指標${i}（${'注記'.repeat(20)}）` : `指標${i}`;
    const figures = Array.from({ length: 20 }, () => (r() < 0.1 ? '-' : `${Math.round(r() * 5000)}人`));
    grid.push([...lead, name, ...figures, `${Math.round(r() * 9000)}人`, r() < 0.5 ? 'A' : 'B', '企画課']);
  }
  return {
    sheets: [
      { file: 'wide.csv', name: null, rows: grid.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
    ],
    encodings: {},
  };
}

/**
 * A period review: 第2期 KPI with baseline, target and grade beside 第3期 KPI with baseline and
 * target; most new KPIs continue an old one (same name, or with a note), some are new or deleted.
 */
function periodReview(rows: number, seed: number): GridWorkbook {
  const r = rng(seed);
  const grid: (string | null)[][] = [
    [
      '基本目標',
      '第2期 KPI',
      'H30基準値',
      'R6目標値',
      '評価 (R6.4現在)',
      '第3期 KPI',
      'R5基準値',
      'R11目標値',
    ],
  ];
  for (let i = 0; i < rows; i++) {
    const name = `指標${Math.floor(i / 2)}の${i % 7}`;
    const x = r();
    const next = x < 0.6 ? name : x < 0.8 ? `${name}(R4~)` : x < 0.9 ? '削除' : `新指標${i}`;
    const fig = () => `${Math.round(r() * 900)}件`;
    grid.push([
      i % 25 === 0 ? `${1 + Math.floor(i / 25)} 目標${i}` : null,
      name,
      fig(),
      fig(),
      r() < 0.5 ? 'A' : 'B-',
      next,
      next === '削除' ? null : fig(),
      next === '削除' ? null : fig(),
    ]);
  }
  return {
    sheets: [
      { file: 'p.csv', name: null, rows: grid.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
    ],
    encodings: {},
  };
}

/** Child mode: one recognize() of a 1,000-row table in a fresh process; prints wall and CPU ms. */
/**
 * The layouts of other cities at scale: one row per indicator and year (long format, 基準年度 /
 * 目標年度 / 年度 columns), a 区分 column, a unit column in 万人, goal section rows between the
 * rows, `－` for years not measured yet.
 */
function longFormat(indicators: number, seed: number): GridWorkbook {
  const r = rng(seed);
  const grid: (string | null)[][] = [
    ['区分', '指標名', '単位', '基準値', '基準年度', '目標値', '目標年度', '年度', '実績値', '担当課'],
  ];
  for (let i = 0; i < indicators; i++) {
    if (i % 25 === 0) grid.push([`基本目標${1 + i / 25} 目標${i}`]);
    const base = (r() * 100).toFixed(1);
    const target = (r() * 100).toFixed(1);
    for (const year of ['R2', 'R3', 'R4', 'R5'])
      grid.push([
        i % 5 === 0 ? '数値目標' : 'KPI',
        `指標${i}`,
        '万人',
        base,
        'R1',
        target,
        'R6',
        year,
        r() < 0.1 ? '－' : (r() * 100).toFixed(1),
        '企画課・財政課',
      ]);
  }
  return {
    sheets: [
      { file: 'long.csv', name: null, rows: grid.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
    ],
    encodings: {},
  };
}

function child(which: string): void {
  const wb = which === 'matrix' ? matrix(1000, 11) : kpiList(1000, 7);
  const cpu = process.cpuUsage();
  const t = performance.now();
  recognize(wb);
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000 }));
}

function firstCall(which: string): { ms: number; cpuMs: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, SOUSEI_RECOGNIZE_BENCH_CHILD: which },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

export async function run(): Promise<void> {
  for (const n of [100, 1000, 5000]) {
    const wb = kpiList(n, 7);
    const { ms, result } = await bestOf(3, () => recognize(wb));
    console.log(
      `KPI list ${fmt(n)} rows: ${fmt(ms, 1)} ms (${fmt((n / ms) * 1000)} rows/s), indicators ${result.report.counts.indicators}, coverage ${fmt(result.report.coverage.ratio * 100, 1)}%`,
    );
  }
  for (const n of [100, 1000, 5000]) {
    const wb = matrix(n, 11);
    const { ms, result } = await bestOf(3, () => recognize(wb));
    console.log(
      `Project matrix ${fmt(n)} rows: ${fmt(ms, 1)} ms (${fmt((n / ms) * 1000)} rows/s), projects ${result.report.counts.projects}`,
    );
  }
  for (const n of [1000, 5000]) {
    const wb = periodReview(n, 3);
    const { ms, result } = await bestOf(3, () => recognize(wb));
    console.log(
      `Period review ${fmt(n)} rows: ${fmt(ms, 1)} ms (${fmt((n / ms) * 1000)} rows/s), indicators ${result.report.counts.indicators}`,
    );
  }
  {
    const wb = wideList(1000, 5);
    const { ms, result } = await bestOf(3, () => recognize(wb));
    console.log(
      `Wide KPI list (24 columns, 10% shifted rows) 1,000 rows: ${fmt(ms, 1)} ms (${fmt((1000 / ms) * 1000)} rows/s), indicators ${result.report.counts.indicators}`,
    );
  }
  {
    const wb = longFormat(1000, 13);
    const { ms, result } = await bestOf(3, () => recognize(wb));
    console.log(
      `Long format (one row per indicator and year, section rows, 区分/単位/年度 columns) 4,000 rows: ${fmt(ms, 1)} ms (${fmt((4000 / ms) * 1000)} rows/s), indicators ${result.report.counts.indicators}, figures ${result.report.counts.figures}, coverage ${fmt(result.report.coverage.ratio * 100, 1)}%`,
    );
  }
  for (const which of ['kpi', 'matrix']) {
    const runs = [firstCall(which), firstCall(which), firstCall(which)];
    console.log(
      `First call in a fresh process, ${which === 'kpi' ? 'KPI list' : 'project matrix'} 1,000 rows: ${runs
        .map((x) => `${fmt(x.ms, 1)} ms (CPU ${fmt(x.cpuMs, 1)})`)
        .join(', ')}`,
    );
  }
  const wide = {
    sheets: [
      {
        file: 'w.csv',
        name: null,
        merges: [],
        rows: [{ row: 1, cells: Array.from({ length: 5000 }, (_, i) => (i % 2 ? `x${i}` : null)) }],
      },
    ],
    encodings: {},
  };
  const w = await bestOf(3, () => recognize(wide));
  console.log(`One row of 5,000 cells: ${fmt(w.ms, 1)} ms`);
  const dir = new URL('../../shared/fixtures/reference/', import.meta.url);
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const rows = text.split('\n').map((l, i) => ({ row: i + 1, cells: l.split('\t') }));
      const wb: GridWorkbook = { sheets: [{ file: f, name: null, rows, merges: [] }], encodings: {} };
      const { ms, result } = await bestOf(5, () => recognize(wb));
      console.log(
        `reference ${f}: ${fmt(ms, 1)} ms, ${result.report.coverage.nonEmptyCells} cells, coverage ${fmt(result.report.coverage.ratio * 100, 2)}%`,
      );
    }
  }
  const mem = memoryMb();
  console.log(`memory: rss ${fmt(mem.rss, 0)} MB, heap ${fmt(mem.heapUsed, 0)} MB`);
}

if (process.env.SOUSEI_RECOGNIZE_BENCH_CHILD) child(process.env.SOUSEI_RECOGNIZE_BENCH_CHILD);
