/**
 * The entry of a worker thread of the pool (services/ops/offload.ts): runs the named task of
 * offload-tasks.ts for each message and answers with its value or its error. Bundled beside the
 * server as build/cli/offload-worker.mjs (scripts/build-cli.mjs); run from the sources through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { TASKS, type TaskName } from './offload-tasks.ts';
import type { WorkerReply } from './worker-pool.ts';

const port = parentPort;
if (!port) throw new Error('offload-worker.ts runs only as a worker thread');

port.on('message', async (job: { id: number; name: TaskName; input: never }) => {
  let reply: WorkerReply;
  try {
    const task = TASKS[job.name] as (input: unknown) => unknown;
    if (typeof task !== 'function') throw new Error(`unknown task: ${String(job.name)}`);
    reply = { id: job.id, ok: true, value: await task(job.input) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = {
      id: job.id,
      ok: false,
      error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) },
    };
  }
  port.postMessage(reply);
});
