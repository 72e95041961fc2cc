/**
 * `POST /api/setup` under concurrency, on both databases: of many simultaneous first-administrator
 * requests exactly one creates an administrator; the others are refused (409) and write nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { TEST_AUTH } from './auth-helper.ts';

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`first administrator setup under concurrency on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    beforeAll(async () => {
      t = await dialect.open();
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('concurrent setups: exactly one administrator, every other call refused with 409', async () => {
      expect((await app.inject('/api/setup')).json()).toEqual({ open: true });
      const n = 8;
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          app.inject({
            method: 'POST',
            url: '/api/setup',
            payload: { userName: `root-${i}`, name: `管理者${i}`, password: `a long setup passphrase ${i}x` },
          }),
        ),
      );
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([201, ...Array.from({ length: n - 1 }, () => 409)]);
      for (const a of answers.filter((x) => x.statusCode === 409))
        expect(a.json().error.code).toBe('SETUP_CLOSED');
      const users = await t.db.selectFrom('users').select(['login_name', 'role']).execute();
      expect(users).toHaveLength(1);
      expect(users[0]!.role).toBe('admin');
      const winner = answers.find((a) => a.statusCode === 201)!.json() as { userName?: string };
      expect(winner.userName ?? users[0]!.login_name).toBe(users[0]!.login_name);
      const claims = await t.db.selectFrom('setup_claims').selectAll().execute();
      expect(claims.map((c) => c.id)).toEqual(['first-admin']);
      const audit = await t.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('entity_type', '=', 'user')
        .execute();
      expect(audit).toHaveLength(1);
      expect((await app.inject('/api/setup')).json()).toEqual({ open: false });
    });

    it('a later setup is refused too', async () => {
      const late = await app.inject({
        method: 'POST',
        url: '/api/setup',
        payload: { userName: 'late', name: '遅い', password: 'another long passphrase 77' },
      });
      expect(late.statusCode).toBe(409);
      expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    });
  });
}
