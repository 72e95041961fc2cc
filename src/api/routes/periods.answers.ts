/**
 * Answer schemas of the period routes (次期への移行): what the API answers, in Zod, beside the
 * routes (see strategies.answers.ts for how they are used). routes/periods.ts holds the services'
 * types to them.
 */
import { z } from 'zod';
import { lineageSchema } from '../../core/interchange.ts';
import { transitionPlanSchema } from '../../core/period-transition.ts';
import { issueAnswer, listAnswer } from '../answers.ts';
import { observationAnswer } from './indicators.answers.ts';

const year = z.number().int();
const isoTime = z.string().min(1);

/** A move to the next period in a strategy's list (GET /api/strategies/:id/transitions). */
export const transitionSummaryAnswer = z.strictObject({
  id: z.string(),
  state: z.enum(['draft', 'confirmed']),
  /** The next strategy's name as planned. */
  name: z.string(),
  period: z.strictObject({ from: year, to: year }),
  /** The strategy created by the confirmation (null while a draft). */
  toStrategyId: z.string().nullable(),
  createdBy: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: isoTime.nullable(),
  version: z.number().int(),
  updatedAt: isoTime,
});

export const transitionSummariesAnswer = listAnswer(transitionSummaryAnswer);

export type TransitionSummaryAnswer = z.output<typeof transitionSummaryAnswer>;

const named = { id: z.string(), code: z.string().nullable(), name: z.string() };

/** One KPI of the current period in the wizard, with the baseline proposed for the next one. */
export const transitionIndicatorAnswer = z.strictObject({
  indicatorId: z.string(),
  name: z.string(),
  unit: z.string().nullable(),
  role: z.string().nullable(),
  definition: z.string().nullable(),
  measureId: z.string().nullable(),
  goalId: z.string().nullable(),
  placeMeasureId: z.string().nullable(),
  projectName: z.string().nullable(),
  baselineRaw: z.string().nullable(),
  targetRaw: z.string().nullable(),
  proposal: z
    .strictObject({
      value: z.number().nullable(),
      raw: z.string().nullable(),
      fiscalYear: year,
      from: z.enum(['final', 'latest']),
    })
    .nullable(),
});

/** A move as GET/PUT /api/transitions/:id (and its start and confirmation) answer it. */
export const transitionViewAnswer = z.strictObject({
  id: z.string(),
  municipalityId: z.string(),
  fromStrategyId: z.string(),
  toStrategyId: z.string().nullable(),
  state: z.enum(['draft', 'confirmed']),
  plan: transitionPlanSchema,
  createdBy: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: isoTime.nullable(),
  version: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
  fromStrategy: z.strictObject({
    id: z.string(),
    name: z.string(),
    period: z.strictObject({ from: year.nullable(), to: year.nullable() }),
  }),
  indicators: z.array(transitionIndicatorAnswer),
  goals: z.array(z.strictObject(named)),
  measures: z.array(z.strictObject({ ...named, goalId: z.string().nullable() })),
  /** Problems that stop a confirmation, each with its field (`decisions[3].reason`). */
  issues: z.array(issueAnswer),
});

/** An indicator on the other side of a period link. */
export const linkedIndicatorAnswer = z.strictObject({
  id: z.string(),
  name: z.string(),
  strategyId: z.string(),
  strategyName: z.string(),
  change: lineageSchema.shape.change,
  reason: z.string().nullable(),
});

/** The links of an indicator to the periods before and after it (GET /api/indicators/:id/links). */
export const indicatorLinksAnswer = z.strictObject({
  indicatorId: z.string(),
  predecessor: linkedIndicatorAnswer.nullable(),
  successors: z.array(linkedIndicatorAnswer),
  deleted: z.strictObject({ reason: z.string().nullable() }).nullable(),
});

/** A late actual of a closed strategy, and the successors whose baseline followed it. */
export const lateFigureAnswer = z.strictObject({
  observation: observationAnswer,
  baselinesFollowed: z.array(z.string()),
});

export type TransitionIndicatorAnswer = z.output<typeof transitionIndicatorAnswer>;
export type TransitionViewAnswer = z.output<typeof transitionViewAnswer>;
export type LinkedIndicatorAnswer = z.output<typeof linkedIndicatorAnswer>;
export type IndicatorLinksAnswer = z.output<typeof indicatorLinksAnswer>;
