import type { Indicator, StrategyDocument } from '../interchange.ts';
import { EvaluationScratch, evaluateRow, type IndicatorContext } from './evaluate-row.ts';
import type { IndicatorEvaluation } from './evaluation.ts';
import { EvaluationTable } from './evaluation-table.ts';
import { renderExplanation } from './explain.ts';
import { DEFAULT_TOLERANCE, type ToleranceDefaults } from './metrics.ts';
import { indexOverrides, type Override } from './override.ts';
import { presets } from './presets.ts';
import { type AppliedRevision, type FigureVersionInput, indicatorInForce } from './revisions.ts';
import { type CompiledScheme, compileScheme, type StatusRef, type StatusScheme } from './status-scheme.ts';
import { type EvaluationSummary, summarizeStatuses } from './summary.ts';

export { EvaluationScratch, type IndicatorContext } from './evaluate-row.ts';

/**
 * The evaluation of indicators and of a whole document (評価): the run's options, the table of
 * rows and the summary. The judgement of one row, step by step, is in evaluate-row.ts.
 */

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
