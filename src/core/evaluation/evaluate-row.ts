import type { Figure, Indicator } from '../interchange.ts';
import { noteBit, reasonKey, reasonWeight, usedYearsOf } from './canonical.ts';
import { type ResolvedDirection, resolveDirection } from './direction.ts';
import {
  B_ACHIEVED,
  B_ACHIEVED_EARLY,
  B_BASELINE_REPLACED,
  B_CALENDAR,
  B_HAS_ACTUAL,
  B_PRELIMINARY,
  DIRECTION_SOURCES,
  DIRECTIONS,
  type EvaluationTable,
  F_ACHIEVEMENT,
  F_ACTUAL_VALUE,
  F_ACTUAL_YEAR,
  F_CAGR_RATIO,
  F_DEVIATION,
  F_ELAPSED_SHARE,
  F_EXPECTED,
  F_FORECAST,
  F_FORECAST_ACHIEVEMENT,
  F_FORECAST_POINTS,
  F_FORECAST_SLOPE,
  F_GROWTH_OBSERVED,
  F_GROWTH_REQUIRED,
  F_PACE,
  F_RATIO,
  F_REASONS,
  F_SUM_FROM,
  F_TARGET_YEAR,
  F_TOLERANCE,
  MODES,
  NUM_FIELDS,
  S_DIRECTION,
  S_DIRECTION_SOURCE,
  S_GROWTH,
  S_MODE,
  S_TOLERANCE_SOURCE,
  S_WILL_REACH,
  S_WITHIN_BAND,
  TOLERANCE_SOURCES,
  triBits,
  usedFigure,
} from './evaluation-table.ts';
import { forecastLine } from './forecast.ts';
import { growthRatio } from './growth-rate.ts';
import {
  achievement,
  elapsedShare,
  expectedValue,
  isAtTarget,
  type Metric,
  pace,
  ratio,
  resolveTolerance,
  type ToleranceDefaults,
} from './metrics.ts';
import { type Override, overrideStatus } from './override.ts';
import { CALENDAR as SERIES_CALENDAR, PRELIMINARY as SERIES_PRELIMINARY, SeriesBuffer } from './series.ts';
import {
  type CompiledScheme,
  type MetricName,
  matchRule,
  type StatusFacts,
  type StatusRef,
} from './status-scheme.ts';

/**
 * The judgement of one indicator row (see evaluate.ts for the document around it), step by step:
 * the figures used (baseline, target, direction, latest actual, tolerance band), the metrics of
 * each judgement method (progress against the straight line, growth rate, forecast, deviation
 * from the band), then the status rule and the judgement of record. Each step reads and writes
 * the row's working facts (`RowFacts`, reused from row to row) and its fields in the table.
 */

/** Context of {@link evaluateIndicator}: everything that is the same for every indicator of a run. */
export interface IndicatorContext {
  compiled: CompiledScheme;
  asOf: number | null;
  tolerance: ToleranceDefaults;
  text: boolean;
  /** Target year to use when the target has none (the strategy period's last year), else null. */
  defaultTargetYear: number | null;
  override: Override | null;
  /** Buffers reused from indicator to indicator (evaluateDocument makes one per run); optional. */
  scratch?: EvaluationScratch;
}

/** What the steps of one row's judgement hand on to each other (see evaluateRow). */
class RowFacts {
  /** Note mask and flag bits of the row (see canonical.ts, evaluation-table.ts). */
  notes = 0;
  flags = 0;
  /** Baseline value and year (in sum-of-flows mode, 0 the year before the sum starts). */
  b: number | null = null;
  by: number | null = null;
  /** Target value and year (the strategy period's end when the target has none). */
  t: number | null = null;
  ty: number | null = null;
  dir: ResolvedDirection = resolveDirection(null, null, null);
  /** The latest usable actual and its year. */
  a: number | null = null;
  y: number | null = null;
  preliminary = false;
  maintain = false;
  /** The value judged against: the target, or for maintain the band's centre. */
  center: number | null = null;
  /** The band of a maintain indicator. */
  tolerance: number | null = null;
  /** The forecast value for the target year. */
  forecast: number | null = null;
}

/**
 * Working memory of an evaluation run, reused from indicator to indicator: the series buffer,
 * the row's working facts and the facts the status rules look at.
 *
 * @example evaluateIndicator(indicator, { ...context, scratch: new EvaluationScratch() })
 */
export class EvaluationScratch {
  readonly series = new SeriesBuffer();
  readonly row = new RowFacts();
  readonly metrics: Record<MetricName, number | null> = {
    achievement: null,
    ratio: null,
    elapsedShare: null,
    pace: null,
    cagrRatio: null,
    forecast: null,
    forecastAchievement: null,
  };
  readonly facts: StatusFacts = {
    noData: true,
    achieved: false,
    willReach: null,
    preliminary: false,
    direction: 'increase',
    metrics: this.metrics,
  };
}

const NO_FIGURES: readonly Figure[] = Object.freeze([]);

// Bits of the note mask and weights of the reason key (see canonical.ts).
const N_SUM_OF_FLOWS = noteBit('SUM_OF_FLOWS');
const N_RUNNING_TOTAL = noteBit('RUNNING_TOTAL');
const N_TARGET_YEAR_FROM_STRATEGY = noteBit('TARGET_YEAR_FROM_STRATEGY');
const N_DIRECTION_INFERRED = noteBit('DIRECTION_INFERRED');
const N_DIRECTION_UNKNOWN = noteBit('DIRECTION_UNKNOWN');
const N_DIRECTION_CONFLICT = noteBit('DIRECTION_CONFLICT');
const N_PRELIMINARY = noteBit('PRELIMINARY');
const N_CALENDAR_YEAR = noteBit('CALENDAR_YEAR');
const N_LATEST_BEFORE_AS_OF = noteBit('LATEST_BEFORE_AS_OF');
const N_AFTER_TARGET_YEAR = noteBit('AFTER_TARGET_YEAR');
const N_DUPLICATE_YEAR = noteBit('DUPLICATE_YEAR');
const N_ACHIEVED_EARLY = noteBit('ACHIEVED_EARLY');
const W_ACHIEVEMENT = reasonWeight('achievement');
const W_ELAPSED_SHARE = reasonWeight('elapsedShare');
const W_PACE = reasonWeight('pace');
const W_EXPECTED = reasonWeight('expected');
const W_RATIO = reasonWeight('ratio');
const W_CAGR_RATIO = reasonWeight('cagrRatio');
const W_FORECAST = reasonWeight('forecast');
const W_FORECAST_ACHIEVEMENT = reasonWeight('forecastAchievement');
const W_DEVIATION = reasonWeight('deviation');
const R_ONLY_FOR_MAINTAIN = reasonKey('ONLY_FOR_MAINTAIN', W_DEVIATION);
const R_NO_ACTUAL = reasonKey('NO_ACTUAL', W_DEVIATION);
const R_NO_TARGET = reasonKey('NO_TARGET', W_DEVIATION);
const R_NUMERIC_OVERFLOW = reasonKey('NUMERIC_OVERFLOW', W_DEVIATION);

/**
 * Evaluates one indicator into row `i` of a table (see evaluateIndicator in evaluate.ts; the
 * objects are built when the row is read). Allocates nothing in the usual case but what the
 * series keeps.
 */
export function evaluateRow(
  table: EvaluationTable,
  i: number,
  indicator: Indicator,
  context: IndicatorContext,
  scratch: EvaluationScratch,
): void {
  const num = table.num;
  const o = i * NUM_FIELDS;
  const row = scratch.row;
  row.notes = 0;
  row.flags = 0;
  const series = scratch.series;
  series.fill(indicator.actuals ?? NO_FIGURES, indicator.aggregation, indicator.target, context.asOf);
  useBaseline(row, num, o, indicator, series);
  useTarget(row, num, o, indicator, context.defaultTargetYear);
  useDirection(row, indicator);
  useLatestActual(row, num, o, series, context.asOf);
  useBand(row, num, o, indicator, context.tolerance);
  measure(row, num, o, series, scratch.metrics);
  judge(table, i, row, series, context, scratch.facts);
}

/**
 * The baseline: in sum-of-flows mode, the running total starts at 0 the year before the sum
 * starts, unless the baseline itself is a running total over the same range.
 */
function useBaseline(
  row: RowFacts,
  num: Float64Array,
  o: number,
  indicator: Indicator,
  series: SeriesBuffer,
) {
  const baselineFig = usedFigure(indicator.baseline);
  row.b = baselineFig ? baselineFig.value : null;
  row.by = baselineFig ? baselineFig.fiscalYear : null;
  num[o + F_SUM_FROM] = Number.NaN;
  if (series.mode === 'sum-of-flows') {
    row.notes |= N_SUM_OF_FLOWS;
    if (!(baselineFig && indicator.baseline?.fromYear === series.sumFrom)) {
      row.flags |= B_BASELINE_REPLACED;
      num[o + F_SUM_FROM] = series.sumFrom as number;
      row.b = 0;
      row.by = (series.sumFrom as number) - 1;
    }
  } else if (series.mode === 'running-total') row.notes |= N_RUNNING_TOTAL;
}

/** The target, its year taken from the strategy period when it has none. */
function useTarget(
  row: RowFacts,
  num: Float64Array,
  o: number,
  indicator: Indicator,
  defaultTargetYear: number | null,
) {
  const targetFig = usedFigure(indicator.target);
  row.t = targetFig ? targetFig.value : null;
  row.ty = targetFig ? targetFig.fiscalYear : null;
  num[o + F_TARGET_YEAR] = Number.NaN;
  if (targetFig && row.ty == null && defaultTargetYear != null) {
    row.ty = defaultTargetYear;
    num[o + F_TARGET_YEAR] = defaultTargetYear;
    row.notes |= N_TARGET_YEAR_FROM_STRATEGY;
  }
}

/** The direction: given, inferred from baseline and target, or assumed. */
function useDirection(row: RowFacts, indicator: Indicator) {
  const dir = resolveDirection(indicator.direction, row.b, row.t);
  row.dir = dir;
  if (dir.reason === 'DIRECTION_INFERRED') row.notes |= N_DIRECTION_INFERRED;
  else if (dir.reason === 'DIRECTION_UNKNOWN') row.notes |= N_DIRECTION_UNKNOWN;
  if (dir.conflict) row.notes |= N_DIRECTION_CONFLICT;
}

/** The latest usable actual of the series (preliminary, calendar year, before asOf, after the target year). */
function useLatestActual(
  row: RowFacts,
  num: Float64Array,
  o: number,
  series: SeriesBuffer,
  asOf: number | null,
) {
  const n = series.n;
  row.a = null;
  row.y = null;
  row.preliminary = false;
  if (n > 0) {
    const y = series.years[n - 1] as number;
    row.a = series.values[n - 1] as number;
    row.y = y;
    const fl = series.flags[n - 1] as number;
    row.preliminary = (fl & SERIES_PRELIMINARY) !== 0;
    row.flags |= B_HAS_ACTUAL;
    if (row.preliminary) {
      row.flags |= B_PRELIMINARY;
      row.notes |= N_PRELIMINARY;
    }
    if (fl & SERIES_CALENDAR) {
      row.flags |= B_CALENDAR;
      row.notes |= N_CALENDAR_YEAR;
    }
    if (asOf != null && y < asOf) row.notes |= N_LATEST_BEFORE_AS_OF;
    if (row.ty != null && y > row.ty) row.notes |= N_AFTER_TARGET_YEAR;
  }
  num[o + F_ACTUAL_YEAR] = row.y ?? Number.NaN;
  num[o + F_ACTUAL_VALUE] = row.a ?? Number.NaN;
  if (series.duplicateYears.length > 0) row.notes |= N_DUPLICATE_YEAR;
}

/** Maintain: a band around the target (or the baseline when there is no target). */
function useBand(
  row: RowFacts,
  num: Float64Array,
  o: number,
  indicator: Indicator,
  defaults: ToleranceDefaults,
) {
  row.maintain = row.dir.direction === 'maintain';
  row.center = row.maintain ? (row.t ?? row.b) : row.t;
  row.tolerance = null;
  num[o + F_TOLERANCE] = Number.NaN;
  if (row.maintain) {
    const tol = resolveTolerance(indicator.tolerance, indicator.unit, row.t, row.b, defaults);
    row.tolerance = tol.tolerance;
    num[o + F_TOLERANCE] = tol.tolerance;
    row.flags |= TOLERANCE_SOURCES.indexOf(tol.source) << S_TOLERANCE_SOURCE;
  }
}

/**
 * The metrics of every judgement method: progress against the straight line from baseline to
 * target (achievement, elapsed share, pace, expected value, ratio), the growth rate, the
 * forecast and the deviation from the band. Each metric without a value adds its reason to the
 * row's reason key.
 */
function measure(
  row: RowFacts,
  num: Float64Array,
  o: number,
  series: SeriesBuffer,
  metrics: Record<MetricName, number | null>,
) {
  const { b, by, a, y, ty, center } = row;
  const direction = row.dir.direction;
  const achM = achievement(direction, b, center, a, row.dir.conflict, row.tolerance);
  const shareM = elapsedShare(by, ty, y);
  const paceM = pace(direction, achM, shareM);
  const expectedM = expectedValue(direction, b, center, shareM);
  const ratioM = ratio(direction, a, center);
  let reasons =
    reasonKey(achM, W_ACHIEVEMENT) +
    reasonKey(shareM, W_ELAPSED_SHARE) +
    reasonKey(paceM, W_PACE) +
    reasonKey(expectedM, W_EXPECTED) +
    reasonKey(ratioM, W_RATIO);
  num[o + F_GROWTH_OBSERVED] = Number.NaN;
  num[o + F_GROWTH_REQUIRED] = Number.NaN;
  const cagrM = row.maintain ? paceM : measureGrowth(row, num, o);
  reasons += reasonKey(cagrM, W_CAGR_RATIO);
  reasons += measureForecast(row, num, o, series, metrics);
  reasons += measureDeviation(row, num, o);

  metrics.achievement = numberOf(achM);
  metrics.ratio = numberOf(ratioM);
  metrics.elapsedShare = numberOf(shareM);
  metrics.pace = numberOf(paceM);
  metrics.cagrRatio = numberOf(cagrM);
  num[o + F_ACHIEVEMENT] = metricOrNaN(achM);
  num[o + F_RATIO] = metricOrNaN(ratioM);
  num[o + F_ELAPSED_SHARE] = metricOrNaN(shareM);
  num[o + F_PACE] = metricOrNaN(paceM);
  num[o + F_EXPECTED] = metricOrNaN(expectedM);
  num[o + F_CAGR_RATIO] = metricOrNaN(cagrM);
  num[o + F_REASONS] = reasons;
}

/** The growth rate method (CAGR, or linear when CAGR cannot be taken): observed ÷ required. */
function measureGrowth(row: RowFacts, num: Float64Array, o: number): Metric {
  const growth = growthRatio(row.dir.direction, row.b, row.by, row.a, row.y, row.t, row.ty);
  if (growth.method == null) row.flags |= 1 << S_GROWTH;
  else {
    row.flags |= (growth.method === 'cagr' ? 2 : 3) << S_GROWTH;
    num[o + F_GROWTH_OBSERVED] = growth.observed as number;
    num[o + F_GROWTH_REQUIRED] = growth.required as number;
  }
  return growth.ratio;
}

/**
 * The forecast method: the line through the baseline and every usable actual (the series is
 * sorted by year) at the target year, and its achievement. Returns the reasons' part of the key.
 */
function measureForecast(
  row: RowFacts,
  num: Float64Array,
  o: number,
  series: SeriesBuffer,
  metrics: Record<MetricName, number | null>,
): number {
  const { b, by } = row;
  const n = series.n;
  const lead = b != null && by != null && (n === 0 || by < (series.years[0] as number));
  const fc = forecastLine(series.years, series.values, n, row.ty, lead ? by : null, lead ? (b as number) : 0);
  const forecastV = numberOf(fc.value);
  const forecastAchievementM =
    forecastV == null
      ? fc.value
      : achievement(row.dir.direction, b, row.center, forecastV, row.dir.conflict, row.tolerance);
  row.forecast = forecastV;
  metrics.forecast = forecastV;
  metrics.forecastAchievement = numberOf(forecastAchievementM);
  num[o + F_FORECAST] = forecastV ?? Number.NaN;
  num[o + F_FORECAST_ACHIEVEMENT] = metricOrNaN(forecastAchievementM);
  num[o + F_FORECAST_SLOPE] = fc.slope ?? Number.NaN;
  num[o + F_FORECAST_POINTS] = fc.points;
  return reasonKey(fc.value, W_FORECAST) + reasonKey(forecastAchievementM, W_FORECAST_ACHIEVEMENT);
}

/** The band method (maintain only): the actual's deviation from the centre. Returns the reasons' part of the key. */
function measureDeviation(row: RowFacts, num: Float64Array, o: number): number {
  let deviation = Number.NaN;
  let reasons = 0;
  if (!row.maintain) reasons = R_ONLY_FOR_MAINTAIN;
  else if (row.a == null) reasons = R_NO_ACTUAL;
  else if (row.center == null) reasons = R_NO_TARGET;
  else {
    const d = row.a - row.center;
    if (Number.isFinite(d)) deviation = d === 0 ? 0 : d;
    else reasons = R_NUMERIC_OVERFLOW;
  }
  num[o + F_DEVIATION] = deviation;
  return reasons;
}

/**
 * The status: achieved (early), will reach, the first rule of the scheme that matches the facts,
 * and the judgement of record over it; then the row's bits.
 */
function judge(
  table: EvaluationTable,
  i: number,
  row: RowFacts,
  series: SeriesBuffer,
  context: IndicatorContext,
  facts: StatusFacts,
) {
  const { a, y, ty, center, maintain } = row;
  const direction = row.dir.direction;
  const atTarget = a != null && center != null && isAtTarget(direction, a, center, row.tolerance);
  const achieved = atTarget && (!maintain || ty == null || (y as number) >= ty);
  const achievedEarly = achieved && !maintain && ty != null && (y as number) < ty;
  if (achievedEarly) row.notes |= N_ACHIEVED_EARLY;
  const willReach =
    row.forecast != null && center != null
      ? isAtTarget(direction, row.forecast, center, row.tolerance)
      : null;
  let flags = row.flags;
  if (achieved) flags |= B_ACHIEVED;
  if (achievedEarly) flags |= B_ACHIEVED_EARLY;
  flags |= triBits(willReach) << S_WILL_REACH;
  flags |= triBits(maintain && a != null && center != null ? atTarget : null) << S_WITHIN_BAND;

  const n = series.n;
  facts.noData = n === 0;
  facts.achieved = achieved;
  facts.willReach = willReach;
  facts.preliminary = row.preliminary;
  facts.direction = direction;
  const compiled = context.compiled;
  const slot = matchRule(compiled, facts) ?? compiled.scheme.rules.length;
  const override = context.override;
  table.effective[i] = override
    ? overrideStatus(compiled.scheme, override)
    : (compiled.statuses[slot] as StatusRef);
  if (override) {
    if (!table.overrides) table.overrides = new Array<Override | null>(table.length).fill(null);
    table.overrides[i] = override;
  }

  flags |=
    (DIRECTIONS.indexOf(direction) << S_DIRECTION) |
    (DIRECTION_SOURCES.indexOf(row.dir.source) << S_DIRECTION_SOURCE) |
    (MODES.indexOf(series.mode) << S_MODE);
  table.bits[i * 2] = flags;
  table.bits[i * 2 + 1] = (slot << 16) | row.notes;
  table.usedYears[i] = usedYearsOf(series.years, n);
  table.skipped[i] = series.skipped;
}

/** The value of a metric, or null (the reason goes into the reason key). */
function numberOf(m: Metric): number | null {
  return typeof m === 'number' ? m : null;
}

/** A metric's number, or NaN (null) in a table row. */
function metricOrNaN(m: Metric): number {
  return typeof m === 'number' ? m : Number.NaN;
}
