import { finite, type Maybe } from './metrics.ts';

/** A year and a value, as fed to {@link forecastAt}. */
export interface YearValue {
  year: number;
  value: number;
}

/** A weighted least-squares line and its value at the requested year. */
export interface Forecast {
  /** Value expected at `year` (見込み), or null with the reason. */
  value: Maybe;
  /** Change per year of the fitted line, or null. */
  slope: number | null;
  /** Number of points used. */
  points: number;
}

/**
 * Forecast (見込み): the value expected at `year` on a weighted least-squares line through the
 * points (the baseline and every usable actual). Recent years weigh more, linearly in time:
 * w = 1 + (year − earliest year), so in a 2019–2023 series 2019 weighs 1 and 2023 weighs 5.
 * Needs at least two distinct years; the result does not depend on the order of the points.
 *
 * @example forecastAt([{ year: 2019, value: 100 }, { year: 2021, value: 110 }], 2024).value
 * // { value: 125, reason: null }
 */
export function forecastAt(points: readonly YearValue[], year: number | null): Forecast {
  if (year == null)
    return { value: { value: null, reason: 'NO_TARGET_YEAR' }, slope: null, points: points.length };
  if (points.length < 2)
    return { value: { value: null, reason: 'FORECAST_NEEDS_TWO_YEARS' }, slope: null, points: points.length };
  let first = Number.POSITIVE_INFINITY;
  for (const p of points) if (p.year < first) first = p.year;
  // Weighted means. Floating-point sums depend on the order of their terms, so callers pass the
  // points sorted by year (series.ts does) to keep results independent of the input order.
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    const w = 1 + (p.year - first);
    sw += w;
    sx += w * p.year;
    sy += w * p.value;
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const w = 1 + (p.year - first);
    const dx = p.year - mx;
    sxx += w * dx * dx;
    sxy += w * dx * (p.value - my);
  }
  if (sxx === 0)
    return { value: { value: null, reason: 'FORECAST_NEEDS_TWO_YEARS' }, slope: null, points: points.length };
  const slope = sxy / sxx;
  const value = finite(my + slope * (year - mx));
  return { value, slope: Number.isFinite(slope) ? slope : null, points: points.length };
}
