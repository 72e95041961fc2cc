import type { Direction, Indicator } from '../interchange.ts';
import { metricReasonsOf, noteBit, notesOf } from './canonical.ts';
import type { DirectionSource } from './direction.ts';
import type { EvaluationMetrics, Explanation, IndicatorEvaluation, UsedFigure } from './evaluation.ts';
import type { GrowthMethod, GrowthRatio } from './growth-rate.ts';
import type { MetricReason } from './metrics.ts';
import type { Override } from './override.ts';
import type { SeriesMode, SeriesPoint, SkippedFigure } from './series.ts';
import type { CompiledScheme, StatusRef } from './status-scheme.ts';

/*
 * Row layout. Numbers: NUM_FIELDS doubles per row (NaN stands for null). Bits: one 32-bit word of
 * flags per row, and one of rule slot (high 16 bits) and note mask (low 16 bits).
 */
export const F_ACHIEVEMENT = 0;
export const F_RATIO = 1;
export const F_ELAPSED_SHARE = 2;
export const F_PACE = 3;
export const F_EXPECTED = 4;
export const F_CAGR_RATIO = 5;
export const F_FORECAST = 6;
export const F_FORECAST_ACHIEVEMENT = 7;
export const F_DEVIATION = 8;
/** Reason key of the null metrics (canonical.ts). */
export const F_REASONS = 9;
export const F_ACTUAL_YEAR = 10;
export const F_ACTUAL_VALUE = 11;
/** First summed year, when a zero baseline was put before a summed range. */
export const F_SUM_FROM = 12;
/** Target year taken from the strategy period (note TARGET_YEAR_FROM_STRATEGY). */
export const F_TARGET_YEAR = 13;
export const F_TOLERANCE = 14;
export const F_GROWTH_OBSERVED = 15;
export const F_GROWTH_REQUIRED = 16;
export const F_FORECAST_SLOPE = 17;
export const F_FORECAST_POINTS = 18;
export const NUM_FIELDS = 19;

export const B_ACHIEVED = 1 << 0;
export const B_ACHIEVED_EARLY = 1 << 1;
/** willReach: 0 null, 1 false, 2 true (at bit 2); withinBand likewise at bit 4. */
export const S_WILL_REACH = 2;
export const S_WITHIN_BAND = 4;
export const B_HAS_ACTUAL = 1 << 6;
export const B_PRELIMINARY = 1 << 7;
export const B_CALENDAR = 1 << 8;
export const B_BASELINE_REPLACED = 1 << 9;
/** Direction (2 bits), its source (2 bits), series mode (2 bits), tolerance source (2 bits), growth (2 bits). */
export const S_DIRECTION = 10;
export const S_DIRECTION_SOURCE = 12;
export const S_MODE = 14;
export const S_TOLERANCE_SOURCE = 16;
export const S_GROWTH = 18;

export const DIRECTIONS: readonly Direction[] = ['increase', 'decrease', 'maintain'];
export const DIRECTION_SOURCES: readonly DirectionSource[] = ['given', 'inferred', 'assumed'];
export const MODES: readonly SeriesMode[] = ['latest', 'running-total', 'sum-of-flows'];
type ToleranceSource = NonNullable<Explanation['tolerance']>['source'];
/** Index 0: no tolerance (not a maintain indicator). */
export const TOLERANCE_SOURCES: readonly (ToleranceSource | null)[] = [
  null,
  'indicator',
  'default-points',
  'default-relative',
];
/** Growth: 0 none (maintain), 1 not computable (method null), 2 cagr, 3 linear. */
export const GROWTH_METHODS: readonly (GrowthMethod | null)[] = [null, null, 'cagr', 'linear'];

/**
 * The evaluations of a document as a table (列形式): one row per indicator, the numbers in one
 * Float64Array (row-major), the flags, rule and notes in a Uint32Array, and three references per
 * row (the years used, the skipped figures, the effective status, all shared values in the usual
 * case). A row holds everything its explanation is made of — with the indicator (the inputs) and
 * the compiled scheme (the matched rule) — so {@link EvaluationTable.at} builds the same
 * {@link IndicatorEvaluation} object that evaluating the indicator alone gives, when it is read.
 * A national data set then takes about 200 bytes per indicator instead of a dozen objects.
 *
 * Rows are written by evaluate.ts.
 *
 * @example evaluateDocument(doc, { text: false }).table.statusAt(0).label // '順調'
 */
export class EvaluationTable {
  readonly length: number;
  readonly num: Float64Array;
  readonly bits: Uint32Array;
  readonly usedYears: (readonly number[])[];
  readonly skipped: (readonly SkippedFigure[])[];
  /** Effective status of each row (the computed one, or the override's). */
  readonly effective: StatusRef[];
  /** Override of each row, or null when no row has one. */
  overrides: (Override | null)[] | null = null;

  constructor(
    readonly indicators: readonly Indicator[],
    readonly compiled: CompiledScheme,
    readonly asOf: number | null,
  ) {
    const n = indicators.length;
    this.length = n;
    this.num = new Float64Array(n * NUM_FIELDS);
    this.bits = new Uint32Array(n * 2);
    this.usedYears = new Array(n);
    this.skipped = new Array(n);
    this.effective = new Array(n);
  }

  /** The effective status of row `i` (shared object; nothing is built). */
  statusAt(i: number): StatusRef {
    return this.effective[i] as StatusRef;
  }

  /** The computed status of row `i` (shared object; nothing is built). */
  computedAt(i: number): StatusRef {
    return this.compiled.statuses[(this.bits[i * 2 + 1] as number) >>> 16] as StatusRef;
  }

  /** The override of row `i`, or null. */
  overrideAt(i: number): Override | null {
    return this.overrides ? (this.overrides[i] ?? null) : null;
  }

  /**
   * The evaluation of row `i` as an object (a new one on each call), `explanation.text` null.
   *
   * @example table.at(0).explanation.rule.label // '遅れ'
   */
  at(i: number): IndicatorEvaluation {
    const ind = this.indicators[i] as Indicator;
    const num = this.num;
    const o = i * NUM_FIELDS;
    const flags = this.bits[i * 2] as number;
    const word = this.bits[i * 2 + 1] as number;
    const slot = word >>> 16;
    const compiled = this.compiled;
    const maintain = ((flags >>> S_DIRECTION) & 3) === 2;
    const reasons = metricReasonsOf(num[o + F_REASONS] as number);

    const metrics: EvaluationMetrics = {
      achievement: orNull(num[o + F_ACHIEVEMENT] as number),
      ratio: orNull(num[o + F_RATIO] as number),
      elapsedShare: orNull(num[o + F_ELAPSED_SHARE] as number),
      pace: orNull(num[o + F_PACE] as number),
      expected: orNull(num[o + F_EXPECTED] as number),
      cagrRatio: orNull(num[o + F_CAGR_RATIO] as number),
      forecast: orNull(num[o + F_FORECAST] as number),
      forecastAchievement: orNull(num[o + F_FORECAST_ACHIEVEMENT] as number),
      deviation: orNull(num[o + F_DEVIATION] as number),
      achieved: (flags & B_ACHIEVED) !== 0,
      achievedEarly: (flags & B_ACHIEVED_EARLY) !== 0,
      willReach: triState(flags >>> S_WILL_REACH),
      withinBand: triState(flags >>> S_WITHIN_BAND),
    };

    let baseline = usedFigure(ind.baseline);
    let originalBaseline: UsedFigure | null = null;
    if (flags & B_BASELINE_REPLACED) {
      originalBaseline = baseline;
      baseline = { value: 0, fiscalYear: (num[o + F_SUM_FROM] as number) - 1, raw: null };
    }
    let target = usedFigure(ind.target);
    const notes = word & 0xffff;
    if (target && notes & TARGET_YEAR_FROM_STRATEGY_BIT)
      target = { value: target.value, fiscalYear: num[o + F_TARGET_YEAR] as number, raw: target.raw ?? null };
    const actual: SeriesPoint | null =
      flags & B_HAS_ACTUAL
        ? {
            fiscalYear: num[o + F_ACTUAL_YEAR] as number,
            value: num[o + F_ACTUAL_VALUE] as number,
            preliminary: (flags & B_PRELIMINARY) !== 0,
            calendar: (flags & B_CALENDAR) !== 0,
          }
        : null;
    const toleranceSource = TOLERANCE_SOURCES[(flags >>> S_TOLERANCE_SOURCE) & 3] ?? null;
    const growthKind = (flags >>> S_GROWTH) & 3;
    let growth: GrowthRatio | null = null;
    if (!maintain) {
      const cagr = num[o + F_CAGR_RATIO] as number;
      growth =
        growthKind === 1
          ? { ratio: reasons.cagrRatio as MetricReason, method: null, observed: null, required: null }
          : {
              ratio: Number.isNaN(cagr) ? (reasons.cagrRatio as MetricReason) : cagr,
              method: GROWTH_METHODS[growthKind] ?? null,
              observed: num[o + F_GROWTH_OBSERVED] as number,
              required: num[o + F_GROWTH_REQUIRED] as number,
            };
    }
    const computed = compiled.statuses[slot] as StatusRef;
    const effective = this.effective[i] as StatusRef;
    const explanation: Explanation = {
      asOf: this.asOf,
      unit: ind.unit ?? null,
      direction: DIRECTIONS[(flags >>> S_DIRECTION) & 3] as Direction,
      directionSource: DIRECTION_SOURCES[(flags >>> S_DIRECTION_SOURCE) & 3] as DirectionSource,
      aggregation: ind.aggregation ?? null,
      mode: MODES[(flags >>> S_MODE) & 3] as SeriesMode,
      baseline,
      originalBaseline,
      target,
      actual,
      usedYears: this.usedYears[i] as readonly number[],
      skipped: this.skipped[i] as readonly SkippedFigure[],
      tolerance: toleranceSource ? { value: num[o + F_TOLERANCE] as number, source: toleranceSource } : null,
      growth,
      forecastSlope: orNull(num[o + F_FORECAST_SLOPE] as number),
      forecastPoints: num[o + F_FORECAST_POINTS] as number,
      metrics,
      metricReasons: reasons,
      rule: compiled.rules[slot] as Explanation['rule'],
      ruleMetrics: compiled.ruleMetrics[slot] as Explanation['ruleMetrics'],
      notes: notesOf(notes),
      text: null,
    };
    return {
      id: ind.id,
      name: ind.name,
      status: effective,
      computed,
      override: this.overrideAt(i),
      effective,
      metrics,
      metricReasons: reasons,
      explanation,
    };
  }
}

const TARGET_YEAR_FROM_STRATEGY_BIT = noteBit('TARGET_YEAR_FROM_STRATEGY');

/** A stored number, NaN standing for null. */
function orNull(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

/** 0 → null, 1 → false, 2 → true. */
function triState(bits: number): boolean | null {
  const v = bits & 3;
  return v === 0 ? null : v === 2;
}

/** 2 bits for a boolean or null (see {@link triState}). */
export function triBits(x: boolean | null): number {
  return x == null ? 0 : x ? 2 : 1;
}

/** The figure itself when it has a finite value (kept as given, no copy), else null. */
export function usedFigure(f: Indicator['baseline']): UsedFigure | null {
  return f && f.value != null && Number.isFinite(f.value) ? (f as UsedFigure) : null;
}
