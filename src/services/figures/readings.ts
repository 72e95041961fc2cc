/**
 * Readings (読み) of the names in a strategy, so that the tree's search finds 人口 from ｼﾞﾝｺｳ or
 * じんこう. The names of an imported strategy carry no reading, so one is made with a morphological
 * analyser and its dictionary (@sglkc/kuromoji: pure JS, IPADIC shipped in the package, read from
 * disk, no network). Its dictionary holds about 340 MB while loaded, so it is loaded in a worker
 * thread only when names without a known reading are asked for, and the worker ends after: the
 * memory goes back. Readings are kept in memory per name (a bounded cache), katakana as the
 * analyser gives them; unknown words keep their surface form.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { getStrategy, namesInStrategy } from '../../store/strategies.ts';
import { authorize } from '../access.ts';
import type { RequestContext } from '../context.ts';
import { fail, notFound, type Outcome, ok } from '../errors.ts';

const require = createRequire(import.meta.url);

/** The analyser's entry and its dictionary folder, resolved once from node_modules. */
function analyser(): { module: string; dicPath: string } {
  const module = require.resolve('@sglkc/kuromoji');
  return { module, dicPath: join(dirname(require.resolve('@sglkc/kuromoji/package.json')), 'dict') };
}

/** Runs in the worker (CommonJS, evaluated from this string): loads the dictionary, reads every text. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const kuromoji = require(workerData.module);
kuromoji.builder({ dicPath: workerData.dicPath }).build((err, tokenizer) => {
  if (err) return parentPort.postMessage({ error: String(err && err.message || err) });
  const read = (t) => tokenizer.tokenize(t).map((x) => (x.reading && x.reading !== '*' ? x.reading : x.surface_form)).join('');
  parentPort.postMessage({ readings: workerData.texts.map(read) });
});
`;

/** The readings of `texts` (in order), by a worker that loads the dictionary and ends. */
export function readInWorker(texts: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { ...analyser(), texts } });
    let done = false;
    worker.once('message', (m: { readings?: string[]; error?: string }) => {
      done = true;
      void worker.terminate();
      if (m.readings) resolve(m.readings);
      else reject(new Error(`reading analyser failed: ${m.error}`));
    });
    worker.once('error', (e) => {
      done = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`reading analyser exited with code ${code}`));
    });
  });
}

/** Katakana → hiragana (the two compare equal in search). */
const hiragana = (t: string) =>
  t.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

let runs = 0;
/** How many times a worker was started (the cache's test). */
export const workerRuns = () => runs;

const MAX_CACHED = 50_000;
const cache = new Map<string, string>();
/** One worker at a time: concurrent requests wait for the one running, then read the cache. */
let queue: Promise<unknown> = Promise.resolve();

/** The reading of each text (a map text → katakana reading); texts read before come from the cache. */
export async function readingsOf(texts: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(texts.filter((t) => t.trim() !== ''))];
  const run = queue.then(async () => {
    const missing = wanted.filter((t) => !cache.has(t));
    if (missing.length === 0) return;
    runs++;
    const read = await readInWorker(missing);
    if (cache.size + missing.length > MAX_CACHED) cache.clear();
    for (const [i, t] of missing.entries()) cache.set(t, read[i] ?? t);
  });
  queue = run.catch(() => {});
  await run;
  return new Map(wanted.map((t) => [t, cache.get(t) ?? t]));
}

/**
 * The readings of every name in a strategy (goals, measures, projects, indicators): name → reading,
 * only where the reading differs from the name (a name all in kana reads as itself).
 */
export async function strategyReadings(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
): Promise<Outcome<{ readings: Record<string, string> }>> {
  const s = await getStrategy(db, strategyId);
  if (!s) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'read', { municipalityId: s.municipalityId });
  if (denied) return fail(denied);
  const names = await namesInStrategy(db, strategyId);
  const read = await readingsOf(names);
  const readings: Record<string, string> = {};
  for (const [name, reading] of read) if (hiragana(reading) !== hiragana(name)) readings[name] = reading;
  return ok({ readings });
}
