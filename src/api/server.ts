import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { type AuthConfig, DEFAULT_AUTH } from '../services/accounts/auth-config.ts';
import { type ActiveSession, resolveSession } from '../services/accounts/sessions.ts';
import { resolveToken } from '../services/accounts/tokens.ts';
import { anonymousContext, type RequestContext } from '../services/context.ts';
import type { Mailer } from '../services/ops/mailer.ts';
import { PublicSiteCache } from '../services/reports/public-site.ts';
import { TreeCache } from '../services/strategy/tree.ts';
import type { Database } from '../store/schema.ts';
import { VERSION } from '../version.ts';
import { scopes } from './access-scopes.ts';
import { installErrorHandling, sendError } from './http-errors.ts';
import { Metrics } from './metrics.ts';
import { docsHtml, openApiDocument } from './openapi.ts';
import { registerPublicRoutes } from './public.ts';
import { type RouteDoc, SIGN_IN_REQUIRED, type SouseiRouteConfig } from './route.ts';
import { registerAccountRoutes } from './routes/accounts.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerDepartmentRoutes } from './routes/departments.ts';
import type { RouteDeps } from './routes/deps.ts';
import { registerImportRoutes } from './routes/imports.ts';
import { registerIndicatorRoutes } from './routes/indicators.ts';
import { registerMunicipalityRoutes } from './routes/municipalities.ts';
import { registerOidcRoutes } from './routes/oidc.ts';
import { registerOpinionRoutes } from './routes/opinions.ts';
import { registerPeriodRoutes } from './routes/periods.ts';
import { registerPublicationRoutes } from './routes/publication.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerRoundRoutes } from './routes/rounds.ts';
import { registerSchemePreviewRoutes } from './routes/scheme-preview.ts';
import { registerStrategyRoutes } from './routes/strategies.ts';
import { sessionIdOf } from './session-cookie.ts';
import { registerStaticRoutes } from './static.ts';

/** Uploads above this are refused with 413. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Content types read as file bytes (imports). */
const FILE_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'text/csv',
  'text/tab-separated-values',
  'text/plain',
];

export interface ServerOptions {
  db: Kysely<Database>;
  /**
   * Request logs (Fastify's pino, JSON lines on stdout: request id, method, url, status, time;
   * unexpected errors with their stack). A level (`info`, `warn`, `error`, `silent`, ...) or
   * false (tests). `sousei serve` sets it from SOUSEI_LOG_LEVEL, default `info`.
   */
  logger?: boolean | { level: string };
  /** Tree cache (one per server; pass null-sized for tests that want recomputation). */
  treeCache?: TreeCache;
  /** Sign-in and session settings (tests pass fast scrypt parameters). */
  auth?: Partial<AuthConfig>;
  /**
   * Trust X-Forwarded-* from a reverse proxy (client address for throttling, HTTPS for Secure
   * cookies): true, a hop count, or the proxies' addresses/CIDRs.
   */
  trustProxy?: boolean | number | string[];
  /** The public site's cache (one per server). */
  publicSite?: PublicSiteCache;
  /** Serve /api/metrics (Prometheus text; planners and administrators). Default true. */
  metrics?: boolean;
  /** The city's SMTP mailer for round e-mails (null/absent: nothing is sent). */
  mailer?: Mailer | null;
  /** The database pool's state for /api/metrics (PostgreSQL). */
  poolStats?: () => { total: number; idle: number; waiting: number; max: number };
  /** Largest accepted request body and upload, in bytes (SOUSEI_UPLOAD_LIMIT_MB). Default 20 MiB. */
  uploadLimitBytes?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: ActiveSession | null;
  }
}

/** Policy of answers that are not the web app: nothing loads, nothing frames (styles for /api/docs). */
const API_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Trust the nearest `hops` proxies (X-Forwarded-For read from the right). */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Builds the HTTP API (JSON; OpenAPI at /api/openapi.json, reference at /api/docs). */
export function buildServer(options: ServerOptions): FastifyInstance {
  const uploadLimit = options.uploadLimitBytes ?? MAX_UPLOAD_BYTES;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: uploadLimit,
    return503OnClosing: true,
    trustProxy:
      typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
  });
  const auth: AuthConfig = { ...DEFAULT_AUTH, ...options.auth };
  const db = options.db;
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('session', null);
  identifyCaller(app, db, auth);
  checkAccessRuleAndCsrf(app);
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_req, body, done) =>
    done(null, body),
  );
  installErrorHandling(app);
  const metrics = options.metrics === false ? null : new Metrics(VERSION, options.poolStats);
  if (metrics) observeResponses(app, metrics);
  securityHeaders(app);
  const docs: RouteDoc[] = [];
  const deps = { db, treeCache: options.treeCache ?? new TreeCache(), scopes: scopes(db), auth };
  registerApiRoutes(app, docs, deps, { metrics, mailer: options.mailer ?? null });
  registerApiDocs(app, docs);
  registerPublicRoutes(app, db, options.publicSite ?? new PublicSiteCache());
  registerStaticRoutes(app);
  return app;
}

/** Who is asking: an API token (Authorization: Bearer), else the session cookie, else nobody. */
function identifyCaller(app: FastifyInstance, db: Kysely<Database>, auth: AuthConfig): void {
  app.addHook('onRequest', async (request, reply) => {
    const now = () => new Date();
    request.ctx = anonymousContext(now);
    request.session = null;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization);
      const ctx = m ? await resolveToken(db, m[1]!, now, { method: request.method, url: request.url }) : null;
      if (!ctx)
        return sendError(reply, {
          ...SIGN_IN_REQUIRED,
          message: 'API トークンが無効です',
          messageEn: 'Invalid or revoked API token',
        });
      request.ctx = ctx;
      return;
    }
    const id = sessionIdOf(request.headers.cookie);
    if (id === 'malformed')
      return sendError(reply, {
        code: 'INVALID_INPUT',
        message: 'Cookie の形式が不正です。Cookie を削除してからサインインし直してください',
        messageEn: 'Malformed session cookie: clear the cookie and sign in again',
        place: { field: 'cookie' },
      });
    if (id) {
      const session = await resolveSession(db, auth, id, now);
      if (session) {
        request.session = session;
        request.ctx = session.ctx;
      }
    }
  });
}

/**
 * Every route must declare its access rule (addRoute marks it); CSRF on state-changing requests
 * made with a session cookie (tokens carry no cookie and need none).
 */
function checkAccessRuleAndCsrf(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.is404) return;
    const config = request.routeOptions.config as SouseiRouteConfig | undefined;
    if (!config?.souseiAccess)
      return sendError(reply, {
        code: 'FORBIDDEN',
        message: 'この API には利用権限の定義がないため、利用できません',
        messageEn: 'This route declares no access rule and is refused',
        place: null,
      });
    if (config.souseiAccess === 'public' || SAFE_METHODS.has(request.method) || !request.session) return;
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, request.session.csrfToken))
      return sendError(reply, {
        code: 'CSRF_REJECTED',
        message: 'CSRF トークンがありません・一致しません。画面を読み込み直してください',
        messageEn: 'Missing or wrong CSRF token (X-CSRF-Token): reload the page',
        place: { field: 'x-csrf-token' },
      });
  });
}

/** Each answer counted for /api/metrics (by method, route and status, with its time). */
function observeResponses(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? '(unknown)',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onClose', async () => metrics.close());
}

/**
 * Every answer, API and docs included: no MIME sniffing, never framed; answers that set no policy
 * of their own (JSON, the docs page) get one that allows nothing but the docs page's own styles.
 */
function securityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff').header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', API_CSP);
    return payload;
  });
}

/** The API's routes, area by area (each documents itself in `docs`). */
function registerApiRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  deps: RouteDeps,
  more: { metrics: Metrics | null; mailer: Mailer | null },
): void {
  registerAuthRoutes(app, docs, deps);
  registerOidcRoutes(app, docs, deps);
  registerAccountRoutes(app, docs, deps);
  registerAdminRoutes(app, docs, { ...deps, metrics: more.metrics });
  registerImportRoutes(app, docs, deps);
  registerStrategyRoutes(app, docs, deps);
  registerIndicatorRoutes(app, docs, deps);
  registerReportRoutes(app, docs, deps);
  registerOpinionRoutes(app, docs, deps);
  registerRoundRoutes(app, docs, { ...deps, mailer: more.mailer });
  registerPeriodRoutes(app, docs, deps);
  registerPublicationRoutes(app, docs, deps);
  registerSchemePreviewRoutes(app, docs, deps);
  registerDepartmentRoutes(app, docs, deps);
  registerMunicipalityRoutes(app, docs, deps);
}

/** The OpenAPI document of the routes registered (made once, on first request) and its reference page. */
function registerApiDocs(app: FastifyInstance, docs: RouteDoc[]): void {
  let openapi: string | null = null;
  const openApiText = () => {
    openapi ??= JSON.stringify(openApiDocument(docs));
    return openapi;
  };
  const publicRoute = { config: { souseiAccess: 'public' } satisfies SouseiRouteConfig };
  app.get('/api/openapi.json', publicRoute, async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(openApiText()),
  );
  app.get('/api/docs', publicRoute, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(docsHtml(JSON.parse(openApiText()))),
  );
}
