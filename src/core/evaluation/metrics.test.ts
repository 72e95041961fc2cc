import { describe, expect, it } from 'vitest';
import {
  achievement,
  elapsedShare,
  expectedValue,
  finite,
  isAtTarget,
  isPercentUnit,
  metricReasonOf,
  metricValue,
  pace,
  ratio,
  resolveTolerance,
} from './metrics.ts';

describe('achievement', () => {
  it('is (actual − baseline) / (target − baseline) for increase', () => {
    expect(achievement('increase', 1563, 1602, 1320, false, null)).toBeCloseTo(-243 / 39, 12);
    expect(achievement('increase', 10, 14, 12, false, null)).toBe(0.5);
  });

  it('uses the same formula for decrease: 0 at the baseline, 1 at the target', () => {
    expect(achievement('decrease', 100, 80, 90, false, null)).toBe(0.5);
    expect(achievement('decrease', 100, 80, 100, false, null)).toBe(0);
    expect(achievement('decrease', 100, 80, 110, false, null)).toBe(-0.5);
  });

  it('handles zero and negative baselines and targets', () => {
    expect(achievement('increase', 0, 10, 5, false, null)).toBe(0.5);
    expect(achievement('increase', -10, 0, -5, false, null)).toBe(0.5);
    expect(achievement('decrease', 5, -5, 0, false, null)).toBe(0.5);
  });

  it('returns null with a reason instead of dividing by zero', () => {
    expect(achievement('increase', 10, 10, 12, false, null)).toBe('TARGET_EQUALS_BASELINE');
    expect(achievement('increase', null, 10, 12, false, null)).toBe('NO_BASELINE');
    expect(achievement('increase', 1, null, 12, false, null)).toBe('NO_TARGET');
    expect(achievement('increase', 1, 2, null, false, null)).toBe('NO_ACTUAL');
  });

  it('stays direction-aware when the target lies against the direction (a floor)', () => {
    // Population 55,000 → keep at least 53,000: lower actuals are worse, the target scores 1.
    expect(achievement('increase', 55000, 53000, 53000, true, null)).toBe(1);
    expect(achievement('increase', 55000, 53000, 52000, true, null)).toBe(0.5);
    expect(achievement('increase', 55000, 53000, 51000, true, null)).toBe(0);
  });

  it('scores maintain indicators by a band: 1 inside, tolerance / deviation outside', () => {
    expect(achievement('maintain', 73.6, 76, 74, false, 3)).toBe(1);
    expect(achievement('maintain', 73.6, 76, 82, false, 3)).toBe(0.5);
    expect(achievement('maintain', 5, 5, 6, false, 0)).toBe(0);
    expect(achievement('maintain', 5, 5, 5, false, 0)).toBe(1);
  });
});

describe('ratio', () => {
  it('is actual / target, and target / actual for decrease', () => {
    expect(ratio('increase', 1320, 1602)).toBeCloseTo(0.824, 3);
    expect(ratio('decrease', 125, 100)).toBe(0.8);
    expect(ratio('decrease', 0, 0)).toBe(1);
  });

  it('is null for non-positive denominators', () => {
    expect(ratio('increase', 5, 0)).toBe('RATIO_NEEDS_POSITIVE_VALUES');
    expect(ratio('increase', 5, -3)).toBe('RATIO_NEEDS_POSITIVE_VALUES');
    expect(ratio('decrease', 0, 5)).toBe('RATIO_NEEDS_POSITIVE_VALUES');
    expect(ratio('decrease', -1, 5)).toBe('RATIO_NEEDS_POSITIVE_VALUES');
  });
});

describe('elapsedShare, pace and expected value', () => {
  it('measures the share of the period on the straight line from baseline year to target year', () => {
    expect(elapsedShare(2019, 2024, 2021)).toBe(0.4);
    expect(elapsedShare(2019, 2024, 2026)).toBe(1);
  });

  it('is null before or at the baseline year and for bad periods', () => {
    expect(elapsedShare(2019, 2024, 2019)).toBe('NO_TIME_ELAPSED');
    expect(elapsedShare(2019, 2024, 2018)).toBe('ACTUAL_BEFORE_BASELINE');
    expect(elapsedShare(2024, 2024, 2025)).toBe('TARGET_YEAR_NOT_AFTER_BASELINE');
    expect(elapsedShare(null, 2024, 2025)).toBe('NO_BASELINE_YEAR');
    expect(elapsedShare(2019, null, 2025)).toBe('NO_TARGET_YEAR');
  });

  it('divides achievement by the elapsed share', () => {
    const a = achievement('increase', 1563, 1602, 1320, false, null);
    const p = pace('increase', a, elapsedShare(2019, 2024, 2021));
    expect(p).toBeCloseTo(-243 / 39 / 0.4, 10);
    expect(pace('increase', 0.5, 'NO_TIME_ELAPSED')).toBe('NO_TIME_ELAPSED');
    expect(pace('maintain', 0.5, 'NO_BASELINE_YEAR')).toBe(0.5);
  });

  it('gives the value expected on the line', () => {
    expect(expectedValue('increase', 1563, 1602, 0.4)).toBeCloseTo(1578.6, 10);
    expect(expectedValue('maintain', 70, 76, 0.4)).toBe(76);
  });
});

describe('targets, tolerance and finiteness', () => {
  it('knows when a target is met for each direction', () => {
    expect(isAtTarget('increase', 14, 14, null)).toBe(true);
    expect(isAtTarget('decrease', 95, 100, null)).toBe(true);
    expect(isAtTarget('decrease', 101, 100, null)).toBe(false);
    expect(isAtTarget('maintain', 78.9, 76, 3)).toBe(true);
    expect(isAtTarget('maintain', 79.1, 76, 3)).toBe(false);
  });

  it('defaults the band to ±3 points for percentages, else ±3% of the target', () => {
    expect(resolveTolerance(null, '%', 76, 73.6)).toEqual({ tolerance: 3, source: 'default-points' });
    expect(resolveTolerance(null, '人', 1000, null)).toEqual({ tolerance: 30, source: 'default-relative' });
    expect(resolveTolerance(null, '人', null, -200)).toEqual({ tolerance: 6, source: 'default-relative' });
    expect(resolveTolerance(2, '%', 76, 73.6)).toEqual({ tolerance: 2, source: 'indicator' });
    expect(resolveTolerance(null, '%', 76, 73.6, { percentPoints: 1, relative: 0.1 }).tolerance).toBe(1);
    expect(isPercentUnit('％')).toBe(true);
    expect(isPercentUnit('人')).toBe(false);
  });

  it('turns overflow into null', () => {
    expect(finite(Number.POSITIVE_INFINITY)).toBe('NUMERIC_OVERFLOW');
    expect(finite(Number.NaN)).toBe('NUMERIC_OVERFLOW');
    expect(Object.is(finite(-0), 0)).toBe(true);
    expect(metricValue(finite(2))).toBe(2);
    expect(metricValue('NO_BASELINE')).toBeNull();
    expect(metricReasonOf('NO_BASELINE')).toBe('NO_BASELINE');
    expect(metricReasonOf(0)).toBeNull();
    expect(achievement('increase', -1.7e308, 1.7e308, 0, false, null)).toBe('NUMERIC_OVERFLOW');
  });
});

describe('isAtTarget with computed values', () => {
  it('counts a forecast a rounding error short of the target as reaching it', () => {
    expect(isAtTarget('increase', 19.999999999999996, 20, null)).toBe(true);
    expect(isAtTarget('decrease', 80.00000000000001, 80, null)).toBe(true);
    expect(isAtTarget('increase', 19.99, 20, null)).toBe(false);
    expect(isAtTarget('decrease', 80.01, 80, null)).toBe(false);
  });
});
