import type { Figure, Indicator, StrategyDocument } from '../interchange.ts';
import { noteBit, reasonKey, reasonWeight, usedYearsOf } from './canonical.ts';
import { resolveDirection } from './direction.ts';
import type { IndicatorEvaluation } from './evaluation.ts';
import {
  B_ACHIEVED,
  B_ACHIEVED_EARLY,
  B_BASELINE_REPLACED,
  B_CALENDAR,
  B_HAS_ACTUAL,
  B_PRELIMINARY,
  DIRECTION_SOURCES,
  DIRECTIONS,
  EvaluationTable,
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
import { renderExplanation } from './explain.ts';
import { forecastLine } from './forecast.ts';
import { growthRatio } from './growth-rate.ts';
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
import { type AppliedRevision, type FigureVersionInput, indicatorInForce } from './revisions.ts';
import { CALENDAR as SERIES_CALENDAR, PRELIMINARY as SERIES_PRELIMINARY, SeriesBuffer } from './series.ts';
import {
  type CompiledScheme,
  compileScheme,
  type MetricName,
  matchRule,
  type StatusFacts,
  type StatusRef,
  type StatusScheme,
} from './status-scheme.ts';
import { type EvaluationSummary, summarizeStatuses } from './summary.ts';

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
   * Stored versions of targets and baselines (oldest first per figure): each indicator is judged
   * against the target and baseline in force for the year judged (`asOf`), and its explanation
   * names the revisions that bear on that year (see revisions.ts).
   */
  revisions?: readonly FigureVersionInput[];
  /**
   * Render the Japanese sentence of each explanation (default true; every result object is then
   * built). Bulk runs pass false: the evaluations stay table rows (see DocumentEvaluation), and
   * `at(i)` / renderExplanation build the object and sentence of the ones shown.
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
  /** Buffers reused from indicator to indicator (evaluateDocument makes one per run); optional. */
  scratch?: EvaluationScratch;
}

/**
 * Working memory of an evaluation run, reused from indicator to indicator: the series buffer and
 * the facts the status rules look at.
 *
 * @example evaluateIndicator(indicator, { ...context, scratch: new EvaluationScratch() })
 */
export class EvaluationScratch {
  readonly series = new SeriesBuffer();
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
  const table = new EvaluationTable([indicator], context.compiled, context.asOf);
  evaluateRow(table, 0, indicator, context, context.scratch ?? new EvaluationScratch());
  const result = table.at(0);
  if (context.text) result.explanation.text = renderExplanation(result);
  return result;
}

/**
 * Evaluates one indicator into row `i` of a table (see {@link evaluateIndicator}; the objects are
 * built when the row is read). Allocates nothing in the usual case but what the series keeps.
 */
function evaluateRow(
  table: EvaluationTable,
  i: number,
  indicator: Indicator,
  context: IndicatorContext,
  scratch: EvaluationScratch,
): void {
  const num = table.num;
  const o = i * NUM_FIELDS;
  let notes = 0;
  let flags = 0;
  const series = scratch.series;
  series.fill(indicator.actuals ?? NO_FIGURES, indicator.aggregation, indicator.target, context.asOf);
  const n = series.n;

  // Baseline: in sum-of-flows mode, the running total starts at 0 the year before the sum starts,
  // unless the baseline itself is a running total over the same range.
  const baselineFig = usedFigure(indicator.baseline);
  let b = baselineFig ? baselineFig.value : null;
  let by = baselineFig ? baselineFig.fiscalYear : null;
  num[o + F_SUM_FROM] = Number.NaN;
  if (series.mode === 'sum-of-flows') {
    notes |= N_SUM_OF_FLOWS;
    if (!(baselineFig && indicator.baseline?.fromYear === series.sumFrom)) {
      flags |= B_BASELINE_REPLACED;
      num[o + F_SUM_FROM] = series.sumFrom as number;
      b = 0;
      by = (series.sumFrom as number) - 1;
    }
  } else if (series.mode === 'running-total') notes |= N_RUNNING_TOTAL;

  const targetFig = usedFigure(indicator.target);
  const t = targetFig ? targetFig.value : null;
  let ty = targetFig ? targetFig.fiscalYear : null;
  num[o + F_TARGET_YEAR] = Number.NaN;
  if (targetFig && ty == null && context.defaultTargetYear != null) {
    ty = context.defaultTargetYear;
    num[o + F_TARGET_YEAR] = ty;
    notes |= N_TARGET_YEAR_FROM_STRATEGY;
  }

  const dir = resolveDirection(indicator.direction, b, t);
  const direction = dir.direction;
  if (dir.reason === 'DIRECTION_INFERRED') notes |= N_DIRECTION_INFERRED;
  else if (dir.reason === 'DIRECTION_UNKNOWN') notes |= N_DIRECTION_UNKNOWN;
  if (dir.conflict) notes |= N_DIRECTION_CONFLICT;

  let a: number | null = null;
  let y: number | null = null;
  let preliminary = false;
  if (n > 0) {
    a = series.values[n - 1] as number;
    y = series.years[n - 1] as number;
    const fl = series.flags[n - 1] as number;
    preliminary = (fl & SERIES_PRELIMINARY) !== 0;
    flags |= B_HAS_ACTUAL;
    if (preliminary) {
      flags |= B_PRELIMINARY;
      notes |= N_PRELIMINARY;
    }
    if (fl & SERIES_CALENDAR) {
      flags |= B_CALENDAR;
      notes |= N_CALENDAR_YEAR;
    }
    if (context.asOf != null && y < context.asOf) notes |= N_LATEST_BEFORE_AS_OF;
    if (ty != null && y > ty) notes |= N_AFTER_TARGET_YEAR;
  }
  num[o + F_ACTUAL_YEAR] = y ?? Number.NaN;
  num[o + F_ACTUAL_VALUE] = a ?? Number.NaN;
  if (series.duplicateYears.length > 0) notes |= N_DUPLICATE_YEAR;

  // Maintain: a band around the target (or the baseline when there is no target).
  const maintain = direction === 'maintain';
  const center = maintain ? (t ?? b) : t;
  let tolValue: number | null = null;
  num[o + F_TOLERANCE] = Number.NaN;
  if (maintain) {
    const tol = resolveTolerance(indicator.tolerance, indicator.unit, t, b, context.tolerance);
    tolValue = tol.tolerance;
    num[o + F_TOLERANCE] = tolValue;
    flags |= TOLERANCE_SOURCES.indexOf(tol.source) << S_TOLERANCE_SOURCE;
  }

  const achM = achievement(direction, b, center, a, dir.conflict, tolValue);
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
  let cagrM: Metric;
  num[o + F_GROWTH_OBSERVED] = Number.NaN;
  num[o + F_GROWTH_REQUIRED] = Number.NaN;
  if (maintain) cagrM = paceM;
  else {
    const growth = growthRatio(direction, b, by, a, y, t, ty);
    cagrM = growth.ratio;
    if (growth.method == null) flags |= 1 << S_GROWTH;
    else {
      flags |= (growth.method === 'cagr' ? 2 : 3) << S_GROWTH;
      num[o + F_GROWTH_OBSERVED] = growth.observed as number;
      num[o + F_GROWTH_REQUIRED] = growth.required as number;
    }
  }
  reasons += reasonKey(cagrM, W_CAGR_RATIO);

  // Forecast from the baseline and every usable actual (the series is sorted by year).
  const lead = b != null && by != null && (n === 0 || by < (series.years[0] as number));
  const fc = forecastLine(series.years, series.values, n, ty, lead ? by : null, lead ? (b as number) : 0);
  const forecastV = numberOf(fc.value);
  const forecastAchievementM =
    forecastV == null ? fc.value : achievement(direction, b, center, forecastV, dir.conflict, tolValue);
  reasons += reasonKey(fc.value, W_FORECAST) + reasonKey(forecastAchievementM, W_FORECAST_ACHIEVEMENT);
  let deviation = Number.NaN;
  if (!maintain) reasons += R_ONLY_FOR_MAINTAIN;
  else if (a == null) reasons += R_NO_ACTUAL;
  else if (center == null) reasons += R_NO_TARGET;
  else {
    const d = a - center;
    if (Number.isFinite(d)) deviation = d === 0 ? 0 : d;
    else reasons += R_NUMERIC_OVERFLOW;
  }

  const atTarget = a != null && center != null && isAtTarget(direction, a, center, tolValue);
  const achieved = atTarget && (!maintain || ty == null || (y as number) >= ty);
  const achievedEarly = achieved && !maintain && ty != null && (y as number) < ty;
  if (achievedEarly) notes |= N_ACHIEVED_EARLY;
  const willReach =
    forecastV != null && center != null ? isAtTarget(direction, forecastV, center, tolValue) : null;
  if (achieved) flags |= B_ACHIEVED;
  if (achievedEarly) flags |= B_ACHIEVED_EARLY;
  flags |= triBits(willReach) << S_WILL_REACH;
  flags |= triBits(maintain && a != null && center != null ? atTarget : null) << S_WITHIN_BAND;

  const metrics = scratch.metrics;
  metrics.achievement = numberOf(achM);
  metrics.ratio = numberOf(ratioM);
  metrics.elapsedShare = numberOf(shareM);
  metrics.pace = numberOf(paceM);
  metrics.cagrRatio = numberOf(cagrM);
  metrics.forecast = forecastV;
  metrics.forecastAchievement = numberOf(forecastAchievementM);
  num[o + F_ACHIEVEMENT] = metricOrNaN(achM);
  num[o + F_RATIO] = metricOrNaN(ratioM);
  num[o + F_ELAPSED_SHARE] = metricOrNaN(shareM);
  num[o + F_PACE] = metricOrNaN(paceM);
  num[o + F_EXPECTED] = metricOrNaN(expectedM);
  num[o + F_CAGR_RATIO] = metricOrNaN(cagrM);
  num[o + F_FORECAST] = forecastV ?? Number.NaN;
  num[o + F_FORECAST_ACHIEVEMENT] = metricOrNaN(forecastAchievementM);
  num[o + F_DEVIATION] = deviation;
  num[o + F_REASONS] = reasons;
  num[o + F_FORECAST_SLOPE] = fc.slope ?? Number.NaN;
  num[o + F_FORECAST_POINTS] = fc.points;

  const facts = scratch.facts;
  facts.noData = n === 0;
  facts.achieved = achieved;
  facts.willReach = willReach;
  facts.preliminary = preliminary;
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
    (DIRECTION_SOURCES.indexOf(dir.source) << S_DIRECTION_SOURCE) |
    (MODES.indexOf(series.mode) << S_MODE);
  table.bits[i * 2] = flags;
  table.bits[i * 2 + 1] = (slot << 16) | notes;
  table.usedYears[i] = usedYearsOf(series.years, n);
  table.skipped[i] = series.skipped;
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

/**
 * The result of evaluating a whole document: one evaluation per indicator, in the document's
 * order, and the summary. The evaluations are held either as result objects (`results`, built
 * when the run renders the sentences or on first read) or, until then, as a table of rows holding
 * everything each explanation is made of (see evaluation-table.ts): bulk callers read
 * `statusAt(i)` and `at(i)` and never build the objects they do not show.
 */
export class DocumentEvaluation {
  #table: EvaluationTable | null;
  #results: IndicatorEvaluation[] | null;
  #revisions: ReadonlyMap<number, readonly AppliedRevision[]> | null;

  constructor(
    readonly scheme: StatusScheme,
    readonly asOf: number | null,
    readonly summary: EvaluationSummary,
    table: EvaluationTable | null,
    results: IndicatorEvaluation[] | null,
    revisions: ReadonlyMap<number, readonly AppliedRevision[]> | null = null,
  ) {
    this.#table = table;
    this.#results = results;
    this.#revisions = revisions;
  }

  /**
   * The revisions of target or baseline that bear on the year judged for indicator `i` (empty when
   * none): the reports mark revised targets (変更) from these.
   */
  revisionsAt(i: number): readonly AppliedRevision[] {
    return this.#revisions?.get(i) ?? [];
  }

  #built(i: number, r: IndicatorEvaluation): IndicatorEvaluation {
    const revisions = this.#revisions?.get(i);
    if (revisions && !r.explanation.revisions) r.explanation.revisions = revisions;
    return r;
  }

  /** Number of indicators evaluated. */
  get length(): number {
    return this.#results ? this.#results.length : (this.#table as EvaluationTable).length;
  }

  /** One result per indicator, in the document's order (built on first read, then kept). */
  get results(): IndicatorEvaluation[] {
    if (this.#results) return this.#results;
    const table = this.#table as EvaluationTable;
    const out: IndicatorEvaluation[] = new Array(table.length);
    for (let i = 0; i < table.length; i++) out[i] = this.#built(i, table.at(i));
    this.#results = out;
    this.#table = null; // the objects now hold everything the rows held
    return out;
  }

  /**
   * The evaluation of indicator `i` (the kept object, or one built from its row).
   *
   * @example evaluateDocument(doc, { text: false }).at(0).explanation.rule.label // '遅れ'
   */
  at(i: number): IndicatorEvaluation {
    return this.#results
      ? (this.#results[i] as IndicatorEvaluation)
      : this.#built(i, (this.#table as EvaluationTable).at(i));
  }

  /**
   * The effective status of indicator `i` (a shared object; nothing is built).
   *
   * @example evaluateDocument(doc, { text: false }).statusAt(0).label // '遅れ'
   */
  statusAt(i: number): StatusRef {
    return this.#results
      ? (this.#results[i] as IndicatorEvaluation).effective
      : (this.#table as EvaluationTable).statusAt(i);
  }

  /**
   * The computed status of indicator `i` (the scheme's, whatever the judgement of record says).
   *
   * @example evaluateDocument(doc, { text: false, overrides }).computedAt(0).label // '遅れ'
   */
  computedAt(i: number): StatusRef {
    return this.#results
      ? (this.#results[i] as IndicatorEvaluation).computed
      : (this.#table as EvaluationTable).computedAt(i);
  }

  /**
   * The judgement of record (override or imported status) of indicator `i`, or null.
   *
   * @example evaluateDocument(doc, { overrides }).overrideAt(0)?.source // 'import'
   */
  overrideAt(i: number): Override | null {
    return this.#results
      ? (this.#results[i] as IndicatorEvaluation).override
      : (this.#table as EvaluationTable).overrideAt(i);
  }

  toJSON(): {
    scheme: StatusScheme;
    asOf: number | null;
    results: IndicatorEvaluation[];
    summary: EvaluationSummary;
  } {
    return { scheme: this.scheme, asOf: this.asOf, results: this.results, summary: this.summary };
  }
}

/**
 * Evaluates every indicator of a strategy document (already validated with
 * strategyDocumentSchema) and summarizes the statuses overall, per goal, department and role.
 * The target year defaults to the end of the indicator's strategy period when the target has none.
 * With `text: false` nothing per indicator is built but the table row (see DocumentEvaluation).
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
  const text = options.text ?? true;
  const context: IndicatorContext = {
    compiled,
    asOf,
    tolerance: options.tolerance ?? DEFAULT_TOLERANCE,
    text,
    defaultTargetYear: null,
    override: null,
  };
  const scratch = new EvaluationScratch();
  let indicators = doc.indicators;
  let revised: Map<number, readonly AppliedRevision[]> | null = null;
  if (options.revisions?.length) {
    const byIndicator = new Map<string, FigureVersionInput[]>();
    for (const v of options.revisions) {
      const list = byIndicator.get(v.indicatorId);
      if (list) list.push(v);
      else byIndicator.set(v.indicatorId, [v]);
    }
    const found = new Map<number, readonly AppliedRevision[]>();
    indicators = indicators.map((ind, i) => {
      const versions = byIndicator.get(ind.id);
      if (!versions) return ind;
      const r = indicatorInForce(ind, versions, asOf);
      if (r.revisions.length) found.set(i, r.revisions);
      return r.indicator;
    });
    if (found.size) revised = found;
  }
  const table = new EvaluationTable(indicators, compiled, asOf);
  for (let i = 0; i < indicators.length; i++) {
    const ind = indicators[i] as Indicator;
    context.defaultTargetYear =
      (ind.strategyId != null ? periodEnd.get(ind.strategyId) : undefined) ?? docEnd;
    context.override = overrides?.get(ind.id) ?? null;
    evaluateRow(table, i, ind, context, scratch);
  }
  const summary = summarizeStatuses(doc, table.effective, indicators, compiled.scheme);
  let results: IndicatorEvaluation[] | null = null;
  if (text) {
    results = new Array(table.length);
    for (let i = 0; i < table.length; i++) {
      const r = table.at(i);
      const revisions = revised?.get(i);
      if (revisions) r.explanation.revisions = revisions;
      r.explanation.text = renderExplanation(r);
      results[i] = r;
    }
  }
  return new DocumentEvaluation(compiled.scheme, asOf, summary, results ? null : table, results, revised);
}

/** A metric's number, or NaN (null) in a table row. */
function metricOrNaN(m: Metric): number {
  return typeof m === 'number' ? m : Number.NaN;
}
