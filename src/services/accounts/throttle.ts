/**
 * Sliding-window attempt counters (sign-in throttling). One per server process; the clock is
 * passed in. Keys are bounded: past `maxKeys` the least recently used key is forgotten, so a flood
 * of distinct names or addresses cannot grow memory without limit.
 *
 * Example: `const t = new AttemptThrottle({ limit: 2, windowMs: 60_000 });`
 * `t.take('a', 0)` → allowed, `t.take('a', 1)` → allowed, `t.take('a', 2)` →
 * `{ allowed: false, retryAfterMs: 59_998 }`; `t.refund('a')` gives the last attempt back.
 */
export class AttemptThrottle {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly options: { limit: number; windowMs: number; maxKeys?: number }) {}

  /** Counts one attempt for `key` at `nowMs`, unless the key is over its limit. */
  take(key: string, nowMs: number): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const { limit, windowMs } = this.options;
    const list = (this.hits.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    this.hits.delete(key);
    if (list.length >= limit) {
      this.hits.set(key, list);
      return { allowed: false, retryAfterMs: Math.max(1, list[0]! + windowMs - nowMs) };
    }
    list.push(nowMs);
    this.hits.set(key, list);
    const max = this.options.maxKeys ?? 10_000;
    while (this.hits.size > max) this.hits.delete(this.hits.keys().next().value!);
    return { allowed: true };
  }

  /** Gives back the most recent attempt of `key` (a successful sign-in does not count). */
  refund(key: string): void {
    const list = this.hits.get(key);
    if (!list) return;
    list.pop();
    if (list.length === 0) this.hits.delete(key);
  }
}

/** A counting semaphore: at most `size` tasks at once, the rest wait in order. */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  /** How many tasks wait for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
