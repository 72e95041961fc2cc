import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SouseiRouteConfig } from './route.ts';

/** Where `npm run build:web` writes the browser app (web/dist beside the repository root). */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Closed network: the page may load nothing from another host. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** Hashed file names under assets/ never change: cache for a year; the rest revalidates. */
  immutable: boolean;
}

function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const file = join(d, name);
      if (statSync(file).isDirectory()) walk(file);
      else {
        const body = readFileSync(file);
        const path = `/${relative(dir, file).split(sep).join('/')}`;
        assets.set(path, {
          body,
          type: TYPES[extname(file)] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
          immutable: path.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dir);
  return assets;
}

const MISSING_BUILD = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>Sousei</title>
<p>画面がまだビルドされていません。<code>npm run build:web</code> を実行してください。</p>
<p lang="en">The web app is not built yet: run <code>npm run build:web</code>.</p></html>`;

/**
 * Serves the browser app from web/dist (read once at start): hashed assets with a year of
 * caching, index.html revalidated (ETag, no-cache), and every other non-API GET answered with
 * index.html so client routes (/strategies/…) survive a reload. /api/* stays JSON 404.
 */
export function registerStaticRoutes(app: FastifyInstance, dir: string = WEB_DIST): void {
  const assets = loadAssets(dir);
  const index = assets.get('/index.html');
  const config = { souseiAccess: 'public' } satisfies SouseiRouteConfig;
  const send = (reply: FastifyReply, asset: Asset, ifNoneMatch: string | undefined) => {
    reply
      .header('etag', asset.etag)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (asset.type.startsWith('text/html'))
      reply.header('content-security-policy', CSP).header('referrer-policy', 'same-origin');
    if (ifNoneMatch === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  };
  const handler = async (request: { url: string; headers: Record<string, unknown> }, reply: FastifyReply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    const inm =
      typeof request.headers['if-none-match'] === 'string' ? request.headers['if-none-match'] : undefined;
    const asset = assets.get(path);
    if (asset && path !== '/index.html') return send(reply, asset, inm);
    // A missing hashed asset is a real 404 (an old page asking for a replaced bundle).
    if (path.startsWith('/assets/'))
      return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    if (!index) return reply.code(503).type('text/html; charset=utf-8').send(MISSING_BUILD);
    return send(reply, index, inm);
  };
  app.get('/', { config }, handler);
  app.get('/*', { config }, handler);
}
