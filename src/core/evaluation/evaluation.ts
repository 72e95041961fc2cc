import type { Aggregation, Direction } from '../interchange.ts';
import type { DirectionSource } from './direction.ts';
import type { GrowthRatio } from './growth-rate.ts';
import type { MetricReason } from './metrics.ts';
import type { Override } from './override.ts';
import type { AppliedRevision } from './revisions.ts';
import type { SeriesMode, SeriesPoint, SkippedFigure } from './series.ts';
import type { MetricName, RuleRef, StatusRef } from './status-scheme.ts';

/**
 * The metrics of one evaluation (評価指標値). Ratios are fractions (0.8 = 80%). Each is a finite
 * number or null; the reason for a null is in {@link IndicatorEvaluation.metricReasons}.
 *
 * - achievement: (actual − baseline) / (target − baseline) (maintain: band score)
 * - ratio: actual / target (decrease: target / actual)
 * - elapsedShare: share of the period from baseline year to target year elapsed at the actual's year
 * - pace: achievement / elapsedShare (maintain: achievement)
 * - expected: value on the straight line from baseline to target at the actual's year
 * - cagrRatio: SDG progress ratio (observed / required growth rate)
 * - forecast: value expected at the target year from the weighted least-squares line
 * - forecastAchievement: achievement of the forecast
 * - deviation: actual − target (maintain only)
 */
export interface EvaluationMetrics {
  achievement: number | null;
  ratio: number | null;
  elapsedShare: number | null;
  pace: number | null;
  expected: number | null;
  cagrRatio: number | null;
  forecast: number | null;
  forecastAchievement: number | null;
  deviation: number | null;
  /** At or past the target (maintain: in the band at or after the target year). */
  achieved: boolean;
  /** Achieved before the target year (前倒し達成). */
  achievedEarly: boolean;
  /** Whether the forecast reaches the target; null without a forecast. */
  willReach: boolean | null;
  /** Maintain indicators: whether the actual is inside the tolerance band. */
  withinBand: boolean | null;
}

/** Names of the numeric metrics (the ones that can be null with a reason). */
export type NumericMetric = Exclude<
  keyof EvaluationMetrics,
  'achieved' | 'achievedEarly' | 'willReach' | 'withinBand'
>;

/**
 * A figure as used by an evaluation: the indicator's own baseline/target figure (all its fields
 * are kept), or one made by the evaluation (a zero baseline before a summed range, a target year
 * taken from the strategy period).
 */
export interface UsedFigure {
  value: number;
  fiscalYear: number | null;
  raw?: string | null;
}

/** Remarks attached to an evaluation (rendered in Japanese by explain.ts). */
export type EvaluationNote =
  | 'DIRECTION_INFERRED'
  | 'DIRECTION_UNKNOWN'
  | 'DIRECTION_CONFLICT'
  | 'PRELIMINARY'
  | 'CALENDAR_YEAR'
  | 'SUM_OF_FLOWS'
  | 'RUNNING_TOTAL'
  | 'ACHIEVED_EARLY'
  | 'AFTER_TARGET_YEAR'
  | 'TARGET_YEAR_FROM_STRATEGY'
  | 'DUPLICATE_YEAR'
  | 'LATEST_BEFORE_AS_OF';

/**
 * How an evaluation was reached (評価の根拠): the inputs, the metric values, the matched rule and
 * a plain-Japanese sentence (`text`, null when rendering was not requested; see explain.ts).
 * The forecast line weighs each point by 1 + (year − earliest year) (forecast.ts).
 */
export interface Explanation {
  asOf: number | null;
  unit: string | null;
  direction: Direction;
  directionSource: DirectionSource;
  aggregation: Aggregation | null;
  mode: SeriesMode;
  /** The baseline compared from (in `sum-of-flows` mode: 0 before the first summed year). */
  baseline: UsedFigure | null;
  /** The baseline as written, when the compared baseline differs from it. */
  originalBaseline: UsedFigure | null;
  target: UsedFigure | null;
  /** The compared actual (a running total in `sum-of-flows` mode) and its fiscal year. */
  actual: SeriesPoint | null;
  /** Fiscal years whose actuals were used, oldest first. */
  usedYears: readonly number[];
  skipped: readonly SkippedFigure[];
  /** Maintain indicators: the band half-width and where it came from. */
  tolerance: { value: number; source: 'indicator' | 'default-points' | 'default-relative' } | null;
  /** The SDG growth rates (observed, required, method), null for maintain indicators. */
  growth: GrowthRatio | null;
  /** Change per year of the forecast line, or null. */
  forecastSlope: number | null;
  /** Points of the forecast line (the baseline and the used actuals). */
  forecastPoints: number;
  metrics: EvaluationMetrics;
  metricReasons: Partial<Record<NumericMetric, MetricReason>>;
  /** The rule that decided the computed status (index null: the fallback). */
  rule: RuleRef;
  /** Metrics the matched rule looks at. */
  ruleMetrics: readonly MetricName[];
  notes: readonly EvaluationNote[];
  /** Revisions of the target or baseline that bear on the year judged (absent when none). */
  revisions?: readonly AppliedRevision[];
  text: string | null;
}

/** The evaluation of one indicator (評価結果). `status` is the effective status. */
export interface IndicatorEvaluation {
  id: string;
  name: string;
  status: StatusRef;
  computed: StatusRef;
  override: Override | null;
  effective: StatusRef;
  metrics: EvaluationMetrics;
  metricReasons: Partial<Record<NumericMetric, MetricReason>>;
  explanation: Explanation;
}
