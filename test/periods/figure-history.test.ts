/**
 * Figure history on both databases: every path that writes a figure — the document import, the
 * update of an existing strategy by a re-import, the yearly entry (API) and a revision through
 * reviseFigure — records the figure's new version with its value, raw text, state, who, when, why
 * and path; the history is readable through the API (read access of the indicator only) and is in
 * the dump, surviving a backup round trip.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { catchRollback } from '../../src/services/errors.ts';
import { reviseFigure } from '../../src/services/figures/figure-history.ts';
import { writePlanned } from '../../src/services/import/import-apply.ts';
import { checkDocument, importDocument } from '../../src/services/import/import-document.ts';
import { planTarget } from '../../src/services/import/import-target.ts';
import { exportDatabase, importDatabase } from '../../src/services/ops/backup.ts';
import { type Client, signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';

const at = (iso: string) =>
  systemContext({ now: () => new Date(iso), actor: { id: null, name: '試験 担当' } });

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`figure history on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let planner: Client;
    let strategyId: string;
    let municipalityId: string;
    const ids = new Map<string, string>();

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, at('2025-05-01T00:00:00.000Z'), smallDocument(), {
        source: 'kpi.xlsx',
      });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      municipalityId = r.value.municipalityId;
      for (const row of await t.db.selectFrom('indicators').select(['id', 'ref']).execute())
        ids.set(row.ref!, row.id);
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    const versionsOf = (indicator: string) =>
      t.db
        .selectFrom('figure_versions')
        .selectAll()
        .where('indicator_id', '=', ids.get(indicator)!)
        .orderBy('kind')
        .orderBy('fiscal_year')
        .orderBy('version')
        .execute();

    it('records every imported figure as its first version, from the import', async () => {
      const observations = await t.db.selectFrom('observations').selectAll().execute();
      const versions = await t.db.selectFrom('figure_versions').selectAll().execute();
      expect(versions).toHaveLength(observations.length);
      for (const o of observations) {
        const v = versions.find((x) => x.observation_id === o.id);
        expect(v, `version of ${o.kind} ${o.fiscal_year}`).toMatchObject({
          version: 1,
          value: o.value,
          raw: o.raw,
          state: o.state,
          source: 'import',
          reason: 'kpi.xlsx',
          actor_name: '試験 担当',
          at: '2025-05-01T00:00:00.000Z',
        });
      }
    });

    it('keeps 速報値 → 確定値 as two versions of an entered actual, with who, when and why, readable over the API', async () => {
      const url = `/api/indicators/${ids.get('k1')}/observations/2023`;
      const first = await planner.inject({ method: 'PUT', url, payload: { raw: '(速報値) 1,520件' } });
      expect(first.statusCode).toBe(201);
      const second = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '1,531件', state: 'final', version: first.json().version, reason: '確定値に更新' },
      });
      expect(second.statusCode).toBe(200);
      const res = await planner.inject(`/api/indicators/${ids.get('k1')}/figure-versions`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        indicatorId: string;
        versions: { kind: string; fiscalYear: number; version: number; [k: string]: unknown }[];
      };
      expect(body.indicatorId).toBe(ids.get('k1'));
      const fy2023 = body.versions.filter((v) => v.kind === 'actual' && v.fiscalYear === 2023);
      expect(fy2023.map((v) => [v.version, v.raw, v.state, v.value, v.source, v.reason])).toEqual([
        [1, '(速報値) 1,520件', 'preliminary', 1520, 'entry', null],
        [2, '1,531件', 'final', 1531, 'entry', '確定値に更新'],
      ]);
      expect(fy2023[1]!.actor).toEqual({ id: planner.userId, name: 'テスト planner' });
      expect(fy2023[1]!.figure).toMatchObject({
        value: 1531,
        raw: '1,531件',
        fiscalYear: 2023,
        state: 'final',
      });
      // The older imported figures of the indicator are listed too.
      expect(body.versions.some((v) => v.kind === 'baseline' && v.raw === '1,563件')).toBe(true);
    });

    it('answers 404 for an unknown indicator and refuses a person of another municipality', async () => {
      expect((await planner.inject('/api/indicators/nope/figure-versions')).statusCode).toBe(404);
      const other = await importDocument(t.db, systemContext(), {
        ...smallDocument(),
        municipality: { name: '別の架空市', code: '999998' },
      });
      if (!other.ok) throw new Error(JSON.stringify(other.error));
      const stranger = await signedInClient(app, t.db, {
        role: 'planner',
        municipalityId: other.value.municipalityId,
      });
      const res = await stranger.inject(`/api/indicators/${ids.get('k1')}/figure-versions`);
      expect([403, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain('1,531件');
      const anonymous = await app.inject(`/api/indicators/${ids.get('k1')}/figure-versions`);
      expect(anonymous.statusCode).toBe(401);
    });

    it('records the change of a figure by a re-import into the existing strategy', async () => {
      const doc = smallDocument();
      const k1 = doc.indicators[0]!;
      k1.actuals = [...(k1.actuals ?? []).slice(0, 2)];
      k1.actuals.push({
        value: 1510,
        fiscalYear: 2022,
        raw: '1,510件',
        unit: '件',
        state: 'final',
      });
      const checked = checkDocument(doc);
      if (!checked.ok) throw new Error(JSON.stringify(checked.error));
      const ctx = { ...at('2025-06-01T00:00:00.000Z'), municipalityId };
      const planned = await planTarget(t.db, ctx, municipalityId, checked.doc, {
        municipality: { id: municipalityId },
        strategies: [{ ref: 's2', into: strategyId }],
      });
      if (!planned.ok) throw new Error(JSON.stringify(planned.error));
      await t.db
        .transaction()
        .execute((trx) => writePlanned(trx, ctx, checked.doc, planned.plan, { source: 'kpi-r7.xlsx' }));
      const fy2022 = (await versionsOf('k1')).filter((v) => v.kind === 'actual' && v.fiscal_year === 2022);
      expect(fy2022.map((v) => [v.version, v.raw, v.state, v.source, v.reason])).toEqual([
        [1, '(速報値) 1,500.5件', 'preliminary', 'import', 'kpi.xlsx'],
        [2, '1,510件', 'final', 'import', 'kpi-r7.xlsx'],
      ]);
    });

    it('records a new version through reviseFigure and never overwrites a newer one', async () => {
      const target = await t.db
        .selectFrom('observations')
        .selectAll()
        .where('indicator_id', '=', ids.get('k1')!)
        .where('kind', '=', 'target')
        .executeTakeFirstOrThrow();
      const ctx = at('2025-07-01T00:00:00.000Z');
      const revised = await catchRollback(() =>
        t.db.transaction().execute((trx) =>
          reviseFigure(trx, ctx, {
            observationId: target.id,
            expectedVersion: target.version,
            figure: { value: 1650, raw: '1,650件', fiscalYear: 2024, unit: '件' },
            source: 'correction',
            reason: '集計誤りの訂正',
          }),
        ),
      );
      expect(revised.ok).toBe(true);
      const stale = await catchRollback(() =>
        t.db.transaction().execute((trx) =>
          reviseFigure(trx, ctx, {
            observationId: target.id,
            expectedVersion: target.version,
            figure: { value: 1700, raw: '1,700件', fiscalYear: 2024 },
            source: 'correction',
            reason: '古い版から',
          }),
        ),
      );
      expect(stale.ok).toBe(false);
      if (!stale.ok) expect(stale.error.code).toBe('VERSION_CONFLICT');
      const versions = (await versionsOf('k1')).filter((v) => v.kind === 'target');
      expect(versions.map((v) => [v.version, v.raw, v.source, v.reason])).toEqual([
        [1, '1,602件', 'import', 'kpi.xlsx'],
        [2, '1,650件', 'correction', '集計誤りの訂正'],
      ]);
      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', target.id)
        .where('at', '=', '2025-07-01T00:00:00.000Z')
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('keeps the history in the dump and through a backup round trip', async () => {
      const dump = await exportDatabase(t.db, systemContext());
      const rows = dump.tables.figure_versions ?? [];
      expect(rows.length).toBe(
        await t.db
          .selectFrom('figure_versions')
          .select('id')
          .execute()
          .then((r) => r.length),
      );
      expect(rows.some((r) => r.reason === '確定値に更新')).toBe(true);
      const copy = await dialect.open();
      try {
        const restored = await importDatabase(copy.db, systemContext(), JSON.parse(JSON.stringify(dump)));
        if (!restored.ok) throw new Error(JSON.stringify(restored.error));
        expect(restored.value.figure_versions).toBe(rows.length);
        const again = await exportDatabase(copy.db, systemContext());
        expect(again.tables.figure_versions).toEqual(rows);
      } finally {
        await copy.cleanup();
      }
    });
  });
}
