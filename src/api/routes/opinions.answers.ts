/**
 * Answer schemas of the committee-opinion routes (意見と対応方針), beside the routes (see answers.ts).
 */
import { z } from 'zod';

const person = z.strictObject({ id: z.string().nullable(), name: z.string() });

/** A committee opinion on a measure or indicator for a year, with the response (対応方針). */
export const opinionAnswer = z.strictObject({
  id: z.string(),
  strategyId: z.string(),
  targetType: z.enum(['measure', 'indicator']),
  targetId: z.string(),
  fiscalYear: z.number().int(),
  body: z.string(),
  author: person,
  response: z.string().nullable(),
  respondedBy: person.nullable(),
  respondedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string().min(1),
  updatedAt: z.string().min(1),
});
export const opinionsAnswer = z.array(opinionAnswer);

export type OpinionAnswer = z.output<typeof opinionAnswer>;
