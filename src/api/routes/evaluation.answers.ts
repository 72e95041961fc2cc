/**
 * The evaluation of one indicator (評価結果) as the API answers it: the core's IndicatorEvaluation
 * (src/core/evaluation/evaluation.ts) described field by field, strictly, as it goes on the wire
 * (its lists read-only, as the core's are).
 * routes/indicators.ts holds the core's type and these schemas to each other (`Fits`), so a field
 * added on one side only fails tsc; the answers of the test suite are checked against them; the
 * web app takes its IndicatorEvaluation and StatusRef from here.
 */
import { z } from 'zod';
import { REASON_ORDER } from '../../core/evaluation/canonical.ts';
import type { NumericMetric } from '../../core/evaluation/evaluation.ts';
import { METRIC_REASONS } from '../../core/evaluation/metrics.ts';
import { overrideSchema } from '../../core/evaluation/override.ts';
import { SKIP_REASONS } from '../../core/evaluation/series.ts';
import { conditionSchema, metricNameSchema } from '../../core/evaluation/status-scheme.ts';
import { aggregationSchema, directionSchema, figureSchema } from '../../core/interchange.ts';

const year = z.number().int();

/** A status as evaluated (core StatusRef): the scheme's label, the rule that gave it, its source. */
export const statusRefAnswer = z.strictObject({
  key: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  color: z.string(),
  /** Index of the matched rule; null for the fallback or an override. */
  ruleIndex: z.number().int().nullable(),
  source: z.enum(['computed', 'override']),
});

/**
 * The judgement of record kept beside the computed status (core Override): a planner's override
 * or the city's published status, with who (`by`: the name of the person, as recorded) and when.
 */
export const judgementAnswer = z.strictObject(overrideSchema.shape);

/** Why a metric is null (core MetricReason). */
export const metricReasonAnswer = z.enum(METRIC_REASONS);

/** The numeric metrics (the ones that can be null with a reason; core NumericMetric). */
const numericMetric = z.enum(REASON_ORDER as [NumericMetric, ...NumericMetric[]]);

/** The metrics of one evaluation (core EvaluationMetrics); ratios are fractions (0.8 = 80%). */
export const evaluationMetricsAnswer = z.strictObject({
  achievement: z.number().nullable(),
  ratio: z.number().nullable(),
  elapsedShare: z.number().nullable(),
  pace: z.number().nullable(),
  expected: z.number().nullable(),
  cagrRatio: z.number().nullable(),
  forecast: z.number().nullable(),
  forecastAchievement: z.number().nullable(),
  deviation: z.number().nullable(),
  achieved: z.boolean(),
  achievedEarly: z.boolean(),
  willReach: z.boolean().nullable(),
  withinBand: z.boolean().nullable(),
});

/** Why each null metric is null. */
const metricReasons = z.partialRecord(numericMetric, metricReasonAnswer);

/**
 * A baseline or target as compared (core UsedFigure): the indicator's own figure with all its
 * fields, or one the evaluation made (a zero baseline before a summed range).
 */
const usedFigure = z.strictObject({ ...figureSchema.shape, value: z.number() });

/** A revision of the target or baseline that bears on the year judged (core AppliedRevision). */
const appliedRevision = z.strictObject({
  kind: z.enum(['target', 'baseline']),
  state: z.enum(['applied', 'later']),
  effectiveYear: year,
  date: z.string(),
  by: z.string().nullable(),
  reason: z.string().nullable(),
  value: z.number().nullable(),
  raw: z.string().nullable(),
  previous: z.strictObject({ value: z.number().nullable(), raw: z.string().nullable() }).nullable(),
});

/** How the evaluation was reached (core Explanation: 評価の根拠). */
export const explanationAnswer = z.strictObject({
  asOf: year.nullable(),
  unit: z.string().nullable(),
  direction: directionSchema,
  directionSource: z.enum(['given', 'inferred', 'assumed']),
  aggregation: aggregationSchema.nullable(),
  mode: z.enum(['latest', 'running-total', 'sum-of-flows']),
  baseline: usedFigure.nullable(),
  originalBaseline: usedFigure.nullable(),
  target: usedFigure.nullable(),
  actual: z
    .strictObject({ fiscalYear: year, value: z.number(), preliminary: z.boolean(), calendar: z.boolean() })
    .nullable(),
  usedYears: z.array(year).readonly(),
  skipped: z
    .array(
      z.strictObject({
        year: year.nullable(),
        reason: z.enum(SKIP_REASONS),
      }),
    )
    .readonly(),
  tolerance: z
    .strictObject({ value: z.number(), source: z.enum(['indicator', 'default-points', 'default-relative']) })
    .nullable(),
  growth: z
    .strictObject({
      /** The progress ratio, or why there is none. */
      ratio: z.union([z.number(), metricReasonAnswer]),
      method: z.enum(['cagr', 'linear']).nullable(),
      observed: z.number().nullable(),
      required: z.number().nullable(),
    })
    .nullable(),
  forecastSlope: z.number().nullable(),
  forecastPoints: z.number().int(),
  metrics: evaluationMetricsAnswer,
  metricReasons,
  rule: z.strictObject({
    index: z.number().int().nullable(),
    condition: conditionSchema.nullable(),
    key: z.string(),
    label: z.string(),
    fallback: z.boolean(),
  }),
  ruleMetrics: z.array(metricNameSchema).readonly(),
  notes: z
    .array(
      z.enum([
        'DIRECTION_INFERRED',
        'DIRECTION_UNKNOWN',
        'DIRECTION_CONFLICT',
        'PRELIMINARY',
        'CALENDAR_YEAR',
        'SUM_OF_FLOWS',
        'RUNNING_TOTAL',
        'ACHIEVED_EARLY',
        'AFTER_TARGET_YEAR',
        'TARGET_YEAR_FROM_STRATEGY',
        'DUPLICATE_YEAR',
        'LATEST_BEFORE_AS_OF',
      ]),
    )
    .readonly(),
  revisions: z.array(appliedRevision).readonly().optional(),
  /** The explanation in plain Japanese (null when not rendered). */
  text: z.string().nullable(),
});

/**
 * The evaluation of one indicator (core IndicatorEvaluation): the effective status (`status`, the
 * same as `effective`), the computed one, the judgement of record, the metrics and the explanation.
 */
export const evaluationResultAnswer = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: statusRefAnswer,
  computed: statusRefAnswer,
  override: judgementAnswer.nullable(),
  effective: statusRefAnswer,
  metrics: evaluationMetricsAnswer,
  metricReasons,
  explanation: explanationAnswer,
});

export type StatusRefAnswer = z.output<typeof statusRefAnswer>;
export type EvaluationResultAnswer = z.output<typeof evaluationResultAnswer>;
