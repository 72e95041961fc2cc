/**
 * Adjusting the column mapping of an import preview: the stored upload is recognized again with
 * the overrides, the new preview supersedes the old (its version goes up), commit writes exactly
 * what was last shown, bad input is a 400 naming the field, and a JSON preview cannot be remapped.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

const CSV = [
  '指標名,基準値,目標値,調査値,担当',
  '観光客数,120人,150人,130人,観光課',
  '移住者数,10人,20人,12人,企画課',
].join('\n');

interface Preview {
  id: string;
  version: number;
  state: string;
  adjustable: boolean;
  blocking?: { code: string } | null;
  overrides: unknown[];
  report: {
    counts: { indicators: number; figures: number };
    coverage: { mappedCells: number; nonEmptyCells: number; ratio: number };
    tables: { columns: { column: number; field: string; overridden?: boolean }[] }[];
    warnings: { code: string; place: Record<string, unknown> }[];
  };
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`import column mapping on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let planner: Client;

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: r.value.municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    async function upload(): Promise<Preview> {
      const res = await planner.inject({
        method: 'POST',
        url: '/api/imports?fileName=kpi.csv',
        payload: Buffer.from(CSV, 'utf8'),
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    }

    const remap = (id: string, payload: unknown) =>
      planner.inject({ method: 'POST', url: `/api/imports/${id}/mapping`, payload: payload as object });

    it('recognizes again with overrides; the new preview supersedes the old and is what commit writes', async () => {
      const first = await upload();
      expect(first).toMatchObject({ version: 1, adjustable: true, overrides: [] });
      expect(first.report.tables[0]!.columns[3]!.field).toBe('other');
      const overrides = [
        { file: 'kpi.csv', sheet: null, table: 0, column: 4, field: 'actual', fiscalYear: 2021 },
        { file: 'kpi.csv', sheet: null, table: 0, column: 5, field: 'ignore' },
      ];
      const res = await remap(first.id, { version: 1, overrides });
      expect(res.statusCode).toBe(200);
      const second: Preview = res.json();
      expect(second).toMatchObject({ id: first.id, version: 2, state: 'previewed', overrides });
      expect(second.report.counts.figures).toBe(first.report.counts.figures + 2);
      expect(second.report.coverage.mappedCells).toBe(first.report.coverage.mappedCells - 2);
      expect(second.report.warnings.map((w) => w.code)).toContain('LOW_COVERAGE');
      expect(second.report.tables[0]!.columns.map((c) => c.field)).toEqual([
        'kpiName',
        'baseline',
        'target',
        'actual',
        'ignore',
      ]);
      // The stored preview is the new one.
      const shown = (await planner.inject(`/api/imports/${first.id}?document=true`)).json();
      expect(shown.version).toBe(2);
      expect(shown.document.unmapped.map((u: { raw: string }) => u.raw)).toEqual(['観光課', '企画課']);
      // The old version is superseded: neither remapping nor committing it is accepted.
      expect((await remap(first.id, { version: 1, overrides: [] })).statusCode).toBe(409);
      const stale = await planner.inject({
        method: 'POST',
        url: `/api/imports/${first.id}/commit`,
        payload: { version: 1 },
      });
      expect(stale.statusCode).toBe(409);
      const commit = await planner.inject({
        method: 'POST',
        url: `/api/imports/${first.id}/commit`,
        payload: { version: 2 },
      });
      expect(commit.statusCode).toBe(200);
      const strategyId = commit.json().strategyId;
      const items = (await planner.inject(`/api/strategies/${strategyId}/indicators`)).json().items as {
        id: string;
        name: string;
      }[];
      expect(items.map((i) => i.name)).toEqual(['観光客数', '移住者数']);
      const history = await planner.inject(`/api/indicators/${items[0]!.id}/history`);
      expect(history.statusCode).toBe(200);
      expect(
        history.json().actuals.map((a: { fiscalYear: number; value: number }) => [a.fiscalYear, a.value]),
      ).toEqual([[2021, 130]]);
      // A committed import cannot be remapped.
      expect((await remap(first.id, { version: 3, overrides: [] })).statusCode).toBe(409);
    });

    it('blocks a preview that yields no indicator: the preview names what was found, commit answers NO_INDICATORS', async () => {
      const table = [
        '地区,ア,イ,ウ',
        '北地区,"1,200","1,300","1,400"',
        '南地区,900,950,"1,010"',
        '東地区,400,420,433',
      ];
      const res = await planner.inject({
        method: 'POST',
        url: '/api/imports?fileName=areas.csv',
        payload: Buffer.from(table.join('\n'), 'utf8'),
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.statusCode).toBe(201);
      const preview = res.json() as Preview & { blocking: { code: string; messageEn: string } | null };
      expect(preview.blocking?.code).toBe('NO_INDICATORS');
      expect(preview.blocking?.messageEn).toMatch(/rows with figures 3/);
      expect(preview.report.warnings.map((w) => w.code)).toContain('TABLE_NOT_READ');
      const commit = await planner.inject({
        method: 'POST',
        url: `/api/imports/${preview.id}/commit`,
        payload: { version: preview.version },
      });
      expect(commit.statusCode).toBe(422);
      expect(commit.json().error).toMatchObject({ code: 'NO_INDICATORS', place: { file: 'areas.csv' } });
      // The ordinary upload is not blocked.
      expect((await upload()).blocking).toBeNull();
    });

    it('warns with the place for an override naming a missing column', async () => {
      const p = await upload();
      const res = await remap(p.id, {
        version: 1,
        overrides: [{ file: 'kpi.csv', sheet: null, table: { firstRow: 1 }, column: 9, field: 'note' }],
      });
      expect(res.statusCode).toBe(200);
      const w = (res.json() as Preview).report.warnings.find((x) => x.code === 'COLUMN_OVERRIDE_UNMATCHED');
      expect(w?.place).toMatchObject({ file: 'kpi.csv', row: 1, column: 9, field: 'columnOverrides[0]' });
    });

    it('answers 400 with field paths on bad input', async () => {
      const p = await upload();
      const res = await remap(p.id, {
        version: 1,
        overrides: [{ file: 'kpi.csv', sheet: null, table: 0, column: 0, field: 'colour' }],
      });
      expect(res.statusCode).toBe(400);
      const body = JSON.stringify(res.json());
      expect(body).toContain('overrides');
      expect(body).toMatch(/overrides\.0\.column|overrides\/0\/column|overrides\[0\]\.column/);
      expect(body).toMatch(/overrides\.0\.field|overrides\/0\/field|overrides\[0\]\.field/);
      expect((await remap(p.id, { overrides: [] })).statusCode).toBe(400);
      // Nothing changed.
      expect((await planner.inject(`/api/imports/${p.id}`)).json().version).toBe(1);
    });

    it('refuses to remap a preview made from an interchange document', async () => {
      const doc = await planner.inject({
        method: 'POST',
        url: '/api/imports?fileName=doc.json',
        payload: smallDocument(),
      });
      expect(doc.statusCode).toBe(201);
      expect(doc.json().adjustable).toBe(false);
      const res = await remap(doc.json().id, { version: 1, overrides: [] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error?.place?.field ?? JSON.stringify(res.json())).toContain('overrides');
    });

    it('lists the route in the OpenAPI document', async () => {
      const openapi = (await app.inject('/api/openapi.json')).json();
      const op = openapi.paths['/api/imports/{id}/mapping']?.post;
      expect(op).toBeTruthy();
      expect(Object.keys(op.requestBody.content['application/json'].schema.properties)).toEqual(
        expect.arrayContaining(['version', 'overrides']),
      );
    });
  });
}
