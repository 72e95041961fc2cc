import { describe, expect, it } from 'vitest';
import { derivePeriod, figureYears, strategyTimeline } from './strategy-timeline.ts';

const fig = (fiscalYear: number | null, value: number | null = 1) => ({ value, fiscalYear });

describe('strategyTimeline', () => {
  it('a new period with baselines and targets only: as-of is the year before its first, years cover the period', () => {
    const t = strategyTimeline(
      { period: { from: 2025, to: 2029 }, asOf: null },
      figureYears([{ baseline: fig(2023), target: fig(2029), actuals: [] }]),
      2026,
    );
    expect(t).toMatchObject({ period: { from: 2025, to: 2029 }, periodSource: 'stored', asOf: 2024 });
    expect(t.asOfSource).toBe('period');
    expect(t.latestActual).toBeNull();
    expect(t.years).toEqual([2025, 2026, 2027, 2028, 2029]);
  });

  it('figures to R3 and targets for R6 without a stored period: derived period, entry years up to R6', () => {
    const t = strategyTimeline(
      { period: { from: null, to: null }, asOf: null },
      figureYears([
        { baseline: fig(2018), target: fig(2024), actuals: [fig(2019), fig(2020), fig(2021)] },
        { baseline: fig(2017), target: fig(2023), actuals: [fig(2021)] },
      ]),
      2026,
    );
    expect(t.period).toEqual({ from: 2018, to: 2024 });
    expect(t.periodSource).toBe('derived');
    expect(t.asOf).toBe(2021);
    expect(t.asOfSource).toBe('figures');
    expect(t.years).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024]);
  });

  it('a stored as-of wins; years reach back to an earlier actual and on to a later target', () => {
    const t = strategyTimeline(
      { period: { from: 2020, to: 2024 }, asOf: 2022 },
      figureYears([{ target: fig(2026), actuals: [fig(2019), fig(2023)] }]),
      2030,
    );
    expect(t.asOf).toBe(2022);
    expect(t.asOfSource).toBe('stored');
    expect(t.years[0]).toBe(2019);
    expect(t.years.at(-1)).toBe(2026);
  });

  it('pending and valueless actuals are not figures: the as-of year stays before the period', () => {
    const t = strategyTimeline(
      { period: { from: 2025, to: 2029 }, asOf: null },
      figureYears([{ actuals: [{ value: null, fiscalYear: 2025, state: 'pending' as const }] }]),
      2026,
    );
    expect(t.asOf).toBe(2024);
    expect(t.latestActual).toBeNull();
  });

  it('nothing carries a year: the fallback year is the period; one stored end is kept', () => {
    expect(strategyTimeline({ period: null, asOf: null }, figureYears([]), 2026)).toMatchObject({
      period: { from: 2026, to: 2026 },
      asOf: 2025,
      years: [2026],
    });
    expect(
      strategyTimeline(
        { period: { from: 2020, to: null }, asOf: null },
        figureYears([{ target: fig(2024) }]),
        2030,
      ).period,
    ).toEqual({ from: 2020, to: 2024 });
    expect(
      strategyTimeline({ period: { from: null, to: 2024 }, asOf: null }, figureYears([]), 2030).period,
    ).toEqual({
      from: 2024,
      to: 2024,
    });
  });
});

describe('derivePeriod', () => {
  it('is null without years and never inverted', () => {
    expect(derivePeriod(figureYears([{ baseline: fig(null), actuals: [] }]))).toBeNull();
    expect(derivePeriod(figureYears([{ target: fig(2020) }]))).toEqual({ from: 2020, to: 2020 });
    expect(derivePeriod(figureYears([{ baseline: fig(2024), target: fig(2022) }]))).toEqual({
      from: 2022,
      to: 2025,
    });
  });
});
