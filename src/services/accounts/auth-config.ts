import { PRODUCTION_SCRYPT, type ScryptParams } from './auth-password.ts';
import type { Directory } from './directory.ts';
import type { OidcSignIn } from './oidc.ts';

/** At most `limit` attempts within `windowMs`. */
export interface ThrottleLimit {
  limit: number;
  windowMs: number;
}

/** Settings of sign-in and sessions (passed in; tests pass faster scrypt parameters). */
export interface AuthConfig {
  scrypt: ScryptParams;
  /** A session ends after this long without a request (ms). */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in whatever happens (ms). */
  absoluteTimeoutMs: number;
  /** Failed sign-ins in a row before the account is locked. */
  maxFailures: number;
  /** How long a lock lasts (ms). */
  lockMs: number;
  /**
   * Sign-in attempts that fail (or are still running) allowed per client address and per user
   * name in a sliding window; past it the answer is 429 with Retry-After, before any hashing.
   * A successful sign-in gives its attempt back.
   */
  signInThrottle: { perAddress: ThrottleLimit; perName: ThrottleLimit };
  /** Always mark cookies Secure (set when a TLS proxy terminates HTTPS in front of the app). */
  secureCookies: boolean;
  /** The city's directory (LDAP / Active Directory) for accounts without a local password; null = none. */
  directory?: Directory | null;
  /** The city's OpenID Connect provider (SSO), beside local accounts; null = none. */
  oidc?: OidcSignIn | null;
}

/** Production defaults: 30 min idle, 12 h absolute, lock for 15 min after 5 failures. */
export const DEFAULT_AUTH: AuthConfig = {
  scrypt: PRODUCTION_SCRYPT,
  idleTimeoutMs: 30 * 60 * 1000,
  absoluteTimeoutMs: 12 * 60 * 60 * 1000,
  maxFailures: 5,
  lockMs: 15 * 60 * 1000,
  secureCookies: false,
  signInThrottle: {
    perAddress: { limit: 30, windowMs: 10 * 60 * 1000 },
    perName: { limit: 10, windowMs: 10 * 60 * 1000 },
  },
};
