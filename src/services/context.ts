import type { Actor } from '../store/audit.ts';
import type { Database } from '../store/schema.ts';
import type { Role } from './auth-roles.ts';

/** The schema of the database handle (`Kysely<Database>`) that the adapters pass to the services. */
export type { Database };

/**
 * Who is asking and for which municipality and departments: every service call takes one. Access
 * rules are enforced in one place (`authorize` in access.ts) from this context.
 *
 * - `system`: the CLI and internal jobs (no role restriction).
 * - `user`: a signed-in person (session cookie), with a role.
 * - `token`: a machine client (API token), bound to one municipality, some departments, read or write.
 * - `anonymous`: nobody signed in (only public routes answer).
 */
export interface RequestContext {
  actor: Actor;
  principal: 'system' | 'user' | 'token' | 'anonymous';
  /** The role (system: 'system'; token: the access it grants is in `tokenAccess`). */
  role: Role | 'system' | null;
  /** The municipality the caller works for (null: administrator, system, or anonymous). */
  municipalityId: string | null;
  /** The caller's first department (null: the planning division or an administrator). */
  departmentId: string | null;
  /** Every department (担当課) the caller belongs to. */
  departmentIds: string[];
  /** For API tokens: read only or read and write. */
  tokenAccess?: 'read' | 'write';
  /** The clock, as an argument: services take the time from here, never from a global. */
  now: () => Date;
  /**
   * Reads this request has already made, by key: what a route's access check read about its
   * object (an indicator's row and departments), which its service then needs again. Only for one
   * GET request's life (the API sets it); absent for writes and the CLI, where every read goes to
   * the database.
   */
  reads?: Map<string, Promise<unknown>>;
}

/** `load()`, or the promise this request already has for `key` (see `RequestContext.reads`). */
export function readOnce<T>(
  ctx: Pick<RequestContext, 'reads'>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const reads = ctx.reads;
  if (!reads) return load();
  const seen = reads.get(key) as Promise<T> | undefined;
  if (seen) return seen;
  const loading = load();
  reads.set(key, loading);
  return loading;
}

/** Nobody signed in. */
export const ANONYMOUS_ACTOR: Actor = { id: null, name: '未認証の利用者 (anonymous)' };

/** A context for the CLI and tests: system principal, no binding, the system clock. */
export function systemContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    actor: { id: null, name: 'sousei CLI' },
    principal: 'system',
    role: 'system',
    municipalityId: null,
    departmentId: null,
    departmentIds: [],
    now: () => new Date(),
    ...overrides,
  };
}

/** A context for a request nobody signed in to. */
export function anonymousContext(now: () => Date = () => new Date()): RequestContext {
  return {
    actor: ANONYMOUS_ACTOR,
    principal: 'anonymous',
    role: null,
    municipalityId: null,
    departmentId: null,
    departmentIds: [],
    now,
  };
}

/** The context's time as ISO text (what rows store). */
export function nowIso(ctx: RequestContext): string {
  return ctx.now().toISOString();
}
