/**
 * Publication of fiscal years (年度の公表) over HTTP and through the service, on both databases:
 * only planners publish and withdraw, the year must be in the period and over, publishing twice
 * changes nothing, withdrawing needs a reason, every change is audited, a concurrent first
 * publication of the same year leaves exactly one row.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { publishFiscalYear } from '../../src/services/reports/publication.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`publication of fiscal years on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let municipalityId: string;
    let planner: Client;
    let editor: Client;
    let viewer: Client;
    const url = (fy: number | string = '') =>
      `/api/strategies/${strategyId}/publication${fy === '' ? '' : `/${fy}`}`;

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      municipalityId = r.value.municipalityId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      editor = await signedInClient(app, t.db, { role: 'editor', municipalityId });
      viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('a planner publishes a year; readers see it; it is audited with who did it', async () => {
      const res = await planner.inject({
        method: 'PUT',
        url: url(2021),
        payload: { note: '推進会議で報告済み' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        strategyId,
        fiscalYear: 2021,
        state: 'published',
        source: 'manual',
        publishedBy: planner.userId,
        reason: '推進会議で報告済み',
        version: 1,
      });
      const list = await viewer.inject(url());
      expect(list.statusCode).toBe(200);
      expect(list.json().map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([2021]);
      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', 'publication')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'create', actor_id: planner.userId, strategy_id: strategyId });
    });

    it('publishing an already published year changes nothing and writes no audit entry', async () => {
      const before = await t.db.selectFrom('audit_log').select('id').execute();
      const res = await planner.inject({ method: 'PUT', url: url(2021) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ fiscalYear: 2021, version: 1 });
      expect(await t.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
    });

    it('editors and viewers may not publish or withdraw', async () => {
      for (const c of [editor, viewer]) {
        expect((await c.inject({ method: 'PUT', url: url(2022) })).statusCode).toBe(403);
        expect(
          (await c.inject({ method: 'DELETE', url: url(2021), payload: { reason: 'x' } })).statusCode,
        ).toBe(403);
      }
      expect((await app.inject({ method: 'PUT', url: url(2022) })).statusCode).toBe(401);
    });

    it('refuses a year outside the period or not over yet, naming the field', async () => {
      for (const fy of [2019, 2025]) {
        const res = await planner.inject({ method: 'PUT', url: url(fy) });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'INVALID_INPUT', place: { field: 'fiscalYear' } });
        expect(res.json().error.message).toContain('計画期間');
      }
      // The running fiscal year (by Japan's clock) is never published.
      const ctx = systemContext({ now: () => new Date('2023-03-31T16:00:00Z') }); // 2023-04-01 JST
      const running = await publishFiscalYear(t.db, ctx, strategyId, 2023);
      expect(running.ok).toBe(false);
      if (!running.ok) expect(running.error.message).toContain('まだ終わっていない');
      const over = await publishFiscalYear(
        t.db,
        systemContext({ now: () => new Date('2023-03-31T15:59:00Z') }),
        strategyId,
        2022,
      );
      expect(over.ok).toBe(true);
      expect((await planner.inject({ method: 'PUT', url: url('abc') })).statusCode).toBe(400);
    });

    it('withdrawing needs a reason, is audited, and a withdrawn year can be published again', async () => {
      const noReason = await planner.inject({ method: 'DELETE', url: url(2021), payload: {} });
      expect(noReason.statusCode).toBe(400);
      const res = await planner.inject({
        method: 'DELETE',
        url: url(2021),
        payload: { reason: '数値の誤り' },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        state: 'withdrawn',
        reason: '数値の誤り',
        withdrawnBy: planner.userId,
      });
      const again = await planner.inject({ method: 'DELETE', url: url(2021), payload: { reason: 'x' } });
      expect(again.statusCode).toBe(404);
      expect(again.json().error.message).toContain('公表されていません');
      const re = await planner.inject({ method: 'PUT', url: url(2021) });
      expect(re.json()).toMatchObject({ state: 'published', withdrawnAt: null, version: 3 });
      const actions = await t.db
        .selectFrom('audit_log')
        .select(['action', 'after_json'])
        .where('entity_type', '=', 'publication')
        .orderBy('id')
        .execute();
      expect(actions.map((a) => [a.action, JSON.parse(a.after_json!).state])).toEqual([
        ['create', 'published'],
        ['create', 'published'],
        ['update', 'withdrawn'],
        ['update', 'published'],
      ]);
    });

    it('another municipality’s planner cannot publish; a missing strategy is 404', async () => {
      const elsewhere = await insertMunicipality(t.db, { name: '別の町' }, new Date().toISOString());
      const other = await signedInClient(app, t.db, { role: 'planner', municipalityId: elsewhere.id });
      const res = await other.inject({ method: 'PUT', url: url(2020) });
      expect(res.statusCode).toBe(403);
      const missing = await planner.inject({ method: 'PUT', url: '/api/strategies/nope/publication/2020' });
      expect(missing.statusCode).toBe(404);
    });

    it('two first publications of the same year at once: both answer published, one row, one audit entry', async () => {
      const auditBefore = (
        await t.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'publication').execute()
      ).length;
      const results = await Promise.all([
        publishFiscalYear(t.db, systemContext(), strategyId, 2020),
        publishFiscalYear(t.db, systemContext(), strategyId, 2020),
      ]);
      expect(results.every((r) => r.ok && r.value.state === 'published')).toBe(true);
      const rows = await t.db
        .selectFrom('published_years')
        .selectAll()
        .where('strategy_id', '=', strategyId)
        .where('fiscal_year', '=', 2020)
        .execute();
      expect(rows).toHaveLength(1);
      const auditAfter = (
        await t.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'publication').execute()
      ).length;
      expect(auditAfter - auditBefore).toBe(1);
    });
  });
}
