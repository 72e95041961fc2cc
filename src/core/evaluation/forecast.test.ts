import { describe, expect, it } from 'vitest';
import { forecastAt } from './forecast.ts';

describe('forecastAt (weighted least squares)', () => {
  it('extends an exact line', () => {
    const f = forecastAt(
      [
        { year: 2019, value: 100 },
        { year: 2020, value: 105 },
        { year: 2021, value: 110 },
      ],
      2024,
    );
    expect(f.value.value).toBeCloseTo(125, 10);
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
    const f = forecastAt(pts, 2024);
    expect(f.slope).toBeCloseTo(slope, 10);
    expect(f.value.value).toBeCloseTo(my + slope * (2024 - mx), 10);
    // An unweighted fit would give a slope of 5; the weighted one leans to the flat recent years.
    expect(f.slope as number).toBeLessThan(5);
  });

  it('needs two distinct years and a target year', () => {
    expect(forecastAt([{ year: 2020, value: 1 }], 2024).value.reason).toBe('FORECAST_NEEDS_TWO_YEARS');
    expect(
      forecastAt(
        [
          { year: 2020, value: 1 },
          { year: 2020, value: 2 },
        ],
        2024,
      ).value.reason,
    ).toBe('FORECAST_NEEDS_TWO_YEARS');
    expect(forecastAt([], null).value.reason).toBe('NO_TARGET_YEAR');
  });

  it('returns null, not Infinity, when values overflow', () => {
    const f = forecastAt(
      [
        { year: 2019, value: -1.7e308 },
        { year: 2020, value: 1.7e308 },
      ],
      2030,
    );
    expect(f.value.value).toBeNull();
    expect(f.value.reason).toBe('NUMERIC_OVERFLOW');
  });
});
