/**
 * One rule for who answers for an indicator (core/answerable-departments.ts): its own 担当課, else
 * its project's, else none — over HTTP on both databases. An indicator whose only department is
 * its project's (k3, project 創業塾 of 商工観光課) is listed for that department in the tree the
 * entry grid reads, on its page, in the round (items, deadline, tasks, reminder) and in the entry
 * workbook; that department's editor writes and submits it, another department's cannot. An
 * indicator with a department of its own (k4: 企画政策課, in the same project) is that
 * department's only: its project's department neither sees it in its round nor writes it.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import type { Client } from './auth-helper.ts';
import { openRoundsWorld } from './rounds-world.ts';

const FY = 2024;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const K3 = '創業塾の修了者数';
const K4 = '創業塾の満足度';

/** The small document plus k4: an indicator of project p1 (商工観光課) with a department of its own. */
function document() {
  const doc = smallDocument();
  doc.indicators = [
    ...(doc.indicators ?? []),
    {
      id: 'k4',
      name: K4,
      unit: '%',
      role: 'project_indicator',
      owner: { type: 'project', id: 'p1' },
      target: { value: 90, fiscalYear: 2024, raw: '90%' },
      actuals: [{ value: 80, fiscalYear: 2023, raw: '80%' }],
      departments: ['企画政策課'],
    },
  ];
  return doc;
}

/** Every indicator node of a tree answer, by id (wherever it sits: goal, measure, project, unassigned). */
function treeIndicators(tree: unknown): Map<string, { departments: string[] }> {
  const out = new Map<string, { departments: string[] }>();
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) {
      for (const x of v) {
        if (key === 'indicators' && x && typeof x === 'object' && 'id' in x)
          out.set((x as { id: string }).id, x as { departments: string[] });
        walk(x, '');
      }
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(tree, '');
  return out;
}

/** The texts of every cell of a workbook's sheets. */
async function workbookTexts(bytes: Buffer): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        out.push(String(cell.text ?? ''));
      }),
    ),
  );
  return out;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`the departments answerable for an indicator on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    const ref = new Map<string, string>();
    let strategyId = '';
    let shoko = '';
    let kikaku = '';
    let planner: Client;
    let shokoEditor: Client;
    let kikakuEditor: Client;
    let roundId = '';

    const put = (c: Client, ind: string, payload: Record<string, unknown>) =>
      c.inject({ method: 'PUT', url: `/api/indicators/${ref.get(ind)}/observations/${FY}`, payload });
    const comment = (c: Client, ind: string) =>
      c.inject({
        method: 'POST',
        url: `/api/indicators/${ref.get(ind)}/commentary`,
        payload: { fiscalYear: FY, progress: '講座を4回開催' },
      });
    const part = async (c: Client, dept: string) => {
      const res = await c.inject(`/api/rounds/${roundId}/departments/${dept}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        part: { state: string; version: number };
        open: { indicatorId: string; code: string }[];
        items: { indicatorId: string; editable: boolean }[];
      };
    };

    beforeAll(async () => {
      const w = await openRoundsWorld(dialect, document());
      ({ t, app, strategyId, shoko, kikaku, planner, shokoEditor, kikakuEditor } = w);
      for (const [k, id] of w.ref) ref.set(k, id);
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('the tree the entry grid lists from, and the indicator page, name the answerable departments', async () => {
      const tree = await shokoEditor.inject(`/api/strategies/${strategyId}/tree`);
      expect(tree.statusCode).toBe(200);
      const nodes = treeIndicators(tree.json());
      expect(nodes.get(ref.get('k3')!)?.departments).toEqual(['商工観光課']);
      expect(nodes.get(ref.get('k4')!)?.departments).toEqual(['企画政策課']);
      expect(nodes.get(ref.get('k1')!)?.departments).toEqual(['商工観光課', '企画政策課']);
      const page = (await shokoEditor.inject(`/api/indicators/${ref.get('k3')}`)).json();
      expect(page).toMatchObject({ departments: ['商工観光課'], departmentIds: [shoko] });
      const own = (await shokoEditor.inject(`/api/indicators/${ref.get('k4')}`)).json();
      expect(own).toMatchObject({ departments: ['企画政策課'], departmentIds: [kikaku] });
    });

    it("a round asks the project's department for k3: items, its own deadline, tasks and the reminder", async () => {
      const res = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/rounds`,
        payload: { fiscalYear: FY, deadline: inDays(10), departmentDeadlines: { [shoko]: inDays(5) } },
      });
      expect(res.statusCode, res.body).toBe(201);
      const view = res.json();
      roundId = view.id;
      const line = (id: string) => view.parts.find((p: { departmentId: string }) => p.departmentId === id);
      expect(line(shoko)).toMatchObject({ items: 2, deadline: inDays(5) }); // k1, k3
      expect(line(kikaku)).toMatchObject({ items: 3, deadline: inDays(10) }); // k1, k2, k4
      const listed = new Map(
        view.indicators.map((i: { indicatorId: string; departmentNames: string[] }) => [
          i.indicatorId,
          i.departmentNames,
        ]),
      );
      expect(listed.get(ref.get('k3'))).toEqual(['商工観光課']);
      expect(listed.get(ref.get('k4'))).toEqual(['企画政策課']);

      const mine = (await part(shokoEditor, shoko)).items.map((i) => i.indicatorId);
      expect(mine).toContain(ref.get('k3'));
      expect(mine).not.toContain(ref.get('k4'));
      const theirs = (await part(kikakuEditor, kikaku)).items.map((i) => i.indicatorId);
      expect(theirs).toContain(ref.get('k4'));
      expect(theirs).not.toContain(ref.get('k3'));

      const tasks = (await shokoEditor.inject('/api/me/tasks')).json();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ departmentId: shoko, deadline: inDays(5), items: 2 });

      const reminded = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/remind`,
        payload: {},
      });
      expect(reminded.statusCode, reminded.body).toBe(200);
      const reminder = async (c: Client) =>
        ((await c.inject('/api/me/notices')).json().items as { kind: string; body: string }[]).find(
          (n) => n.kind === 'reminder',
        )?.body ?? '';
      const shokoReminder = await reminder(shokoEditor);
      expect(shokoReminder).toContain(K3);
      expect(shokoReminder).not.toContain(K4);
      const kikakuReminder = await reminder(kikakuEditor);
      expect(kikakuReminder).toContain(K4);
      expect(kikakuReminder).not.toContain(K3);
    });

    it("the project's department's workbook carries k3 (not k4); another department gets none of it", async () => {
      const q = (dept: string) => `department=${encodeURIComponent(dept)}&fiscalYear=${FY}`;
      const book = await shokoEditor.inject(
        `/api/strategies/${strategyId}/entry-workbook?${q('商工観光課')}`,
      );
      expect(book.statusCode, book.body).toBe(200);
      const texts = await workbookTexts(book.rawPayload);
      expect(texts).toContain(K3);
      expect(texts).not.toContain(K4);
      const other = await kikakuEditor.inject(
        `/api/strategies/${strategyId}/entry-workbook?${q('商工観光課')}`,
      );
      expect(other.statusCode).toBe(403);
    });

    it("the project's department writes and submits k3; another department cannot", async () => {
      // Another department: neither the figure nor the commentary of k3.
      const foreign = await put(kikakuEditor, 'k3', { raw: '30人' });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().error.code).toBe('FORBIDDEN');
      expect((await comment(kikakuEditor, 'k3')).statusCode).toBe(403);
      // The project's department does not write an indicator with a department of its own (k4).
      expect((await put(shokoEditor, 'k4', { raw: '85%' })).statusCode).toBe(403);
      expect((await put(kikakuEditor, 'k4', { raw: '85%' })).statusCode).toBe(201);

      const written = await put(shokoEditor, 'k3', { raw: '30人' });
      expect(written.statusCode, written.body).toBe(201);
      expect((await comment(shokoEditor, 'k3')).statusCode).toBe(201);
      expect((await put(shokoEditor, 'k1', { raw: '1,590件' })).statusCode).toBe(201);

      const before = await part(shokoEditor, shoko);
      expect(before.part.state).toBe('in_progress');
      const acknowledgements = before.open.map((f) => ({
        indicatorId: f.indicatorId,
        code: f.code,
        reason: '確認済み',
      }));
      const url = `/api/rounds/${roundId}/departments/${shoko}/submit`;
      const refused = await kikakuEditor.inject({
        method: 'POST',
        url,
        payload: { version: before.part.version, acknowledgements },
      });
      expect(refused.statusCode).toBe(403);
      const submitted = await shokoEditor.inject({
        method: 'POST',
        url,
        payload: { version: before.part.version, acknowledgements },
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json().part.state).toBe('submitted');

      const status = (await planner.inject(`/api/rounds/${roundId}`)).json();
      const line = status.parts.find((p: { departmentId: string }) => p.departmentId === shoko);
      expect(line).toMatchObject({ state: 'submitted', items: 2, entered: 2 });
      // Submitted: k3 takes no more edits from its department until returned.
      expect((await put(shokoEditor, 'k3', { raw: '31人', version: 1 })).statusCode).toBe(409);
    });
  });
}
