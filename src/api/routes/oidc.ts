/**
 * SSO sign-in (OpenID Connect, authorization code flow with PKCE): the sign-in page's button links
 * to `/api/auth/oidc/start`, which sends the browser to the city's provider with a one-time binding
 * cookie; the provider sends it back to `/api/auth/oidc/callback`, which sets the session cookie and
 * sends the browser to the app, or back to the sign-in page with `?signin_error=<code>` (the page
 * says what happened and what to do).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { beginOidcSignIn, finishOidcSignIn } from '../../services/accounts/oidc-sign-in.ts';
import { signOut } from '../../services/accounts/sessions.ts';
import { ok } from '../../services/errors.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import { overHttps, sessionCookie } from '../session-cookie.ts';
import type { RouteDeps } from './deps.ts';
import { oidcAvailabilityAnswer } from './oidc.answers.ts';

/** The cookie binding the browser to its pending sign-in (only sent to the OIDC routes). */
export const OIDC_COOKIE = 'sousei_oidc';
const START = '/api/auth/oidc/start';
const NOT_CONFIGURED = {
  code: 'NOT_FOUND' as const,
  message: '組織のアカウントでのサインイン (OIDC) は設定されていません',
  messageEn: 'Sign-in with the organization account (OIDC) is not configured',
  place: null,
};

/**
 * SameSite=Lax, not Strict: the callback is a top-level navigation coming from the provider's site,
 * which a Strict cookie would not accompany.
 */
function bindingCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${OIDC_COOKIE}=${value}; Path=/api/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

function bindingOf(request: FastifyRequest): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === OIDC_COOKIE) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(v) ? v : null;
    }
  }
  return null;
}

const toSignIn = (code: string) => `/?signin_error=${encodeURIComponent(code)}`;

export function registerOidcRoutes(app: FastifyInstance, docs: RouteDoc[], { db, auth }: RouteDeps): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/auth/oidc',
    tag: 'accounts',
    summary:
      '組織のアカウント (OIDC) でサインインできるか / whether sign-in with the organization account (OIDC) is offered',
    access: 'public',
    answer: oidcAvailabilityAnswer,
    async handler() {
      return ok({ enabled: Boolean(auth.oidc), startUrl: auth.oidc ? START : null });
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: START,
    tag: 'accounts',
    summary:
      '組織のアカウントでサインインを開始 (認証サーバーへ 303) / start the SSO sign-in: 303 to the provider',
    access: 'public',
    responses: { 303: '認証サーバーへ / to the provider', 404: '未設定 / not configured' },
    redirect: 303,
    async handler({ ctx, request }) {
      const r = await beginOidcSignIn(db, auth, ctx);
      if (!r) return { ok: false, error: NOT_CONFIGURED };
      if (!r.ok) return ok(new Http(303, '', { location: toSignIn(r.code), 'cache-control': 'no-store' }));
      const secure = auth.secureCookies || overHttps(request);
      return ok(
        new Http(303, '', {
          location: r.url,
          'set-cookie': bindingCookie(r.binding, 600, secure),
          'cache-control': 'no-store',
        }),
      );
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/auth/oidc/callback',
    tag: 'accounts',
    summary:
      '認証サーバーからの戻り先 (セッション Cookie を発行して画面へ 303) / the provider’s callback: sets the session cookie, 303 to the app',
    access: 'public',
    responses: {
      303: '画面へ (失敗は ?signin_error=コード) / to the app (failures: ?signin_error=code)',
      404: '未設定 / not configured',
    },
    redirect: 303,
    async handler({ ctx, request, reply }) {
      // The provider's parameters (code, state, iss, error, ...) are checked by the relying party.
      const raw = request.raw.url ?? '';
      const query = new URLSearchParams(raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '');
      const secure = auth.secureCookies || overHttps(request);
      const r = await finishOidcSignIn(db, auth, ctx, bindingOf(request), query);
      if (!r) return { ok: false, error: NOT_CONFIGURED };
      // The binding is used once, whatever the outcome.
      reply.header('set-cookie', bindingCookie('', 0, secure));
      if (!r.ok) return ok(new Http(303, '', { location: toSignIn(r.code), 'cache-control': 'no-store' }));
      // A new session id at every sign-in, and the old session (if any) ended: no session fixation.
      if (request.session) await signOut(db, ctx, request.session.idHash);
      return ok(
        new Http(303, '', {
          location: '/',
          'set-cookie': sessionCookie(r.value.sessionId, secure),
          'cache-control': 'no-store',
        }),
      );
    },
  });
}
