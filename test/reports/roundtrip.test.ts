import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { putActual } from '../../src/services/figures/observations.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { type Client, signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';

const DEPT = '商工観光課';

async function edit(
  bytes: Buffer,
  change: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  change(wb.getWorksheet('入力') as ExcelJS.Worksheet, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The column of the header whose text contains `part` (1-based). */
function col(ws: ExcelJS.Worksheet, part: string): number {
  let found = 0;
  ws.getRow(4).eachCell((c, n) => {
    if (!found && String(c.value).includes(part)) found = n;
  });
  return found;
}

/** Every entry-check code: a figure set behind the workbook's back is confirmed whatever it warns. */
const ANY_WARNING = [
  'VALUE_UNPARSEABLE',
  'UNIT_DIFFERS',
  'OUTSIDE_PAST_RANGE',
  'UNUSUAL_JUMP',
  'YEAR_MISMATCH',
];

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`reports and the Excel round trip on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let planner: Client;
    const ids = new Map<string, string>();

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      for (const row of await t.db.selectFrom('indicators').select(['id', 'ref']).execute())
        ids.set(row.ref!, row.id);
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: r.value.municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('serves each committee document as html, xlsx, csv and json', async () => {
      const html = await planner.inject(`/api/strategies/${strategyId}/reports/kpi-list?format=html`);
      expect(html.statusCode).toBe(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain('<thead>');
      const xlsx = await planner.inject(`/api/strategies/${strategyId}/reports/project-sheets?format=xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const csv = await planner.inject(`/api/strategies/${strategyId}/reports/open-data?format=csv`);
      expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const json = await planner.inject(`/api/strategies/${strategyId}/reports/status-summary?format=json`);
      expect(json.json().kind).toBe('status-summary');
      const missing = await planner.inject('/api/strategies/nope/reports/kpi-list');
      expect(missing.statusCode).toBe(404);
      const anonymous = await app.inject(`/api/strategies/${strategyId}/reports/kpi-list`);
      expect(anonymous.statusCode).toBe(401);
    });

    it('exports, previews and applies only what is confirmed, with versions and the audit log', async () => {
      const fy = 2023;
      const exported = await planner.inject(
        `/api/strategies/${strategyId}/entry-workbook?department=${encodeURIComponent(DEPT)}&fiscalYear=${fy}`,
      );
      expect(exported.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const meta = wb.getWorksheet('_sousei');
      expect(meta?.state).toBe('veryHidden');
      const ws = wb.getWorksheet('入力') as ExcelJS.Worksheet;
      expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
      const input = col(ws, '(入力)');
      expect(ws.getCell(5, input).protection?.locked).toBe(false);
      expect(ws.getCell(5, 2).protection?.locked).not.toBe(false);
      const names = [ws.getCell(5, 2).value, ws.getCell(6, 2).value];
      expect(names.length).toBe(2);

      const edited = await edit(exported.rawPayload, (s) => {
        s.getCell(5, input).value = '1,234件';
        s.getCell(6, input).value = '(速報値) 7件';
      });
      const q = `department=${encodeURIComponent(DEPT)}&fiscalYear=${fy}`;
      const headers = { 'content-type': 'application/octet-stream' };
      const preview = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/preview?${q}`,
        payload: edited,
        headers,
      });
      expect(preview.statusCode).toBe(200);
      const changes = preview.json().changes as {
        indicatorId: string;
        kind: string;
        cell: string;
        figure: { value: number };
      }[];
      expect(changes.map((c) => c.cell)).toEqual([
        `${ws.getColumn(input).letter}5`,
        `${ws.getColumn(input).letter}6`,
      ]);
      expect(changes.map((c) => c.figure.value)).toEqual([1234, 7]);

      // Someone changes the second indicator's figure after the export: a conflict.
      const second = changes[1]?.indicatorId as string;
      const first = changes[0]?.indicatorId as string;
      const changedMeanwhile = await putActual(t.db, systemContext(), second, fy, {
        raw: '9件',
        version: null,
        confirm: ANY_WARNING,
      });
      if (!changedMeanwhile.ok) {
        // the year already had a figure: update it with its version
        const current = changedMeanwhile.error.current as { version: number };
        const again = await putActual(t.db, systemContext(), second, fy, {
          raw: '9件',
          version: current.version,
          confirm: ANY_WARNING,
        });
        expect(again.ok).toBe(true);
      }
      const preview2 = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/preview?${q}`,
        payload: edited,
        headers,
      });
      const kinds = Object.fromEntries(
        (preview2.json().changes as { indicatorId: string; kind: string }[]).map((c) => [
          c.indicatorId,
          c.kind,
        ]),
      );
      expect(kinds[second]).toBe('conflict');
      expect(['new', 'change']).toContain(kinds[first]);

      const auditBefore = await t.db.selectFrom('audit_log').select('id').execute();
      const applied = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/apply?${q}&confirm=${first}`,
        payload: edited,
        headers,
      });
      expect(applied.statusCode).toBe(200);
      expect(applied.json().applied).toHaveLength(1);
      const stored = await t.db
        .selectFrom('observations')
        .selectAll()
        .where('kind', '=', 'actual')
        .where('fiscal_year', '=', fy)
        .execute();
      expect(stored.find((o) => o.indicator_id === first)).toMatchObject({ value: 1234, raw: '1,234件' });
      expect(stored.find((o) => o.indicator_id === second)).toMatchObject({ raw: '9件' });
      const auditAfter = await t.db.selectFrom('audit_log').select('id').execute();
      expect(auditAfter.length).toBe(auditBefore.length + 1);
      // The workbook's figure is a new version in the figure's history, marked as from the workbook.
      const written = stored.find((o) => o.indicator_id === first)!;
      const versions = await t.db
        .selectFrom('figure_versions')
        .selectAll()
        .where('observation_id', '=', written.id)
        .orderBy('version')
        .execute();
      expect(versions.at(-1)).toMatchObject({ version: written.version, raw: '1,234件', source: 'workbook' });
    });

    it('carries the commentary ①②③ through the workbook: exported, edited, checked and applied with versions', async () => {
      const fy = 2020;
      const q = `department=${encodeURIComponent(DEPT)}&fiscalYear=${fy}`;
      const headers = { 'content-type': 'application/octet-stream' };
      const post = (step: 'preview' | 'apply', payload: Buffer, extra = '') =>
        planner.inject({
          method: 'POST',
          url: `/api/strategies/${strategyId}/entry-workbook/${step}?${q}${extra}`,
          payload,
          headers,
        });
      // The first indicator already has that year's commentary (written on the entry page).
      const before = await planner.inject(
        `/api/strategies/${strategyId}/entry-workbook?department=${encodeURIComponent(DEPT)}&fiscalYear=${fy}`,
      );
      const probe = new ExcelJS.Workbook();
      await probe.xlsx.load(before.rawPayload as unknown as ArrayBuffer);
      const meta = probe.getWorksheet('_sousei') as ExcelJS.Worksheet;
      const [first, second] = [String(meta.getCell(7, 2).value), String(meta.getCell(8, 2).value)];
      const added = await planner.inject({
        method: 'POST',
        url: `/api/indicators/${first}/commentary`,
        payload: { fiscalYear: fy, progress: '説明会を2回開催', issues: '参加が少ない', nextSteps: '' },
      });
      expect(added.statusCode, added.body).toBe(201);

      const exported = (await planner.inject(`/api/strategies/${strategyId}/entry-workbook?${q}`)).rawPayload;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('入力') as ExcelJS.Worksheet;
      const [progress, issues, nextSteps] = ['①実施状況', '②課題', '③今後の方策'].map((h) => col(ws, h));
      expect(progress && issues && nextSteps).toBeTruthy();
      // The stored commentary is in the unlocked cells of its row.
      expect(ws.getCell(5, progress!).value).toBe('説明会を2回開催');
      expect(ws.getCell(5, issues!).value).toBe('参加が少ない');
      expect(ws.getCell(5, progress!).protection?.locked).toBe(false);

      const edited = await edit(exported, (s) => {
        s.getCell(5, nextSteps!).value = '商工会と個別訪問する';
        s.getCell(6, progress!).value = '相談窓口を開設';
        s.getCell(6, issues!).value = '周知不足';
      });
      const preview = await post('preview', edited);
      expect(preview.statusCode, preview.body).toBe(200);
      // Only the commentary changed: no figure line, two commentary lines (one change, one new).
      expect(preview.json().changes).toEqual([]);
      const lines = preview.json().commentary as {
        indicatorId: string;
        kind: string;
        cell: string;
        after: Record<string, string>;
      }[];
      const letter = (c: number) => ws.getColumn(c).letter;
      expect(lines.map((l) => [l.indicatorId, l.kind, l.cell])).toEqual([
        [first, 'change', `${letter(nextSteps!)}5`],
        [second, 'new', `${letter(progress!)}6`],
      ]);
      expect(lines[0]!.after).toEqual({
        progress: '説明会を2回開催',
        issues: '参加が少ない',
        nextSteps: '商工会と個別訪問する',
      });

      // Applied only where confirmed; the other stays as it was.
      const applied = await post('apply', edited, `&confirm=${second}`);
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.json().commentary).toHaveLength(1);
      const read = async (id: string) =>
        (
          (await planner.inject(`/api/indicators/${id}/commentary`)).json() as {
            fiscalYear: number;
            progress: string | null;
            issues: string | null;
            nextSteps: string | null;
            version: number;
          }[]
        ).find((c) => c.fiscalYear === fy);
      await expect(read(second)).resolves.toMatchObject({ progress: '相談窓口を開設', issues: '周知不足' });
      await expect(read(first)).resolves.toMatchObject({ nextSteps: '', version: 1 });

      // Someone edits the first commentary after the export: the workbook's line is now a conflict,
      // applied only when confirmed, over the version seen in the preview.
      const current = (await read(first))!;
      const meanwhile = await planner.inject({
        method: 'PATCH',
        url: `/api/commentary/${(current as unknown as { id: string }).id}`,
        payload: { version: current.version, issues: '参加企業が少ない' },
      });
      expect(meanwhile.statusCode, meanwhile.body).toBe(200);
      const again = await post('preview', edited);
      const conflict = (
        again.json().commentary as { indicatorId: string; kind: string; current: unknown }[]
      ).find((l) => l.indicatorId === first);
      expect(conflict).toMatchObject({
        kind: 'conflict',
        current: { issues: '参加企業が少ない', version: 2 },
      });
      const chosen = await post('apply', edited, `&confirm=${first}`);
      expect(chosen.statusCode, chosen.body).toBe(200);
      await expect(read(first)).resolves.toMatchObject({
        issues: '参加が少ない',
        nextSteps: '商工会と個別訪問する',
        version: 3,
      });

      // A text over the API's limit names its cell; nothing is stored.
      const long = await edit(exported, (s) => {
        s.getCell(6, issues!).value = 'あ'.repeat(20_001);
      });
      const refused = await post('preview', long);
      expect(refused.statusCode).toBe(400);
      expect(
        refused.json().error.details.map((d: { code: string; cell: string }) => [d.code, d.cell]),
      ).toEqual([['COMMENTARY_TOO_LONG', `${letter(issues!)}6`]]);
    });

    it('names the cell of each error: wrong workbook, protected cell, other department or year, unknown indicator', async () => {
      const fy = 2022;
      const q = (dept: string, year: number) => `department=${encodeURIComponent(dept)}&fiscalYear=${year}`;
      const exported = (await planner.inject(`/api/strategies/${strategyId}/entry-workbook?${q(DEPT, fy)}`))
        .rawPayload;
      const post = (payload: Buffer, query = q(DEPT, fy)) =>
        planner.inject({
          method: 'POST',
          url: `/api/strategies/${strategyId}/entry-workbook/preview?${query}`,
          payload,
          headers: { 'content-type': 'application/octet-stream' },
        });
      const codes = (r: { json(): { error: { details: { code: string; cell: string | null }[] } } }) =>
        r.json().error.details.map((d) => [d.code, d.cell]);

      const plain = new ExcelJS.Workbook();
      plain.addWorksheet('Sheet1').getCell('A1').value = 'x';
      const wrong = await post(Buffer.from(await plain.xlsx.writeBuffer()));
      expect(wrong.statusCode).toBe(400);
      expect(codes(wrong)).toEqual([['WORKBOOK_INVALID', null]]);
      expect((await post(Buffer.from('not a zip'))).json().error.details[0].code).toBe('WORKBOOK_INVALID');

      const tampered = await edit(exported, (ws) => {
        ws.getCell('D5').value = '999件';
      });
      const protectedEdit = await post(tampered);
      expect(protectedEdit.statusCode).toBe(400);
      expect(codes(protectedEdit)).toEqual([['PROTECTED_CELL_EDITED', 'D5']]);
      expect(protectedEdit.json().error.details[0].message).toContain('D5');

      expect(codes(await post(exported, q('企画政策課', fy)))).toEqual([['WORKBOOK_OTHER_DEPARTMENT', null]]);
      expect(codes(await post(exported, q(DEPT, fy + 1)))).toEqual([['WORKBOOK_OTHER_YEAR', null]]);

      const unknown = await edit(exported, (ws, wb) => {
        (wb.getWorksheet('_sousei') as ExcelJS.Worksheet).getCell('B7').value = 'no-such-indicator';
        ws.getCell(5, col(ws, '(入力)')).value = '5件';
      });
      const u = await post(unknown);
      expect(u.json().error.details[0]).toMatchObject({
        code: 'UNKNOWN_INDICATOR',
        place: { sheet: '入力', row: 5 },
      });

      const unreadable = await edit(exported, (ws) => {
        ws.getCell(5, col(ws, '(入力)')).value = 'わからない';
      });
      expect(codes(await post(unreadable))[0]?.[0]).toBe('VALUE_UNPARSEABLE');
      // nothing was stored by any of these
      const stored = await t.db
        .selectFrom('observations')
        .select('id')
        .where('fiscal_year', '=', fy)
        .where('kind', '=', 'actual')
        .execute();
      const before = ids.size; // unchanged ids map, just to use it
      expect(before).toBeGreaterThan(0);
      expect(stored.every(Boolean)).toBe(true);
    });
  });
}
