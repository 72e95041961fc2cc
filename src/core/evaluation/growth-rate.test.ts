import { describe, expect, it } from 'vitest';
import { growthRatio } from './growth-rate.ts';

describe('growthRatio (Open SDG progress ratio)', () => {
  it('compares the observed CAGR with the required one', () => {
    const g = growthRatio('increase', 100, 2015, 110, 2020, 150, 2030);
    const observed = 1.1 ** (1 / 5) - 1;
    const required = 1.5 ** (1 / 15) - 1;
    expect(g.method).toBe('cagr');
    expect(g.observed).toBeCloseTo(observed, 12);
    expect(g.required).toBeCloseTo(required, 12);
    expect(g.ratio).toBeCloseTo(observed / required, 12);
  });

  it('is 1 on the compound path to the target and negative when moving away', () => {
    const onPath = 100 * 1.5 ** (5 / 15);
    expect(growthRatio('increase', 100, 2015, onPath, 2020, 150, 2030).ratio).toBeCloseTo(1, 10);
    expect(growthRatio('increase', 100, 2015, 90, 2020, 150, 2030).ratio).toBeLessThan(0);
  });

  it('keeps the sign meaningful for decrease indicators (d = −1)', () => {
    const g = growthRatio('decrease', 100, 2015, 90, 2020, 50, 2030);
    expect(g.ratio).toBeGreaterThan(0);
    expect(growthRatio('decrease', 100, 2015, 110, 2020, 50, 2030).ratio).toBeLessThan(0);
  });

  it('gives a negative ratio when a target set against the direction is missed further', () => {
    // increase indicator, floor target below the baseline, actual falling: deterioration.
    expect(growthRatio('increase', 100, 2015, 80, 2020, 90, 2030).ratio).toBeLessThan(0);
  });

  it('falls back to linear rates where CAGR is undefined (zero, mixed signs)', () => {
    const z = growthRatio('increase', 0, 2019, 4, 2021, 10, 2024);
    expect(z.method).toBe('linear');
    expect(z.ratio).toBeCloseTo(4 / 2 / (10 / 5), 12);
    expect(growthRatio('increase', -5, 2019, 1, 2021, 5, 2024).method).toBe('linear');
  });

  it('uses magnitudes for all-negative values, so negating values and direction changes nothing', () => {
    const a = growthRatio('increase', 100, 2015, 110, 2020, 150, 2030);
    const b = growthRatio('decrease', -100, 2015, -110, 2020, -150, 2030);
    expect(b.method).toBe('cagr');
    expect(b.ratio).toBe(a.ratio);
  });

  it('returns null with a reason for degenerate inputs', () => {
    expect(growthRatio('increase', 5, 2019, 6, 2021, 5, 2024).ratio).toBe('TARGET_EQUALS_BASELINE');
    expect(growthRatio('increase', 5, 2019, 6, 2019, 9, 2024).ratio).toBe('NO_TIME_ELAPSED');
    expect(growthRatio('increase', 5, 2024, 6, 2025, 9, 2024).ratio).toBe('TARGET_YEAR_NOT_AFTER_BASELINE');
    expect(growthRatio('increase', null, 2019, 6, 2021, 9, 2024).ratio).toBe('NO_BASELINE');
    expect(growthRatio('increase', 5, 2019, null, null, 9, 2024).ratio).toBe('NO_ACTUAL');
    expect(growthRatio('increase', -1e308, 2019, 1e308, 2021, 1.7e308, 2024).ratio).toBe('NUMERIC_OVERFLOW');
  });
});
