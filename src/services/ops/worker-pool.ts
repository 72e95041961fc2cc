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

/** What a worker answers for one job. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

interface Job {
  id: number;
  name: string;
  input: unknown;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
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

  /** Runs `name` with `input` in a worker; rejects with PoolError when the pool cannot finish it. */
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
      s.job?.reject(new PoolError('closed', 'the worker pool is shut down'));
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
      if (slot.timer) clearTimeout(slot.timer);
      slot.job = null;
      slot.timer = null;
      worker.unref();
      if (reply.ok) job.resolve(reply.value);
      else {
        const err = new Error(reply.error.message);
        err.name = reply.error.name;
        if (reply.error.stack) err.stack = reply.error.stack;
        job.reject(err);
      }
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
    if (!this.closed) this.dispatch();
  }
}
