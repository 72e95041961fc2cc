/**
 * Target and baseline revisions (中間見直し) over HTTP on both databases: a planner revises a target
 * with a reason and an effective fiscal year; the old value stays in the history; the evaluation of
 * years before the effective year is unchanged and later years use the new target, the explanation
 * naming the revision; the KPI list marks the revised target (変更 with the date); the revision is
 * in the dump and survives a backup round trip; editors, stale versions and years outside the
 * period are refused with the field named.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { evaluateStrategy } from '../../src/services/figures/evaluation.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { exportDatabase, importDatabase } from '../../src/services/ops/backup.ts';
import { type Client, signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';

/** The small document plus a KPI whose status turns on the target (made-up figures). */
function documentWithVisitors() {
  const doc = smallDocument();
  doc.indicators.push({
    id: 'k9',
    name: '観光交流施設の利用者数',
    unit: '人',
    role: 'kpi',
    owner: { type: 'measure', id: 'm2' },
    direction: 'increase',
    aggregation: 'annual',
    baseline: { value: 100_000, fiscalYear: 2019, raw: '100,000人' },
    target: { value: 200_000, fiscalYear: 2024, raw: '200,000人' },
    actuals: [
      { value: 120_000, fiscalYear: 2020, raw: '120,000人' },
      { value: 140_000, fiscalYear: 2021, raw: '140,000人' },
      { value: 150_000, fiscalYear: 2022, raw: '150,000人' },
      { value: 160_000, fiscalYear: 2023, raw: '160,000人' },
    ],
    departments: ['商工観光課'],
  });
  return doc;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`target revisions on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let planner: Client;
    let editor: Client;
    let strategyId: string;
    let k9: string;

    const evaluation = async (asOf: number) => {
      const res = await planner.inject(`/api/indicators/${k9}/evaluation?asOf=${asOf}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        status: { label: string };
        explanation: { target: { value: number }; text: string; revisions?: { state: string }[] };
      };
    };

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), documentWithVisitors());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      k9 = (
        await t.db.selectFrom('indicators').select('id').where('ref', '=', 'k9').executeTakeFirstOrThrow()
      ).id;
      const dept = await t.db
        .selectFrom('departments')
        .select('id')
        .where('name', '=', '商工観光課')
        .executeTakeFirstOrThrow();
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: r.value.municipalityId });
      editor = await signedInClient(app, t.db, {
        role: 'editor',
        municipalityId: r.value.municipalityId,
        departmentIds: [dept.id],
      });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('changes the status of the years from the effective year on only; the explanation names the revision', async () => {
      const before2022 = await evaluation(2022);
      const before2023 = await evaluation(2023);
      // Against 200,000: FY2022 pace 0.5/0.6 → 概ね順調; FY2023 pace 0.6/0.8 → 遅れ.
      expect(before2022.status.label).toBe('概ね順調');
      expect(before2023.status.label).toBe('遅れ');

      const target = (await planner.inject(`/api/indicators/${k9}`)).json().target as { version: number };
      const url = `/api/indicators/${k9}/revisions/target`;
      const denied = await editor.inject({
        method: 'PUT',
        url,
        payload: { raw: '170,000人', effectiveYear: 2023, reason: '中間見直し', version: target.version },
      });
      expect(denied.statusCode).toBe(403);
      const outside = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '170,000人', effectiveYear: 2031, reason: '中間見直し', version: target.version },
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.place.field).toBe('effectiveYear');
      const revised = await planner.inject({
        method: 'PUT',
        url,
        payload: {
          raw: '170,000人',
          effectiveYear: 2023,
          reason: '中間見直し (施設の改修による休館)',
          version: target.version,
        },
      });
      expect(revised.statusCode, revised.body).toBe(200);
      expect(revised.json()).toMatchObject({ value: 170_000, raw: '170,000人', fiscalYear: 2024 });
      const stale = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '180,000人', effectiveYear: 2023, reason: '古い版', version: target.version },
      });
      expect(stale.statusCode).toBe(409);

      const after2022 = await evaluation(2022);
      const after2023 = await evaluation(2023);
      expect(after2022.status.label).toBe(before2022.status.label);
      expect(after2022.explanation.target.value).toBe(200_000);
      expect(after2022.explanation.text).toContain('2023年度から適用');
      expect(after2022.explanation.text).toContain('この年度には変更前の値を用いた');
      // Against 170,000: FY2023 achievement 60,000/70,000 over 80% of the period → 順調.
      expect(after2023.status.label).toBe('順調');
      expect(after2023.explanation.target.value).toBe(170_000);
      expect(after2023.explanation.text).toContain(
        '200,000人 → 170,000人、理由: 中間見直し (施設の改修による休館)',
      );
      expect(after2023.explanation.revisions?.[0]?.state).toBe('applied');

      // The old value stays in the history, the new one marked as a revision with its year.
      const history = (await planner.inject(`/api/indicators/${k9}/figure-versions`)).json().versions as {
        kind: string;
        raw: string;
        source: string;
        effectiveYear: number | null;
        reason: string | null;
      }[];
      expect(
        history.filter((v) => v.kind === 'target').map((v) => [v.raw, v.source, v.effectiveYear]),
      ).toEqual([
        ['200,000人', 'import', null],
        ['170,000人', 'revision', 2023],
      ]);
    });

    it('marks the revised target in the KPI list (変更 with the date)', async () => {
      const res = await planner.inject(
        `/api/strategies/${strategyId}/reports/kpi-list?format=json&fiscalYear=2023`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const text = JSON.stringify(res.json());
      expect(text).toMatch(/170,000人（変更 令和\d+年\d+月\d+日）/);
      const earlier = await planner.inject(
        `/api/strategies/${strategyId}/reports/kpi-list?format=json&fiscalYear=2022`,
      );
      expect(JSON.stringify(earlier.json())).toContain('200,000人（');
    });

    it('keeps the revision in the dump and through a backup round trip, judging the same after it', async () => {
      const dump = await exportDatabase(t.db, systemContext());
      const rows = (dump.tables.figure_versions ?? []).filter((r) => r.effective_year === 2023);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'target', raw: '170,000人', source: 'revision' });
      const copy = await dialect.open();
      try {
        const restored = await importDatabase(copy.db, systemContext(), JSON.parse(JSON.stringify(dump)));
        if (!restored.ok) throw new Error(JSON.stringify(restored.error));
        for (const [asOf, label] of [
          [2022, '概ね順調'],
          [2023, '順調'],
        ] as const) {
          const e = await evaluateStrategy(copy.db, systemContext(), strategyId, { asOf });
          if (!e.ok) throw new Error(JSON.stringify(e.error));
          const k = e.value.evaluation.results.find((x) => x.id === k9)!;
          expect(k.status.label).toBe(label);
        }
      } finally {
        await copy.cleanup();
      }
    });
  });
}
