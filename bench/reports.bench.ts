import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { evaluateDocument } from '../src/core/evaluation/evaluate.ts';
import { kpiList } from '../src/core/reports/kpi-list.ts';
import { projectSheets } from '../src/core/reports/project-sheets.ts';
import { printHtml } from '../src/reports/html-print.ts';
import { reportXlsx } from '../src/reports/xlsx.ts';
import { strategy } from './report-fixture.ts';
import { bestOf, fmt } from './util.ts';

export async function run(): Promise<void> {
  const kpiDoc = strategy(300, 0);
  const kpiEval = evaluateDocument(kpiDoc, { asOf: 2023, text: false });
  const xlsx = await bestOf(
    5,
    async () => (await reportXlsx(kpiList(kpiDoc, kpiEval, { date: '2025-06-01' }))).length,
  );
  console.log(
    `reports: KPI list, 300 indicators → XLSX (model + render): ${fmt(xlsx.ms, 1)} ms (best of 5), ${fmt(xlsx.result / 1024)} KiB`,
  );

  const pDoc = strategy(130, 130);
  const pEval = evaluateDocument(pDoc, { asOf: 2023, text: false });
  const html = await bestOf(5, () => printHtml(projectSheets(pDoc, pEval, { date: '2025-06-01' })).length);
  console.log(
    `reports: project sheets, 130 projects → print HTML (model + render): ${fmt(html.ms, 1)} ms (best of 5), ${fmt(html.result / 1024)} KiB`,
  );

  const sheetsXlsx = await bestOf(
    3,
    async () => (await reportXlsx(projectSheets(pDoc, pEval, { date: '2025-06-01' }))).length,
  );
  console.log(
    `reports: project sheets, 130 projects → XLSX (130 worksheets): ${fmt(sheetsXlsx.ms, 1)} ms (best of 3)`,
  );
  await runSheetCount();
  await runLarge();
}

interface ChildReport {
  kind: string;
  format: string;
  ms: number;
  bytes: number;
  dataRssMb: number;
  /** The highest RSS sampled while rendering (the process's peak may be the data's making). */
  renderPeakRssMb: number;
  /** With `retained`: the most the rendering held after a full collection. */
  retainedMb?: number;
  peakRssMb: number;
}

/** One rendering in a fresh child process (peak RSS of that process). */
function child(
  kind: string,
  format: string,
  indicators: number,
  projects: number,
  mode: '' | 'retained' = '',
): ChildReport {
  const self = fileURLToPath(new URL('./report-child.ts', import.meta.url));
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', self, kind, format, String(indicators), String(projects), mode],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as ChildReport;
}

/**
 * Project sheets as XLSX by the number of worksheets (one per project) on the same 10,000
 * indicators, so that the data, and with it the collector's headroom, stays about the same while
 * the worksheets grow: the rendering's own memory should not grow with them. Each size is rendered
 * `SOUSEI_REPORTS_BENCH_REPEAT` times (default 3) in fresh processes: time and the rendering's
 * RSS share (range over the runs), then once more with a full collection every few pieces for
 * what the rendering holds (heap and outside buffers, garbage aside).
 * `SOUSEI_REPORTS_BENCH_PROJECTS=250,500,1000` chooses the sizes.
 */
export async function runSheetCount(): Promise<void> {
  const sizes = (process.env.SOUSEI_REPORTS_BENCH_PROJECTS ?? '250,500,1000').split(',').map(Number);
  const repeat = Number(process.env.SOUSEI_REPORTS_BENCH_REPEAT ?? 3);
  const indicators = 10_000;
  console.log(
    `\nreports: project sheets → XLSX by worksheet count, ${fmt(indicators)} indicators, ${repeat} runs each — load ${loadavg()}`,
  );
  const range = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
  for (const projects of sizes) {
    const runs = Array.from({ length: repeat }, () => child('project-sheets', 'xlsx', indicators, projects));
    const held = child('project-sheets', 'xlsx', indicators, projects, 'retained');
    console.log(
      `  ${fmt(projects)} worksheets: ${range(runs.map((r) => r.ms))} ms; rendering +${range(runs.map((r) => r.renderPeakRssMb - r.dataRssMb))} MB RSS, held ${fmt(held.retainedMb ?? 0, 1)} MB after GC`,
    );
  }
}

/**
 * The 5,000- and 10,000-indicator strategies (a tenth as many projects): every document kind in
 * every format, each in its own process: `data` is the RSS before rendering, `while rendering` the
 * highest RSS sampled during it, their difference the rendering's own share (which should stay
 * about the same from one size to the other: rows are made as they are written), and the process
 * peak the whole process's (the data set's making and evaluation included).
 * `SOUSEI_REPORTS_BENCH_INDICATORS=5000` (a comma-separated list) and
 * `SOUSEI_REPORTS_BENCH_KINDS=kpi-list,period-review` choose the cases.
 */
export async function runLarge(): Promise<void> {
  const sizes = (process.env.SOUSEI_REPORTS_BENCH_INDICATORS ?? '5000,10000').split(',').map(Number);
  const kinds = (
    process.env.SOUSEI_REPORTS_BENCH_KINDS ??
    'kpi-list,period-review,project-list,kpi-hierarchy,project-sheets'
  ).split(',');
  for (const n of sizes) {
    const projects = Math.round(n / 10);
    console.log(
      `\nreports: ${fmt(n)} indicators, ${fmt(projects)} projects, one child process per case — load ${loadavg()}`,
    );
    for (const kind of kinds)
      for (const format of ['html', 'xlsx', 'csv']) {
        const r = child(kind, format, n, projects);
        console.log(
          `  ${kind} ${format}: ${fmt(r.ms)} ms, ${fmt(r.bytes / 1024)} KiB; RSS data ${fmt(r.dataRssMb)} MB, while rendering ${fmt(r.renderPeakRssMb)} MB (+${fmt(r.renderPeakRssMb - r.dataRssMb)} MB rendering), process peak ${fmt(r.peakRssMb)} MB`,
        );
      }
  }
}

function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}
