/**
 * Evaluation at national scale: 1,741 municipalities × 150 indicators × 10 fiscal years
 * (≈ 2.6 million observations), generated here from a seeded generator. Prints the time, the
 * observations per second, peak RSS and heap, for bulk evaluation (explanation data only) and
 * with every Japanese sentence rendered.
 */
import os from 'node:os';
import { evaluateDocument } from '../src/core/evaluation/evaluate.ts';
import { presets } from '../src/core/evaluation/presets.ts';
import { compileScheme } from '../src/core/evaluation/status-scheme.ts';
import type { Direction, Figure, Indicator, StrategyDocument } from '../src/core/interchange.ts';
import { fmt, memoryMb, rng } from './util.ts';

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

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

type Mode = 'stream' | 'hold' | 'hold+text';

/**
 * One pass over every municipality. `stream`: each municipality's per-indicator results are
 * dropped once evaluated (as a service writing them to storage would), keeping the summaries and
 * the status keys; `hold`: every result with its explanation data is kept; `hold+text`: the same
 * with every Japanese sentence rendered.
 */
function pass(docs: StrategyDocument[], mode: Mode, scheme: ReturnType<typeof compileScheme>) {
  const text = mode === 'hold+text';
  const kept: unknown[] = new Array(docs.length);
  let indicators = 0;
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < docs.length; i++) {
    const r = evaluateDocument(docs[i] as StrategyDocument, { asOf: AS_OF, scheme, text });
    indicators += r.results.length;
    kept[i] = mode === 'stream' ? { summary: r.summary, statuses: r.results.map((x) => x.status.key) } : r;
  }
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, indicators, kept };
}

export async function run(): Promise<void> {
  const t = performance.now();
  const { docs, observations } = generate();
  const genMs = performance.now() - t;
  const afterGen = memoryMb();
  console.log(
    `data set: ${fmt(MUNICIPALITIES)} municipalities × ${INDICATORS} indicators × ${YEARS} years = ${fmt(observations)} observations (${fmt(MUNICIPALITIES * INDICATORS)} indicators), generated in ${fmt(genMs)} ms; heap ${fmt(afterGen.heapUsed)} MB, RSS ${fmt(afterGen.rss)} MB`,
  );
  const scheme = compileScheme(presets.standard!);
  // Warm-up on a few municipalities so the JIT has seen the code.
  for (let i = 0; i < 20; i++)
    evaluateDocument(docs[i] as StrategyDocument, { asOf: AS_OF, scheme, text: true });

  const labels: Record<Mode, string> = {
    stream: 'streamed (results dropped per municipality, summaries kept)',
    hold: 'all results held (explanation data, sentences on demand)',
    'hold+text': 'all results held, every Japanese sentence rendered',
  };
  for (const mode of ['stream', 'hold', 'hold+text'] as Mode[]) {
    let r = pass(docs, mode, scheme);
    const mem = memoryMb();
    console.log(
      `evaluate, ${labels[mode]}: ${fmt(r.indicators)} indicators in ${fmt(r.ms)} ms wall (${fmt(r.cpuMs)} ms CPU) — ${fmt(observations / (r.ms / 1000))} observations/s; heap ${fmt(mem.heapUsed)} MB, RSS ${fmt(mem.rss)} MB, peak RSS so far ${fmt(peakRssMb())} MB`,
    );
    if (mode === 'hold+text') {
      const sample = (r.kept[0] as ReturnType<typeof evaluateDocument>).results[0];
      console.log(`  sample: ${sample?.id} ${sample?.status.label} — ${sample?.explanation.text}`);
    }
    r = undefined as never;
  }
  console.log(`peak RSS over the run: ${fmt(peakRssMb())} MB (load average ${loadavg()})`);
}

function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}
