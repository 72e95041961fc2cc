/**
 * Answer schemas of the account and API-token routes, beside the routes (see answers.ts): in the
 * OpenAPI document, the web app's types, and checked against every real answer of the test suite.
 */
import { z } from 'zod';
import { listAnswer } from '../answers.ts';
import { publicUserAnswer } from './auth.answers.ts';

/** An account as administrators see it. */
export const accountAnswer = publicUserAnswer.extend({ disabled: z.boolean(), version: z.number().int() });
export const accountsAnswer = listAnswer(accountAnswer);

/** An API token (never its secret, except once when created). */
export const apiTokenAnswer = z.strictObject({
  id: z.string(),
  municipalityId: z.string(),
  name: z.string(),
  access: z.enum(['read', 'write']),
  departmentIds: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdAt: z.string().min(1),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const apiTokensAnswer = listAnswer(apiTokenAnswer);
/** A new token: the secret is shown this once. */
export const newApiTokenAnswer = apiTokenAnswer.extend({ token: z.string().min(1) });

export type AccountAnswer = z.output<typeof accountAnswer>;
export type ApiTokenAnswer = z.output<typeof apiTokenAnswer>;
