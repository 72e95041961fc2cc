/**
 * Hardening over HTTP, on every database: text with NUL or lone surrogates refused with the field
 * named (PostgreSQL cannot store NUL; SQLite could: the answer must be the same), security headers
 * on every answer, sign-in throttled per address and per user name with 429 and Retry-After.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { VERSION } from '../../src/version.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`hardening on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let planner: Client;
    let k1: string;

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      k1 = (
        await t.db.selectFrom('indicators').select('id').where('ref', '=', 'k1').executeTakeFirstOrThrow()
      ).id;
      app = buildServer({
        db: t.db,
        auth: {
          ...TEST_AUTH,
          signInThrottle: {
            perAddress: { limit: 6, windowMs: 60_000 },
            perName: { limit: 3, windowMs: 60_000 },
          },
        },
      });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: r.value.municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    const editName = async (name: string) => {
      const version = (await planner.inject(`/api/indicators/${k1}`)).json().version as number;
      return planner.inject({
        method: 'PATCH',
        url: `/api/indicators/${k1}`,
        payload: { version, name },
      });
    };

    it('refuses NUL and lone surrogates with 400 naming the field, and stores nothing', async () => {
      const before = (await planner.inject(`/api/indicators/${k1}`)).json().name as string;
      // JSON escapes, as a client would send them: \u0000 and a lone high surrogate.
      for (const [text, words] of [
        ['就業\u0000者数', 'NUL'],
        ['就業\ud800者数', 'surrogate'],
        ['就業\udc00', 'surrogate'],
      ] as const) {
        const res = await editName(text);
        expect(res.statusCode, text).toBe(400);
        const error = res.json().error;
        expect(error.code).toBe('INVALID_INPUT');
        expect(error.place).toEqual({ field: 'name' });
        expect(error.messageEn).toContain(words);
      }
      expect((await planner.inject(`/api/indicators/${k1}`)).json().name).toBe(before);
      // A proper pair (an emoji outside the BMP) is text like any other.
      const pair = await editName('就業者数 😀');
      expect(pair.statusCode).toBe(200);
      expect((await planner.inject(`/api/indicators/${k1}`)).json().name).toBe('就業者数 😀');
    });

    it('names the nested field and refuses NUL in a query or a sign-in name before anything runs', async () => {
      const res = await planner.inject({
        method: 'PATCH',
        url: `/api/indicators/${k1}`,
        payload: { version: 1, notes: ['ok', 'bad\u0000'] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.place).toEqual({ field: 'notes[1]' });
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'x\u0000y', password: 'whatever password' },
      });
      expect(signIn.statusCode).toBe(400);
      expect(signIn.json().error.place).toEqual({ field: 'userName' });
    });

    it('every answer carries nosniff, no framing and a policy: JSON, errors, the docs page', async () => {
      for (const url of [
        '/api/health',
        '/api/docs',
        '/api/openapi.json',
        '/api/nowhere',
        '/api/strategies',
      ]) {
        const res = await app.inject(url);
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['x-frame-options'], url).toBe('DENY');
        expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
      }
      const docs = await app.inject('/api/docs');
      expect(String(docs.headers['content-security-policy'])).toContain("default-src 'none'");
    });

    it('metrics: per route pattern (never the raw URL), memory, event-loop delay, the version', async () => {
      await planner.inject(`/api/indicators/${k1}`);
      const res = await planner.inject('/api/metrics');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.body;
      expect(text).toContain(`sousei_build_info{version="${VERSION}"} 1`);
      const line = text
        .split('\n')
        .find((l) =>
          l.startsWith('sousei_http_requests_total{method="GET",route="/api/indicators/:id",status="2xx"}'),
        );
      expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain(k1);
      expect(text).toMatch(/^sousei_process_resident_memory_bytes \d+$/m);
      expect(text).toMatch(/^sousei_event_loop_delay_seconds\{quantile="0.99"\} [\d.]+$/m);
      expect(text).toMatch(
        /sousei_http_request_duration_seconds_bucket\{method="GET",route="\/api\/indicators\/:id",status="2xx",le="\+Inf"\} \d+/,
      );
    });

    it('throttles sign-in per user name, then per address, with 429 and Retry-After', async () => {
      const attempt = (userName: string, ip: string) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          payload: { userName, password: 'not the password 1' },
          remoteAddress: ip,
        });
      const byName = [];
      for (let i = 0; i < 4; i++) byName.push((await attempt('nobody-here', '10.0.0.1')).statusCode);
      expect(byName).toEqual([401, 401, 401, 429]);
      const limited = await attempt('nobody-here', '10.0.0.2');
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json().error.code).toBe('TOO_MANY_ATTEMPTS');
      // Another address: the name is still throttled, other names are not.
      const others = [];
      for (let i = 0; i < 7; i++) others.push((await attempt(`someone-${i}`, '10.0.0.3')).statusCode);
      expect(others).toEqual([401, 401, 401, 401, 401, 401, 429]);
      // A signed-in planner (another address) is not affected by either.
      expect((await planner.inject('/api/auth/me')).statusCode).toBe(200);
    });
  });
}
