/**
 * The yearly cycle over HTTP on both databases: entry checks that ask for a confirmation before a
 * warned figure is saved (NEEDS_CONFIRMATION, 422) and keep the confirmation; figures of a 万円
 * indicator stored in base units and explained in 万円; commentary with version checks; status
 * overrides beside the computed status.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

function documentWithMoney() {
  const doc = smallDocument();
  doc.indicators.push({
    id: 'k4',
    name: '市内総生産額',
    unit: '万円',
    role: 'kpi',
    owner: { type: 'measure', id: 'm1' },
    direction: 'increase',
    aggregation: 'annual',
    baseline: { value: 1_850_000_000, fiscalYear: 2019, raw: '185,000万円', unit: '円' },
    target: { value: 2_000_000_000, fiscalYear: 2024, raw: '200,000万円', unit: '円' },
    actuals: [{ value: 1_900_000_000, fiscalYear: 2020, raw: '190,000万円', unit: '円' }],
    departments: ['商工観光課'],
  });
  return doc;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`yearly cycle on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    const ref = new Map<string, string>();
    let planner: Client;
    let editor: Client;

    const put = (c: Client, ind: string, fy: number, payload: Record<string, unknown>) =>
      c.inject({ method: 'PUT', url: `/api/indicators/${ref.get(ind)}/observations/${fy}`, payload });

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), documentWithMoney());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const municipalityId = r.value.municipalityId;
      for (const row of await t.db.selectFrom('indicators').select(['id', 'ref']).execute())
        ref.set(row.ref!, row.id);
      const dept = await t.db
        .selectFrom('departments')
        .select('id')
        .where('municipality_id', '=', municipalityId)
        .where('name', '=', '商工観光課')
        .executeTakeFirstOrThrow();
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      editor = await signedInClient(app, t.db, { role: 'editor', municipalityId, departmentIds: [dept.id] });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('refuses a warned figure until its warnings are confirmed, then keeps the confirmation', async () => {
      for (const [raw, code] of [
        ['1,234人', 'UNIT_DIFFERS'],
        ['abc', 'VALUE_UNPARSEABLE'],
        ['16,000件', 'OUTSIDE_PAST_RANGE'],
      ] as const) {
        const res = await put(editor, 'k1', 2023, { raw });
        expect(res.statusCode, raw).toBe(422);
        const error = res.json().error;
        expect(error.code).toBe('NEEDS_CONFIRMATION');
        expect(error.place).toEqual({ field: 'raw' });
        expect(error.details.warnings.map((w: { code: string }) => w.code)).toContain(code);
        for (const w of error.details.warnings) {
          expect(w.field).toBe('raw');
          expect(w.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        }
      }
      const history = await editor.inject(`/api/indicators/${ref.get('k1')}/history`);
      expect(history.json().actuals.some((a: { fiscalYear: number }) => a.fiscalYear === 2023)).toBe(false);
      // Confirming another warning than the one raised is not enough.
      const wrong = await put(editor, 'k1', 2023, { raw: '1,234人', confirm: ['OUTSIDE_PAST_RANGE'] });
      expect(wrong.statusCode).toBe(422);
      const saved = await put(editor, 'k1', 2023, { raw: '1,234人', confirm: ['UNIT_DIFFERS'] });
      expect(saved.statusCode).toBe(201);
      expect(saved.json().confirmed.warnings.map((w: { code: string }) => w.code)).toEqual(['UNIT_DIFFERS']);
      expect(saved.json().confirmed.by).toBeTruthy();
      const after = await editor.inject(`/api/indicators/${ref.get('k1')}/history`);
      const stored = after.json().actuals.find((a: { fiscalYear: number }) => a.fiscalYear === 2023);
      expect(stored.confirmed.warnings[0].code).toBe('UNIT_DIFFERS');
      // A clean figure saves without a confirmation and drops the old one.
      const clean = await put(editor, 'k1', 2023, { raw: '1,520件', version: stored.version });
      expect(clean.statusCode).toBe(200);
      expect(clean.json().confirmed).toBeUndefined();
    });

    it('stores a plain number of a 万円 indicator in base units and explains it in 万円', async () => {
      const res = await put(editor, 'k4', 2021, { raw: '195000' });
      expect(res.statusCode).toBe(201);
      expect(res.json().value).toBe(1_950_000_000);
      const e = await editor.inject(`/api/indicators/${ref.get('k4')}/evaluation?asOf=2021`);
      const text: string = e.json().explanation.text;
      expect(text).toContain('185,000万円');
      expect(text).not.toContain('185,000,000万円');
    });

    it('commentary: created, edited with its version, a stale version answers 409 with the current', async () => {
      const url = `/api/indicators/${ref.get('k1')}/commentary`;
      const created = await editor.inject({
        method: 'POST',
        url,
        payload: {
          fiscalYear: 2023,
          progress: '説明会を3回開催',
          issues: null,
          nextSteps: null,
          summary: null,
        },
      });
      expect(created.statusCode).toBe(201);
      const c = created.json();
      const first = await editor.inject({
        method: 'PATCH',
        url: `/api/commentary/${c.id}`,
        payload: { version: c.version, issues: '参加企業が少ない' },
      });
      expect(first.statusCode).toBe(200);
      const stale = await planner.inject({
        method: 'PATCH',
        url: `/api/commentary/${c.id}`,
        payload: { version: c.version, issues: '別の課題' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.current.issues).toBe('参加企業が少ない');
      const list = await editor.inject(url);
      expect(list.json().find((x: { id: string }) => x.id === c.id).issues).toBe('参加企業が少ない');
    });

    it('a planner overrides a status; the computed one is kept, with who, when and the choices', async () => {
      const id = ref.get('k1');
      const before = (await planner.inject(`/api/indicators/${id}/evaluation?asOf=2022`)).json();
      expect(before.scheme.statuses.length).toBeGreaterThan(1);
      const choice = before.scheme.statuses.find((s: { key: string }) => s.key !== before.computed.key);
      const denied = await editor.inject({
        method: 'PUT',
        url: `/api/indicators/${id}/overrides/2022`,
        payload: { label: choice.label, key: choice.key, reason: '統計の遡及改定' },
      });
      expect(denied.statusCode).toBe(403);
      const res = await planner.inject({
        method: 'PUT',
        url: `/api/indicators/${id}/overrides/2022`,
        payload: { label: choice.label, key: choice.key, reason: '統計の遡及改定' },
      });
      expect(res.statusCode).toBe(200);
      const after = (await planner.inject(`/api/indicators/${id}/evaluation?asOf=2022`)).json();
      expect(after.status.key).toBe(choice.key);
      expect(after.computed.key).toBe(before.computed.key);
      expect(after.override.reason).toBe('統計の遡及改定');
      expect(after.overrides).toHaveLength(1);
      expect(after.overrides[0]).toMatchObject({ fiscalYear: 2022, version: 1, reason: '統計の遡及改定' });
      expect(after.overrides[0].actorName).toBeTruthy();
    });
  });
}
