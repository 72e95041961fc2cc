import { describe, expect, it } from 'vitest';
import { type EvaluatedStrategy, EvaluationCache } from './evaluation.ts';

const evaluated = (indicators: number) =>
  ({
    loaded: { doc: { indicators: Array.from({ length: indicators }, (_, i) => ({ id: `k${i}` })) } },
  }) as unknown as EvaluatedStrategy;

describe('EvaluationCache', () => {
  it('serves an entry only for the revision it was made at', () => {
    const cache = new EvaluationCache();
    const v = evaluated(3);
    cache.set('s1|2024|true', 7, v);
    expect(cache.get('s1|2024|true', 7)).toBe(v);
    expect(cache.get('s1|2024|true', 8)).toBeNull();
    expect(cache.get('s1|2025|true', 7)).toBeNull();
  });

  it('is bounded by the indicators it holds, dropping the least recently used first', () => {
    const cache = new EvaluationCache(10);
    cache.set('a', 1, evaluated(4));
    cache.set('b', 1, evaluated(4));
    expect(cache.get('a', 1)).not.toBeNull(); // a is now the most recently used
    cache.set('c', 1, evaluated(4));
    expect(cache.indicators).toBe(8);
    expect(cache.get('b', 1)).toBeNull();
    expect(cache.get('a', 1)).not.toBeNull();
    expect(cache.get('c', 1)).not.toBeNull();
    cache.set('huge', 1, evaluated(11));
    expect(cache.get('huge', 1)).toBeNull();
    expect(cache.indicators).toBe(8);
  });
});
