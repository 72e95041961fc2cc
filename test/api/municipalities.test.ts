/**
 * Municipalities and strategies over HTTP on both databases: the picker's list, a strategy's
 * timeline (stored or derived period, an as-of year that is never null, entry years up to the
 * target year), planners setting name/period/as-of year with version checks and audit,
 * administrators creating and renaming municipalities, per-person preferences, and the sign-in
 * state answered without an error.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { type Client, signedInClient, signIn, TEST_AUTH, TEST_PASSWORD } from './auth-helper.ts';

const kpi = (id: string, extra: Record<string, unknown>) => ({
  id,
  name: `指標${id}`,
  unit: '人',
  role: 'kpi' as const,
  direction: 'increase' as const,
  ...extra,
});

/** A new period: baselines and targets, no actual yet. */
const newPeriod = (): StrategyDocumentInput => ({
  strategy: { id: 's3', name: '第3期 総合戦略', generation: 3, period: { from: 2025, to: 2029 } },
  indicators: [
    kpi('a', { baseline: { value: 100, fiscalYear: 2023 }, target: { value: 120, fiscalYear: 2029 } }),
    kpi('b', { baseline: { value: 5, fiscalYear: 2023 }, target: { value: 9, fiscalYear: 2029 } }),
  ],
});

/** A KPI progress list: figures to R3, targets for R6, no period. */
const progressList = (): StrategyDocumentInput => ({
  strategy: { id: 'k', name: 'KPI進捗' },
  indicators: [
    kpi('a', {
      baseline: { value: 100, fiscalYear: 2018 },
      target: { value: 130, fiscalYear: 2024 },
      actuals: [
        { value: 104, fiscalYear: 2019 },
        { value: 110, fiscalYear: 2021 },
      ],
    }),
  ],
});

interface View {
  id: string;
  name: string;
  version: number;
  asOf: number | null;
  period: { from: number | null; to: number | null };
  timeline: {
    period: { from: number; to: number };
    periodSource: string;
    asOf: number;
    asOfSource: string;
    latestActual: number | null;
    years: number[];
  };
  state: string;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`municipalities and strategies on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let m: string;
    let other: string;
    let third: string;
    let progress: string;
    let planner: Client;
    let viewer: Client;
    let admin: Client;

    beforeAll(async () => {
      t = await dialect.open();
      const now = new Date().toISOString();
      m = (await insertMunicipality(t.db, { name: '甲市' }, now)).id;
      other = (await insertMunicipality(t.db, { name: '乙町' }, now)).id;
      const a = await importDocument(t.db, systemContext({ municipalityId: m }), newPeriod());
      const b = await importDocument(t.db, systemContext({ municipalityId: m }), progressList());
      if (!a.ok || !b.ok) throw new Error('import failed');
      third = a.value.strategyId;
      progress = b.value.strategyId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: m });
      viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId: m });
      admin = await signedInClient(app, t.db, { role: 'admin' });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('a strategy without figures: as-of is the year before its period, everywhere; years cover the period', async () => {
      const s = (await viewer.inject(`/api/strategies/${third}`)).json() as View;
      expect(s.timeline).toMatchObject({
        period: { from: 2025, to: 2029 },
        periodSource: 'stored',
        asOf: 2024,
        asOfSource: 'period',
        latestActual: null,
        years: [2025, 2026, 2027, 2028, 2029],
      });
      const summary = (await viewer.inject(`/api/strategies/${third}/summary`)).json();
      expect(summary.asOf).toBe(2024);
      expect(summary.overall.total).toBe(2);
      const tree = (await viewer.inject(`/api/strategies/${third}/tree`)).json();
      expect(tree.asOf).toBe(2024);
      const ind = tree.unassigned.indicators[0];
      const evaluation = (await viewer.inject(`/api/indicators/${ind.id}/evaluation`)).json();
      expect(evaluation.asOf).toBe(2024);
    });

    it('a progress list without a period: derived from its figures, entry years reach the target year', async () => {
      const s = (await viewer.inject(`/api/strategies/${progress}`)).json() as View;
      expect(s.period).toEqual({ from: null, to: null });
      expect(s.timeline.periodSource).toBe('derived');
      expect(s.timeline.period).toEqual({ from: 2019, to: 2024 });
      expect(s.timeline.asOf).toBe(2021);
      expect(s.timeline.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    });

    it('planners set name, period and as-of year: version checked, audited, explained when wrong', async () => {
      const before = (await planner.inject(`/api/strategies/${progress}`)).json() as View;
      const body = {
        name: '第2期 KPI',
        period: { from: 2020, to: 2024 },
        asOf: 2021,
        version: before.version,
      };
      const viewerTry = await viewer.inject({
        method: 'PATCH',
        url: `/api/strategies/${progress}`,
        payload: body,
      });
      expect(viewerTry.statusCode).toBe(403);
      const inverted = await planner.inject({
        method: 'PATCH',
        url: `/api/strategies/${progress}`,
        payload: { ...body, period: { from: 2024, to: 2020 } },
      });
      expect(inverted.statusCode).toBe(400);
      expect(inverted.json().error.place).toEqual({ field: 'period.to' });
      const outside = await planner.inject({
        method: 'PATCH',
        url: `/api/strategies/${progress}`,
        payload: { ...body, asOf: 2030 },
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.place).toEqual({ field: 'asOf' });
      const saved = await planner.inject({
        method: 'PATCH',
        url: `/api/strategies/${progress}`,
        payload: body,
      });
      expect(saved.statusCode).toBe(200);
      const after = saved.json() as View;
      expect(after).toMatchObject({ name: '第2期 KPI', period: { from: 2020, to: 2024 }, asOf: 2021 });
      expect(after.timeline).toMatchObject({ periodSource: 'stored', asOfSource: 'stored', asOf: 2021 });
      expect(after.version).toBe(before.version + 1);
      const stale = await planner.inject({
        method: 'PATCH',
        url: `/api/strategies/${progress}`,
        payload: body,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      const tree = (await viewer.inject(`/api/strategies/${progress}/tree`)).json();
      expect(tree.strategy.period).toEqual({ from: 2020, to: 2024 });
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['action', 'before_json', 'after_json'])
        .where('entity_type', '=', 'strategy')
        .where('entity_id', '=', progress)
        .where('action', '=', 'update')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(String(audit[0]!.after_json))).toMatchObject({ name: '第2期 KPI', asOf: 2021 });
      expect(JSON.parse(String(audit[0]!.before_json))).toMatchObject({ name: 'KPI進捗', asOf: null });
    });

    it('a period left to be derived stays derived: saving the settings keeps following the figures', async () => {
      const before = (await planner.inject(`/api/strategies/${progress}`)).json() as View;
      // Back to a derived period (the settings' checkbox), renaming at the same time.
      const saved = await planner.inject({
        method: 'PATCH',
        url: `/api/strategies/${progress}`,
        payload: { name: 'KPI進捗', period: null, asOf: null, version: before.version },
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ period: { from: null, to: null }, asOf: null });
      expect((saved.json() as View).timeline).toMatchObject({
        periodSource: 'derived',
        period: { from: 2019, to: 2024 },
      });
      // A figure after the last target year moves the derived period with it.
      const tree = (await viewer.inject(`/api/strategies/${progress}/tree`)).json();
      const ind = tree.unassigned.indicators[0];
      const put = await planner.inject({
        method: 'PUT',
        url: `/api/indicators/${ind.id}/observations/2026`,
        payload: { raw: '131人' },
      });
      expect(put.statusCode).toBe(201);
      const now = (await viewer.inject(`/api/strategies/${progress}`)).json() as View;
      expect(now.timeline).toMatchObject({
        periodSource: 'derived',
        period: { from: 2019, to: 2026 },
        asOf: 2026,
      });
      // An as-of year outside the derived period is refused, naming the field.
      const outside = await planner.inject({
        method: 'PATCH',
        url: `/api/strategies/${progress}`,
        payload: { name: 'KPI進捗', period: null, asOf: 2030, version: now.version },
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.place).toEqual({ field: 'asOf' });
    });

    it('the picker lists the caller’s municipalities with strategies, newest period first', async () => {
      const mine = (await viewer.inject('/api/municipalities')).json();
      expect(mine.items.map((x: { id: string }) => x.id)).toEqual([m]);
      expect(mine.items[0].strategies.map((s: View) => s.id)).toEqual([third, progress]);
      const all = (await admin.inject('/api/municipalities')).json();
      expect(all.items.map((x: { id: string }) => x.id).sort()).toEqual([m, other].sort());
      const list = (await viewer.inject(`/api/municipalities/${m}/strategies`)).json();
      expect(list.items).toHaveLength(2);
      expect((await viewer.inject(`/api/municipalities/${other}/strategies`)).statusCode).toBe(403);
    });

    it('administrators create and rename municipalities; names are unique, versions checked, audited', async () => {
      expect(
        (await planner.inject({ method: 'POST', url: '/api/municipalities', payload: { name: '丙村' } }))
          .statusCode,
      ).toBe(403);
      const created = await admin.inject({
        method: 'POST',
        url: '/api/municipalities',
        payload: { name: ' 丙村 ' },
      });
      expect(created.statusCode).toBe(201);
      const c = created.json();
      expect(c).toMatchObject({ name: '丙村', version: 1 });
      const dup = await admin.inject({
        method: 'POST',
        url: '/api/municipalities',
        payload: { name: '甲市' },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.place).toEqual({ field: 'name' });
      const plannerRename = await planner.inject({
        method: 'PATCH',
        url: `/api/municipalities/${m}`,
        payload: { name: '甲市役所', version: 1 },
      });
      expect(plannerRename.statusCode).toBe(403);
      const renamed = await admin.inject({
        method: 'PATCH',
        url: `/api/municipalities/${c.id}`,
        payload: { name: '丙町', version: 1 },
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: '丙町', version: 2 });
      const stale = await admin.inject({
        method: 'PATCH',
        url: `/api/municipalities/${c.id}`,
        payload: { name: '丁町', version: 1 },
      });
      expect(stale.statusCode).toBe(409);
      const empty = (await admin.inject(`/api/municipalities/${c.id}/strategies`)).json();
      expect(empty.items).toEqual([]);
      const audit = await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'municipality')
        .where('entity_id', '=', c.id)
        .orderBy('at')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    });

    it('the strategy a person chose is remembered across sessions; one they may not read is refused', async () => {
      expect((await planner.inject('/api/me/preferences')).json()).toEqual({ strategyId: null });
      const put = await planner.inject({
        method: 'PUT',
        url: '/api/me/preferences',
        payload: { strategyId: third },
      });
      expect(put.statusCode).toBe(200);
      const again = await signIn(app, planner.userName, TEST_PASSWORD);
      expect((await again.inject('/api/me/preferences')).json()).toEqual({ strategyId: third });
      const ghost = await planner.inject({
        method: 'PUT',
        url: '/api/me/preferences',
        payload: { strategyId: 'nope' },
      });
      expect(ghost.statusCode).toBe(404);
    });

    it('the sign-in state is an answer, not an error', async () => {
      const anon = await app.inject('/api/auth/session');
      expect(anon.statusCode).toBe(200);
      expect(anon.json()).toEqual({ signedIn: false, setupOpen: false });
      const me = (await viewer.inject('/api/auth/session')).json();
      expect(me).toMatchObject({ signedIn: true, municipalityId: m, user: { role: 'viewer' } });
      expect(typeof me.csrfToken).toBe('string');
    });
  });
}
