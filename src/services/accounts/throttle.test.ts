import { describe, expect, it } from 'vitest';
import { AttemptThrottle, Semaphore } from './throttle.ts';

describe('AttemptThrottle', () => {
  it('allows up to the limit in the window, then says when to retry', () => {
    const t = new AttemptThrottle({ limit: 3, windowMs: 1000 });
    expect(t.take('a', 0).allowed).toBe(true);
    expect(t.take('a', 100).allowed).toBe(true);
    expect(t.take('a', 200).allowed).toBe(true);
    expect(t.take('a', 300)).toEqual({ allowed: false, retryAfterMs: 700 });
    expect(t.take('b', 300).allowed).toBe(true);
    // The oldest attempt leaves the window at 1000.
    expect(t.take('a', 1001).allowed).toBe(true);
  });

  it('a refunded attempt does not count', () => {
    const t = new AttemptThrottle({ limit: 1, windowMs: 1000 });
    expect(t.take('a', 0).allowed).toBe(true);
    t.refund('a');
    expect(t.take('a', 1).allowed).toBe(true);
    expect(t.take('a', 2).allowed).toBe(false);
  });

  it('forgets the least recently used keys past maxKeys', () => {
    const t = new AttemptThrottle({ limit: 1, windowMs: 1000, maxKeys: 2 });
    t.take('a', 0);
    t.take('b', 0);
    t.take('c', 0);
    expect(t.take('a', 1).allowed).toBe(true);
    expect(t.take('c', 1).allowed).toBe(false);
  });
});

describe('Semaphore', () => {
  it('runs at most `size` tasks at once, in order', async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        s.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          order.push(i);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('releases the slot when a task throws', async () => {
    const s = new Semaphore(1);
    await expect(s.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(s.run(async () => 7)).resolves.toBe(7);
  });
});
