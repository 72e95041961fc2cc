import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { PublicSiteCache } from '../services/reports/public-site.ts';
import type { Database } from '../store/schema.ts';
import type { SouseiRouteConfig } from './route.ts';

/** Nothing runs and nothing loads from elsewhere: the site's own style sheet and inline styles only. */
const PUBLIC_CSP =
  "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Short enough that a new publication shows within minutes; revalidated with the ETag after. */
export const PUBLIC_MAX_AGE = 300;

/**
 * The public site under /public/ (公開ページ), served to anybody without signing in: the same
 * files `sousei publish` writes, answered from the site cache with an ETag (304 when unchanged)
 * and a short max-age. Only strategies with a published fiscal year answer; everything else 404.
 */
export function registerPublicRoutes(
  app: FastifyInstance,
  db: Kysely<Database>,
  cache: PublicSiteCache,
): void {
  const config = { souseiAccess: 'public' } satisfies SouseiRouteConfig;
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?')[0] ?? '';
    let path: string;
    try {
      path = decodeURIComponent(url.slice('/public/'.length));
    } catch {
      path = '\0';
    }
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = /^[A-Za-z0-9._/-]+$/.test(path) && !path.includes('..') ? await cache.file(db, path) : null;
    if (!file)
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .header('content-security-policy', PUBLIC_CSP)
        .send(
          '<!doctype html><html lang="ja"><meta charset="utf-8"><title>ページが見つかりません</title><main><h1>ページが見つかりません</h1><p><a href="/public/">公開ページのトップへ</a></p></main></html>',
        );
    reply
      .header('etag', file.etag)
      .header('cache-control', `public, max-age=${PUBLIC_MAX_AGE}`)
      .header('vary', 'accept-encoding')
      .header('content-security-policy', PUBLIC_CSP)
      .header('referrer-policy', 'no-referrer');
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    // Compressed once per file and kept (the open data files are large).
    const gz = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) ? file.gzip() : null;
    if (gz) return reply.type(file.type).header('content-encoding', 'gzip').send(gz);
    return reply.type(file.type).send(file.body);
  };
  app.get('/public', { config }, async (_request, reply) => reply.redirect('/public/', 301));
  app.get('/public/*', { config }, handler);
}
