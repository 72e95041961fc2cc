import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { poolFailure } from './offload.ts';
import { PoolError, WorkerPool } from './worker-pool.ts';

/**
 * A worker written for this test (plain JS): `echo` answers its input, `fail` throws, `exit` ends
 * the thread in the middle of the job, `sleep` answers after `input` ms.
 */
const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ id, name, input }) => {
  if (name === 'exit') process.exit(3);
  if (name === 'fail') return parentPort.postMessage({ id, ok: false, error: { name: 'RangeError', message: 'bad ' + input } });
  if (name === 'sleep') await new Promise((r) => setTimeout(r, input));
  parentPort.postMessage({ id, ok: true, value: { echo: input, thread: require('node:worker_threads').threadId } });
});`;

let started = 0;
const spawn = () => {
  started++;
  return new Worker(WORKER, { eval: true });
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

  it('a pool failure is answered as SERVER_BUSY (503) with a message saying what happened', () => {
    const crashed = poolFailure(new PoolError('crashed', 'a worker exited (code 1)'));
    expect(crashed).toMatchObject({ code: 'SERVER_BUSY' });
    expect(crashed?.message).toMatch(/作業スレッドが停止しました/);
    expect(poolFailure(new PoolError('busy', 'full'))?.messageEn).toMatch(/Too many heavy jobs/);
    expect(poolFailure(new Error('other'))).toBeNull();
  });
});
