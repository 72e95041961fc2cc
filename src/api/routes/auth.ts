import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authError } from '../../services/accounts/auth-errors.ts';
import { normalizeLoginName } from '../../services/accounts/auth-username.ts';
import { signIn, signOut, signOutEverywhere } from '../../services/accounts/sessions.ts';
import { AttemptThrottle } from '../../services/accounts/throttle.ts';
import { setupFirstAdmin, setupOpen } from '../../services/accounts/users.ts';
import type { RequestContext } from '../../services/context.ts';
import { ok } from '../../services/errors.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import { clearedCookie, overHttps, sessionCookie } from '../session-cookie.ts';
import { accountAnswer } from './accounts.answers.ts';
import {
  endedSessionsAnswer,
  meAnswer,
  sessionAnswer,
  setupStateAnswer,
  signedOutAnswer,
  signInAnswer,
} from './auth.answers.ts';
import type { RouteDeps } from './deps.ts';

/** Small bodies only: sign-in and setup never need more. */
const AUTH_BODY_LIMIT = 4096;
const userName = z.string().min(1).max(200);
const password = z.string().min(1).max(1024);

export function registerAuthRoutes(app: FastifyInstance, docs: RouteDoc[], { db, auth }: RouteDeps): void {
  const byAddress = new AttemptThrottle(auth.signInThrottle.perAddress);
  const byName = new AttemptThrottle(auth.signInThrottle.perName);
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/setup',
    tag: 'accounts',
    summary: '初期設定が必要か (利用者がまだいない) / whether the one-time setup is open',
    access: 'public',
    answer: setupStateAnswer,
    async handler() {
      return ok({ open: await setupOpen(db) });
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/setup',
    tag: 'accounts',
    summary:
      '最初の管理者を作成 (利用者がいない間だけ) / create the first administrator (only while no user exists)',
    access: 'public',
    bodyLimit: AUTH_BODY_LIMIT,
    body: z.strictObject({ userName, name: z.string().min(1).max(200), password }),
    responses: { 201: '作成 / created', 409: '設定済み / setup already done' },
    answer: accountAnswer,
    async handler({ body, ctx }) {
      const r = await setupFirstAdmin(db, auth, ctx, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/auth/sign-in',
    tag: 'accounts',
    summary:
      'サインイン (セッション Cookie と CSRF トークンを発行) / sign in: sets the session cookie, returns the CSRF token',
    access: 'public',
    bodyLimit: AUTH_BODY_LIMIT,
    body: z.strictObject({ userName, password }),
    responses: { 401: '失敗 / failed', 429: 'ロック中・試行が多すぎる / locked or too many attempts' },
    answer: signInAnswer,
    async handler({ body, ctx, request, reply }) {
      // Throttled per client address and per user name before any password work.
      const at = ctx.now().getTime();
      const name = normalizeLoginName(body.userName);
      const nameKey = name.ok ? name.value : body.userName;
      const throttled = [
        [byAddress, request.ip],
        [byName, nameKey],
      ] as const;
      for (const [i, [throttle, key]] of throttled.entries()) {
        const t = throttle.take(key, at);
        if (!t.allowed) {
          for (const [earlier, earlierKey] of throttled.slice(0, i)) earlier.refund(earlierKey);
          const seconds = Math.ceil(t.retryAfterMs / 1000);
          reply.header('retry-after', String(seconds));
          return {
            ok: false as const,
            error: {
              ...authError(
                'TOO_MANY_ATTEMPTS',
                `サインインの試行が多すぎます。${seconds} 秒後にもう一度お試しください`,
                `Too many sign-in attempts: try again in ${seconds} s`,
              ),
              details: { retryAfterSeconds: seconds },
            },
          };
        }
      }
      const r = await signIn(db, auth, ctx, body);
      if (r.ok) for (const [throttle, key] of throttled) throttle.refund(key);
      // A new session id at every sign-in, and the old session (if any) ended: no session fixation.
      if (r.ok && request.session) await signOut(db, ctx, request.session.idHash);
      if (!r.ok) {
        if (r.error.code === 'ACCOUNT_LOCKED')
          reply.header('retry-after', String(Math.ceil(auth.lockMs / 1000)));
        return r;
      }
      const secure = auth.secureCookies || overHttps(request);
      return ok(
        new Http(
          200,
          {
            user: r.value.user && publicUserOf(r.value.user),
            csrfToken: r.value.csrfToken,
            expiresAt: r.value.expiresAt,
          },
          { 'set-cookie': sessionCookie(r.value.sessionId, secure), 'cache-control': 'no-store' },
        ),
      );
    },
  });

  registerSessionRoutes(app, docs, { db, auth });
}

/** The signed-in person, the session and signing out. */
function registerSessionRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, auth }: Pick<RouteDeps, 'db' | 'auth'>,
): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/auth/me',
    tag: 'accounts',
    summary: '現在の利用者と CSRF トークン / the signed-in user and the CSRF token',
    access: 'signedIn',
    answer: meAnswer,
    async handler({ ctx, request }) {
      return ok(new Http(200, meBody(ctx, request.session), { 'cache-control': 'no-store' }));
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/auth/session',
    tag: 'accounts',
    summary:
      'サインイン状態 (未サインインもエラーではない: 初期設定が必要かも答える) / the sign-in state: signed out is a state, not an error',
    access: 'public',
    answer: sessionAnswer,
    async handler({ ctx, request }) {
      const body =
        ctx.principal === 'anonymous'
          ? { signedIn: false as const, setupOpen: await setupOpen(db) }
          : { signedIn: true as const, setupOpen: false as const, ...meBody(ctx, request.session) };
      return ok(new Http(200, body, { 'cache-control': 'no-store' }));
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/auth/sign-out',
    tag: 'accounts',
    summary: 'サインアウト / sign out (this session)',
    access: 'signedIn',
    answer: signedOutAnswer,
    async handler({ ctx, request }) {
      if (request.session) await signOut(db, ctx, request.session.idHash);
      const secure = auth.secureCookies || overHttps(request);
      return ok(new Http(200, { signedOut: true as const }, { 'set-cookie': clearedCookie(secure) }));
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/auth/sign-out-everywhere',
    tag: 'accounts',
    summary: 'すべての端末からサインアウト / sign out of every session',
    access: 'signedIn',
    answer: endedSessionsAnswer,
    async handler({ ctx, request }) {
      const ended = await signOutEverywhere(db, ctx);
      const secure = auth.secureCookies || overHttps(request);
      return ok(new Http(200, { ended }, { 'set-cookie': clearedCookie(secure) }));
    },
  });
}

function publicUserOf(u: {
  id: string;
  name: string;
  loginName: string | null;
  role: string;
  municipalityId: string | null;
  departmentIds: string[];
  demo: boolean;
}) {
  return {
    id: u.id,
    name: u.name,
    userName: u.loginName,
    role: u.role,
    municipalityId: u.municipalityId,
    departmentIds: u.departmentIds,
    demo: u.demo,
  };
}

/** The signed-in caller as /api/auth/me and /api/auth/session answer it. */
function meBody(
  ctx: RequestContext,
  s: { user: Parameters<typeof publicUserOf>[0] & { demo: boolean }; csrfToken: string } | null,
) {
  return {
    user: s ? publicUserOf(s.user) : { id: ctx.actor.id, name: ctx.actor.name, role: null },
    principal: ctx.principal,
    municipalityId: ctx.municipalityId,
    departmentIds: ctx.departmentIds,
    csrfToken: s?.csrfToken ?? null,
    demo: s?.user.demo ?? false,
  };
}
