/**
 * The learned scheme over HTTP: GET /api/strategies/:id/status-scheme/proposal answers the
 * agreement and every disagreement with its numbers (the answer checked against its schema, as
 * every answer of the API tests): a sentence target comes with its text and the reason no rule
 * compared it, figures in parts with the metrics of each part. A small synthetic city.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

// Ratio actual / target: ≥ 95% 良好, ≥ 75% やや良好, else 遅れ; plus a sentence target and a KPI in
// two parts, both judged 良好, which no ratio rule can compare.
const ratios = [1.2, 1.0, 0.97, 0.9, 0.85, 0.8, 0.7, 0.5];
const status = (label: string) => ({ label, fiscalYear: 2022, raw: label });
function cityDocument(): StrategyDocumentInput {
  return {
    format: 'sousei-strategy',
    version: 1,
    municipality: { name: '架空学習市', code: '999998' },
    strategy: { id: 's', name: '第2期 架空学習市総合戦略', generation: 2, period: { from: 2020, to: 2024 } },
    indicators: [
      ...ratios.map((r, i) => ({
        id: `k${i}`,
        name: `指標${i}`,
        unit: '件',
        baseline: { value: 60, fiscalYear: 2019, raw: '60件' },
        target: { value: 100, fiscalYear: 2024, raw: '100件' },
        actuals: [{ value: r * 100, fiscalYear: 2022, raw: `${r * 100}件` }],
        reportedStatus: status(r >= 0.95 ? '良好' : r >= 0.75 ? 'やや良好' : '遅れ'),
      })),
      {
        id: 'x-text',
        name: '文章目標の指標',
        unit: '校',
        baseline: { value: 7, fiscalYear: 2019, raw: '7校' },
        target: { value: null, fiscalYear: 2024, raw: '全地区で1校以上実施' },
        actuals: [{ value: 9, fiscalYear: 2022, raw: '9校' }],
        reportedStatus: status('良好'),
      },
      {
        id: 'x-parts',
        name: '部分に分かれた指標',
        unit: '%',
        baseline: { value: null, fiscalYear: 2019, raw: '小学校80.0% 中学校70.0%' },
        target: { value: null, fiscalYear: 2024, raw: '小学校90.0% 中学校80.0%' },
        actuals: [{ value: null, fiscalYear: 2022, raw: '小学校86.0% 中学校72.0%' }],
        reportedStatus: status('良好'),
      },
    ],
  };
}

interface Disagreement {
  name: string;
  proposed: string;
  target: { value: number | null; raw: string | null } | null;
  latest: { value: number | null; fiscalYear: number | null } | null;
  parts: { label: string; achievement: number | null; ratio: number | null }[];
  reason: { code: string; text: string; textEn: string } | null;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`the learned scheme’s disagreements over HTTP on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let planner: Client;

    beforeAll(async () => {
      t = await dialect.open();
      const municipalityId = (await insertMunicipality(t.db, { name: '甲市' }, new Date().toISOString())).id;
      const r = await importDocument(t.db, systemContext({ municipalityId }), cityDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('lists the two no rule compares with their figures and why, and agrees on the rest', async () => {
      const res = await planner.inject(`/api/strategies/${strategyId}/status-scheme/proposal`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { after: { agree: number; total: number }; disagreements: Disagreement[] };
      expect(body.after).toEqual({ agree: 8, total: 10 });
      const byName = new Map(body.disagreements.map((d) => [d.name, d]));
      expect([...byName.keys()].sort()).toEqual(['文章目標の指標', '部分に分かれた指標'].sort());
      const text = byName.get('文章目標の指標')!;
      expect(text).toMatchObject({
        proposed: '評価不能',
        target: { value: null, raw: '全地区で1校以上実施' },
        latest: { value: 9, fiscalYear: 2022 },
        reason: { code: 'TARGET_NOT_NUMERIC' },
      });
      expect(text.reason!.text).toContain('全地区で1校以上実施');
      const parts = byName.get('部分に分かれた指標')!;
      expect(parts.reason?.code).toBe('VALUES_IN_PARTS');
      expect(parts.parts.map((p) => [p.label, p.achievement, p.ratio])).toEqual([
        ['小学校', expect.closeTo(0.6), expect.closeTo(86 / 90)],
        ['中学校', expect.closeTo(0.2), expect.closeTo(72 / 80)],
      ]);
    });

    it('offers the city’s classes on record beside the scheme’s, and a planner’s judgement in one counts in it', async () => {
      const rows = await t.db.selectFrom('indicators').select(['id', 'ref']).execute();
      const id = rows.find((r) => r.ref === 'k7')!.id; // judged 遅れ by the city (a standard class too)
      const before = (await planner.inject(`/api/indicators/${id}/evaluation?asOf=2022`)).json();
      // The standard scheme names 遅れ; 良好 and やや良好 are the city's own, offered apart, once each.
      expect(before.scheme.statuses.map((s: { label: string }) => s.label)).toContain('遅れ');
      expect(before.scheme.recordClasses.map((s: { label: string }) => s.label)).toEqual([
        '良好',
        'やや良好',
      ]);
      const res = await planner.inject({
        method: 'PUT',
        url: `/api/indicators/${id}/overrides/2022`,
        payload: {
          label: 'やや良好',
          key: null,
          reason: '年度末の実績で見直し',
          version: before.overrides[0]?.version ?? null,
        },
      });
      expect(res.statusCode).toBe(200);
      const after = (await planner.inject(`/api/indicators/${id}/evaluation?asOf=2022`)).json();
      const imported = before.scheme.recordClasses.find((s: { label: string }) => s.label === 'やや良好');
      expect(after.status).toMatchObject({ key: imported.key, label: 'やや良好', source: 'override' });
      const summary = (await planner.inject(`/api/strategies/${strategyId}/summary?asOf=2022`)).json();
      // 遅れ 2 → 1, やや良好 3 → 4: counted in the city's class, with the imported ones.
      const counts = Object.fromEntries(
        summary.overall.counts.map((c: { label: string; count: number }) => [c.label, c.count]),
      );
      expect(counts).toMatchObject({ 良好: 5, やや良好: 4, 遅れ: 1 });
    });
  });
}
