import type { FastifyRequest } from 'fastify';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'sousei_session';

const VALUE = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * The session id from the Cookie header: the value, null when there is none, or 'malformed' when
 * the header names our cookie with a value that is not one we could have set (or names it twice).
 */
export function sessionIdOf(header: string | undefined): string | null | 'malformed' {
  if (!header) return null;
  if (header.length > 8192) return 'malformed';
  let found: string | null = null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const v = part.slice(eq + 1).trim();
    if (found !== null || !VALUE.test(v)) return 'malformed';
    found = v;
  }
  return found;
}

/** Whether the request came over HTTPS (directly, or via a proxy Fastify trusts). */
export function overHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS; session cookie. */
export function sessionCookie(value: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Clears the session cookie. */
export function clearedCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
