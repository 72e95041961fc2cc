/**
 * The move to the next period over HTTP on both databases: a planner starts a draft (every KPI
 * continued, baselines proposed from the latest final figures), decides per KPI — 継続, 変更, 削除
 * (a reason is required), 移動 — adds a 新規 one, confirms; the new strategy holds the proposed
 * baselines and is linked to the old one, and both indicator pages' link answers show the link.
 * An imported period review (two periods in one document, written for this test) gives the same
 * shape of links as the app's own transition.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { writePlanned } from '../../src/services/import/import-apply.ts';
import { checkDocument, importDocument } from '../../src/services/import/import-document.ts';
import { planTarget } from '../../src/services/import/import-target.ts';
import { type Client, signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';

/** The small 第2期 plus a KPI to delete (made-up figures). */
function secondPeriod(name = '架空テスト市'): StrategyDocumentInput {
  const doc = smallDocument();
  doc.municipality = { name, code: null };
  doc.indicators.push({
    id: 'k4',
    name: '空き店舗数',
    unit: '件',
    role: 'kpi',
    owner: { type: 'measure', id: 'm1' },
    direction: 'decrease',
    baseline: { value: 40, fiscalYear: 2019, raw: '40件' },
    target: { value: 30, fiscalYear: 2024, raw: '30件' },
    actuals: [{ value: 36, fiscalYear: 2023, raw: '36件', state: 'final' }],
  });
  return doc;
}

interface Links {
  predecessor: { id: string; name: string; change: string } | null;
  successors: { id: string; name: string; change: string; reason: string | null }[];
  deleted: { reason: string | null } | null;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`next period on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let planner: Client;
    let editor: Client;
    let strategyId: string;
    let municipalityId: string;
    const old = new Map<string, string>();
    const measures = new Map<string, string>();
    let appShape: unknown;

    const links = async (id: string) => {
      const res = await planner.inject(`/api/indicators/${id}/links`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Links;
    };

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), secondPeriod());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      municipalityId = r.value.municipalityId;
      for (const row of await t.db.selectFrom('indicators').select(['id', 'ref']).execute())
        old.set(row.ref!, row.id);
      for (const row of await t.db.selectFrom('measures').select(['id', 'ref']).execute())
        measures.set(row.ref!, row.id);
      const dept = await t.db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      editor = await signedInClient(app, t.db, { role: 'editor', municipalityId, departmentIds: [dept.id] });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('continues, changes, deletes, moves and adds KPIs; the new strategy holds the proposed baselines and the links', async () => {
      expect(
        (await editor.inject({ method: 'POST', url: `/api/strategies/${strategyId}/transitions` }))
          .statusCode,
      ).toBe(403);
      const started = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/transitions`,
      });
      expect(started.statusCode, started.body).toBe(201);
      const draft = started.json();
      expect(draft).toMatchObject({
        state: 'draft',
        plan: { name: '第3期 架空テスト市総合戦略', generation: 3, period: { from: 2025, to: 2029 } },
      });
      // k1's latest final figure is FY2021 (FY2022 is a 速報値).
      const k1 = draft.indicators.find((i: { indicatorId: string }) => i.indicatorId === old.get('k1'));
      expect(k1.proposal).toEqual({ value: 1450, raw: '1,450件', fiscalYear: 2021, from: 'final' });
      // The wizard groups the KPIs by goal and measure: every KPI placed, the goals and measures listed.
      expect(draft.goals.length).toBeGreaterThan(0);
      expect(k1).toMatchObject({ measureId: measures.get('m1'), placeMeasureId: measures.get('m1') });
      const m1 = draft.measures.find((m: { id: string }) => m.id === measures.get('m1'));
      expect(k1.goalId).toBe(m1.goalId);
      expect(draft.goals.map((g: { id: string }) => g.id)).toContain(m1.goalId);
      const listed = await planner.inject(`/api/strategies/${strategyId}/transitions`);
      expect(listed.statusCode, listed.body).toBe(200);
      expect(listed.json().items).toMatchObject([
        { id: draft.id, state: 'draft', name: '第3期 架空テスト市総合戦略', toStrategyId: null },
      ]);
      // A second start answers the open draft.
      const again = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/transitions`,
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(draft.id);

      const plan = {
        ...draft.plan,
        decisions: [
          { indicatorId: old.get('k1'), action: 'continue', target: { raw: '1,700件', fiscalYear: 2029 } },
          {
            indicatorId: old.get('k2'),
            action: 'change',
            name: '社会増減数',
            reason: '転入・転出の両方を見る',
          },
          { indicatorId: old.get('k3'), action: 'move', measureId: measures.get('m2'), reason: '移住施策へ' },
          { indicatorId: old.get('k4'), action: 'delete' },
        ],
        additions: [
          {
            name: '移住相談件数',
            unit: '件',
            measureId: measures.get('m2'),
            direction: 'increase',
            target: { raw: '300件', fiscalYear: 2029 },
          },
        ],
      };
      const saved = await planner.inject({
        method: 'PUT',
        url: `/api/transitions/${draft.id}`,
        payload: { version: draft.version, plan },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().issues.map((i: { place: { field: string } }) => i.place.field)).toEqual([
        'decisions[3].reason',
      ]);
      // The finished strategy's documents are read (and cached) before the move is confirmed: the
      // deletion it records must still reach its period review below.
      const before = await planner.inject(
        `/api/strategies/${strategyId}/reports/period-review?format=json&fiscalYear=2024`,
      );
      expect(before.statusCode, before.body).toBe(200);
      const refused = await planner.inject({
        method: 'POST',
        url: `/api/transitions/${draft.id}/confirm`,
        payload: { version: saved.json().version },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.place.field).toBe('decisions[3].reason');

      plan.decisions[3] = {
        indicatorId: old.get('k4'),
        action: 'delete',
        reason: '目標を達成し事業を終了',
      } as never;
      const fixed = await planner.inject({
        method: 'PUT',
        url: `/api/transitions/${draft.id}`,
        payload: { version: saved.json().version, plan },
      });
      expect(fixed.json().issues).toEqual([]);
      const stale = await planner.inject({
        method: 'POST',
        url: `/api/transitions/${draft.id}/confirm`,
        payload: { version: draft.version },
      });
      expect(stale.statusCode).toBe(409);
      const confirmed = await planner.inject({
        method: 'POST',
        url: `/api/transitions/${draft.id}/confirm`,
        payload: { version: fixed.json().version },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().state).toBe('confirmed');
      const newId = confirmed.json().toStrategyId as string;
      // Right after the move, the finished strategy's period review (read before the move) shows the
      // deletion with its reason, not a cached document without it.
      const after = await planner.inject(
        `/api/strategies/${strategyId}/reports/period-review?format=html&fiscalYear=2024`,
      );
      expect(after.statusCode, after.body).toBe(200);
      expect(after.body).toContain('目標を達成し事業を終了');
      expect((await editor.inject(`/api/strategies/${strategyId}/transitions`)).json().items).toMatchObject([
        { id: draft.id, state: 'confirmed', toStrategyId: newId, confirmedBy: 'テスト planner' },
      ]);

      const strategy = await t.db
        .selectFrom('strategies')
        .selectAll()
        .where('id', '=', newId)
        .executeTakeFirstOrThrow();
      expect(strategy).toMatchObject({
        name: '第3期 架空テスト市総合戦略',
        generation: 3,
        period_from: 2025,
        period_to: 2029,
        predecessor_id: strategyId,
      });
      const next = await t.db
        .selectFrom('indicators')
        .selectAll()
        .where('strategy_id', '=', newId)
        .orderBy('position')
        .execute();
      expect(next.map((i) => i.name)).toEqual([
        '新規求人数',
        '社会増減数',
        '創業塾の修了者数',
        '移住相談件数',
      ]);

      // The continued KPI: the proposed baseline with its year, the planner's target, both from the transition.
      const nk1 = (await planner.inject(`/api/indicators/${next[0]!.id}`)).json();
      expect(nk1.baseline).toMatchObject({ value: 1450, raw: '1,450件', fiscalYear: 2021 });
      expect(nk1.target).toMatchObject({ value: 1700, fiscalYear: 2029 });
      const versions = (await planner.inject(`/api/indicators/${next[0]!.id}/figure-versions`)).json()
        .versions;
      expect(versions.map((v: { source: string }) => v.source)).toEqual(['transition', 'transition']);

      // The moved KPI now belongs to the new period's copy of m2.
      const newM2 = await t.db
        .selectFrom('measures')
        .select('id')
        .where('strategy_id', '=', newId)
        .where('ref', '=', measures.get('m2')!)
        .executeTakeFirstOrThrow();
      expect(next[2]).toMatchObject({ owner_type: 'measure', owner_id: newM2.id });

      // Both indicator pages show the link.
      expect((await links(old.get('k1')!)).successors).toMatchObject([
        { id: next[0]!.id, change: 'continued' },
      ]);
      expect((await links(next[0]!.id)).predecessor).toMatchObject({
        id: old.get('k1'),
        change: 'continued',
      });
      expect((await links(next[1]!.id)).predecessor).toMatchObject({ id: old.get('k2'), change: 'changed' });
      expect((await links(old.get('k3')!)).successors).toMatchObject([
        { id: next[2]!.id, change: 'moved', reason: '移住施策へ' },
      ]);
      expect(await links(old.get('k4')!)).toEqual({
        indicatorId: old.get('k4'),
        predecessor: null,
        successors: [],
        deleted: { reason: '目標を達成し事業を終了' },
      });
      expect(await links(next[3]!.id)).toMatchObject({ predecessor: null, successors: [] });
      appShape = await shapeOf(strategyId, newId);

      // A final figure of the old period's last year arrives late: a planner records it with a
      // reason, and the continued KPI's baseline (proposed from FY2021) follows it.
      const url = `/api/indicators/${old.get('k1')}/late-figures/2024`;
      const noReason = await planner.inject({ method: 'PUT', url, payload: { raw: '1,610件', reason: ' ' } });
      expect(noReason.statusCode).toBe(400);
      expect(
        (
          await editor.inject({
            method: 'PUT',
            url,
            payload: { raw: '1,610件', reason: '統計の公表が遅れた' },
          })
        ).statusCode,
      ).toBe(403);
      const late = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '1,610件', reason: '統計の公表が遅れた' },
      });
      expect(late.statusCode, late.body).toBe(200);
      expect(late.json().baselinesFollowed).toEqual([next[0]!.id]);
      expect(late.json().observation).toMatchObject({ value: 1610, fiscalYear: 2024 });
      const followed = (await planner.inject(`/api/indicators/${next[0]!.id}`)).json();
      expect(followed.baseline).toMatchObject({ value: 1610, raw: '1,610件', fiscalYear: 2024 });
      const baselineVersions = (await planner.inject(`/api/indicators/${next[0]!.id}/figure-versions`))
        .json()
        .versions.filter((v: { kind: string }) => v.kind === 'baseline');
      expect(baselineVersions.map((v: { raw: string; source: string }) => [v.raw, v.source])).toEqual([
        ['1,450件', 'transition'],
        ['1,610件', 'late-entry'],
      ]);
      const lateVersion = (await planner.inject(`/api/indicators/${old.get('k1')}/figure-versions`))
        .json()
        .versions.find(
          (v: { fiscalYear: number; kind: string }) => v.kind === 'actual' && v.fiscalYear === 2024,
        );
      expect(lateVersion).toMatchObject({ source: 'late-entry', reason: '統計の公表が遅れた' });
      // The period review of the old strategy prints both periods side by side (HTML A3 landscape, XLSX).
      const review = await planner.inject(
        `/api/strategies/${strategyId}/reports/period-review?format=json&fiscalYear=2024`,
      );
      expect(review.statusCode, review.body).toBe(200);
      const rows = (review.json().sections as { tables: { rows: { cells?: { text: string }[] }[] }[] }[])
        .flatMap((sec) => sec.tables.flatMap((tb) => tb.rows))
        .filter((r) => r.cells)
        .map((r) => r.cells!.map((c) => c.text));
      const rowOf = (name: string) => rows.find((r) => r[0] === name);
      expect(rowOf('新規求人数')).toEqual(
        expect.arrayContaining(['継続', '新規求人数', '1,610件', '1,700件']),
      );
      expect(rowOf('転入者数')).toEqual(expect.arrayContaining(['変更', '社会増減数']));
      expect(rowOf('創業塾の修了者数')).toEqual(expect.arrayContaining(['移動', '創業塾の修了者数']));
      expect(rowOf('空き店舗数')).toEqual(expect.arrayContaining(['削除', '目標を達成し事業を終了']));
      expect(rowOf('創業塾の修了者数')).toEqual(expect.arrayContaining(['移住施策へ']));
      expect(rows.some((r) => r.includes('新規') && r.includes('移住相談件数') && r.includes('300件'))).toBe(
        true,
      );
      const html = await planner.inject(`/api/strategies/${strategyId}/reports/period-review?format=html`);
      expect(html.statusCode).toBe(200);
      expect(html.body).toContain('A3 landscape');
      expect(html.body).toContain('第3期 架空テスト市総合戦略');
      expect(html.body).toContain('変更・削除の理由');
      expect(html.body).toContain('目標を達成し事業を終了');
      const xlsx = await planner.inject(`/api/strategies/${strategyId}/reports/period-review?format=xlsx`);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('期間の検証')!;
      const texts: string[] = [];
      sheet.eachRow((row) => {
        for (const v of row.values as unknown[]) if (v != null) texts.push(String(v));
      });
      expect(texts).toContain('変更・削除の理由');
      expect(texts).toContain('目標を達成し事業を終了');

      // A strategy whose period is still running takes its figures through the usual entry.
      const running = await planner.inject({
        method: 'PUT',
        url: `/api/indicators/${next[0]!.id}/late-figures/2025`,
        payload: { raw: '1,620件', reason: '理由' },
      });
      expect(running.statusCode).toBe(400);
    });

    /** Links as names: per old indicator its successors' names and changes, deletions, new ones. */
    async function shapeOf(oldId: string, newId: string) {
      const rows = (id: string) =>
        t.db
          .selectFrom('indicators')
          .select(['id', 'name'])
          .where('strategy_id', '=', id)
          .orderBy('position')
          .execute();
      const out: unknown[] = [];
      for (const o of await rows(oldId)) {
        const l = await links(o.id);
        out.push([o.name, l.deleted ? '削除' : null, l.successors.map((s) => [s.name, s.change])]);
      }
      for (const n of await rows(newId)) {
        const l = await links(n.id);
        out.push([n.name, l.predecessor ? [l.predecessor.name, l.predecessor.change] : null]);
      }
      return out;
    }

    it('an imported period review gives the same shape of links as the app’s transition', async () => {
      const doc = secondPeriod('架空比較市');
      const s2 = {
        id: 's2',
        name: '第2期 架空比較市総合戦略',
        generation: 2,
        period: { from: 2020, to: 2024 },
      };
      const s3 = {
        id: 's3',
        name: '第3期 架空比較市総合戦略',
        generation: 3,
        period: { from: 2025, to: 2029 },
      };
      doc.strategy = s2;
      doc.strategies = [s2, s3];
      doc.measures!.push(
        { id: 'm1-3', goalId: 'g1', code: '1-1', name: '創業支援' },
        { id: 'm2-3', goalId: 'g2', code: '2-1', name: '移住促進' },
      );
      for (const i of doc.indicators) i.strategyId = 's2';
      doc.indicators.find((i) => i.id === 'k4')!.lineage = { change: 'deleted', raw: '削除' };
      const successor = (
        id: string,
        name: string,
        from: string,
        change: 'continued' | 'changed' | 'moved' | 'new',
        measure: string,
      ) => ({
        id,
        name,
        unit: '件',
        strategyId: 's3',
        owner: { type: 'measure' as const, id: measure },
        actuals: [],
        lineage: { change, predecessorId: from || null },
      });
      doc.indicators.push(
        successor('n1', '新規求人数', 'k1', 'continued', 'm1-3'),
        successor('n2', '社会増減数', 'k2', 'changed', 'm2-3'),
        successor('n3', '創業塾の修了者数', 'k3', 'moved', 'm2-3'),
        successor('n4', '移住相談件数', '', 'new', 'm2-3'),
      );
      const checked = checkDocument(doc);
      if (!checked.ok) throw new Error(JSON.stringify(checked.error));
      const ctx = { ...systemContext(), municipalityId: null };
      const planned = await planTarget(t.db, ctx, null, checked.doc, undefined);
      if (!planned.ok) throw new Error(JSON.stringify(planned.error));
      const written = await t.db
        .transaction()
        .execute((trx) => writePlanned(trx, ctx, checked.doc, planned.plan, { source: 'review.xlsx' }));
      const ids = await t.db
        .selectFrom('strategies')
        .select(['id', 'name', 'predecessor_id'])
        .where('municipality_id', '=', written.municipalityId)
        .execute();
      const oldS = ids.find((s) => s.name.startsWith('第2期'))!;
      const newS = ids.find((s) => s.name.startsWith('第3期'))!;
      expect(newS.predecessor_id).toBe(oldS.id);
      const comparer = await signedInClient(app, t.db, { role: 'admin' });
      const viaImport = await (async () => {
        const saved = planner;
        planner = comparer;
        try {
          return await shapeOf(oldS.id, newS.id);
        } finally {
          planner = saved;
        }
      })();
      expect(appShape).toBeTruthy();
      expect(viaImport).toEqual(appShape);
      expect(viaImport).toContainEqual(['空き店舗数', '削除', []]);
      expect(viaImport).toContainEqual(['創業塾の修了者数', null, [['創業塾の修了者数', 'moved']]]);
      expect(viaImport).toContainEqual(['移住相談件数', null]);
    });
  });
}
