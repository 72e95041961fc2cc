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
  const n = years.length + (lead ? 1 : 0);
  if (year == null) return { value: 'NO_TARGET_YEAR', slope: null, points: n };
  if (n < 2) return { value: 'FORECAST_NEEDS_TWO_YEARS', slope: null, points: n };
  let first = lead ? lead.year : Number.POSITIVE_INFINITY;
  for (const y of years) if (y < first) first = y;
  // Weighted means. Floating-point sums depend on the order of their terms: the points come
  // sorted by year, so results do not depend on the order the actuals were written in.
  let sw = 0;
  let sx = 0;
  let sy = 0;
  if (lead) {
    const w = 1 + (lead.year - first);
    sw += w;
    sx += w * lead.year;
    sy += w * lead.value;
  }
  for (let i = 0; i < years.length; i++) {
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
  if (lead) {
    const w = 1 + (lead.year - first);
    const dx = lead.year - mx;
    sxx += w * dx * dx;
    sxy += w * dx * (lead.value - my);
  }
  for (let i = 0; i < years.length; i++) {
    const x = years[i] as number;
    const w = 1 + (x - first);
    const dx = x - mx;
    sxx += w * dx * dx;
    sxy += w * dx * ((values[i] as number) - my);
  }
  if (sxx === 0) return { value: 'FORECAST_NEEDS_TWO_YEARS', slope: null, points: n };
  const slope = sxy / sxx;
  const value = finite(my + slope * (year - mx));
  return { value, slope: Number.isFinite(slope) ? slope : null, points: n };
}
