/**
 * Answer schemas of the status-scheme preview and proposal routes, beside the routes (see answers.ts).
 */
import { z } from 'zod';
import { metricNameSchema, statusSchemeSchema } from '../../core/evaluation/status-scheme.ts';
import { statusRefAnswer } from './evaluation.answers.ts';
import { summaryGroupAnswer } from './strategies.answers.ts';

const schemeName = z.strictObject({ id: z.string(), name: z.string() });

/** The effect of a scheme before it is saved: both summaries and the indicators that change status. */
export const schemePreviewAnswer = z.strictObject({
  asOf: z.number().int().nullable(),
  current: z.strictObject({ scheme: schemeName, overall: summaryGroupAnswer }),
  proposed: z.strictObject({ scheme: schemeName, overall: summaryGroupAnswer }),
  changes: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      before: statusRefAnswer.nullable(),
      after: statusRefAnswer,
    }),
  ),
});

const agreement = z.strictObject({ agree: z.number().int(), total: z.number().int() });

/** A figure as written: its value (null for a sentence or parts), year and text. */
const caseFigure = z
  .strictObject({
    value: z.number().nullable(),
    fiscalYear: z.number().int().nullable(),
    raw: z.string().nullable(),
  })
  .nullable();

/** A scheme of record learned from the judgements of record, with its agreement and disagreements. */
export const schemeProposalAnswer = z.strictObject({
  asOf: z.number().int().nullable(),
  scheme: statusSchemeSchema,
  metric: metricNameSchema.nullable(),
  thresholds: z.array(z.strictObject({ label: z.string(), min: z.number() })),
  achievedRule: z.boolean(),
  reasonClasses: z.array(z.strictObject({ label: z.string(), base: z.string() })),
  classes: z.array(z.string()),
  before: agreement,
  after: agreement,
  disagreements: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      judgement: z.string(),
      current: z.string(),
      proposed: z.string(),
      metrics: z.record(metricNameSchema, z.number().nullable()),
      achieved: z.boolean(),
      noData: z.boolean(),
      baseline: caseFigure,
      latest: caseFigure,
      target: caseFigure,
      parts: z.array(
        z.strictObject({
          label: z.string(),
          baseline: z.number().nullable(),
          latest: z.number().nullable(),
          target: z.number().nullable(),
          achievement: z.number().nullable(),
          ratio: z.number().nullable(),
          pace: z.number().nullable(),
        }),
      ),
      /** Why the proposal could not compare the figures (null when a rule compared them). */
      reason: z
        .strictObject({
          code: z.enum(['TARGET_NOT_NUMERIC', 'VALUES_IN_PARTS', 'NO_ACTUAL', 'METRIC_UNDEFINED']),
          text: z.string(),
          textEn: z.string(),
        })
        .nullable(),
    }),
  ),
  explanation: z.array(z.string()),
});

export type SchemePreviewAnswer = z.output<typeof schemePreviewAnswer>;
export type SchemeProposalAnswer = z.output<typeof schemeProposalAnswer>;
