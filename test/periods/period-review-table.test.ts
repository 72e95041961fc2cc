/**
 * A period review table (two strategy periods side by side, as municipalities publish them; this
 * one is written for the test) imported as a file — bytes → cells → recognition → the writer —
 * and the app's own move to the next period with the same decisions give the same shape of links
 * between the indicators of the two periods, on both databases: 継続, 変更 (renamed on its row),
 * 削除, 移動 (to another measure, marked 「1(2)へ移動」 and 「1(1)から移動」) and 新規.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { type Client, signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';

const HEADER = [
  '重要業績評価指標',
  '第2期 KPI',
  'H30基準値',
  'R2実績',
  'R6目標値',
  '評価 (R6.4現在)',
  '重要業績評価指標',
  '第3期 (R7-11) KPI',
  'R5基準値',
  'R11目標値',
];
const row = (...cells: string[]) => cells.join(',');
const TABLE = [
  '第3期 架空表市総合戦略 見直し表',
  '施策大項目1(1) 仕事づくり',
  HEADER.join(','),
  row('', '創業者数', '10人', '12人', '20人', 'A-', '', '創業者数', '15人', '30人'),
  row('', '観光客数', '1万人', '0.8万人', '2万人', 'B', '', '削除', '削除', '削除'),
  row('', '転入者数', '100人', '90人', '120人', 'B', '', '転入者数（若者）', '40人', '60人'),
  row('', '空き家件数', '5件', '6件', '9件', 'B', '', '1(2)へ移動', '', ''),
  '施策大項目1(2) 住まいづくり',
  HEADER.join(','),
  row('', '', '', '', '', '', '', '1(1)から移動 空き家件数', '6件', '12件'),
  row('', '', '', '', '', '', '', '移住相談件数', '0件', '300件'),
].join('\n');

/** The same 第2期 as an interchange document, for the app's own move. */
function secondPeriod(): StrategyDocumentInput {
  const kpi = (id: string, name: string, unit: string, measure: string, base: string, target: string) => ({
    id,
    name,
    unit,
    role: 'kpi' as const,
    owner: { type: 'measure' as const, id: measure },
    baseline: {
      raw: base,
      value: Number.parseFloat(base) * (base.includes('万') ? 10_000 : 1),
      fiscalYear: 2018,
    },
    target: {
      raw: target,
      value: Number.parseFloat(target) * (target.includes('万') ? 10_000 : 1),
      fiscalYear: 2024,
    },
    actuals: [],
  });
  return {
    format: 'sousei-strategy',
    version: 1,
    municipality: { name: '架空移行市', code: null },
    strategy: { id: 's2', name: '第2期 架空移行市総合戦略', generation: 2, period: { from: 2020, to: 2024 } },
    goals: [{ id: 'g1', code: '1', name: '仕事と住まい' }],
    measures: [
      { id: 'm1', goalId: 'g1', code: '1(1)', name: '仕事づくり' },
      { id: 'm2', goalId: 'g1', code: '1(2)', name: '住まいづくり' },
    ],
    projects: [],
    indicators: [
      kpi('k1', '創業者数', '人', 'm1', '10人', '20人'),
      kpi('k2', '観光客数', '人', 'm1', '1万人', '2万人'),
      kpi('k3', '転入者数', '人', 'm1', '100人', '120人'),
      kpi('k4', '空き家件数', '件', 'm1', '5件', '9件'),
    ],
  } as StrategyDocumentInput;
}

interface Links {
  predecessor: { name: string; change: string } | null;
  successors: { name: string; change: string }[];
  deleted: { reason: string | null } | null;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`period review table and the app's move on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let admin: Client;

    beforeAll(async () => {
      t = await dialect.open();
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      admin = await signedInClient(app, t.db, { role: 'admin' });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    const indicatorsOf = async (strategyId: string) =>
      (await admin.inject(`/api/strategies/${strategyId}/indicators?limit=500`)).json().items as {
        id: string;
        name: string;
      }[];

    /** Per old indicator its deletion and successors, per new one its predecessor (names, changes). */
    async function shapeOf(oldId: string, newId: string) {
      const links = async (id: string) => (await admin.inject(`/api/indicators/${id}/links`)).json() as Links;
      const out: unknown[] = [];
      for (const o of await indicatorsOf(oldId)) {
        const l = await links(o.id);
        out.push([o.name, l.deleted ? '削除' : null, l.successors.map((s) => [s.name, s.change])]);
      }
      for (const n of await indicatorsOf(newId)) {
        const l = await links(n.id);
        out.push([n.name, l.predecessor ? [l.predecessor.name, l.predecessor.change] : null]);
      }
      return out;
    }

    it('gives the same links for the imported table as for the app’s own move', async () => {
      // The table, imported as a file by a planner of its city.
      const city = await admin.inject({
        method: 'POST',
        url: '/api/municipalities',
        payload: { name: '架空表市' },
      });
      expect(city.statusCode, city.body).toBe(201);
      const planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: city.json().id });
      const preview = await planner.inject({
        method: 'POST',
        url: '/api/imports?fileName=review.csv',
        payload: Buffer.from(TABLE, 'utf8'),
        headers: { 'content-type': 'text/csv' },
      });
      expect(preview.statusCode, preview.body).toBe(201);
      const commit = await planner.inject({
        method: 'POST',
        url: `/api/imports/${preview.json().id}/commit`,
        payload: { version: preview.json().version },
      });
      expect(commit.statusCode, commit.body).toBe(200);
      const stored = await t.db
        .selectFrom('strategies')
        .select(['id', 'generation', 'predecessor_id'])
        .where('municipality_id', '=', city.json().id)
        .orderBy('generation')
        .execute();
      expect(stored.map((s) => s.generation)).toEqual([2, 3]);
      expect(stored[1]!.predecessor_id).toBe(stored[0]!.id);
      const viaImport = await shapeOf(stored[0]!.id, stored[1]!.id);

      // The app's own move from the same 第2期, with the same decisions.
      const r = await importDocument(t.db, systemContext(), secondPeriod());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const own = await signedInClient(app, t.db, {
        role: 'planner',
        municipalityId: r.value.municipalityId,
      });
      const started = (
        await own.inject({ method: 'POST', url: `/api/strategies/${r.value.strategyId}/transitions` })
      ).json();
      const byName = new Map<string, string>(
        started.indicators.map((i: { name: string; indicatorId: string }) => [i.name, i.indicatorId]),
      );
      const m2 = started.measures.find((m: { code: string }) => m.code === '1(2)').id as string;
      const plan = {
        ...started.plan,
        decisions: [
          { indicatorId: byName.get('創業者数'), action: 'continue' },
          { indicatorId: byName.get('観光客数'), action: 'delete', reason: '削除' },
          { indicatorId: byName.get('転入者数'), action: 'change', name: '転入者数（若者）' },
          { indicatorId: byName.get('空き家件数'), action: 'move', measureId: m2 },
        ],
        additions: [
          { name: '移住相談件数', unit: '件', measureId: m2, target: { raw: '300件', fiscalYear: 2029 } },
        ],
      };
      const saved = await own.inject({
        method: 'PUT',
        url: `/api/transitions/${started.id}`,
        payload: { version: started.version, plan },
      });
      expect(saved.json().issues).toEqual([]);
      const confirmed = await own.inject({
        method: 'POST',
        url: `/api/transitions/${started.id}/confirm`,
        payload: { version: saved.json().version },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      const viaApp = await shapeOf(r.value.strategyId, confirmed.json().toStrategyId);

      expect(viaImport).toEqual(viaApp);
      expect(viaImport).toEqual([
        ['創業者数', null, [['創業者数', 'continued']]],
        ['観光客数', '削除', []],
        ['転入者数', null, [['転入者数（若者）', 'changed']]],
        ['空き家件数', null, [['空き家件数', 'moved']]],
        ['創業者数', ['創業者数', 'continued']],
        ['転入者数（若者）', ['転入者数', 'changed']],
        ['空き家件数', ['空き家件数', 'moved']],
        ['移住相談件数', null],
      ]);
    });
  });
}
