/** Small helpers shared by the benchmarks. */
import { seededRandom } from '../src/core/seeded-random.ts';

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns calls per second. */
export function opsPerSecond(fn: () => void, ms = 1000): { ops: number; perSecond: number } {
  const warmUntil = performance.now() + Math.min(300, ms / 3);
  while (performance.now() < warmUntil) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    ops++;
    if ((ops & 63) === 0) now = performance.now();
  }
  now = performance.now();
  return { ops, perSecond: ops / ((now - start) / 1000) };
}

/** Milliseconds taken by `fn` (best of `runs`). */
export async function bestOf<T>(runs: number, fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  let best = Number.POSITIVE_INFINITY;
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, result };
}

/** Resident set size and heap in MB. */
export function memoryMb(): { rss: number; heapUsed: number } {
  const m = process.memoryUsage();
  return { rss: m.rss / 2 ** 20, heapUsed: m.heapUsed / 2 ** 20 };
}

/** A seeded pseudo-random generator, so benchmark data is the same every run. */
export const rng = seededRandom;

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
