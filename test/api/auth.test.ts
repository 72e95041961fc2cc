/**
 * Accounts over HTTP: one-time setup, sign-in cookies, session fixation, CSRF, lockout, idle and
 * absolute timeouts, sign-out everywhere, API tokens, role changes in the audit log, bad input.
 */
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { sha256 } from '../../src/services/accounts/sessions.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, signIn, TEST_AUTH, TEST_PASSWORD } from './auth-helper.ts';

const ADMIN_PASSWORD = 'the first administrator 1';

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`accounts on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let municipalityId: string;
    let k1: string;
    let admin: Client;

    const countUsers = async () =>
      Number(
        (
          await t.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      municipalityId = r.value.municipalityId;
      k1 = (
        await t.db.selectFrom('indicators').select('id').where('ref', '=', 'k1').executeTakeFirstOrThrow()
      ).id;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('one-time setup: only while no user exists; weak passwords and confusable names refused', async () => {
      expect((await app.inject('/api/setup')).json()).toEqual({ open: true });
      const weak = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { userName: 'root', name: '管理者', password: 'password1234' },
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().error.code).toBe('PASSWORD_REJECTED');
      const confusable = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { userName: 'rооt', name: '管理者', password: ADMIN_PASSWORD },
      });
      expect(confusable.statusCode).toBe(400);
      expect(confusable.json().error.code).toBe('USERNAME_REJECTED');
      expect(await countUsers()).toBe(0);
      const first = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { userName: 'Ｒｏｏｔ', name: '管理者', password: ADMIN_PASSWORD },
      });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ userName: 'root', role: 'admin', municipalityId: null });
      const again = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { userName: 'root2', name: '別', password: ADMIN_PASSWORD },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('SETUP_CLOSED');
      expect((await app.inject('/api/setup')).json()).toEqual({ open: false });
      expect(await countUsers()).toBe(1);
      admin = await signIn(app, 'root', ADMIN_PASSWORD);
    });

    it('sign-in cookie: HttpOnly, SameSite=Strict, Secure only over HTTPS; a new id each time', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'root', password: ADMIN_PASSWORD },
      });
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^sousei_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(res.headers['cache-control']).toBe('no-store');
      const secureApp = buildServer({ db: t.db, auth: TEST_AUTH, trustProxy: true });
      const https = await secureApp.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'root', password: ADMIN_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(String(https.headers['set-cookie'])).toMatch(/; Secure$/);
      await secureApp.close();
      // Only the hash of the session id is stored.
      const id = cookie.split(';')[0]!.split('=')[1]!;
      const rows = await t.db.selectFrom('sessions').select('id_hash').execute();
      expect(rows.map((r) => r.id_hash)).toContain(sha256(id));
      expect(rows.map((r) => r.id_hash)).not.toContain(id);
    });

    it('session fixation: a planted id is never adopted; signing in again replaces the session', async () => {
      const planted = 'A'.repeat(43);
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'root', password: ADMIN_PASSWORD },
        headers: { cookie: `sousei_session=${planted}` },
      });
      expect(res.statusCode).toBe(200);
      const issued = String(res.headers['set-cookie']).split(';')[0]!.split('=')[1]!;
      expect(issued).not.toBe(planted);
      expect(
        (await app.inject({ url: '/api/auth/me', headers: { cookie: `sousei_session=${planted}` } }))
          .statusCode,
      ).toBe(401);
      // Signing in while signed in: the previous session ends, the new one works.
      const before = await signIn(app, 'root', ADMIN_PASSWORD);
      const again = await before.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'root', password: ADMIN_PASSWORD },
      });
      expect(again.statusCode).toBe(200);
      expect((await before.inject('/api/auth/me')).statusCode).toBe(401);
      const next = String(again.headers['set-cookie']).split(';')[0]!;
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie: next } })).statusCode).toBe(200);
    });

    it('CSRF: state-changing requests with a session need the token; nothing changes without it', async () => {
      const planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      const url = `/api/indicators/${k1}/observations/2030`;
      const noToken = await app.inject({
        method: 'PUT',
        url,
        payload: { raw: '5件' },
        headers: { cookie: planner.cookie },
      });
      expect(noToken.statusCode).toBe(403);
      expect(noToken.json().error.code).toBe('CSRF_REJECTED');
      const wrong = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '5件' },
        headers: { 'x-csrf-token': 'x'.repeat(43) },
      });
      expect(wrong.statusCode).toBe(403);
      const other = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      const foreignToken = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '5件' },
        headers: { 'x-csrf-token': other.csrfToken },
      });
      expect(foreignToken.statusCode).toBe(403);
      expect(
        await t.db
          .selectFrom('observations')
          .select('id')
          .where('indicator_id', '=', k1)
          .where('fiscal_year', '=', 2030)
          .execute(),
      ).toEqual([]);
      expect(
        (
          await planner.inject({
            method: 'PUT',
            url,
            payload: { raw: '5件', confirm: ['OUTSIDE_PAST_RANGE'] },
          })
        ).statusCode,
      ).toBe(201);
      // Reads need no token.
      expect(
        (await app.inject({ url: `/api/indicators/${k1}`, headers: { cookie: planner.cookie } })).statusCode,
      ).toBe(200);
    });

    it('lockout after repeated failures, the same answer for unknown names, all in the audit log', async () => {
      const victim = await signedInClient(app, t.db, { role: 'viewer', municipalityId });
      const attempt = (password: string, userName = victim.userName) =>
        app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { userName, password } });
      const unknown = await attempt('whatever password', 'nobody-at-all');
      for (let i = 0; i < TEST_AUTH.maxFailures; i++) {
        const r = await attempt(`wrong password ${i}`);
        expect(r.statusCode).toBe(401);
        expect(r.json()).toEqual(unknown.json());
      }
      const locked = await attempt(TEST_PASSWORD);
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
      expect(locked.headers['retry-after']).toBeTruthy();
      // When the lock has passed, the right password works again.
      await t.db
        .updateTable('users')
        .set({ locked_until: '2000-01-01T00:00:00.000Z' })
        .where('id', '=', victim.userId)
        .execute();
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['entity_type', 'after_json'])
        .where('entity_id', 'in', [victim.userId, 'nobody-at-all'])
        .execute();
      const kinds = audit.map((a) => a.entity_type);
      expect(kinds.filter((k) => k === 'sign-in-failure').length).toBe(TEST_AUTH.maxFailures + 2);
      expect(kinds.filter((k) => k === 'sign-in').length).toBe(2);
    });

    it('idle and absolute timeouts end sessions; sign-out everywhere ends them all', async () => {
      const a = await signedInClient(app, t.db, { role: 'viewer', municipalityId });
      const b = await signIn(app, a.userName, TEST_PASSWORD);
      const c = await signIn(app, a.userName, TEST_PASSWORD);
      const hashOf = (x: Client) => sha256(x.cookie.split('=')[1]!);
      const old = new Date(Date.now() - TEST_AUTH.idleTimeoutMs - 1000).toISOString();
      await t.db
        .updateTable('sessions')
        .set({ last_seen_at: old })
        .where('id_hash', '=', hashOf(a))
        .execute();
      expect((await a.inject('/api/auth/me')).statusCode).toBe(401);
      await t.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1).toISOString() })
        .where('id_hash', '=', hashOf(b))
        .execute();
      expect((await b.inject('/api/auth/me')).statusCode).toBe(401);
      const d = await signIn(app, a.userName, TEST_PASSWORD);
      expect((await c.inject({ method: 'POST', url: '/api/auth/sign-out-everywhere' })).json().ended).toBe(2);
      expect((await c.inject('/api/auth/me')).statusCode).toBe(401);
      expect((await d.inject('/api/auth/me')).statusCode).toBe(401);
    });

    it('role changes end the sessions and are audited with before and after', async () => {
      const ed = await signedInClient(app, t.db, { role: 'editor', municipalityId });
      const r = await admin.inject({
        method: 'PATCH',
        url: `/api/users/${ed.userId}`,
        payload: { role: 'viewer' },
      });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ role: 'viewer', version: 2 });
      expect((await ed.inject('/api/auth/me')).statusCode).toBe(401);
      const audit = (await admin.inject(`/api/audit?actorId=${admin.userId}`)).json();
      expect(audit.items.find((e: { entityId: string }) => e.entityId === ed.userId)).toMatchObject({
        entityType: 'user',
        action: 'update',
        before: { role: 'editor' },
        after: { role: 'viewer' },
      });
      // A planner cannot make anyone an administrator.
      const planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      const up = await planner.inject({
        method: 'PATCH',
        url: `/api/users/${ed.userId}`,
        payload: { role: 'admin' },
      });
      expect(up.statusCode).toBe(403);
    });

    it('API tokens: shown once, stored hashed, no CSRF, last-used time and audit, revocable', async () => {
      const planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      const created = await planner.inject({
        method: 'POST',
        url: '/api/tokens',
        payload: { municipalityId, name: '統計システム', access: 'write' },
      });
      expect(created.statusCode).toBe(201);
      const { token, id } = created.json();
      expect(token).toMatch(/^sousei_[A-Za-z0-9_-]{43}$/);
      const list = await planner.inject('/api/tokens');
      expect(list.body).not.toContain(token);
      expect(list.json().items.find((x: { id: string }) => x.id === id).lastUsedAt).toBeNull();
      const stored = await t.db
        .selectFrom('api_tokens')
        .select('token_hash')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).toBe(sha256(token));
      const put = await app.inject({
        method: 'PUT',
        url: `/api/indicators/${k1}/observations/2031`,
        payload: { raw: '7件', confirm: ['OUTSIDE_PAST_RANGE'] },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(put.statusCode).toBe(201);
      const after = (await planner.inject('/api/tokens'))
        .json()
        .items.find((x: { id: string }) => x.id === id);
      expect(after.lastUsedAt).toBeTruthy();
      const uses = await t.db
        .selectFrom('audit_log')
        .select('entity_type')
        .where('entity_id', '=', id)
        .execute();
      expect(uses.map((u) => u.entity_type)).toEqual(expect.arrayContaining(['api-token', 'api-token-use']));
      // Read-only from the token's point of view: no user management.
      expect(
        (await app.inject({ url: '/api/users', headers: { authorization: `Bearer ${token}` } })).statusCode,
      ).toBe(403);
      expect((await planner.inject({ method: 'DELETE', url: `/api/tokens/${id}` })).statusCode).toBe(200);
      const revoked = await app.inject({
        url: '/api/strategies',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(revoked.statusCode).toBe(401);
      expect(
        (await app.inject({ url: '/api/strategies', headers: { authorization: 'Basic cm9vdDp4' } }))
          .statusCode,
      ).toBe(401);
    });

    it('bad input: oversized bodies, malformed cookies, CR/LF in names, header injection — 4xx, nothing changed', async () => {
      const users = await countUsers();
      const big = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'root', password: 'x'.repeat(10_000) },
      });
      expect(big.statusCode).toBe(413);
      for (const cookie of [
        'sousei_session=<script>',
        'sousei_session=a; sousei_session=b',
        `sousei_session=${'a'.repeat(300)}`,
      ]) {
        const r = await app.inject({ url: '/api/auth/me', headers: { cookie } });
        expect(r.statusCode, cookie).toBe(400);
        expect(r.json().error.place.field).toBe('cookie');
      }
      // Other cookies are left alone.
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie: 'theme=dark' } })).statusCode).toBe(
        401,
      );
      const crlf = await admin.inject({
        method: 'POST',
        url: '/api/users',
        payload: {
          userName: 'evil\r\nSet-Cookie: sousei_session=x',
          name: 'x',
          password: 'a fine long passphrase 1',
          role: 'viewer',
          municipalityId,
        },
      });
      expect(crlf.statusCode).toBe(400);
      expect(crlf.json().error.code).toBe('USERNAME_REJECTED');
      expect(crlf.headers['set-cookie']).toBeUndefined();
      const signInCrlf = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { userName: 'root\r\nX-Injected: 1', password: ADMIN_PASSWORD },
      });
      expect(signInCrlf.statusCode).toBe(401);
      expect(signInCrlf.headers['x-injected']).toBeUndefined();
      expect(signInCrlf.headers['set-cookie']).toBeUndefined();
      const nameCrlf = await admin.inject({
        method: 'POST',
        url: '/api/users',
        payload: {
          userName: 'fine-name',
          name: 'a\r\nb',
          password: 'a fine long passphrase 1',
          role: 'viewer',
          municipalityId,
        },
      });
      expect(nameCrlf.statusCode).toBe(400);
      // A bare CR inside a header value (response-splitting attempt) is refused by the HTTP parser.
      const server = buildServer({ db: t.db, auth: TEST_AUTH });
      const address = await server.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(address);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write('GET /api/auth/me HTTP/1.1\r\nHost: x\r\nX-CSRF-Token: a\rSet-Cookie: x=1\r\n\r\n'),
        );
        let data = '';
        socket.on('data', (d) => {
          data += d;
        });
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      await server.close();
      expect(raw).toMatch(/^HTTP\/1\.1 400/);
      expect(raw).not.toMatch(/set-cookie: x=1/i);
      expect(await countUsers()).toBe(users);
    });
  });
}
