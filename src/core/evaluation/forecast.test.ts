import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastAt, forecastLine } from './forecast.ts';

describe('forecastAt (weighted least squares)', () => {
  it('extends an exact line', () => {
    const f = forecastAt([2019, 2020, 2021], [100, 105, 110], 2024);
    expect(f.value).toBeCloseTo(125, 10);
    expect(f.slope).toBeCloseTo(5, 12);
    expect(f.points).toBe(3);
  });

  it('weighs recent years more (w = 1 + year − earliest year)', () => {
    const pts = [
      { year: 2019, value: 0 },
      { year: 2020, value: 10 },
      { year: 2021, value: 10 },
    ];
    // Weighted by hand: w = 1, 2, 3.
    const w = [1, 2, 3];
    const sw = 6;
    const mx = (2019 * 1 + 2020 * 2 + 2021 * 3) / sw;
    const my = (0 + 20 + 30) / sw;
    let sxx = 0;
    let sxy = 0;
    pts.forEach((p, i) => {
      sxx += (w[i] as number) * (p.year - mx) ** 2;
      sxy += (w[i] as number) * (p.year - mx) * (p.value - my);
    });
    const slope = sxy / sxx;
    const f = forecastAt(
      pts.map((p) => p.year),
      pts.map((p) => p.value),
      2024,
    );
    // The same with the first point given as the leading (baseline) point.
    expect(forecastAt([2020, 2021], [10, 10], 2024, { year: 2019, value: 0 })).toEqual(f);
    expect(f.slope).toBeCloseTo(slope, 10);
    expect(f.value).toBeCloseTo(my + slope * (2024 - mx), 10);
    // An unweighted fit would give a slope of 5; the weighted one leans to the flat recent years.
    expect(f.slope as number).toBeLessThan(5);
  });

  it('needs two distinct years and a target year', () => {
    expect(forecastAt([2020], [1], 2024).value).toBe('FORECAST_NEEDS_TWO_YEARS');
    expect(forecastAt([2020], [2], 2024, { year: 2020, value: 1 }).value).toBe('FORECAST_NEEDS_TWO_YEARS');
    expect(forecastAt([], [], null).value).toBe('NO_TARGET_YEAR');
  });

  it('returns null, not Infinity, when values overflow', () => {
    const f = forecastAt([2019, 2020], [-1.7e308, 1.7e308], 2030);
    expect(f.value).toBe('NUMERIC_OVERFLOW');
  });
});

describe('forecastLine', () => {
  it('equals forecastAt over the first n entries of typed arrays, with the lead given as numbers', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2010, max: 2030 }), { maxLength: 8 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.option(fc.integer({ min: 2000, max: 2009 }), { nil: null }),
        fc.option(fc.integer({ min: 2020, max: 2040 }), { nil: null }),
        (unsorted, vals, leadYear, year) => {
          const years = [...unsorted].sort((a, b) => a - b);
          const values = vals.slice(0, years.length);
          const lead = leadYear == null ? null : { year: leadYear, value: vals[7] as number };
          const expected = forecastAt(years, values, year, lead);
          const ys = new Float64Array([...years, 9999]);
          const vs = new Float64Array([...values, 1]);
          expect(forecastLine(ys, vs, years.length, year, leadYear, vals[7] as number)).toEqual(expected);
        },
      ),
    );
  });
});
