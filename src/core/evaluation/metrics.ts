import type { Direction } from '../interchange.ts';

/**
 * Why a metric is null. Metrics are never Infinity or NaN: a degenerate input gives null and
 * one of these stable codes (messages in {@link metricReasonText}). The order is part of the
 * canonical encoding (canonical.ts numbers them by position): add new ones at the end only.
 */
export const METRIC_REASONS = [
  'NO_ACTUAL',
  'NO_BASELINE',
  'NO_TARGET',
  'NO_BASELINE_YEAR',
  'NO_TARGET_YEAR',
  'TARGET_EQUALS_BASELINE',
  'TARGET_YEAR_NOT_AFTER_BASELINE',
  'NO_TIME_ELAPSED',
  'ACTUAL_BEFORE_BASELINE',
  'RATIO_NEEDS_POSITIVE_VALUES',
  'FORECAST_NEEDS_TWO_YEARS',
  'NUMERIC_OVERFLOW',
  'ONLY_FOR_MAINTAIN',
] as const;

/** Why a metric is null: one of {@link METRIC_REASONS}. */
export type MetricReason = (typeof METRIC_REASONS)[number];

/** Japanese and English text of each {@link MetricReason}. */
export const metricReasonText: Record<MetricReason, { ja: string; en: string }> = {
  NO_ACTUAL: { ja: '使用できる実績値がない', en: 'no usable actual figure' },
  NO_BASELINE: { ja: '基準値がない', en: 'no baseline value' },
  NO_TARGET: { ja: '目標値がない', en: 'no target value' },
  NO_BASELINE_YEAR: { ja: '基準値の年度がない', en: 'the baseline has no year' },
  NO_TARGET_YEAR: { ja: '目標値の年度がない', en: 'the target has no year' },
  TARGET_EQUALS_BASELINE: {
    ja: '目標値が基準値と同じため比率を計算できない',
    en: 'target equals baseline, so no ratio can be formed',
  },
  TARGET_YEAR_NOT_AFTER_BASELINE: {
    ja: '目標年度が基準年度より後でない',
    en: 'the target year is not after the baseline year',
  },
  NO_TIME_ELAPSED: {
    ja: '基準年度から期間が経過していない',
    en: 'no time has elapsed since the baseline year',
  },
  ACTUAL_BEFORE_BASELINE: { ja: '実績値が基準年度より前', en: 'the actual is older than the baseline' },
  RATIO_NEEDS_POSITIVE_VALUES: {
    ja: '単純比率は正の値でのみ定義される',
    en: 'the plain ratio is only defined for positive values',
  },
  FORECAST_NEEDS_TWO_YEARS: {
    ja: '見込みの計算には2か年以上の値が必要',
    en: 'a forecast needs values for at least two years',
  },
  NUMERIC_OVERFLOW: { ja: '値が大きすぎて計算できない', en: 'the values are too large to compute with' },
  ONLY_FOR_MAINTAIN: { ja: '維持目標の指標のみで計算する', en: 'computed for maintain indicators only' },
};

/**
 * A metric: a finite number, or the reason it has no value. Used for every metric so that
 * degenerate inputs (baseline = target, zero, negative, missing years) never throw nor produce
 * Infinity/NaN. (A number or a string code rather than an object: evaluating millions of
 * indicators then allocates nothing per metric.)
 */
export type Metric = number | MetricReason;

/**
 * The value of a metric, or null.
 *
 * @example metricValue(0.5) // 0.5
 * metricValue('NO_BASELINE') // null
 */
export function metricValue(m: Metric): number | null {
  return typeof m === 'number' ? m : null;
}

/**
 * The reason a metric has no value, or null when it has one.
 *
 * @example metricReasonOf('NO_BASELINE') // 'NO_BASELINE'
 */
export function metricReasonOf(m: Metric): MetricReason | null {
  return typeof m === 'number' ? null : m;
}

const none = (reason: MetricReason): Metric => reason;

/**
 * Checks a computed number: finite numbers pass (−0 becomes 0), anything else becomes the
 * reason NUMERIC_OVERFLOW.
 *
 * @example finite(0.5) // 0.5
 * finite(1 / 0) // 'NUMERIC_OVERFLOW'
 */
export function finite(x: number): Metric {
  return Number.isFinite(x) ? (x === 0 ? 0 : x) : 'NUMERIC_OVERFLOW';
}

/**
 * Achievement (達成度): how far the actual has come from the baseline toward the target.
 *
 * - increase / decrease, target on the indicator's side of the baseline:
 *   (actual − baseline) / (target − baseline). 0 at the baseline, 1 at the target, negative
 *   when the actual moved the wrong way. The same formula serves both directions.
 * - a given direction pointing away from the target (`conflict`, e.g. an increase indicator
 *   with a floor target below the baseline): 1 − s·(target − actual) / |target − baseline|
 *   with s = +1 (increase) or −1 (decrease), which still rises as the actual improves and is 1
 *   at the target.
 * - maintain (維持): a tolerance band around the target: 1 inside the band, else
 *   tolerance / |actual − target| (twice the tolerance away → 0.5; 0 when the tolerance is 0).
 *
 * Null with a reason when an input is missing or target = baseline (increase/decrease).
 *
 * @example achievement('increase', 1563, 1602, 1320, false, null) // -6.2307...
 * achievement('maintain', 73.6, 73.6, 75, false, 3) // 1
 */
export function achievement(
  direction: Direction,
  baseline: number | null,
  target: number | null,
  actual: number | null,
  conflict: boolean,
  tolerance: number | null,
): Metric {
  if (actual == null) return none('NO_ACTUAL');
  if (target == null) return none('NO_TARGET');
  if (direction === 'maintain') {
    const deviation = Math.abs(actual - target);
    const tol = tolerance ?? 0;
    if (!Number.isFinite(deviation)) return none('NUMERIC_OVERFLOW');
    return isAtTarget('maintain', actual, target, tol) ? finite(1) : finite(tol / deviation);
  }
  if (baseline == null) return none('NO_BASELINE');
  const span = target - baseline;
  if (span === 0) return none('TARGET_EQUALS_BASELINE');
  if (!Number.isFinite(span)) return none('NUMERIC_OVERFLOW');
  if (!conflict) return finite((actual - baseline) / span);
  const s = direction === 'increase' ? 1 : -1;
  return finite(1 - (s * (target - actual)) / Math.abs(span));
}

/**
 * Plain ratio (達成率, as many municipalities print it): actual / target for increase and
 * maintain indicators, target / actual for decrease indicators (so that 100% still means
 * "at the target" and more is better). Defined only for a positive denominator and a
 * non-negative numerator; a decrease indicator at 0 with a target of 0 gives 1.
 *
 * @example ratio('increase', 1320, 1602) // 0.8239...
 * ratio('decrease', 120, 100) // 0.8333...
 */
export function ratio(direction: Direction, actual: number | null, target: number | null): Metric {
  if (actual == null) return none('NO_ACTUAL');
  if (target == null) return none('NO_TARGET');
  if (direction === 'decrease') {
    if (actual === 0 && target === 0) return finite(1);
    if (!(actual > 0) || target < 0) return none('RATIO_NEEDS_POSITIVE_VALUES');
    return finite(target / actual);
  }
  if (!(target > 0) || actual < 0) return none('RATIO_NEEDS_POSITIVE_VALUES');
  return finite(actual / target);
}

/**
 * Share of the period elapsed (経過期間の割合) at fiscal year `year`, on the straight line from
 * the baseline year to the target year: (year − baselineYear) / (targetYear − baselineYear),
 * capped at 1 once the target year is reached. Null before or at the baseline year.
 *
 * @example elapsedShare(2019, 2024, 2021) // 0.4
 */
export function elapsedShare(
  baselineYear: number | null,
  targetYear: number | null,
  year: number | null,
): Metric {
  if (year == null) return none('NO_ACTUAL');
  if (baselineYear == null) return none('NO_BASELINE_YEAR');
  if (targetYear == null) return none('NO_TARGET_YEAR');
  const span = targetYear - baselineYear;
  if (span <= 0) return none('TARGET_YEAR_NOT_AFTER_BASELINE');
  const done = year - baselineYear;
  if (done < 0) return none('ACTUAL_BEFORE_BASELINE');
  if (done === 0) return none('NO_TIME_ELAPSED');
  return finite(Math.min(1, done / span));
}

/**
 * Pace (進捗率 against the time-proportional expectation): achievement ÷ share of the period
 * elapsed. 1 means exactly on the straight line from baseline to target; above 1 ahead of it.
 * For maintain indicators the band does not move with time, so pace = achievement.
 *
 * @example pace('increase', -6.2307, 0.4) // -15.576...
 */
export function pace(direction: Direction, achievementValue: Metric, share: Metric): Metric {
  if (typeof achievementValue !== 'number') return achievementValue;
  if (direction === 'maintain') return achievementValue;
  if (typeof share !== 'number') return share;
  return finite(achievementValue / share);
}

/**
 * The value expected at a share of the period on the straight line from baseline to target:
 * baseline + (target − baseline) × share. For maintain indicators, the target itself.
 *
 * @example expectedValue('increase', 1563, 1602, 0.4) // 1578.6
 */
export function expectedValue(
  direction: Direction,
  baseline: number | null,
  target: number | null,
  share: Metric,
): Metric {
  if (target == null) return none('NO_TARGET');
  if (direction === 'maintain') return finite(target);
  if (baseline == null) return none('NO_BASELINE');
  if (typeof share !== 'number') return share;
  return finite(baseline + (target - baseline) * share);
}

/**
 * Whether an actual is at or past the target: increase → actual ≥ target, decrease → actual ≤
 * target, maintain → |actual − target| ≤ tolerance, each with 1e-9 relative slack for
 * floating-point rounding (forecasts are computed). A target met before the target year counts as met (前倒し達成).
 *
 * @example isAtTarget('decrease', 95, 100, null) // true
 */
export function isAtTarget(
  direction: Direction,
  actual: number,
  target: number,
  tolerance: number | null,
): boolean {
  // 1e-9 relative slack: a forecast of 19.999999999999996 reaches a target of 20, and
  // 76.6 − 73.6 is 3.0000000000000036 in floating point, which is inside ±3.
  const slack = 1e-9 * Math.abs(target);
  if (direction === 'increase') return actual >= target || target - actual <= slack;
  if (direction === 'decrease') return actual <= target || actual - target <= slack;
  const deviation = Math.abs(actual - target);
  const tol = tolerance ?? 0;
  return deviation <= tol || deviation - tol <= 1e-9 * Math.max(tol, Math.abs(target));
}

/** Defaults for the tolerance band of maintain indicators. */
export interface ToleranceDefaults {
  /** Band in points for percentage units (%, ％, ポイント, pt). Default 3. */
  percentPoints: number;
  /** Band as a share of |target| for other units. Default 0.03 (±3%). */
  relative: number;
}

/** ±3 points for percentages, else ±3% of the target. */
export const DEFAULT_TOLERANCE: ToleranceDefaults = { percentPoints: 3, relative: 0.03 };

/** True for units that are percentages or points, whose band is in points. */
export function isPercentUnit(unit: string | null | undefined): boolean {
  if (!unit) return false;
  const u = unit.trim();
  return u === '%' || u === '％' || u === 'ポイント' || u === 'pt' || u === 'パーセント';
}

/**
 * The tolerance band of a maintain indicator: the indicator's own `tolerance`, else the
 * default (±3 points for percentage units, else ±3% of |target|, or of |baseline| without a target).
 *
 * @example resolveTolerance(null, '%', 76, 73.6) // { tolerance: 3, source: 'default-points' }
 * resolveTolerance(null, '人', 1000, null) // { tolerance: 30, source: 'default-relative' }
 */
export function resolveTolerance(
  given: number | null | undefined,
  unit: string | null | undefined,
  target: number | null,
  baseline: number | null,
  defaults: ToleranceDefaults = DEFAULT_TOLERANCE,
): { tolerance: number; source: 'indicator' | 'default-points' | 'default-relative' } {
  if (given != null && Number.isFinite(given)) return { tolerance: Math.abs(given), source: 'indicator' };
  if (isPercentUnit(unit)) return { tolerance: defaults.percentPoints, source: 'default-points' };
  const ref = target ?? baseline ?? 0;
  const t = Math.abs(ref) * defaults.relative;
  return { tolerance: Number.isFinite(t) ? t : 0, source: 'default-relative' };
}
