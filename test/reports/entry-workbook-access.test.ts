/**
 * The department Excel round trip for department editors (担当課), on both databases: an editor
 * exports, previews and applies their own department's workbook; another department's workbook is
 * refused whichever way it is asked for; viewers and committee members cannot export it.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { type Client, signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';

const OWN = '商工観光課';
const OTHER = '企画政策課';
const FY = 2023;
const q = (dept: string) => `department=${encodeURIComponent(dept)}&fiscalYear=${FY}`;
const OCTETS = { 'content-type': 'application/octet-stream' };

/** Writes `raw` into every input cell of the entry sheet (the column headed `(入力)`). */
async function fillInputs(bytes: Buffer, raw: (row: number) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('入力') as ExcelJS.Worksheet;
  let input = 0;
  ws.getRow(4).eachCell((c, n) => {
    if (!input && String(c.value).includes('(入力)')) input = n;
  });
  expect(input).toBeGreaterThan(0);
  for (let r = 5; r <= ws.rowCount; r++) if (ws.getCell(r, 2).value) ws.getCell(r, input).value = raw(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`entry workbook for department editors on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let planner: Client;
    let editor: Client;
    let viewer: Client;
    let committee: Client;

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      const municipalityId = r.value.municipalityId;
      const own = await t.db
        .selectFrom('departments')
        .select('id')
        .where('municipality_id', '=', municipalityId)
        .where('name', '=', OWN)
        .executeTakeFirstOrThrow();
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      editor = await signedInClient(app, t.db, { role: 'editor', municipalityId, departmentIds: [own.id] });
      viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId });
      committee = await signedInClient(app, t.db, { role: 'committee', municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it("an editor's full round trip: export, preview, apply; figures stored under the editor's name", async () => {
      const exported = await editor.inject(`/api/strategies/${strategyId}/entry-workbook?${q(OWN)}`);
      expect(exported.statusCode).toBe(200);
      expect(exported.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const edited = await fillInputs(exported.rawPayload, (row) => `${row * 11}件`);
      const preview = await editor.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/preview?${q(OWN)}`,
        payload: edited,
        headers: OCTETS,
      });
      expect(preview.statusCode).toBe(200);
      const changes = preview.json().changes as {
        indicatorId: string;
        cell: string;
        figure: { value: number };
        warnings: { code: string }[];
      }[];
      expect(changes.length).toBeGreaterThanOrEqual(1);
      const ids = changes.map((c) => c.indicatorId).join(',');
      // The entered figures are far from the indicators' past values: the preview says so, and
      // nothing is applied until each warned line is confirmed; the refusal names the cells.
      const warned = changes.filter((c) => c.warnings.length > 0);
      expect(warned.length).toBeGreaterThanOrEqual(1);
      const yearRows = () =>
        t.db.selectFrom('observations').selectAll().where('fiscal_year', '=', FY).orderBy('id').execute();
      const before = await yearRows();
      const refused = await editor.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/apply?${q(OWN)}&confirm=${ids}`,
        payload: edited,
        headers: OCTETS,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('NEEDS_CONFIRMATION');
      expect(refused.json().error.details.cells.map((c: { cell: string }) => c.cell)).toEqual(
        warned.map((c) => c.cell),
      );
      expect(await yearRows()).toEqual(before);
      const applied = await editor.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/apply?${q(OWN)}&confirm=${ids}&confirmWarnings=${warned.map((c) => c.indicatorId).join(',')}`,
        payload: edited,
        headers: OCTETS,
      });
      expect(applied.statusCode).toBe(200);
      expect(applied.json().applied).toHaveLength(changes.length);
      for (const c of changes) {
        const row = await t.db
          .selectFrom('observations')
          .selectAll()
          .where('indicator_id', '=', c.indicatorId)
          .where('kind', '=', 'actual')
          .where('fiscal_year', '=', FY)
          .executeTakeFirstOrThrow();
        expect(row.value).toBe(c.figure.value);
        // The confirmation is stored with a warned figure.
        expect(row.confirmed_json !== null).toBe(c.warnings.length > 0);
        const audit = await t.db
          .selectFrom('audit_log')
          .selectAll()
          .where('entity_id', '=', row.id)
          .orderBy('at', 'desc')
          .executeTakeFirstOrThrow();
        expect(audit.actor_id).toBe(editor.userId);
      }
    });

    it("refuses another department's workbook to an editor, however it is asked for", async () => {
      const exportOther = await editor.inject(`/api/strategies/${strategyId}/entry-workbook?${q(OTHER)}`);
      expect(exportOther.statusCode).toBe(403);
      expect(exportOther.json().error.code).toBe('FORBIDDEN');
      // The planner may export any department's workbook.
      const otherBook = await planner.inject(`/api/strategies/${strategyId}/entry-workbook?${q(OTHER)}`);
      expect(otherBook.statusCode).toBe(200);
      const edited = await fillInputs(otherBook.rawPayload, () => '5人');
      const before = await t.db.selectFrom('observations').selectAll().orderBy('id').execute();
      // Named as the other department: refused by the access check.
      for (const step of ['preview', 'apply'] as const) {
        const res = await editor.inject({
          method: 'POST',
          url: `/api/strategies/${strategyId}/entry-workbook/${step}?${q(OTHER)}${step === 'apply' ? '&confirm=x' : ''}`,
          payload: edited,
          headers: OCTETS,
        });
        expect(res.statusCode, step).toBe(403);
      }
      // Named as the editor's own department: the file is another department's, refused per workbook.
      const disguised = await editor.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/apply?${q(OWN)}&confirm=x`,
        payload: edited,
        headers: OCTETS,
      });
      expect(disguised.statusCode).toBe(400);
      expect(disguised.json().error.details[0].code).toBe('WORKBOOK_OTHER_DEPARTMENT');
      expect(await t.db.selectFrom('observations').selectAll().orderBy('id').execute()).toEqual(before);
    });

    it('viewers and committee members cannot export or upload entry workbooks', async () => {
      for (const c of [viewer, committee]) {
        expect((await c.inject(`/api/strategies/${strategyId}/entry-workbook?${q(OWN)}`)).statusCode).toBe(
          403,
        );
        const res = await c.inject({
          method: 'POST',
          url: `/api/strategies/${strategyId}/entry-workbook/preview?${q(OWN)}`,
          payload: Buffer.from('x'),
          headers: OCTETS,
        });
        expect(res.statusCode).toBe(403);
      }
    });
  });
}
