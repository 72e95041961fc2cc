import type { Figure, Indicator, StrategyDocument } from '../interchange.ts';
import { metricReasonsOf, noteBit, notesOf, reasonKey, reasonWeight, usedYearsOf } from './canonical.ts';
import { resolveDirection } from './direction.ts';
import type { EvaluationMetrics, Explanation, IndicatorEvaluation, UsedFigure } from './evaluation.ts';
import { renderExplanation } from './explain.ts';
import { forecastLine } from './forecast.ts';
import { type GrowthRatio, growthRatio } from './growth-rate.ts';
import {
  achievement,
  DEFAULT_TOLERANCE,
  elapsedShare,
  expectedValue,
  isAtTarget,
  type Metric,
  pace,
  ratio,
  resolveTolerance,
  type ToleranceDefaults,
} from './metrics.ts';
import { indexOverrides, type Override, overrideStatus } from './override.ts';
import { presets } from './presets.ts';
import { SeriesBuffer } from './series.ts';
import {
  type CompiledScheme,
  compileScheme,
  matchRule,
  type StatusFacts,
  type StatusRef,
  type StatusScheme,
} from './status-scheme.ts';
import { type EvaluationSummary, summarize } from './summary.ts';

/** Options of one evaluation run. */
export interface EvaluateOptions {
  /** Fiscal year evaluated: only actuals with year ≤ asOf count. Default: the latest actual year. */
  asOf?: number | null;
  /** The status scheme (validated data, or compiled once with compileScheme). Default: 標準. */
  scheme?: StatusScheme | CompiledScheme;
  /** Human overrides, kept beside the computed statuses. */
  overrides?: readonly Override[];
  /** Tolerance band defaults for maintain indicators (±3 points for %, else ±3%). */
  tolerance?: ToleranceDefaults;
  /**
   * Render the Japanese sentence of each explanation (default true). Bulk runs can pass false
   * and call renderExplanation(result) for the ones shown.
   */
  text?: boolean;
}

/** Context of {@link evaluateIndicator}: everything that is the same for every indicator of a run. */
export interface IndicatorContext {
  compiled: CompiledScheme;
  asOf: number | null;
  tolerance: ToleranceDefaults;
  text: boolean;
  /** Target year to use when the target has none (the strategy period's last year), else null. */
  defaultTargetYear: number | null;
  override: Override | null;
  /** Buffer reused from indicator to indicator (evaluateDocument makes one per run); optional. */
  series?: SeriesBuffer;
}

const NO_FIGURES: readonly Figure[] = Object.freeze([]);
const isCompiled = (s: StatusScheme | CompiledScheme): s is CompiledScheme => 'tests' in s;

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
 * Compiles the scheme of an options object once (or takes the compiled one).
 *
 * @example resolveScheme({}).scheme.id // 'standard'
 */
export function resolveScheme(options: Pick<EvaluateOptions, 'scheme'>): CompiledScheme {
  const s = options.scheme ?? (presets.standard as StatusScheme);
  return isCompiled(s) ? s : compileScheme(s);
}

/** The figure itself when it has a finite value (kept as given, no copy), else null. */
function usedFigure(f: Figure | null | undefined): UsedFigure | null {
  return f && f.value != null && Number.isFinite(f.value) ? (f as UsedFigure) : null;
}

/** The value of a metric, or null (the reason goes into the reason key). */
function numberOf(m: Metric): number | null {
  return typeof m === 'number' ? m : null;
}

/**
 * Evaluates one indicator at `context.asOf` with a compiled scheme: metrics, status, override
 * and explanation. Pure and total: degenerate figures give null metrics with reasons, and a
 * status from the scheme's fallback.
 *
 * @example
 * evaluateIndicator({ id: 'k1', name: '新規求人数', unit: '件', baseline: { value: 1563, fiscalYear: 2019 },
 *   target: { value: 1602, fiscalYear: 2024 }, actuals: [{ value: 1320, fiscalYear: 2021 }] },
 *   { compiled: compileScheme(presets.standard), asOf: 2021, tolerance: DEFAULT_TOLERANCE,
 *     text: true, defaultTargetYear: null, override: null }).status.label // '遅れ'
 */
export function evaluateIndicator(indicator: Indicator, context: IndicatorContext): IndicatorEvaluation {
  let notes = 0;
  let targetFig = usedFigure(indicator.target);
  const series = context.series ?? new SeriesBuffer();
  series.fill(indicator.actuals ?? NO_FIGURES, indicator.aggregation, indicator.target, context.asOf);
  const n = series.n;

  // Baseline: in sum-of-flows mode, the running total starts at 0 the year before the sum starts,
  // unless the baseline itself is a running total over the same range.
  let baselineFig = usedFigure(indicator.baseline);
  let originalBaseline: UsedFigure | null = null;
  if (series.mode === 'sum-of-flows') {
    notes |= N_SUM_OF_FLOWS;
    if (!(baselineFig && indicator.baseline?.fromYear === series.sumFrom)) {
      originalBaseline = baselineFig;
      baselineFig = { value: 0, fiscalYear: (series.sumFrom as number) - 1, raw: null };
    }
  } else if (series.mode === 'running-total') notes |= N_RUNNING_TOTAL;

  const b = baselineFig ? baselineFig.value : null;
  const by = baselineFig ? baselineFig.fiscalYear : null;
  const t = targetFig ? targetFig.value : null;
  let ty = targetFig ? targetFig.fiscalYear : null;
  if (targetFig && ty == null && context.defaultTargetYear != null) {
    ty = context.defaultTargetYear;
    targetFig = { value: targetFig.value, fiscalYear: ty, raw: targetFig.raw ?? null };
    notes |= N_TARGET_YEAR_FROM_STRATEGY;
  }

  const dir = resolveDirection(indicator.direction, b, t);
  const direction = dir.direction;
  if (dir.reason === 'DIRECTION_INFERRED') notes |= N_DIRECTION_INFERRED;
  else if (dir.reason === 'DIRECTION_UNKNOWN') notes |= N_DIRECTION_UNKNOWN;
  if (dir.conflict) notes |= N_DIRECTION_CONFLICT;

  const cur = series.current();
  const a = cur ? cur.value : null;
  const y = cur ? cur.fiscalYear : null;
  if (cur) {
    if (cur.preliminary) notes |= N_PRELIMINARY;
    if (cur.calendar) notes |= N_CALENDAR_YEAR;
    if (context.asOf != null && cur.fiscalYear < context.asOf) notes |= N_LATEST_BEFORE_AS_OF;
    if (ty != null && cur.fiscalYear > ty) notes |= N_AFTER_TARGET_YEAR;
  }
  if (series.duplicateYears.length > 0) notes |= N_DUPLICATE_YEAR;

  // Maintain: a band around the target (or the baseline when there is no target).
  const maintain = direction === 'maintain';
  const center = maintain ? (t ?? b) : t;
  const tol = maintain
    ? resolveTolerance(indicator.tolerance, indicator.unit, t, b, context.tolerance)
    : null;
  const tolValue = tol ? tol.tolerance : null;

  const achM = achievement(direction, b, center, a, dir.conflict, tolValue);
  const shareM = elapsedShare(by, ty, y);
  const paceM = pace(direction, achM, shareM);
  const expectedM = expectedValue(direction, b, center, shareM);
  const ratioM = ratio(direction, a, center);
  const achievementV = numberOf(achM);
  const shareV = numberOf(shareM);
  const paceV = numberOf(paceM);
  const expectedV = numberOf(expectedM);
  const ratioV = numberOf(ratioM);
  let reasons =
    reasonKey(achM, W_ACHIEVEMENT) +
    reasonKey(shareM, W_ELAPSED_SHARE) +
    reasonKey(paceM, W_PACE) +
    reasonKey(expectedM, W_EXPECTED) +
    reasonKey(ratioM, W_RATIO);
  let growth: GrowthRatio | null = null;
  let cagrM: Metric;
  if (maintain) cagrM = paceM;
  else {
    growth = growthRatio(direction, b, by, a, y, t, ty);
    cagrM = growth.ratio;
  }
  const cagrV = numberOf(cagrM);
  reasons += reasonKey(cagrM, W_CAGR_RATIO);

  // Forecast from the baseline and every usable actual (the series is sorted by year).
  const lead = b != null && by != null && (n === 0 || by < (series.years[0] as number));
  const fc = forecastLine(series.years, series.values, n, ty, lead ? by : null, lead ? b : 0);
  const forecastV = numberOf(fc.value);
  const forecastAchievementM =
    forecastV == null ? fc.value : achievement(direction, b, center, forecastV, dir.conflict, tolValue);
  const forecastAchievementV = numberOf(forecastAchievementM);
  reasons += reasonKey(fc.value, W_FORECAST) + reasonKey(forecastAchievementM, W_FORECAST_ACHIEVEMENT);
  let deviationV: number | null = null;
  if (!maintain) reasons += R_ONLY_FOR_MAINTAIN;
  else if (a == null) reasons += R_NO_ACTUAL;
  else if (center == null) reasons += R_NO_TARGET;
  else {
    const d = a - center;
    if (Number.isFinite(d)) deviationV = d === 0 ? 0 : d;
    else reasons += R_NUMERIC_OVERFLOW;
  }

  const atTarget = a != null && center != null && isAtTarget(direction, a, center, tolValue);
  const achieved = atTarget && (!maintain || ty == null || (y as number) >= ty);
  const achievedEarly = achieved && !maintain && ty != null && (y as number) < ty;
  if (achievedEarly) notes |= N_ACHIEVED_EARLY;
  const willReach =
    forecastV != null && center != null ? isAtTarget(direction, forecastV, center, tolValue) : null;

  const metrics: EvaluationMetrics = {
    achievement: achievementV,
    ratio: ratioV,
    elapsedShare: shareV,
    pace: paceV,
    expected: expectedV,
    cagrRatio: cagrV,
    forecast: forecastV,
    forecastAchievement: forecastAchievementV,
    deviation: deviationV,
    achieved,
    achievedEarly,
    willReach,
    withinBand: maintain && a != null && center != null ? atTarget : null,
  };
  const facts: StatusFacts = {
    noData: cur == null,
    achieved,
    willReach,
    preliminary: cur ? cur.preliminary : false,
    direction,
    metrics,
  };
  const compiled = context.compiled;
  const index = matchRule(compiled, facts);
  const slot = index ?? compiled.scheme.rules.length;
  const computed = compiled.statuses[slot] as StatusRef;
  const override = context.override;
  const effective = override ? overrideStatus(compiled.scheme, override) : computed;

  const metricReasons = metricReasonsOf(reasons);
  const explanation: Explanation = {
    asOf: context.asOf,
    unit: indicator.unit ?? null,
    direction,
    directionSource: dir.source,
    aggregation: indicator.aggregation ?? null,
    mode: series.mode,
    baseline: baselineFig,
    originalBaseline,
    target: targetFig,
    actual: cur,
    usedYears: usedYearsOf(series.years, n),
    skipped: series.skipped,
    tolerance: tol ? { value: tol.tolerance, source: tol.source } : null,
    growth,
    forecastSlope: fc.slope,
    forecastPoints: fc.points,
    metrics,
    metricReasons,
    rule: compiled.rules[slot] as Explanation['rule'],
    ruleMetrics: compiled.ruleMetrics[slot] as Explanation['ruleMetrics'],
    notes: notesOf(notes),
    text: null,
  };
  const result: IndicatorEvaluation = {
    id: indicator.id,
    name: indicator.name,
    status: effective,
    computed,
    override,
    effective,
    metrics,
    metricReasons,
    explanation,
  };
  if (context.text) explanation.text = renderExplanation(result);
  return result;
}

/**
 * The latest fiscal year with a usable actual in a document (the default asOf), or null.
 *
 * @example latestActualYear(doc) // 2023
 */
export function latestActualYear(doc: Pick<StrategyDocument, 'indicators'>): number | null {
  let latest: number | null = null;
  for (const ind of doc.indicators)
    for (const f of ind.actuals ?? []) {
      if (f.value == null || f.fiscalYear == null) continue;
      if (f.state === 'pending' || f.state === 'missing' || f.state === 'not_applicable') continue;
      if (latest == null || f.fiscalYear > latest) latest = f.fiscalYear;
    }
  return latest;
}

/** The result of evaluating a whole document. */
export interface DocumentEvaluation {
  scheme: StatusScheme;
  asOf: number | null;
  /** One result per indicator, in the document's order. */
  results: IndicatorEvaluation[];
  summary: EvaluationSummary;
}

/**
 * Evaluates every indicator of a strategy document (already validated with
 * strategyDocumentSchema) and summarizes the statuses overall, per goal, department and role.
 * The target year defaults to the end of the indicator's strategy period when the target has none.
 *
 * @example
 * const r = evaluateDocument(doc, { asOf: 2021, scheme: presets.standard })
 * r.results[0].status.label // '遅れ'
 * r.summary.overall.lines.at(-1) // '合計 1件(100%)'
 */
export function evaluateDocument(doc: StrategyDocument, options: EvaluateOptions = {}): DocumentEvaluation {
  const compiled = resolveScheme(options);
  const asOf = options.asOf ?? latestActualYear(doc);
  const overrides = options.overrides?.length ? indexOverrides(options.overrides, asOf) : null;
  const periodEnd = new Map<string, number>();
  for (const s of doc.strategies ?? []) if (s.period?.to != null) periodEnd.set(s.id, s.period.to);
  if (doc.strategy?.period?.to != null) periodEnd.set(doc.strategy.id, doc.strategy.period.to);
  const docEnd = doc.strategy?.period?.to ?? null;
  const context: IndicatorContext = {
    compiled,
    asOf,
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    text: options.text ?? true,
    defaultTargetYear: null,
    override: null,
    series: new SeriesBuffer(),
  };
  const n = doc.indicators.length;
  const results: IndicatorEvaluation[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const ind = doc.indicators[i] as Indicator;
    context.defaultTargetYear =
      (ind.strategyId != null ? periodEnd.get(ind.strategyId) : undefined) ?? docEnd;
    context.override = overrides?.get(ind.id) ?? null;
    results[i] = evaluateIndicator(ind, context);
  }
  return { scheme: compiled.scheme, asOf, results, summary: summarize(doc, results, compiled.scheme) };
}
