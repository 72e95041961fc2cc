/** /api/metrics shows the PostgreSQL pool (open, idle, max connections; waiting requests). */
import { describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { DIALECTS, dialectsToRun } from '../store/dialects.ts';

const pgCase = (await dialectsToRun()).find((d) => d.dialect.name === 'postgres');

describe.skipIf(!pgCase || pgCase.skip)('metrics of the database pool (PostgreSQL)', () => {
  it('reports open, idle and max connections and waiting requests', async () => {
    const t = await DIALECTS.find((d) => d.name === 'postgres')!.open();
    try {
      expect(t.pool).toBeTypeOf('function');
      const app = buildServer({ db: t.db, auth: TEST_AUTH, poolStats: t.pool });
      const admin = await signedInClient(app, t.db, { role: 'admin' });
      const res = await admin.inject('/api/metrics');
      expect(res.statusCode).toBe(200);
      const open = Number(/^sousei_db_pool_connections\{state="open"\} (\d+)$/m.exec(res.body)?.[1]);
      expect(open).toBeGreaterThanOrEqual(1);
      expect(res.body).toMatch(/^sousei_db_pool_connections\{state="max"\} 20$/m);
      expect(res.body).toMatch(/^sousei_db_pool_waiting 0$/m);
      await app.close();
    } finally {
      await t.cleanup();
    }
  });
});
