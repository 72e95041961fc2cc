import type { Actor } from '../store/audit.ts';

/**
 * Who is asking and for which municipality and department: every service call takes one. Access
 * rules are enforced in one place (`authorize` in access.ts) from this context. Until accounts
 * exist the actor is a placeholder.
 */
export interface RequestContext {
  actor: Actor;
  /** The municipality the caller works for (null: not bound yet, e.g. the CLI on a fresh DB). */
  municipalityId: string | null;
  /** The caller's department (null: the planning division or an administrator). */
  departmentId: string | null;
  /** The clock, as an argument: services take the time from here, never from a global. */
  now: () => Date;
}

/** Placeholder actor used until the accounts issue lands. */
export const PLACEHOLDER_ACTOR: Actor = { id: null, name: '未認証の利用者 (anonymous)' };

/** A context for the CLI and tests: placeholder actor, no binding, the system clock. */
export function systemContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    actor: { id: null, name: 'sousei CLI' },
    municipalityId: null,
    departmentId: null,
    now: () => new Date(),
    ...overrides,
  };
}

/** The context's time as ISO text (what rows store). */
export function nowIso(ctx: RequestContext): string {
  return ctx.now().toISOString();
}
