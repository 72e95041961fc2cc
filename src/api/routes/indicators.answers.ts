/**
 * Answer schemas of the indicator routes (detail, figures and their versions, evaluation,
 * overrides, commentary), beside the routes (see answers.ts): in the OpenAPI document, the web
 * app's types, and checked against every real answer of the test suite.
 */
import { z } from 'zod';
import { figureSchema, provenanceSchema } from '../../core/interchange.ts';
import { evaluationResultAnswer } from './evaluation.answers.ts';
import { indicatorRecordAnswer } from './strategies.answers.ts';

const isoTime = z.string().min(1);

/** A warning of the entry checks that the person confirmed when saving. */
export const entryWarningAnswer = z.strictObject({
  code: z.enum(['VALUE_UNPARSEABLE', 'UNIT_DIFFERS', 'OUTSIDE_PAST_RANGE', 'UNUSUAL_JUMP', 'YEAR_MISMATCH']),
  message: z.string(),
  messageEn: z.string(),
  field: z.literal('raw'),
});
export const figureConfirmationAnswer = z.strictObject({
  warnings: z.array(entryWarningAnswer),
  by: z.string().nullable(),
  at: isoTime,
});

/** A stored figure (基準値, 目標値, 中間目標, 実績値): the interchange figure with its id and version. */
export const observationAnswer = figureSchema.extend({
  id: z.string(),
  indicatorId: z.string(),
  kind: z.enum(['baseline', 'target', 'milestone', 'actual']),
  version: z.number().int(),
  updatedAt: isoTime,
  confirmed: figureConfirmationAnswer.optional(),
});

const figures = {
  baseline: observationAnswer.nullable(),
  target: observationAnswer.nullable(),
  milestones: z.array(observationAnswer),
  actuals: z.array(observationAnswer),
};

/** One indicator with its figures, departments and tags. */
export const indicatorDetailAnswer = indicatorRecordAnswer.extend({
  departments: z.array(z.string()),
  departmentIds: z.array(z.string()),
  tags: z.array(z.strictObject({ set: z.string(), tag: z.string() })),
  ...figures,
});

/** The yearly figures of an indicator (GET /api/indicators/:id/history). */
export const indicatorHistoryAnswer = z.strictObject({ indicatorId: z.string(), ...figures });

/** One version of a figure: value, raw text, state, who, when, why and by which path. */
export const figureVersionAnswer = z.strictObject({
  id: z.string(),
  observationId: z.string(),
  indicatorId: z.string(),
  kind: z.string(),
  fiscalYear: z.number().int().nullable(),
  version: z.number().int(),
  value: z.number().nullable(),
  raw: z.string().nullable(),
  unit: z.string().nullable(),
  state: z.string().nullable(),
  note: z.string().nullable(),
  figure: figureSchema.nullable(),
  effectiveYear: z.number().int().nullable(),
  source: z.string(),
  reason: z.string().nullable(),
  actor: z.strictObject({ id: z.string().nullable(), name: z.string() }),
  at: isoTime,
});
export const figureVersionsAnswer = z.strictObject({
  indicatorId: z.string(),
  versions: z.array(figureVersionAnswer),
});

/** A judgement of record of one fiscal year: a planner's override or the city's published status. */
export const overrideAnswer = z.strictObject({
  id: z.string(),
  strategyId: z.string(),
  indicatorId: z.string(),
  fiscalYear: z.number().int(),
  statusKey: z.string().nullable(),
  status: z.string(),
  reason: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  source: z.enum(['planner', 'import']),
  version: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

/** A status a judgement can name: key, label and colour (core StatusLabel). */
const statusClassAnswer = z.strictObject({
  key: z.string(),
  label: z.string(),
  labelEn: z.string().optional(),
  color: z.string(),
  description: z.string().optional(),
});

/**
 * The evaluation of one indicator as of a year: the evaluation result of the core (status,
 * computed status, judgement of record, metrics and their reasons, explanation: see
 * evaluation.answers.ts), the scheme with the statuses it can give (the choices of an override),
 * and the indicator's stored overrides of every year.
 */
export const indicatorEvaluationAnswer = evaluationResultAnswer.extend({
  asOf: z.number().int().nullable(),
  scheme: z.strictObject({
    id: z.string(),
    name: z.string(),
    statuses: z.array(statusClassAnswer),
    /** Classes the judgements of record use that the scheme does not name (the city's own). */
    recordClasses: z.array(statusClassAnswer),
  }),
  overrides: z.array(overrideAnswer),
});

/** A commentary (①実施状況 ②課題 ③今後の方策, or one text) of an indicator for a year. */
export const commentaryAnswer = z.strictObject({
  id: z.string(),
  strategyId: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  fiscalYear: z.number().int().nullable(),
  progress: z.string().nullable().optional(),
  issues: z.string().nullable().optional(),
  nextSteps: z.string().nullable().optional(),
  summary: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  provenance: provenanceSchema.optional(),
  version: z.number().int(),
});
export const commentariesAnswer = z.array(commentaryAnswer);

export type ObservationAnswer = z.output<typeof observationAnswer>;
export type IndicatorDetailAnswer = z.output<typeof indicatorDetailAnswer>;
export type OverrideAnswer = z.output<typeof overrideAnswer>;
export type CommentaryAnswer = z.output<typeof commentaryAnswer>;
export type FigureVersionAnswer = z.output<typeof figureVersionAnswer>;
export type IndicatorEvaluationAnswer = z.output<typeof indicatorEvaluationAnswer>;
