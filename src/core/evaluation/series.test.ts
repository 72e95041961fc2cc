import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figureFiscalYear } from '../fiscal-year.ts';
import type { Aggregation, Figure } from '../interchange.ts';
import { buildSeries, SeriesBuffer, skippedFigure } from './series.ts';

const fig = (fiscalYear: number | null, value: number | null, extra: Partial<Figure> = {}): Figure => ({
  fiscalYear,
  value,
  ...extra,
});

describe('buildSeries', () => {
  it('uses the latest usable year for annual and stock indicators', () => {
    const s = buildSeries([fig(2021, 1320), fig(2020, 1208)], 'annual', null, null);
    expect(s.mode).toBe('latest');
    expect(s.current).toEqual({ fiscalYear: 2021, value: 1320, preliminary: false, calendar: false });
    expect(s.years).toEqual([2020, 2021]);
    expect(buildSeries([fig(2021, 5), fig(2023, 7)], 'stock', null, null).current?.value).toBe(7);
  });

  it('counts only actuals up to asOf', () => {
    const s = buildSeries([fig(2020, 1), fig(2021, 2), fig(2022, 3)], null, null, 2021);
    expect(s.current?.fiscalYear).toBe(2021);
    expect(s.skipped).toEqual([{ year: 2022, reason: 'after_as_of' }]);
  });

  it('skips pending, missing and empty figures, and flags preliminary ones', () => {
    const s = buildSeries(
      [
        fig(2020, 80.2, { state: 'preliminary', raw: '(速報値) 80.2%' }),
        fig(2021, null, { state: 'pending', raw: '令和4年9月 公表予定' }),
        fig(2019, 79, { state: 'missing' }),
        fig(2018, null),
        fig(null, 5),
      ],
      'rate',
      null,
      null,
    );
    expect(s.current).toEqual({ fiscalYear: 2020, value: 80.2, preliminary: true, calendar: false });
    expect(s.skipped.map((x) => x.reason).sort()).toEqual(['missing', 'no_value', 'no_year', 'pending']);
  });

  it('maps calendar-year figures to the fiscal year of the same number', () => {
    expect(figureFiscalYear({ fiscalYear: 2019, basis: 'calendar' })).toBe(2019);
    const s = buildSeries([fig(2019, 11789, { basis: 'calendar' })], 'annual', null, null);
    expect(s.current).toMatchObject({ fiscalYear: 2019, calendar: true });
  });

  it('sums yearly flows toward a cumulative target over a range', () => {
    const target = fig(2024, 2010, { fromYear: 2020 });
    const s = buildSeries([fig(2021, 420), fig(2019, 999), fig(2020, 380)], 'cumulative', target, null);
    expect(s.mode).toBe('sum-of-flows');
    expect(s.sumFrom).toBe(2020);
    expect(s.years).toEqual([2020, 2021]);
    expect(s.values).toEqual([380, 800]);
    expect(s.skipped).toEqual([{ year: 2019, reason: 'before_sum_start' }]);
  });

  it('compares running totals directly', () => {
    const target = fig(2024, 2010, { fromYear: 2020 });
    const s = buildSeries(
      [fig(2020, 380, { fromYear: 2020 }), fig(2021, 800, { fromYear: 2020 })],
      'cumulative',
      target,
      null,
    );
    expect(s.mode).toBe('running-total');
    expect(s.current?.value).toBe(800);
    // Without a range on the target, cumulative actuals are running totals too.
    expect(buildSeries([fig(2020, 5), fig(2021, 6)], 'cumulative', fig(2024, 13), null).current?.value).toBe(
      6,
    );
  });

  it('resolves duplicate years: final beats preliminary, equal states are averaged', () => {
    const s = buildSeries(
      [fig(2020, 10, { state: 'preliminary' }), fig(2020, 12), fig(2021, 3), fig(2021, 5)],
      null,
      null,
      null,
    );
    expect(s.years).toEqual([2020, 2021]);
    expect(s.values).toEqual([12, 4]);
    expect(s.current?.preliminary).toBe(false);
    expect(s.duplicateYears).toEqual([2020, 2021]);
  });

  it('has no current point without usable actuals', () => {
    expect(buildSeries([], 'annual', null, null).current).toBeNull();
  });
});

describe('SeriesBuffer', () => {
  const figure = fc.record({
    fiscalYear: fc.option(fc.integer({ min: 2015, max: 2026 }), { nil: null }),
    value: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }),
    state: fc.constantFrom<Figure['state']>(undefined, 'final', 'preliminary', 'pending', 'missing'),
    basis: fc.constantFrom<Figure['basis']>(undefined, 'calendar'),
    fromYear: fc.constantFrom<number | undefined>(undefined, undefined, 2016),
  });
  const input = fc.record({
    actuals: fc.array(figure, { maxLength: 40 }),
    aggregation: fc.constantFrom<Aggregation | null>(null, 'annual', 'cumulative'),
    fromYear: fc.constantFrom<number | undefined>(undefined, 2017),
    asOf: fc.option(fc.integer({ min: 2015, max: 2026 }), { nil: null }),
  });

  it('gives what buildSeries gives, when reused from series to series (and grown past 16 figures)', () => {
    const buffer = new SeriesBuffer();
    fc.assert(
      fc.property(input, ({ actuals, aggregation, fromYear, asOf }) => {
        const target: Figure = { value: 100, fiscalYear: 2026, ...(fromYear ? { fromYear } : {}) };
        const s = buildSeries(actuals, aggregation, target, asOf);
        buffer.fill(actuals, aggregation, target, asOf);
        expect(Array.from(buffer.years.subarray(0, buffer.n))).toEqual(s.years);
        expect(Array.from(buffer.values.subarray(0, buffer.n))).toEqual(s.values);
        expect(buffer.current()).toEqual(s.current);
        expect([buffer.mode, buffer.sumFrom, buffer.skipped, buffer.duplicateYears]).toEqual([
          s.mode,
          s.sumFrom,
          s.skipped,
          s.duplicateYears,
        ]);
        // The series never depends on the order of the actuals.
        const reversed = buildSeries([...actuals].reverse(), aggregation, target, asOf);
        expect(reversed.values).toEqual(s.values);
        expect(reversed.current).toEqual(s.current);
      }),
    );
  });

  it('shares one frozen object per skipped year and reason', () => {
    expect(skippedFigure(2021, 'pending')).toBe(skippedFigure(2021, 'pending'));
    expect(skippedFigure(null, 'no_year')).toEqual({ year: null, reason: 'no_year' });
    expect(Object.isFrozen(skippedFigure(2021, 'missing'))).toBe(true);
    expect(skippedFigure(-1, 'pending')).toEqual({ year: -1, reason: 'pending' });
  });
});
