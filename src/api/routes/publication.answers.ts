/**
 * Answer schemas of the publication routes (年度の公表), beside the routes (see answers.ts):
 * documented in the OpenAPI document and checked against every real answer of the test suite.
 */
import { z } from 'zod';

/** The publication of one fiscal year of a strategy. */
export const publishedYearAnswer = z.strictObject({
  id: z.string(),
  strategyId: z.string(),
  fiscalYear: z.number().int(),
  state: z.enum(['published', 'withdrawn']),
  source: z.enum(['manual', 'round']),
  publishedAt: z.string().min(1),
  publishedBy: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnBy: z.string().nullable(),
  reason: z.string().nullable(),
  version: z.number().int(),
});

export const publishedYearsAnswer = z.array(publishedYearAnswer);
