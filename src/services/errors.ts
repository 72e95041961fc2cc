import type { Place } from '../core/issue.ts';

/**
 * Stable error codes of the services. Only the API's error handler maps them to HTTP statuses;
 * the CLI maps them to exit codes.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'NEEDS_CONFIRMATION'
  | 'ALREADY_EXISTS'
  | 'IN_USE'
  | 'FORBIDDEN'
  | 'IMPORT_INVALID'
  | 'IMPORT_NOT_PREVIEWED'
  | 'UNSUPPORTED_FILE'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DUMP_INVALID'
  | 'DUMP_SCHEMA_MISMATCH'
  | 'DB_NOT_EMPTY'
  | 'TEMPLATE_MISMATCH'
  | 'NO_INDICATORS'
  /** The fiscal year is confirmed (確定) in its reporting round: writes need a planner's exception. */
  | 'YEAR_LOCKED'
  /** The reporting round or the department's answer is in a state that does not allow this. */
  | 'ROUND_STATE'
  /** Submission checks found something the department has not acknowledged with a reason. */
  | 'FINDINGS_UNACKNOWLEDGED'
  /** A heavy job could not be finished by the worker pool (full, a worker stopped, too long). */
  | 'SERVER_BUSY';

/** An expected failure: code, Japanese and English messages, where, and extra details. */
export interface AppError {
  code: ErrorCode;
  message: string;
  messageEn: string;
  place?: Place | null;
  /** Field-level problems (path + messages), import issues, ... */
  details?: unknown;
  /** For VERSION_CONFLICT: the current state, so the client can merge and retry. */
  current?: unknown;
}

/** What a service returns: a value or an expected failure (never thrown). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(error: AppError): Outcome<T> => ({ ok: false, error });

export function notFound(what: string, id: string): AppError {
  return {
    code: 'NOT_FOUND',
    message: `${what}「${id}」が見つかりません`,
    messageEn: `${what} '${id}' not found`,
    place: { field: 'id' },
  };
}

export function versionConflict(what: string, expected: number, current: unknown): AppError {
  return {
    code: 'VERSION_CONFLICT',
    message: `${what}は他の利用者が更新しました (指定した版 ${expected})。最新の内容を確認してから、もう一度保存してください`,
    messageEn: `${what} was changed by someone else (you sent version ${expected}); reload the current state and apply your change again`,
    place: { field: 'version' },
    current,
  };
}

export function invalid(field: string, message: string, messageEn: string): AppError {
  return { code: 'INVALID_INPUT', message, messageEn, place: { field } };
}

/**
 * Thrown only inside a transaction to roll it back; the service catches it at its boundary and
 * returns the error. Never escapes a service.
 */
export class Rollback extends Error {
  constructor(readonly error: AppError) {
    super(error.messageEn);
  }
}

/** Runs `fn`; a Rollback thrown inside becomes a returned failure. */
export async function catchRollback<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    if (err instanceof Rollback) return fail(err.error);
    throw err;
  }
}
