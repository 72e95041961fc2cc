import { describe, expect, it } from 'vitest';
import { strategyDocumentSchema } from '../interchange.ts';
import { evaluateDocument } from './evaluate.ts';
import { triBits } from './evaluation-table.ts';
import { indicator } from './test-helpers.ts';

// Each indicator exercises one part of the row layout; the table must give it back as written.
const doc = strategyDocumentSchema.parse({
  strategy: { id: 's', name: '第2期', period: { from: 2020, to: 2024 } },
  indicators: [
    // given increase, CAGR growth, forecast, preliminary and calendar figures
    {
      ...indicator({ id: 'inc', direction: 'increase', baseline: [2019, 100], target: [2024, 150] }),
      actuals: [
        { fiscalYear: 2020, value: 110, basis: 'calendar' },
        { fiscalYear: 2021, value: 120.5, state: 'preliminary', basis: 'calendar' },
        { fiscalYear: 2022, value: null, state: 'pending' },
      ],
    },
    // inferred decrease, linear growth (a zero), achieved early
    indicator({ id: 'dec', baseline: [2019, 10], target: [2024, 0], actuals: [[2021, 0]] }),
    // maintain with the target year from the strategy period, default points band
    indicator({
      id: 'keep',
      direction: 'maintain',
      unit: '%',
      baseline: [2019, 70],
      target: [null, 70],
      actuals: [[2021, 75]],
    }),
    // maintain with its own tolerance, inside the band
    indicator({
      id: 'band',
      direction: 'maintain',
      tolerance: 2,
      baseline: [2019, 50],
      target: [2024, 50],
      actuals: [[2021, 51]],
    }),
    // sum of flows: zero baseline before the range, original baseline kept
    indicator({
      id: 'sum',
      aggregation: 'cumulative',
      baseline: [2019, 7],
      target: [2024, 100],
      targetFrom: 2020,
      actuals: [
        [2020, 10],
        [2021, 12],
      ],
    }),
    // running totals, assumed direction (no baseline), no forecast
    indicator({
      id: 'run',
      aggregation: 'cumulative',
      baseline: null,
      target: [2024, 100],
      actuals: [[2021, 40]],
    }),
    // no usable actual: fallback status, every actual-based metric null
    indicator({ id: 'none', baseline: [2019, 1], target: [2024, 2] }),
  ],
});

describe('EvaluationTable', () => {
  const r = evaluateDocument(doc, { asOf: 2021, text: false });
  const x = (i: number) => r.at(i).explanation;

  it('gives back directions, their source, series modes and notes', () => {
    expect([0, 1, 2, 4, 5].map((i) => [x(i).direction, x(i).directionSource, x(i).mode])).toEqual([
      ['increase', 'given', 'latest'],
      ['decrease', 'inferred', 'latest'],
      ['maintain', 'given', 'latest'],
      ['increase', 'inferred', 'sum-of-flows'],
      ['increase', 'assumed', 'running-total'],
    ]);
    expect(x(0).notes).toEqual(['PRELIMINARY', 'CALENDAR_YEAR']);
    expect(x(1).notes).toEqual(['DIRECTION_INFERRED', 'ACHIEVED_EARLY']);
    expect(x(2).notes).toEqual(['TARGET_YEAR_FROM_STRATEGY']);
  });

  it('gives back the compared actual, skipped figures and years used', () => {
    expect(x(0).actual).toEqual({ fiscalYear: 2021, value: 120.5, preliminary: true, calendar: true });
    expect(x(0).skipped).toEqual([{ year: 2022, reason: 'pending' }]);
    expect(x(0).usedYears).toEqual([2020, 2021]);
    expect(x(4).actual).toEqual({ fiscalYear: 2021, value: 22, preliminary: false, calendar: false });
    expect(x(6).actual).toBeNull();
    expect(r.at(6).metrics).toMatchObject({
      achievement: null,
      pace: null,
      willReach: null,
      withinBand: null,
    });
    expect(r.at(6).metricReasons).toMatchObject({
      achievement: 'NO_ACTUAL',
      forecast: 'FORECAST_NEEDS_TWO_YEARS',
    });
  });

  it('rebuilds replaced baselines and targets from the row', () => {
    expect(x(4).baseline).toEqual({ value: 0, fiscalYear: 2019, raw: null });
    expect(x(4).originalBaseline).toMatchObject({ value: 7, fiscalYear: 2019 });
    expect(x(2).target).toEqual({ value: 70, fiscalYear: 2024, raw: null });
    expect(x(0).baseline).toBe(doc.indicators[0]!.baseline);
    expect(x(0).target).toBe(doc.indicators[0]!.target);
  });

  it('gives back tolerances, growth rates and the forecast line', () => {
    expect(x(2).tolerance).toEqual({ value: 3, source: 'default-points' });
    expect(x(3).tolerance).toEqual({ value: 2, source: 'indicator' });
    expect(r.at(3).metrics.withinBand).toBe(true);
    expect(r.at(2).metrics.withinBand).toBe(false);
    expect(x(0).tolerance).toBeNull();
    expect(x(0).growth?.method).toBe('cagr');
    expect(x(0).growth?.ratio).toBe(r.at(0).metrics.cagrRatio);
    expect(x(1).growth?.method).toBe('linear');
    expect(x(2).growth).toBeNull();
    expect(x(5).growth).toEqual({ ratio: 'NO_BASELINE', method: null, observed: null, required: null });
    expect(x(0).forecastPoints).toBe(3);
    expect(x(0).forecastSlope).toBeGreaterThan(0);
    expect(x(5).forecastSlope).toBeNull();
  });

  it('builds a new object on each read of a row', () => {
    expect(r.at(0)).not.toBe(r.at(0));
    expect(r.at(0)).toEqual(r.at(0));
  });

  it('stores booleans and null in two bits', () => {
    expect([null, false, true].map(triBits)).toEqual([0, 1, 2]);
  });
});
