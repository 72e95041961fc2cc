/**
 * The entry of a worker thread of the pool (services/ops/offload.ts): runs the named task of
 * offload-tasks.ts for each message and answers with its value or its error. A task answering a
 * Streamed sends its head, then its pieces one message each (transferred), at most STREAM_WINDOW
 * ahead of the reader, then its end. Bundled beside the server as build/cli/offload-worker.mjs
 * (scripts/build-cli.mjs); run from the sources through tsx.
 */
import { parentPort } from 'node:worker_threads';
import { TASKS, type TaskName } from './offload-tasks.ts';
import {
  STREAM_WINDOW,
  type StreamControl,
  Streamed,
  type WorkerError,
  type WorkerReply,
} from './worker-pool.ts';

const port = parentPort;
if (!port) throw new Error('offload-worker.ts runs only as a worker thread');

/** The streamed job being sent: pieces it may still send ahead, whether the reader stopped. */
const streams = new Map<number, { credit: number; cancelled: boolean; wake: (() => void) | null }>();

function reported(err: unknown): WorkerError {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

/** A piece with an ArrayBuffer of its own (a pooled Buffer's is shared): transferable. */
function own(chunk: Uint8Array): Uint8Array {
  return chunk.byteOffset === 0 &&
    chunk.byteLength === chunk.buffer.byteLength &&
    !(chunk.buffer instanceof SharedArrayBuffer)
    ? chunk
    : new Uint8Array(chunk);
}

async function send(id: number, chunks: AsyncIterable<Uint8Array>): Promise<WorkerReply> {
  const s = { credit: STREAM_WINDOW, cancelled: false, wake: null as (() => void) | null };
  streams.set(id, s);
  try {
    for await (const chunk of chunks) {
      while (s.credit <= 0 && !s.cancelled)
        await new Promise<void>((resolve) => {
          s.wake = resolve;
        });
      if (s.cancelled) break;
      s.credit--;
      const piece = own(chunk);
      port!.postMessage({ id, chunk: piece } satisfies WorkerReply, [piece.buffer as ArrayBuffer]);
    }
    return { id, end: true };
  } catch (err) {
    return { id, end: true, error: reported(err) };
  } finally {
    streams.delete(id);
  }
}

port.on('message', async (message: { id: number; name: TaskName; input: never } | StreamControl) => {
  if ('more' in message || 'cancel' in message) {
    const s = streams.get(message.id);
    if (!s) return;
    if ('cancel' in message) s.cancelled = true;
    else s.credit++;
    const wake = s.wake;
    s.wake = null;
    wake?.();
    return;
  }
  const job = message;
  let reply: WorkerReply;
  try {
    const task = TASKS[job.name] as (input: unknown) => unknown;
    if (typeof task !== 'function') throw new Error(`unknown task: ${String(job.name)}`);
    const value = await task(job.input);
    if (value instanceof Streamed) {
      port.postMessage({ id: job.id, ok: true, value: value.head, stream: true } satisfies WorkerReply);
      reply = await send(job.id, value.chunks);
    } else reply = { id: job.id, ok: true, value };
  } catch (err) {
    reply = { id: job.id, ok: false, error: reported(err) };
  }
  port.postMessage(reply);
});
