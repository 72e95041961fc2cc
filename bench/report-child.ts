/**
 * One report rendering of a large synthetic strategy in a fresh process, so that its peak
 * memory (`process.resourceUsage().maxRSS`, the whole process) is not mixed with other cases.
 * Run by reports.bench.ts: `node --expose-gc --import tsx bench/report-child.ts KIND FORMAT INDICATORS PROJECTS [retained]`;
 * prints one JSON line. With `retained`, the memory still reachable is measured as well: every
 * 10th piece a full collection, then the heap and the buffers outside it (what the rendering
 * holds, garbage aside; the time of that run is not comparable).
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { evaluateDocument } from '../src/core/evaluation/evaluate.ts';
import { type ReportFormat, type ReportRequestKind, renderReport } from '../src/services/reports/reports.ts';
import { strategy } from './report-fixture.ts';

const [kind, format, indicators, projects, mode] = process.argv.slice(2);
const MB = 2 ** 20;
const doc = strategy(Number(indicators), Number(projects));
const evaluation = evaluateDocument(doc, { asOf: 2023, text: false });
globalThis.gc?.();
const dataRssMb = process.memoryUsage().rss / MB;
/** Heap and outside buffers (zlib's, Buffers') in use. */
const inUse = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // external includes arrayBuffers
};
const dataInUse = inUse();
let retained = 0;
let pieces = 0;
// The process's peak so far is the data's making (the strategy, its parsing and evaluation); the
// rendering's own peak is sampled while it runs (at each piece, and every few milliseconds).
const setupPeakRssMb = process.resourceUsage().maxRSS / 1024;
let renderRss = process.memoryUsage.rss();
const sample = () => {
  renderRss = Math.max(renderRss, process.memoryUsage.rss());
};
const sampler = setInterval(sample, 5);
const t = performance.now();
const r = await renderReport(
  doc,
  evaluation,
  kind as Exclude<ReportRequestKind, 'entry-workbook'>,
  format as ReportFormat,
  {
    date: '2025-06-01',
  },
);
if (!r.ok) throw new Error(r.error.message);
// Written piece by piece as the server writes its answer (each piece after the one before is taken).
let bytes = 0;
const file = r.value;
async function* counted() {
  for await (const chunk of file.chunks) {
    bytes += chunk.length;
    sample();
    if (mode === 'retained' && ++pieces % 10 === 0) {
      globalThis.gc?.();
      retained = Math.max(retained, inUse() - dataInUse);
    }
    yield chunk;
  }
}
await pipeline(Readable.from(counted()), createWriteStream('/dev/null'));
const ms = performance.now() - t;
clearInterval(sampler);
sample();
process.stdout.write(
  `${JSON.stringify({
    kind,
    format,
    ms,
    bytes,
    dataRssMb,
    setupPeakRssMb,
    renderPeakRssMb: renderRss / MB,
    ...(mode === 'retained' ? { retainedMb: retained / MB } : {}),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
