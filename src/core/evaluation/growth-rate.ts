import type { Direction } from '../interchange.ts';
import { finite, type Metric, type MetricReason } from './metrics.ts';

/** How the growth rates of {@link growthRatio} were computed. */
export type GrowthMethod = 'cagr' | 'linear';

/** The SDG progress ratio with the rates it was made from (kept for the explanation). */
export interface GrowthRatio {
  ratio: Metric;
  method: GrowthMethod | null;
  /** Observed yearly rate from the baseline to the actual. */
  observed: number | null;
  /** Yearly rate required to go from the baseline to the target in time. */
  required: number | null;
}

const fail = (reason: MetricReason): GrowthRatio => ({
  ratio: reason,
  method: null,
  observed: null,
  required: null,
});

/**
 * The Statistics Canada / Open SDG progress ratio R = d × observed rate / |required rate|, with
 * d = +1 for increase and −1 for decrease indicators (so a move in the wrong direction is always
 * negative, even when the target lies on the other side of the baseline).
 *
 * - Compound annual growth rates (CAGR) when baseline, actual and target are all positive:
 *   observed = (actual/baseline)^(1/(year − baselineYear)) − 1, required =
 *   (target/baseline)^(1/(targetYear − baselineYear)) − 1.
 * - All three negative: the same on the magnitudes, sign flipped, so that a positive rate still
 *   means the value went up (this keeps R unchanged when every value is negated and the
 *   direction swapped).
 * - Otherwise (a zero, or values of mixed sign, where CAGR is undefined): linear yearly rates
 *   (actual − baseline)/(year − baselineYear) and (target − baseline)/(targetYear − baselineYear);
 *   R is then the pace.
 *
 * Maintain indicators have no growth to measure: the caller uses the band score instead.
 *
 * @example growthRatio('increase', 100, 2015, 110, 2020, 150, 2030).method // 'cagr'
 */
export function growthRatio(
  direction: Direction,
  baseline: number | null,
  baselineYear: number | null,
  actual: number | null,
  year: number | null,
  target: number | null,
  targetYear: number | null,
): GrowthRatio {
  if (actual == null || year == null) return fail('NO_ACTUAL');
  if (baseline == null) return fail('NO_BASELINE');
  if (target == null) return fail('NO_TARGET');
  if (baselineYear == null) return fail('NO_BASELINE_YEAR');
  if (targetYear == null) return fail('NO_TARGET_YEAR');
  const n = year - baselineYear;
  const big = targetYear - baselineYear;
  if (big <= 0) return fail('TARGET_YEAR_NOT_AFTER_BASELINE');
  if (n < 0) return fail('ACTUAL_BEFORE_BASELINE');
  if (n === 0) return fail('NO_TIME_ELAPSED');
  if (target === baseline) return fail('TARGET_EQUALS_BASELINE');
  let observed: number;
  let required: number;
  let method: GrowthMethod;
  const allPositive = baseline > 0 && actual > 0 && target > 0;
  const allNegative = baseline < 0 && actual < 0 && target < 0;
  if (allPositive || allNegative) {
    const sign = allPositive ? 1 : -1;
    observed = sign * ((actual / baseline) ** (1 / n) - 1);
    required = sign * ((target / baseline) ** (1 / big) - 1);
    method = 'cagr';
    if (required === 0) {
      // The target is so close to the baseline that the compound rate rounds to 0: use linear rates.
      observed = (actual - baseline) / n;
      required = (target - baseline) / big;
      method = 'linear';
    }
  } else {
    observed = (actual - baseline) / n;
    required = (target - baseline) / big;
    method = 'linear';
  }
  if (!Number.isFinite(observed) || !Number.isFinite(required)) return fail('NUMERIC_OVERFLOW');
  const d = direction === 'decrease' ? -1 : 1;
  const ratio = finite((d * observed) / Math.abs(required));
  return { ratio, method, observed, required };
}
