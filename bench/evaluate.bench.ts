/**
 * Evaluation at national scale: 1,741 municipalities × 150 indicators × 10 fiscal years
 * (≈ 2.6 million observations, 261,150 indicators), generated from a seeded generator.
 *
 * Each mode runs in a fresh child process (this file again, with SOUSEI_EVALUATE_BENCH_MODE set),
 * which generates the data set itself, so that the peak RSS of a mode (process.resourceUsage()
 * .maxRSS: the whole process, the data set included) is not mixed with other modes. No warm-up:
 * the figures are those of a one-shot run. Modes:
 * - `data`: the data set alone (what every other mode must hold anyway);
 * - `hold` (the headline): every indicator evaluated with the default scheme (標準), every result
 *   kept with its structured explanation (inputs, metrics, matched rule) and the summaries: the
 *   DocumentEvaluation of each municipality, whose table rows hold the explanation data (the
 *   result object and its sentence are built from a row on demand);
 * - `hold+objects`: the same, with every result object built (`results` read) and kept instead;
 * - `hold+text`: every result object built with its Japanese sentence rendered, all kept;
 * - `stream`: per municipality, the results are dropped once evaluated (as a service writing
 *   them out would), keeping the summaries and the status keys.
 *
 * `npm run bench -- evaluate` (SOUSEI_EVALUATE_BENCH_RUNS=N for N runs per mode, default 3;
 * SOUSEI_EVALUATE_BENCH_MODES=hold,stream for some modes only).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { evaluateDocument } from '../src/core/evaluation/evaluate.ts';
import { renderExplanation } from '../src/core/evaluation/explain.ts';
import { presets } from '../src/core/evaluation/presets.ts';
import { compileScheme } from '../src/core/evaluation/status-scheme.ts';
import type { Direction, Figure, Indicator, StrategyDocument } from '../src/core/interchange.ts';
import { fmt, rng } from './util.ts';

const MUNICIPALITIES = 1741;
const INDICATORS = 150;
const YEARS = 10;
const FIRST_YEAR = 2015;
const AS_OF = FIRST_YEAR + YEARS - 1;

function generate(): { docs: StrategyDocument[]; observations: number } {
  const r = rng(20240401);
  const docs: StrategyDocument[] = [];
  let observations = 0;
  for (let m = 0; m < MUNICIPALITIES; m++) {
    const indicators: Indicator[] = [];
    for (let k = 0; k < INDICATORS; k++) {
      const roll = r();
      const direction: Direction = roll < 0.7 ? 'increase' : roll < 0.9 ? 'decrease' : 'maintain';
      const kind = r();
      const cumulative = kind < 0.1;
      const percent = kind > 0.7;
      const base = percent ? 20 + r() * 60 : Math.round(10 + r() * 50000);
      const change = direction === 'maintain' ? 0 : (direction === 'increase' ? 1 : -1) * (0.05 + r() * 0.3);
      const target = percent ? Math.min(100, base + change * 30) : Math.round(base * (1 + change));
      const trend = (target - base) * (0.3 + r() * 1.2);
      const actuals: Figure[] = new Array(YEARS);
      for (let y = 0; y < YEARS; y++) {
        const s = r();
        const year = FIRST_YEAR + y;
        const noise = (r() - 0.5) * 0.1 * Math.abs(base);
        const value = cumulative
          ? Math.round(base * (0.15 + r() * 0.1))
          : base + (trend * (y + 1)) / YEARS + noise;
        actuals[y] =
          s < 0.02
            ? { value: null, fiscalYear: year, state: 'pending', raw: '令和7年9月 公表予定' }
            : s < 0.05
              ? { value, fiscalYear: year, state: 'preliminary' }
              : s < 0.08
                ? { value, fiscalYear: year, basis: 'calendar' }
                : { value, fiscalYear: year };
      }
      observations += YEARS;
      indicators.push({
        id: `m${m}-k${k}`,
        name: `指標${k}`,
        unit: percent ? '%' : '件',
        role: k < 10 ? 'numeric_target' : 'kpi',
        direction: r() < 0.8 ? direction : null,
        aggregation: cumulative ? 'cumulative' : percent ? 'rate' : r() < 0.5 ? 'annual' : 'stock',
        owner: { type: 'goal', id: `g${k % 4}` },
        departments: [`課${k % 30}`],
        baseline: { value: base, fiscalYear: FIRST_YEAR - 1 },
        target: cumulative
          ? {
              value: Math.round(base * 0.2 * YEARS * (1 + change)),
              fiscalYear: AS_OF + 1,
              fromYear: FIRST_YEAR,
            }
          : { value: target, fiscalYear: AS_OF + 1 },
        actuals,
      });
    }
    docs.push({
      municipality: { name: `市${m}`, code: String(100000 + m) },
      goals: [0, 1, 2, 3].map((g) => ({ id: `g${g}`, name: `基本目標${g + 1}` })),
      measures: [],
      projects: [],
      tagSets: [],
      indicators,
      unmapped: [],
    });
  }
  return { docs, observations };
}

const MODES = ['data', 'hold', 'hold+objects', 'hold+text', 'stream'] as const;
type Mode = (typeof MODES)[number];

/** What a child reports (times in ms, memory in MB). */
interface ChildReport {
  mode: Mode;
  observations: number;
  indicators: number;
  genMs: number;
  /** Heap in use right after generation (garbage included; `data` mode: retained = the data set). */
  dataHeapMb: number;
  evalMs: number;
  evalCpuMs: number;
  heapAfterMb: number;
  /** Heap still in use after a full GC with the results held (needs --expose-gc). */
  retainedHeapMb: number | null;
  rssAfterMb: number;
  peakRssMb: number;
  sample: string | null;
}

const MB = 2 ** 20;
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs one mode in this (child) process and prints its report as one JSON line. */
function child(mode: Mode): void {
  let t = performance.now();
  const { docs, observations } = generate();
  const genMs = performance.now() - t;
  // No GC forced here: a forced full GC between loading and evaluating would move the major GC
  // that a real run pays for out of the timed part.
  const dataHeapMb = process.memoryUsage().heapUsed / MB;
  const scheme = compileScheme(presets.standard!);
  const kept: unknown[] = new Array(docs.length);
  let indicators = 0;
  const cpu = process.cpuUsage();
  t = performance.now();
  if (mode !== 'data') {
    const text = mode === 'hold+text';
    for (let i = 0; i < docs.length; i++) {
      const r = evaluateDocument(docs[i] as StrategyDocument, { asOf: AS_OF, scheme, text });
      indicators += r.length;
      if (mode === 'stream') {
        const statuses: string[] = new Array(r.length);
        for (let k = 0; k < statuses.length; k++) statuses[k] = r.statusAt(k).key;
        kept[i] = { summary: r.summary, statuses };
      } else {
        // Reading `results` builds every result object (kept by the DocumentEvaluation).
        if (mode === 'hold+objects' && r.results.length !== r.length) throw new Error('lost results');
        kept[i] = r;
      }
    }
  }
  const evalMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const mem = process.memoryUsage();
  let retainedHeapMb: number | null = null;
  if (gc) {
    gc();
    retainedHeapMb = process.memoryUsage().heapUsed / MB;
  }
  // Keep the data set and the results alive up to here.
  if (docs.length !== MUNICIPALITIES || kept.length !== docs.length) throw new Error('lost data');
  let sample: string | null = null;
  if (mode.startsWith('hold')) {
    const r = kept[0] as ReturnType<typeof evaluateDocument>;
    // Without text, the sentence is rendered on demand from the kept explanation data.
    const e = mode === 'hold' ? r.at(0) : r.results[0];
    if (e) sample = `${e.id} ${e.status.label} — ${e.explanation.text ?? renderExplanation(e)}`;
  }
  const report: ChildReport = {
    mode,
    observations,
    indicators,
    genMs,
    dataHeapMb,
    evalMs,
    evalCpuMs: (used.user + used.system) / 1000,
    heapAfterMb: mem.heapUsed / MB,
    retainedHeapMb,
    rssAfterMb: mem.rss / MB,
    peakRssMb,
    sample,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function spawnChild(mode: Mode): ChildReport {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self], {
    env: { ...process.env, SOUSEI_EVALUATE_BENCH_MODE: mode },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as ChildReport;
}

const LABELS: Record<Mode, string> = {
  data: 'data set only (generated, nothing evaluated)',
  hold: 'HEADLINE: all results held with explanation data (table rows) and summaries; objects and sentences on demand',
  'hold+objects':
    'all results held as objects (IndicatorEvaluation with explanation, no sentence) and summaries',
  'hold+text': 'all results held, every Japanese sentence rendered',
  stream: 'streamed per municipality (results dropped, summaries and status keys kept)',
};

const range = (xs: number[], digits = 0) => {
  const s = [...xs].sort((a, b) => a - b);
  const med = s[Math.floor(s.length / 2)] as number;
  return `${fmt(med, digits)} (${s.map((x) => fmt(x, digits)).join(' / ')})`;
};

export async function run(): Promise<void> {
  const runs = Number(process.env.SOUSEI_EVALUATE_BENCH_RUNS ?? 3);
  console.log(
    `data set: ${fmt(MUNICIPALITIES)} municipalities × ${INDICATORS} indicators × ${YEARS} years = ${fmt(MUNICIPALITIES * INDICATORS * YEARS)} observations (${fmt(MUNICIPALITIES * INDICATORS)} indicators), scheme 標準, as of ${AS_OF}`,
  );
  console.log(
    `one fresh child process per run (${runs} runs per mode, ${os.cpus().length} CPUs); figures: median (each run); peak RSS is the whole child process, data set included`,
  );
  const only = process.env.SOUSEI_EVALUATE_BENCH_MODES?.split(',');
  for (const mode of MODES) {
    if (only && !only.includes(mode)) continue;
    const reports: ChildReport[] = [];
    for (let i = 0; i < runs; i++) reports.push(spawnChild(mode));
    const pick = (f: (r: ChildReport) => number) => reports.map(f);
    console.log(`\n${LABELS[mode]} — load average ${loadavg()}`);
    console.log(
      `  generate: ${range(pick((r) => r.genMs))} ms; heap after generation ${range(pick((r) => r.dataHeapMb))} MB${mode === 'data' ? `, after GC ${range(pick((r) => r.retainedHeapMb ?? Number.NaN))} MB` : ''}`,
    );
    if (mode !== 'data') {
      const first = reports[0] as ChildReport;
      console.log(
        `  evaluate ${fmt(first.indicators)} indicators: wall ${range(pick((r) => r.evalMs))} ms, CPU ${range(pick((r) => r.evalCpuMs))} ms — ${fmt(first.observations / (Math.min(...pick((r) => r.evalMs)) / 1000))} observations/s (best run)`,
      );
      console.log(
        `  heap at end ${range(pick((r) => r.heapAfterMb))} MB, retained after GC ${range(pick((r) => r.retainedHeapMb ?? Number.NaN))} MB`,
      );
    }
    console.log(
      `  peak RSS ${range(pick((r) => r.peakRssMb))} MB (RSS at end ${range(pick((r) => r.rssAfterMb))} MB)`,
    );
    const sample = reports[0]?.sample;
    if (sample) console.log(`  sample: ${sample}`);
  }
}

function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

const childMode = process.env.SOUSEI_EVALUATE_BENCH_MODE as Mode | undefined;
if (childMode) {
  if (!MODES.includes(childMode)) throw new Error(`unknown mode ${childMode}`);
  child(childMode);
}
