import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppError } from '../errors.ts';
import type { TaskInput, TaskName, TaskOutput } from './offload-tasks.ts';
import { PoolError, WorkerPool } from './worker-pool.ts';

/*
 * Heavy work off the event loop: reading and recognizing a large upload, rendering the documents
 * of a large strategy, writing a backup run in a small pool of worker threads, so that the server
 * keeps answering everyone else meanwhile. Small jobs run in place (a worker's round trip would
 * cost more than they do).
 *
 * SOUSEI_WORKERS: how many workers (default: the cores less one for the event loop, at least 1,
 * at most 8; 0 = no pool, everything in the request's thread). SOUSEI_WORKER_MEMORY_MB: the heap
 * limit of one worker (default 2048): a file that needs more stops its worker, not the server.
 */

/** Jobs waiting for a worker at most; more are refused with 503 (SERVER_BUSY). */
const QUEUE_LIMIT = 32;

/** Workers of the pool for this environment (0: none). */
export function workerCount(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SOUSEI_WORKERS;
  if (raw != null && raw.trim() !== '') {
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 0 && n <= 64) return n;
  }
  return Math.max(1, Math.min(8, availableParallelism() - 1));
}

function memoryLimitMb(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.SOUSEI_WORKER_MEMORY_MB);
  return Number.isInteger(n) && n >= 64 ? n : 2048;
}

/**
 * Starts one worker: the bundled entry beside the bundle (build/cli/offload-worker.mjs), or from
 * the sources the TypeScript entry through tsx.
 */
export function spawnOffloadWorker(): Worker {
  const here = import.meta.url;
  const resourceLimits = { maxOldGenerationSizeMb: memoryLimitMb() };
  if (!here.endsWith('.ts')) return new Worker(new URL('./offload-worker.mjs', here), { resourceLimits });
  // From the sources: tsx's tsImport (ESM API) loads the TypeScript entry inside the worker.
  const require = createRequire(here);
  const tsxPackage = require.resolve('tsx/package.json');
  const exported = (JSON.parse(readFileSync(tsxPackage, 'utf8')) as TsxPackage).exports['./esm/api'].import
    .default;
  return new Worker(
    `const { workerData } = require('node:worker_threads');
     import(workerData.api).then((m) => m.tsImport(workerData.entry, workerData.entry));`,
    {
      eval: true,
      workerData: {
        api: new URL(exported, pathToFileURL(tsxPackage)).href,
        entry: new URL('./offload-worker.ts', here).href,
      },
      resourceLimits,
    },
  );
}

interface TsxPackage {
  exports: { './esm/api': { import: { default: string } } };
}

let pool: WorkerPool | null = null;

function sharedPool(): WorkerPool | null {
  const size = workerCount();
  if (size === 0) return null;
  pool ??= new WorkerPool({ spawn: spawnOffloadWorker, size, queueLimit: QUEUE_LIMIT });
  return pool;
}

/** Workers running and jobs waiting of the shared pool (none started yet: zeros). */
export function offloadStats(): { workers: number; busy: number; queued: number } {
  return pool?.stats() ?? { workers: 0, busy: 0, queued: 0 };
}

/** Time limits of the jobs (a job past its limit has its worker stopped; the answer is 503). */
const TIME_LIMIT_MS: Record<TaskName, number> = {
  previewUpload: 120_000,
  remapUpload: 120_000,
  previewParts: 60_000,
  readEntryWorkbook: 120_000,
  renderStoredReport: 300_000,
  backup: 3_600_000,
};

/**
 * Runs a task: in a worker of the pool when `heavy` and there is a pool, else here. Rejects with
 * PoolError when the pool cannot finish it (see poolFailure); the task's own errors pass through.
 */
export async function runTask<K extends TaskName>(
  name: K,
  input: TaskInput<K>,
  heavy: boolean,
): Promise<TaskOutput<K>> {
  const shared = heavy ? sharedPool() : null;
  if (shared) return shared.run<TaskOutput<K>>(name, input, TIME_LIMIT_MS[name]);
  const { TASKS } = await import('./offload-tasks.ts');
  return (TASKS[name] as (i: TaskInput<K>) => Promise<TaskOutput<K>> | TaskOutput<K>)(input);
}

/** Stops the shared pool's workers (server shutdown); a later job starts a new pool. */
export async function closeOffload(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/** The answer for a job the pool could not finish (503), or null for any other error. */
export function poolFailure(err: unknown): AppError | null {
  if (!(err instanceof PoolError)) return null;
  const why: Record<PoolError['reason'], [string, string]> = {
    busy: ['重い処理が混み合っています', 'Too many heavy jobs are waiting'],
    crashed: [
      '処理中の作業スレッドが停止しました (ファイルが大きすぎる・壊れている可能性があります)',
      'The worker running the job stopped (the file may be too large or damaged)',
    ],
    timeout: ['処理が時間内に終わりませんでした', 'The job did not finish in time'],
    closed: ['サーバーが停止中です', 'The server is shutting down'],
  };
  const [ja, en] = why[err.reason];
  return {
    code: 'SERVER_BUSY',
    message: `${ja}。しばらくしてからもう一度お試しください`,
    messageEn: `${en}; try again later`,
    place: null,
  };
}
