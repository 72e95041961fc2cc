import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { poolFailure } from './offload.ts';
import { PoolError, STREAM_WINDOW, Streamed, WorkerPool } from './worker-pool.ts';

/**
 * A worker written for this test (plain JS): `echo` answers its input, `fail` throws, `exit` ends
 * the thread in the middle of the job, `sleep` answers after `input` ms, `stream` answers a head
 * and `input.pieces` pieces as offload-worker.ts does (counting the pieces sent in `input.sent`, a
 * shared counter, when given), failing after `input.failAt` pieces if given.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
const streams = new Map();
parentPort.on('message', async (m) => {
  if (m.more || m.cancel) {
    const s = streams.get(m.id);
    if (!s) return;
    if (m.cancel) s.cancelled = true; else s.credit++;
    const w = s.wake; s.wake = null; w && w();
    return;
  }
  const { id, name, input } = m;
  if (name === 'stream') {
    const s = { credit: ${STREAM_WINDOW}, cancelled: false, wake: null };
    streams.set(id, s);
    parentPort.postMessage({ id, ok: true, value: { head: input.pieces }, stream: true });
    for (let i = 0; i < input.pieces; i++) {
      while (s.credit <= 0 && !s.cancelled) await new Promise((r) => { s.wake = r; });
      if (s.cancelled) break;
      if (i === input.failAt) return parentPort.postMessage({ id, end: true, error: { name: 'RangeError', message: 'piece ' + i } });
      s.credit--;
      if (input.sent) Atomics.add(new Int32Array(input.sent), 0, 1);
      const piece = new Uint8Array([i % 256]);
      parentPort.postMessage({ id, chunk: piece }, [piece.buffer]);
    }
    streams.delete(id);
    return parentPort.postMessage({ id, end: true, cancelled: s.cancelled });
  }
  if (name === 'exit') process.exit(3);
  if (name === 'fail') return parentPort.postMessage({ id, ok: false, error: { name: 'RangeError', message: 'bad ' + input } });
  if (name === 'sleep') await new Promise((r) => setTimeout(r, input));
  parentPort.postMessage({ id, ok: true, value: { echo: input, thread: require('node:worker_threads').threadId } });
});`;

let started = 0;
const spawned: Worker[] = [];
const spawn = () => {
  started++;
  const w = new Worker(WORKER, { eval: true });
  spawned.unshift(w);
  return w;
};
let pool: WorkerPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
  started = 0;
});

describe('worker pool', () => {
  it('answers from a worker; at most `size` workers, started on demand; errors of a job pass through', async () => {
    pool = new WorkerPool({ spawn, size: 2, queueLimit: 10 });
    expect(pool.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => pool!.run<{ echo: number; thread: number }>('sleep', 20 * i, 5_000)),
    );
    expect(answers.map((a) => a.echo)).toEqual([20, 40, 60, 80, 100]);
    expect(new Set(answers.map((a) => a.thread)).size).toBe(2);
    expect(started).toBe(2);
    await expect(pool.run('fail', 'x', 5_000)).rejects.toMatchObject({
      name: 'RangeError',
      message: 'bad x',
    });
    expect(pool.stats()).toEqual({ workers: 2, busy: 0, queued: 0 });
  });

  it('a worker that dies fails its job with `crashed` and is replaced for the next job', async () => {
    pool = new WorkerPool({ spawn, size: 1, queueLimit: 10 });
    const first = await pool.run<{ thread: number }>('echo', 1, 5_000);
    const [crashed, after] = await Promise.allSettled([
      pool.run('exit', null, 5_000),
      pool.run<{ thread: number }>('echo', 2, 5_000),
    ]);
    expect(crashed.status === 'rejected' && crashed.reason).toBeInstanceOf(PoolError);
    expect((crashed as PromiseRejectedResult).reason.reason).toBe('crashed');
    // The job queued behind the crash ran on a new worker.
    expect(after.status === 'fulfilled' && after.value.thread).not.toBe(first.thread);
    expect(started).toBe(2);
  });

  it('a job past its time limit stops its worker (`timeout`); a full queue refuses (`busy`)', async () => {
    pool = new WorkerPool({ spawn, size: 1, queueLimit: 1 });
    const slow = expect(pool.run('sleep', 10_000, 100)).rejects.toMatchObject({ reason: 'timeout' });
    const queued = expect(pool.run('echo', 'queued', 5_000)).resolves.toMatchObject({ echo: 'queued' });
    await expect(pool.run('echo', 'one too many', 5_000)).rejects.toMatchObject({ reason: 'busy' });
    await slow;
    await queued;
    expect(started).toBe(2);
  });

  it('close refuses waiting and later jobs (`closed`)', async () => {
    pool = new WorkerPool({ spawn, size: 1, queueLimit: 5 });
    const running = expect(pool.run('sleep', 5_000, 10_000)).rejects.toMatchObject({ reason: 'closed' });
    const waiting = expect(pool.run('echo', 1, 10_000)).rejects.toMatchObject({ reason: 'closed' });
    await pool.close();
    await running;
    await waiting;
    await expect(pool.run('echo', 2, 1_000)).rejects.toMatchObject({ reason: 'closed' });
  });

  it('a streamed job: head, then pieces in order, never more than the window ahead of the reader', async () => {
    pool = new WorkerPool({ spawn, size: 1, queueLimit: 5 });
    const sent = new SharedArrayBuffer(4);
    const got = await pool.run<Streamed<{ head: number }>>('stream', { pieces: 40, sent }, 5_000);
    expect(got).toBeInstanceOf(Streamed);
    expect(got.head).toEqual({ head: 40 });
    // The worker is busy until the last piece is read.
    expect(pool.stats().busy).toBe(1);
    const order: number[] = [];
    const ahead: number[] = [];
    for await (const piece of got.chunks) {
      order.push(piece[0]!);
      await new Promise((r) => setTimeout(r, 5)); // a slow reader
      ahead.push(Atomics.load(new Int32Array(sent), 0) - order.length);
    }
    expect(order).toEqual([...Array(40).keys()]);
    // Sent but not yet read: at most the window (a reader that took none gets a window's worth).
    expect(Math.max(...ahead)).toBeLessThanOrEqual(STREAM_WINDOW);
    expect(Math.max(...ahead)).toBeGreaterThan(0);
    expect(pool.stats()).toEqual({ workers: 1, busy: 0, queued: 0 });
  });

  it('a reader that stops early frees the worker; an error in the middle reaches the reader', async () => {
    pool = new WorkerPool({ spawn, size: 1, queueLimit: 5 });
    const got = await pool.run<Streamed>('stream', { pieces: 1_000 }, 5_000);
    let read = 0;
    for await (const _ of got.chunks) if (++read === 3) break;
    // The next job runs on the same worker once the stopped one has ended.
    await expect(pool.run('echo', 'next', 5_000)).resolves.toMatchObject({ echo: 'next' });
    expect(started).toBe(1);
    const failing = await pool.run<Streamed>('stream', { pieces: 10, failAt: 6 }, 5_000);
    const pieces: Uint8Array[] = [];
    await expect(
      (async () => {
        for await (const p of failing.chunks) pieces.push(p);
      })(),
    ).rejects.toMatchObject({ name: 'RangeError', message: 'piece 6' });
    expect(pieces).toHaveLength(6);
    // A worker that dies while streaming fails the reader with `crashed`.
    const dying = await pool.run<Streamed>('stream', { pieces: 1_000 }, 5_000);
    const reading = (async () => {
      for await (const _ of dying.chunks) await new Promise((r) => setTimeout(r, 50));
    })();
    const [worker] = spawned;
    await worker!.terminate();
    await expect(reading).rejects.toMatchObject({ reason: 'crashed' });
  });

  it('a pool failure is answered as SERVER_BUSY (503) with a message saying what happened', () => {
    const crashed = poolFailure(new PoolError('crashed', 'a worker exited (code 1)'));
    expect(crashed).toMatchObject({ code: 'SERVER_BUSY' });
    expect(crashed?.message).toMatch(/作業スレッドが停止しました/);
    expect(poolFailure(new PoolError('busy', 'full'))?.messageEn).toMatch(/Too many heavy jobs/);
    expect(poolFailure(new Error('other'))).toBeNull();
  });
});
