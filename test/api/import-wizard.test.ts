/**
 * The import wizard's API on both databases: a table recognition gets wrong is finished by hand
 * (manual structure), saved as a template, matched and applied in one step to next year's file of
 * the same shape (never to another shape); the commit asks where the import goes (new or existing
 * municipality, strategy name and period) and a second import of the same table updates the
 * strategy — showing new, changed and unchanged figures first — instead of duplicating it. A
 * period review gets two named, linked strategies, or only the new period.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

/** A table recognition cannot read: unknown header words, a units line, a budget line inside. */
const table = (year: number, actuals: [number, number]) =>
  [
    `令和${year - 2018}年度 取組状況`,
    `項目,当初,令和${year - 2018}年度,到達点,所管`,
    '（単位は各欄のとおり）',
    `新規就農者数,12人,${actuals[0]}人,20人,農政課`,
    '予算額,"1,200千円","1,300千円","1,500千円",財政課',
    `転入者数,"1,200人","${actuals[1].toLocaleString('en-US')}人","1,300人",企画課`,
  ].join('\n');

const STRUCTURE = (year: number) => ({
  sheet: null,
  headerRows: [2],
  firstDataRow: 4,
  excludeRows: [5],
  columns: [
    { column: 1, role: 'name' },
    { column: 2, role: 'baseline', fiscalYear: 2019 },
    { column: 3, role: 'actual', fiscalYear: year },
    { column: 4, role: 'target', fiscalYear: 2024 },
    { column: 5, role: 'department' },
  ],
});

interface Preview {
  id: string;
  version: number;
  report: { counts: { indicators: number; figures: number }; tables: { manual?: unknown }[] };
  structures: unknown[];
  template: { id: string | null; name: string; shift: number } | null;
  templates: { id: string; name: string; shift: number }[];
  grid: { rows: { row: number; cells: string[] }[] }[];
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`import wizard API on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let planner: Client;
    let admin: Client;
    let municipalityId: string;

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      municipalityId = r.value.municipalityId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      admin = await signedInClient(app, t.db, { role: 'admin' });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    async function upload(client: Client, csv: string, fileName: string, query = ''): Promise<Preview> {
      const res = await client.inject({
        method: 'POST',
        url: `/api/imports?fileName=${encodeURIComponent(fileName)}${query}`,
        payload: Buffer.from(csv, 'utf8'),
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }
    const post = (client: Client, url: string, payload: unknown) =>
      client.inject({ method: 'POST', url, payload: payload as object });

    it('manual structure → template → next year matched and applied → update shown and committed', async () => {
      const first = await upload(planner, table(2021, [14, 1210]), 'kpi-2021.csv');
      expect(first.grid[0]!.rows[1]!.cells).toEqual(['項目', '当初', '令和3年度', '到達点', '所管']);
      expect(first.templates).toEqual([]);
      const mapped = await post(planner, `/api/imports/${first.id}/mapping`, {
        version: first.version,
        overrides: [],
        structures: [STRUCTURE(2021)],
      });
      expect(mapped.statusCode, mapped.body).toBe(200);
      const fixed: Preview = mapped.json();
      expect(fixed.report.counts).toMatchObject({ indicators: 2, figures: 6 });
      expect(fixed.report.tables.some((tb) => tb.manual)).toBe(true);
      // Where it goes: the planner's own municipality; a strategy named and given its period.
      const plan = await post(planner, `/api/imports/${first.id}/plan`, {});
      expect(plan.statusCode, plan.body).toBe(200);
      expect(plan.json().plan.municipality).toMatchObject({ id: municipalityId, isNew: false });
      expect(plan.json().plan.strategies).toMatchObject([
        { action: 'create', periodFrom: 2020, periodTo: 2024, indicators: 2 },
      ]);
      const ref = plan.json().plan.strategies[0].ref as string;
      expect(plan.json().choices.canCreateMunicipality).toBe(false);
      expect(plan.json().choices.municipalities.map((m: { id: string }) => m.id)).toEqual([municipalityId]);
      const target = { strategies: [{ ref, name: '就農・移住KPI', periodFrom: 2020, periodTo: 2024 }] };
      const commit = await post(planner, `/api/imports/${first.id}/commit`, {
        version: fixed.version,
        target,
      });
      expect(commit.statusCode, commit.body).toBe(200);
      const strategyId = commit.json().strategyId;
      const strategy = (await planner.inject(`/api/strategies/${strategyId}`)).json();
      expect(strategy).toMatchObject({
        name: '就農・移住KPI',
        period: { from: 2020, to: 2024 },
        municipalityId,
      });
      // The finished mapping becomes a template of the municipality.
      const saved = await post(planner, `/api/imports/${first.id}/as-template`, { name: '取組状況表' });
      expect(saved.statusCode, saved.body).toBe(201);
      expect(saved.json()).toMatchObject({ name: '取組状況表', municipalityId, tables: 1 });
      const again = await post(planner, `/api/imports/${first.id}/as-template`, { name: '取組状況表' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('ALREADY_EXISTS');

      // Next year's file of the same shape: the template is found and shown, not applied silently.
      const next = await upload(planner, table(2022, [17, 1215]), 'kpi-2022.csv');
      expect(next.templates).toEqual([{ id: saved.json().id, name: '取組状況表', shift: 0 }]);
      expect(next.template).toBeNull();
      expect(next.report.counts.indicators).not.toBe(2);
      const applied = await post(planner, `/api/imports/${next.id}/template`, {
        version: next.version,
        templateId: saved.json().id,
      });
      expect(applied.statusCode, applied.body).toBe(200);
      const nextFixed: Preview = applied.json();
      expect(nextFixed.template).toEqual({ id: saved.json().id, name: '取組状況表', shift: 0 });
      expect(nextFixed.report.counts).toMatchObject({ indicators: 2, figures: 6 });
      // The same strategy: the plan is an update, with what changes.
      const t2 = { strategies: [{ ref, name: '就農・移住KPI' }] };
      const plan2 = (await post(planner, `/api/imports/${next.id}/plan`, { target: t2 })).json().plan;
      expect(plan2.strategies[0]).toMatchObject({ action: 'update', into: { id: strategyId } });
      expect(plan2.strategies[0].update.counts).toEqual({
        indicators: { new: 0, changed: 2, unchanged: 0 },
        figures: { new: 2, changed: 0, unchanged: 4 },
      });
      // The year of column 3 comes from this year's header (令和4年度): FY2022 figures are new.
      expect(
        plan2.strategies[0].update.indicators[0].figures.map((f: { fiscalYear: number; change: string }) => [
          f.fiscalYear,
          f.change,
        ]),
      ).toEqual([
        [2019, 'unchanged'],
        [2024, 'unchanged'],
        [2022, 'new'],
      ]);
      const c2 = await post(planner, `/api/imports/${next.id}/commit`, {
        version: nextFixed.version,
        target: t2,
      });
      expect(c2.statusCode, c2.body).toBe(200);
      expect(c2.json().strategyId).toBe(strategyId);
      const list = (await planner.inject('/api/strategies?limit=100')).json().items as { name: string }[];
      expect(list.filter((s) => s.name === '就農・移住KPI')).toHaveLength(1);
      const items = (await planner.inject(`/api/strategies/${strategyId}/indicators`)).json().items as {
        id: string;
        name: string;
      }[];
      expect(items.map((i) => i.name)).toEqual(['新規就農者数', '転入者数']);
      const history = (await planner.inject(`/api/indicators/${items[1]!.id}/history`)).json();
      expect(
        history.actuals.map((x: { fiscalYear: number; value: number }) => [x.fiscalYear, x.value]),
      ).toEqual([
        [2021, 1210],
        [2022, 1215],
      ]);
    });

    it('a template is refused for another shape, exports and imports as JSON, and is deleted', async () => {
      const templates = (await planner.inject('/api/import-templates')).json().items as {
        id: string;
        version: number;
      }[];
      expect(templates).toHaveLength(1);
      const other = await upload(planner, '指標名,基準値,目標値\n観光客数,120人,150人\n', 'other.csv');
      expect(other.templates).toEqual([]);
      const refused = await post(planner, `/api/imports/${other.id}/template`, {
        version: other.version,
        templateId: templates[0]!.id,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'TEMPLATE_MISMATCH', place: { file: 'other.csv' } });
      const byUpload = await planner.inject({
        method: 'POST',
        url: `/api/imports?fileName=other.csv&templateId=${templates[0]!.id}`,
        payload: Buffer.from('指標名,基準値,目標値\n観光客数,120人,150人\n'),
        headers: { 'content-type': 'text/csv' },
      });
      expect(byUpload.statusCode).toBe(409);
      const file = (await planner.inject(`/api/import-templates/${templates[0]!.id}`)).json();
      expect(file).toMatchObject({ format: 'sousei-import-template', version: 1, name: '取組状況表' });
      const dup = await planner.inject({ method: 'POST', url: '/api/import-templates', payload: file });
      expect(dup.statusCode).toBe(409);
      const copy = await planner.inject({
        method: 'POST',
        url: '/api/import-templates',
        payload: { ...file, name: '取組状況表 (写し)' },
      });
      expect(copy.statusCode, copy.body).toBe(201);
      const bad = await planner.inject({
        method: 'POST',
        url: '/api/import-templates',
        payload: { ...file, template: { ...file.template, signature: [] } },
      });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json().error.details)).toContain('template.signature');
      // Uploading with the template applies it at once.
      const withTemplate = await upload(
        planner,
        table(2023, [18, 1220]),
        'kpi-2023.csv',
        `&templateId=${copy.json().id}`,
      );
      expect(withTemplate.template).toMatchObject({ id: copy.json().id, shift: 0 });
      expect(withTemplate.report.counts.indicators).toBe(2);
      const del = await planner.inject({
        method: 'DELETE',
        url: `/api/import-templates/${copy.json().id}?version=1`,
      });
      expect(del.statusCode).toBe(200);
      expect((await planner.inject('/api/import-templates')).json().items).toHaveLength(1);
      // Another municipality's caller sees none of them.
      const elsewhere = await insertMunicipality(t.db, { name: '別の市' }, '2026-01-01T00:00:00.000Z');
      const stranger = await signedInClient(app, t.db, { role: 'planner', municipalityId: elsewhere.id });
      expect((await stranger.inject(`/api/import-templates/${templates[0]!.id}`)).statusCode).toBe(403);
    });

    it('a new municipality: an administrator names it; a planner may not create one', async () => {
      const p = await upload(planner, '指標名,基準値,目標値\n観光客数,120人 (R1),150人 (R6)\n', 'kanko.csv');
      const refused = await post(planner, `/api/imports/${p.id}/plan`, {
        target: { municipality: { name: '新市' } },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.place).toEqual({ field: 'target.municipality.name' });
      const a = await upload(admin, '指標名,基準値,目標値\n観光客数,120人 (R1),150人 (R6)\n', 'kanko.csv');
      const ref = (await post(admin, `/api/imports/${a.id}/plan`, {})).json().plan.strategies[0]
        .ref as string;
      const unknown = await post(admin, `/api/imports/${a.id}/plan`, {
        target: { strategies: [{ ref: 'nope' }] },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.place).toEqual({ field: 'target.strategies[0].ref' });
      const target = {
        municipality: { name: '架空新町', code: '99' },
        strategies: [{ ref, name: '架空新町 総合戦略', periodFrom: 2020, periodTo: 2024 }],
      };
      const plan = (await post(admin, `/api/imports/${a.id}/plan`, { target })).json();
      expect(plan.plan.municipality).toEqual({ id: null, name: '架空新町', code: '99', isNew: true });
      expect(plan.choices.canCreateMunicipality).toBe(true);
      const bad = await post(admin, `/api/imports/${a.id}/commit`, {
        version: a.version,
        target: { ...target, strategies: [{ ref, periodFrom: 2025, periodTo: 2020 }] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.place).toEqual({ field: 'target.strategies[0].periodFrom' });
      const c = await post(admin, `/api/imports/${a.id}/commit`, { version: a.version, target });
      expect(c.statusCode, c.body).toBe(200);
      expect(c.json().municipalityId).not.toBe(municipalityId);
      const s = (await admin.inject(`/api/strategies/${c.json().strategyId}`)).json();
      expect(s).toMatchObject({ name: '架空新町 総合戦略', municipalityId: c.json().municipalityId });
      // A figures-only table into an existing strategy: matched by name, unmatched rows shown.
      const f = await upload(admin, '指標名,R2実績\n観光客数,130人\n宿泊者数,40人\n', 'figures.csv');
      const fref = (await post(admin, `/api/imports/${f.id}/plan`, {})).json().plan.strategies[0]
        .ref as string;
      const into = {
        municipality: { id: c.json().municipalityId },
        strategies: [{ ref: fref, into: c.json().strategyId }],
        unmatched: 'skip',
      };
      const fp = (await post(admin, `/api/imports/${f.id}/plan`, { target: into })).json().plan;
      expect(
        fp.strategies[0].update.indicators.map((i: { name: string; change: string }) => [i.name, i.change]),
      ).toEqual([
        ['観光客数', 'changed'],
        ['宿泊者数', 'new'],
      ]);
      const fc = await post(admin, `/api/imports/${f.id}/commit`, { version: f.version, target: into });
      expect(fc.statusCode, fc.body).toBe(200);
      const items = (await admin.inject(`/api/strategies/${c.json().strategyId}/indicators`)).json()
        .items as {
        id: string;
        name: string;
      }[];
      expect(items.map((i) => i.name)).toEqual(['観光客数']);
      const history = (await admin.inject(`/api/indicators/${items[0]!.id}/history`)).json();
      expect(
        history.actuals.map((x: { fiscalYear: number; value: number }) => [x.fiscalYear, x.value]),
      ).toEqual([[2020, 130]]);
    });

    it('a period review: two named strategies linked as predecessor, or only the new period', async () => {
      const doc = {
        strategy: { id: 'g3', name: '第3期', generation: 3, period: null },
        strategies: [
          { id: 'g2', name: '第2期', generation: 2, period: null },
          { id: 'g3', name: '第3期', generation: 3, period: null },
        ],
        goals: [],
        measures: [],
        projects: [],
        tagSets: [],
        indicators: [
          {
            id: 'a',
            name: '転入者数',
            strategyId: 'g2',
            baseline: { value: 1, fiscalYear: 2019 },
            target: { value: 2, fiscalYear: 2024 },
            actuals: [{ value: 1, fiscalYear: 2020 }],
          },
          {
            id: 'b',
            name: '転入者数',
            strategyId: 'g3',
            baseline: { value: 2, fiscalYear: 2024 },
            target: { value: 3, fiscalYear: 2029 },
            actuals: [],
          },
        ],
      };
      const open = async () =>
        (
          await planner.inject({ method: 'POST', url: '/api/imports?fileName=review.json', payload: doc })
        ).json();
      const p = await open();
      const plan = (await post(planner, `/api/imports/${p.id}/plan`, {})).json().plan;
      expect(
        plan.strategies.map((s: Record<string, unknown>) => [
          s.name,
          s.periodFrom,
          s.periodTo,
          s.predecessorRef,
        ]),
      ).toEqual([
        ['第3期総合戦略', 2025, 2029, 'g2'],
        ['第2期総合戦略', 2020, 2024, null],
      ]);
      const c = await post(planner, `/api/imports/${p.id}/commit`, { version: p.version });
      expect(c.statusCode, c.body).toBe(200);
      const [s3, s2] = await Promise.all(
        (c.json().strategyIds as string[]).map(async (id) =>
          (await planner.inject(`/api/strategies/${id}`)).json(),
        ),
      );
      expect(s3).toMatchObject({
        name: '第3期総合戦略',
        period: { from: 2025, to: 2029 },
        predecessorId: s2.id,
      });
      expect(s2).toMatchObject({ name: '第2期総合戦略', period: { from: 2020, to: 2024 } });
      // Again, only the new period, as a new strategy of its own name: the old one is left out.
      const q = await open();
      const only = {
        strategies: [
          { ref: 'g2', skip: true },
          { ref: 'g3', name: '第3期 (改訂)', into: null },
        ],
      };
      const cq = await post(planner, `/api/imports/${q.id}/commit`, { version: q.version, target: only });
      expect(cq.statusCode, cq.body).toBe(200);
      expect(cq.json().strategyIds).toHaveLength(1);
      const s = (await planner.inject(`/api/strategies/${cq.json().strategyId}`)).json();
      expect(s).toMatchObject({ name: '第3期 (改訂)', predecessorId: null });
      // And the whole review a second time updates both instead of duplicating them.
      const r = await open();
      const again = (await post(planner, `/api/imports/${r.id}/plan`, {})).json().plan;
      expect(again.strategies.map((x: { action: string }) => x.action)).toEqual(['update', 'update']);
      expect(again.strategies[0].update.counts.figures).toEqual({ new: 0, changed: 0, unchanged: 2 });
    });

    it('a period review sharing its goals and measures: each strategy holds the structure of its own indicators', async () => {
      const doc = {
        strategy: { id: 'r6', name: '第6期 調査表', generation: 6, period: null },
        strategies: [
          { id: 'r5', name: '第5期', generation: 5, period: null },
          { id: 'r6', name: '第6期 調査表', generation: 6, period: null },
        ],
        goals: [
          { id: 'g1', name: '雇用をつくる' },
          { id: 'g2', name: '人を呼び込む' },
        ],
        measures: [
          { id: 'm1', goalId: 'g1', name: '企業誘致' },
          { id: 'm2', goalId: 'g1', parentId: 'm1', name: '用地の確保' },
          { id: 'm3', goalId: 'g2', name: '移住の支援' },
        ],
        projects: [],
        tagSets: [],
        indicators: [
          {
            id: 'old',
            name: '誘致企業数',
            strategyId: 'r5',
            owner: { type: 'measure', id: 'm2' },
            baseline: { value: 1, fiscalYear: 2019 },
            target: { value: 5, fiscalYear: 2024 },
            actuals: [{ value: 3, fiscalYear: 2022 }],
          },
          {
            id: 'new',
            name: '誘致企業数',
            strategyId: 'r6',
            owner: { type: 'measure', id: 'm2' },
            baseline: { value: 3, fiscalYear: 2024 },
            target: { value: 8, fiscalYear: 2029 },
            actuals: [],
          },
          {
            id: 'move',
            name: '移住者数',
            strategyId: 'r6',
            owner: { type: 'measure', id: 'm3' },
            baseline: { value: 10, fiscalYear: 2024 },
            target: { value: 20, fiscalYear: 2029 },
            actuals: [],
          },
        ],
      };
      const p = (
        await planner.inject({ method: 'POST', url: '/api/imports?fileName=shared.json', payload: doc })
      ).json();
      const c = await post(planner, `/api/imports/${p.id}/commit`, { version: p.version });
      expect(c.statusCode, c.body).toBe(200);
      interface Node {
        name: string;
        indicators: { name: string }[];
        measures: Node[];
      }
      const shape = (nodes: Node[]): unknown =>
        nodes.map((n) => [n.name, n.indicators.map((i) => i.name), shape(n.measures)]);
      const trees = await Promise.all(
        (c.json().strategyIds as string[]).map(async (id) => ({
          strategy: (await planner.inject(`/api/strategies/${id}`)).json(),
          tree: (await planner.inject(`/api/strategies/${id}/tree`)).json(),
        })),
      );
      const [s3, s2] = trees;
      // The new period: the document's whole structure, its two indicators in place.
      expect(s3!.strategy.name).toBe('第6期 調査表');
      expect(s3!.tree.unassigned.indicators).toEqual([]);
      expect(shape(s3!.tree.goals)).toEqual([
        ['雇用をつくる', [], [['企業誘致', [], [['用地の確保', ['誘致企業数'], []]]]]],
        ['人を呼び込む', [], [['移住の支援', ['移住者数'], []]]],
      ]);
      // The earlier period: named as a strategy, with its own copy of the goal and measures above its indicator.
      expect(s2!.strategy.name).toBe('第5期総合戦略');
      expect(s2!.tree.unassigned.indicators).toEqual([]);
      expect(shape(s2!.tree.goals)).toEqual([
        ['雇用をつくる', [], [['企業誘致', [], [['用地の確保', ['誘致企業数'], []]]]]],
      ]);
    });
  });
}
