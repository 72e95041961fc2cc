import { finite, type Metric } from './metrics.ts';

/** A year and a value. */
export interface YearValue {
  year: number;
  value: number;
}

/** A weighted least-squares line and its value at the requested year. */
export interface Forecast {
  /** Value expected at `year` (見込み), or null with the reason. */
  value: Metric;
  /** Change per year of the fitted line, or null. */
  slope: number | null;
  /** Number of points used. */
  points: number;
}

/**
 * Forecast (見込み): the value expected at `year` on a weighted least-squares line through the
 * points — an optional leading point (the baseline) and the series `years`/`values` (sorted by
 * year, as series.ts builds them). Recent years weigh more, linearly in time:
 * w = 1 + (year − earliest year), so in a 2019–2023 series 2019 weighs 1 and 2023 weighs 5.
 * Needs at least two distinct years.
 *
 * @example forecastAt([2021], [110], 2024, { year: 2019, value: 100 }).value // 125
 */
export function forecastAt(
  years: readonly number[],
  values: readonly number[],
  year: number | null,
  lead: YearValue | null = null,
): Forecast {
  return forecastLine(years, values, years.length, year, lead ? lead.year : null, lead ? lead.value : 0);
}

/**
 * {@link forecastAt} over the first `n` entries of `years`/`values` (plain or typed arrays), the
 * leading point given as two numbers (`leadYear` null: none), so that callers allocate nothing
 * but the result.
 *
 * @example forecastLine(new Float64Array([2021]), new Float64Array([110]), 1, 2024, 2019, 100).value // 125
 */
export function forecastLine(
  years: ArrayLike<number>,
  values: ArrayLike<number>,
  n: number,
  year: number | null,
  leadYear: number | null,
  leadValue: number,
): Forecast {
  const hasLead = leadYear != null;
  const points = n + (hasLead ? 1 : 0);
  if (year == null) return { value: 'NO_TARGET_YEAR', slope: null, points };
  if (points < 2) return { value: 'FORECAST_NEEDS_TWO_YEARS', slope: null, points };
  let first = hasLead ? leadYear : Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) if ((years[i] as number) < first) first = years[i] as number;
  // Weighted means. Floating-point sums depend on the order of their terms: the points come
  // sorted by year, so results do not depend on the order the actuals were written in.
  let sw = 0;
  let sx = 0;
  let sy = 0;
  if (hasLead) {
    const w = 1 + (leadYear - first);
    sw += w;
    sx += w * leadYear;
    sy += w * leadValue;
  }
  for (let i = 0; i < n; i++) {
    const x = years[i] as number;
    const w = 1 + (x - first);
    sw += w;
    sx += w * x;
    sy += w * (values[i] as number);
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  if (hasLead) {
    const w = 1 + (leadYear - first);
    const dx = leadYear - mx;
    sxx += w * dx * dx;
    sxy += w * dx * (leadValue - my);
  }
  for (let i = 0; i < n; i++) {
    const x = years[i] as number;
    const w = 1 + (x - first);
    const dx = x - mx;
    sxx += w * dx * dx;
    sxy += w * dx * ((values[i] as number) - my);
  }
  if (sxx === 0) return { value: 'FORECAST_NEEDS_TWO_YEARS', slope: null, points };
  const slope = sxy / sxx;
  const value = finite(my + slope * (year - mx));
  return { value, slope: Number.isFinite(slope) ? slope : null, points };
}
