import type { AppError } from '../errors.ts';

/** Error codes of sign-in and sessions (mapped to HTTP in the API's error handler). */
export type AuthErrorCode =
  | 'UNAUTHENTICATED'
  | 'SIGN_IN_FAILED'
  | 'ACCOUNT_LOCKED'
  | 'TOO_MANY_ATTEMPTS'
  | 'CSRF_REJECTED'
  | 'SETUP_CLOSED'
  | 'PASSWORD_REJECTED'
  | 'USERNAME_REJECTED';

/** An expected failure of accounts and sessions: same shape as AppError, own codes. */
export type AuthError = Omit<AppError, 'code'> & { code: AuthErrorCode };

export type AuthOutcome<T> = { ok: true; value: T } | { ok: false; error: AuthError | AppError };

export function authError(
  code: AuthErrorCode,
  message: string,
  messageEn: string,
  field: string | null = null,
): AuthError {
  return { code, message, messageEn, place: field ? { field } : null };
}

/** The answer to every failed sign-in (the same whatever failed: no account enumeration). */
export const SIGN_IN_FAILED: AuthError = authError(
  'SIGN_IN_FAILED',
  '利用者名またはパスワードが違います',
  'Wrong user name or password',
);
