import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { PLACEHOLDER_ACTOR, type RequestContext } from '../services/context.ts';
import { TreeCache } from '../services/tree.ts';
import type { Database } from '../store/schema.ts';
import { installErrorHandling } from './http-errors.ts';
import { docsHtml, openApiDocument } from './openapi.ts';
import type { RouteDoc } from './route.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerIndicatorRoutes } from './routes/indicators.ts';
import { registerStrategyRoutes } from './routes/strategies.ts';

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
  logger?: boolean;
  /** Tree cache (one per server; pass null-sized for tests that want recomputation). */
  treeCache?: TreeCache;
}

/**
 * The request context of the accounts-to-come: the actor (placeholder: `X-Sousei-Actor` names a
 * user id until authentication exists), the municipality (`X-Sousei-Municipality`) and department
 * (`X-Sousei-Department`). Access rules read it in services/access.ts only.
 */
function contextOf(headers: Record<string, string | string[] | undefined>): RequestContext {
  const h = (name: string) => {
    const v = headers[name];
    return typeof v === 'string' && v.length > 0 && v.length < 200 ? v : null;
  };
  const actorId = h('x-sousei-actor');
  return {
    actor: actorId ? { id: actorId, name: actorId } : PLACEHOLDER_ACTOR,
    municipalityId: h('x-sousei-municipality'),
    departmentId: h('x-sousei-department'),
    now: () => new Date(),
  };
}

/** Builds the HTTP API (JSON; OpenAPI at /api/openapi.json, reference at /api/docs). */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_UPLOAD_BYTES,
    return503OnClosing: true,
  });
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.addHook('onRequest', async (request) => {
    request.ctx = contextOf(request.headers);
  });
  app.addContentTypeParser(
    FILE_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_req, body, done) => done(null, body),
  );
  installErrorHandling(app);

  const docs: RouteDoc[] = [];
  const deps = { db: options.db, treeCache: options.treeCache ?? new TreeCache() };
  registerAdminRoutes(app, docs, deps);
  registerStrategyRoutes(app, docs, deps);
  registerIndicatorRoutes(app, docs, deps);

  let openapi: string | null = null;
  const openApiText = () => {
    openapi ??= JSON.stringify(openApiDocument(docs));
    return openapi;
  };
  app.get('/api/openapi.json', async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(openApiText()),
  );
  app.get('/api/docs', async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(docsHtml(JSON.parse(openApiText()))),
  );
  return app;
}
