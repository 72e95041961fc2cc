import type { Figure, Indicator, StrategyDocument } from '../interchange.ts';
import { resolveDirection } from './direction.ts';
import type {
  EvaluationMetrics,
  EvaluationNote,
  Explanation,
  IndicatorEvaluation,
  NumericMetric,
  UsedFigure,
} from './evaluation.ts';
import { renderExplanation } from './explain.ts';
import { forecastAt, type YearValue } from './forecast.ts';
import { growthRatio } from './growth-rate.ts';
import {
  achievement,
  DEFAULT_TOLERANCE,
  elapsedShare,
  expectedValue,
  isAtTarget,
  type Maybe,
  type MetricReason,
  pace,
  ratio,
  resolveTolerance,
  type ToleranceDefaults,
} from './metrics.ts';
import { indexOverrides, type Override, overrideStatus, type StatusRef } from './override.ts';
import { presets } from './presets.ts';
import { buildSeries } from './series.ts';
import {
  type CompiledScheme,
  type Condition,
  compileScheme,
  type MetricName,
  matchRule,
  type StatusFacts,
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
}

const isCompiled = (s: StatusScheme | CompiledScheme): s is CompiledScheme => 'tests' in s;

/**
 * Compiles the scheme of an options object once (or takes the compiled one).
 *
 * @example resolveScheme({}).scheme.id // 'standard'
 */
export function resolveScheme(options: Pick<EvaluateOptions, 'scheme'>): CompiledScheme {
  const s = options.scheme ?? (presets.standard as StatusScheme);
  return isCompiled(s) ? s : compileScheme(s);
}

function usedFigure(f: Figure | null | undefined): UsedFigure | null {
  if (!f || f.value == null || !Number.isFinite(f.value)) return null;
  return { value: f.value, fiscalYear: f.fiscalYear ?? null, raw: f.raw ?? null };
}

const metricNames = (c: Condition, out: Set<MetricName>): Set<MetricName> => {
  if ('metric' in c) {
    out.add(c.metric);
    if ('ref' in c) out.add(c.ref);
  } else if ('all' in c) for (const x of c.all) metricNames(x, out);
  else if ('any' in c) for (const x of c.any) metricNames(x, out);
  else if ('not' in c) metricNames(c.not, out);
  return out;
};

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
  const notes: EvaluationNote[] = [];
  const reasons: Partial<Record<NumericMetric, MetricReason>> = {};
  const targetFig = usedFigure(indicator.target);
  const series = buildSeries(indicator.actuals ?? [], indicator.aggregation, indicator.target, context.asOf);

  // Baseline: in sum-of-flows mode, the running total starts at 0 the year before the sum starts,
  // unless the baseline itself is a running total over the same range.
  let baselineFig = usedFigure(indicator.baseline);
  let originalBaseline: UsedFigure | null = null;
  if (series.mode === 'sum-of-flows') {
    notes.push('SUM_OF_FLOWS');
    if (!(baselineFig && indicator.baseline?.fromYear === series.sumFrom)) {
      originalBaseline = baselineFig;
      baselineFig = { value: 0, fiscalYear: (series.sumFrom as number) - 1, raw: null };
    }
  } else if (series.mode === 'running-total') notes.push('RUNNING_TOTAL');

  const b = baselineFig?.value ?? null;
  const by = baselineFig?.fiscalYear ?? null;
  const t = targetFig?.value ?? null;
  let ty = targetFig?.fiscalYear ?? null;
  if (targetFig && ty == null && context.defaultTargetYear != null) {
    ty = context.defaultTargetYear;
    targetFig.fiscalYear = ty;
    notes.push('TARGET_YEAR_FROM_STRATEGY');
  }

  const dir = resolveDirection(indicator.direction, b, t);
  const direction = dir.direction;
  if (dir.reason) notes.push(dir.reason);
  if (dir.conflict) notes.push('DIRECTION_CONFLICT');

  const cur = series.current;
  const a = cur?.value ?? null;
  const y = cur?.year ?? null;
  if (cur?.preliminary) notes.push('PRELIMINARY');
  if (cur?.calendar) notes.push('CALENDAR_YEAR');
  if (series.duplicateYears.length > 0) notes.push('DUPLICATE_YEAR');
  if (cur && context.asOf != null && cur.year < context.asOf) notes.push('LATEST_BEFORE_AS_OF');
  if (cur && ty != null && cur.year > ty) notes.push('AFTER_TARGET_YEAR');

  // Maintain: a band around the target (or the baseline when there is no target).
  const maintain = direction === 'maintain';
  const center = maintain ? (t ?? b) : t;
  const tol = maintain
    ? resolveTolerance(indicator.tolerance, indicator.unit, t, b, context.tolerance)
    : null;
  const tolValue = tol?.tolerance ?? null;

  const set = (name: NumericMetric, m: Maybe): number | null => {
    if (m.value == null) reasons[name] = m.reason;
    return m.value;
  };
  const achM = achievement(direction, b, center, a, dir.conflict, tolValue);
  const shareM = elapsedShare(by, ty, y);
  const paceM = pace(direction, achM, shareM);
  const achievementV = set('achievement', achM);
  const shareV = set('elapsedShare', shareM);
  const paceV = set('pace', paceM);
  const expectedV = set('expected', expectedValue(direction, b, center, shareM));
  const ratioV = set('ratio', ratio(direction, a, center));
  let growthMethod: Explanation['growth'] = { method: null, observed: null, required: null };
  let cagrV: number | null;
  if (maintain) cagrV = set('cagrRatio', paceM);
  else {
    const g = growthRatio(direction, b, by, a, y, t, ty);
    growthMethod = { method: g.method, observed: g.observed, required: g.required };
    cagrV = set('cagrRatio', g.ratio);
  }

  // Forecast from the baseline and every usable actual (series points are sorted by year).
  const pts: YearValue[] = [];
  if (b != null && by != null && (series.points.length === 0 || by < (series.points[0]?.year ?? by)))
    pts.push({ year: by, value: b });
  for (const p of series.points) pts.push(p);
  const fc = forecastAt(pts, ty);
  const forecastV = set('forecast', fc.value);
  const forecastAchievementV = set(
    'forecastAchievement',
    forecastV == null ? fc.value : achievement(direction, b, center, forecastV, dir.conflict, tolValue),
  );
  let deviationV: number | null = null;
  if (maintain) {
    if (a == null) reasons.deviation = 'NO_ACTUAL';
    else if (center == null) reasons.deviation = 'NO_TARGET';
    else {
      const d = a - center;
      if (Number.isFinite(d)) deviationV = d === 0 ? 0 : d;
      else reasons.deviation = 'NUMERIC_OVERFLOW';
    }
  } else reasons.deviation = 'ONLY_FOR_MAINTAIN';

  const atTarget = a != null && center != null && isAtTarget(direction, a, center, tolValue);
  const achieved = atTarget && (!maintain || ty == null || (y as number) >= ty);
  const achievedEarly = achieved && ty != null && (y as number) < ty && !maintain;
  if (achievedEarly) notes.push('ACHIEVED_EARLY');
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
    preliminary: cur?.preliminary ?? false,
    direction,
    metrics,
  };
  const { scheme } = context.compiled;
  const index = matchRule(context.compiled, facts);
  const rule = index == null ? scheme.fallback : scheme.rules[index];
  const r = rule as NonNullable<typeof rule>;
  const computed: StatusRef = {
    key: r.key,
    label: r.label,
    labelEn: r.labelEn ?? null,
    color: r.color,
    ruleIndex: index,
    source: 'computed',
  };
  const override = context.override;
  const effective = override ? overrideStatus(scheme, override) : computed;
  const condition = index == null ? null : (scheme.rules[index]?.when ?? null);

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
    actual: cur
      ? { value: cur.value, fiscalYear: cur.year, preliminary: cur.preliminary, calendar: cur.calendar }
      : null,
    usedYears: series.points.map((p) => p.year),
    skipped: series.skipped,
    tolerance: tol ? { value: tol.tolerance, source: tol.source } : null,
    growth: growthMethod,
    forecastLine: { slope: fc.slope, points: fc.points, weights: 'linear: 1 + (year − earliest year)' },
    metrics,
    metricReasons: reasons,
    rule: { index, condition, key: r.key, label: r.label, fallback: index == null },
    ruleMetrics: condition ? [...metricNames(condition, new Set())] : [],
    notes,
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
    metricReasons: reasons,
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
  const overrides = indexOverrides(options.overrides ?? [], asOf);
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
  };
  const results: IndicatorEvaluation[] = new Array(doc.indicators.length);
  for (let i = 0; i < doc.indicators.length; i++) {
    const ind = doc.indicators[i] as Indicator;
    context.defaultTargetYear =
      (ind.strategyId != null ? periodEnd.get(ind.strategyId) : undefined) ?? docEnd;
    context.override = overrides.get(ind.id) ?? null;
    results[i] = evaluateIndicator(ind, context);
  }
  return { scheme: compiled.scheme, asOf, results, summary: summarize(doc, results, compiled.scheme) };
}
