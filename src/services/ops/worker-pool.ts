import type { Worker } from 'node:worker_threads';

/** Why a job did not finish in a worker: the pool was full, the worker died or ran too long, or shut down. */
export type PoolFailure = 'busy' | 'crashed' | 'timeout' | 'closed';

/** A job the pool could not finish (the server answers 503; the pool replaces the worker). */
export class PoolError extends Error {
  constructor(
    readonly reason: PoolFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PoolError';
  }
}

/** An error as a worker reports it. */
export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
}

/**
 * What a worker answers for one job: its value or its error; for a job whose value is a
 * {@link Streamed}, its head (`stream: true`), then its pieces one message each (`chunk`, the bytes
 * transferred, not copied), then `end` (with the error that stopped it, if any).
 */
export type WorkerReply =
  | { id: number; ok: true; value: unknown; stream?: boolean }
  | { id: number; ok: false; error: WorkerError }
  | { id: number; chunk: Uint8Array }
  | { id: number; end: true; error?: WorkerError };

/** What the pool tells a worker about a streamed job: one more piece may come, or no more are wanted. */
export type StreamControl = { id: number; more: true } | { id: number; cancel: true };

/**
 * A task's value made of a head (plain data) and pieces of bytes made as they are read: from a
 * worker, the pieces come back one message each, at most {@link STREAM_WINDOW} ahead of the reader.
 */
export class Streamed<H = unknown> {
  constructor(
    readonly head: H,
    readonly chunks: AsyncIterable<Uint8Array>,
  ) {}
}

/** Pieces a worker may send ahead of the reader (the memory a slow reader costs: a few pieces). */
export const STREAM_WINDOW = 4;

/** An error from a worker's report, with its name and stack. */
export function workerError(e: WorkerError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

/** The pieces of a streamed job as they arrive from the worker: one reader, in order. */
class ChunkSink implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private waiting: { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: Error) => void } | null =
    null;
  private ended = false;
  private error: Error | null = null;
  constructor(private readonly control: (message: 'more' | 'cancel') => void) {}
  push(chunk: Uint8Array): void {
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      this.control('more');
      w.resolve({ value: chunk, done: false });
    } else this.queue.push(chunk);
  }
  end(error: Error | null): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    const w = this.waiting;
    this.waiting = null;
    if (w && error) w.reject(error);
    else w?.resolve({ value: undefined, done: true });
  }
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => {
        const chunk = this.queue.shift();
        if (chunk) {
          if (!this.ended) this.control('more');
          return Promise.resolve({ value: chunk, done: false });
        }
        if (this.error) return Promise.reject(this.error);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = { resolve, reject };
        });
      },
      return: () => {
        // The reader stopped early (e.g. the client went away): the worker stops making pieces.
        if (!this.ended) this.control('cancel');
        this.ended = true;
        this.queue.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

interface Job {
  id: number;
  name: string;
  input: unknown;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  /** A streamed job's pieces, once its head has come. */
  sink?: ChunkSink;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export interface PoolOptions {
  /** Starts one worker (which answers `{ id, name, input }` messages with a WorkerReply). */
  spawn: () => Worker;
  /** Workers at most (started on demand, kept while the process lives, never keeping it alive). */
  size: number;
  /** Jobs waiting for a worker at most; one more is refused with `busy`. */
  queueLimit: number;
}

/**
 * A small pool of worker threads with a queue: one job per worker at a time; a worker that exits
 * or errors is dropped (its job rejected with `crashed`) and a new one is started for the next job;
 * a job running past its time limit has its worker terminated (`timeout`). Idle workers are unref'd,
 * so an idle pool never keeps the process alive; `close()` terminates them.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /**
   * Runs `name` with `input` in a worker; rejects with PoolError when the pool cannot finish it. A
   * task answering a {@link Streamed} resolves with one whose pieces come from the worker as they
   * are read (the worker stays busy until the last is read, or the reader stops).
   */
  run<T>(name: string, input: unknown, timeoutMs: number): Promise<T> {
    if (this.closed) return Promise.reject(new PoolError('closed', 'the worker pool is shut down'));
    if (this.queue.length >= this.options.queueLimit)
      return Promise.reject(
        new PoolError('busy', `the worker pool is full (${this.options.queueLimit} jobs waiting)`),
      );
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        name,
        input,
        timeoutMs,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.dispatch();
    });
  }

  /** Workers started and jobs waiting (for metrics and tests). */
  stats(): { workers: number; busy: number; queued: number } {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
    };
  }

  /** Refuses the waiting jobs, terminates the workers (a running job is rejected with `closed`). */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.reject(new PoolError('closed', 'the worker pool is shut down'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.timer) clearTimeout(s.timer);
      const err = new PoolError('closed', 'the worker pool is shut down');
      s.job?.reject(err);
      s.job?.sink?.end(err);
      s.job = null;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.options.size) return;
        slot = this.start();
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => {
        this.drop(slot!, new PoolError('timeout', `the job ${job.name} ran longer than ${job.timeoutMs} ms`));
        void slot!.worker.terminate();
      }, job.timeoutMs);
      slot.timer.unref();
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, name: job.name, input: job.input });
    }
  }

  private start(): Slot {
    const worker = this.options.spawn();
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (!job || reply.id !== job.id) return;
      if ('chunk' in reply) return job.sink?.push(reply.chunk);
      if ('ok' in reply && reply.ok && reply.stream) {
        // The head of a streamed job: the worker stays busy with it until its end.
        const control = (m: 'more' | 'cancel') =>
          worker.postMessage(
            (m === 'more'
              ? { id: job.id, more: true }
              : { id: job.id, cancel: true }) satisfies StreamControl,
          );
        job.sink = new ChunkSink(control);
        return job.resolve(new Streamed(reply.value, job.sink));
      }
      if (slot.timer) clearTimeout(slot.timer);
      slot.job = null;
      slot.timer = null;
      worker.unref();
      if ('end' in reply) job.sink?.end(reply.error ? workerError(reply.error) : null);
      else if (reply.ok) job.resolve(reply.value);
      else job.reject(workerError(reply.error));
      this.dispatch();
    });
    worker.on('error', (err) =>
      this.drop(slot, new PoolError('crashed', `a worker stopped with an error: ${err.message}`)),
    );
    worker.on('exit', (code) => this.drop(slot, new PoolError('crashed', `a worker exited (code ${code})`)));
    // After the listeners (adding one refs the worker's port again): an idle worker keeps nobody
    // alive; a busy one does (dispatch refs it, the answer unrefs it).
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** Forgets a worker that died or was stopped; rejects its job; starts work on the others. */
  private drop(slot: Slot, err: PoolError): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    if (slot.timer) clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    job?.reject(err);
    job?.sink?.end(err);
    if (!this.closed) this.dispatch();
  }
}
