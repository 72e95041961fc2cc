/**
 * Answer schemas of the period routes (次期への移行): what the API answers, in Zod, beside the
 * routes (see strategies.answers.ts for how they are used). routes/periods.ts holds the services'
 * types to them.
 */
import { z } from 'zod';
import { listAnswer } from '../answers.ts';

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
