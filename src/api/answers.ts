/**
 * Building blocks of the answer schemas that sit beside the routes (`routes/*.answers.ts`). Zod
 * only: the web app imports the answer modules for its types, so they reach nothing of the server.
 */
import { z } from 'zod';

/** Whether A and B are assignable both ways (an answer schema against the service's type). */
export type Fits<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only for `true`: `type Checked = [Holds<Fits<StrategyView, StrategyViewAnswer>>]`. */
export type Holds<T extends true> = T;

/** The answer schema of a page of a list (see `page`). */
export function pageAnswer<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
  });
}

/** Where something is in an input (core/issue.ts `Place`). */
export const placeAnswer = z.strictObject({
  file: z.string().nullable().optional(),
  sheet: z.string().nullable().optional(),
  row: z.number().int().nullable().optional(),
  column: z.number().int().nullable().optional(),
  field: z.string().nullable().optional(),
});

/** The one issue shape of every input (core/issue.ts `Issue`): code, messages, place, fix, cell. */
export const issueAnswer = z.strictObject({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  messageEn: z.string(),
  place: placeAnswer.nullable(),
  hint: z.string().nullable().optional(),
  cell: z.string().nullable().optional(),
});

/** A whole list answered as one page. */
export const listAnswer = pageAnswer;

/**
 * The body of every failure: `{ error: { code, message (日本語), messageEn, place, details?, current? } }`
 * (http-errors.ts). `current` is the current state on a version conflict.
 */
export const apiErrorAnswer = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
    place: z.record(z.string(), z.unknown()).nullable().optional(),
    details: z.unknown().optional(),
    current: z.unknown().optional(),
  }),
});
