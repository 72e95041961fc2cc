/**
 * Answer schemas of the sign-in and setup routes, beside the routes (see answers.ts): in the
 * OpenAPI document, the web app's types, and checked against every real answer of the test suite.
 */
import { z } from 'zod';

/** admin | planner | editor | committee | viewer (services/auth-roles.ts). */
export const roleAnswer = z.string().describe('admin | planner | editor | committee | viewer');

/** A signed-in person as the browser sees them (no secrets). */
export const publicUserAnswer = z.strictObject({
  id: z.string(),
  name: z.string(),
  userName: z.string().nullable(),
  role: roleAnswer,
  municipalityId: z.string().nullable(),
  departmentIds: z.array(z.string()),
  demo: z.boolean(),
});

export const setupStateAnswer = z.strictObject({ open: z.boolean() });

export const signInAnswer = z.strictObject({
  user: publicUserAnswer,
  csrfToken: z.string(),
  expiresAt: z.string().min(1),
});

/** The caller: a person (with the session's CSRF token) or an API token (its name, no role). */
export const meAnswer = z.strictObject({
  user: z.union([
    publicUserAnswer,
    z.strictObject({ id: z.string().nullable(), name: z.string(), role: z.null() }),
  ]),
  principal: z.enum(['system', 'user', 'token', 'anonymous']),
  municipalityId: z.string().nullable(),
  departmentIds: z.array(z.string()),
  csrfToken: z.string().nullable(),
  demo: z.boolean(),
});

/** The sign-in state: signed out is a state (and whether the first administrator is still to be set up). */
export const sessionAnswer = z.union([
  z.strictObject({ signedIn: z.literal(false), setupOpen: z.boolean() }),
  meAnswer.extend({ signedIn: z.literal(true), setupOpen: z.literal(false) }),
]);

export const signedOutAnswer = z.strictObject({ signedOut: z.literal(true) });
export const endedSessionsAnswer = z.strictObject({ ended: z.number().int() });

export type PublicUserAnswer = z.output<typeof publicUserAnswer>;
export type MeAnswer = z.output<typeof meAnswer>;
export type SessionAnswer = z.output<typeof sessionAnswer>;
