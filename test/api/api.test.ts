import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { VERSION } from '../../src/version.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

interface Tree {
  revision: number;
  scheme: { id: string };
  goals: {
    name: string;
    indicators: TreeInd[];
    measures: { name: string; indicators: TreeInd[]; projects: { indicators: TreeInd[] }[] }[];
  }[];
}
interface TreeInd {
  id: string;
  ref: string;
  version: number;
  latest: { fiscalYear: number; value: number; raw: string } | null;
  evaluation: { status: { label: string }; achievement: number | null } | null;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`HTTP API on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let municipalityId: string;
    let planner: Client;
    const indicatorIds = new Map<string, string>();

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      municipalityId = r.value.municipalityId;
      const rows = await t.db.selectFrom('indicators').select(['id', 'ref']).execute();
      for (const row of rows) indicatorIds.set(row.ref!, row.id);
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      app.get('/api/test-boom', { config: { souseiAccess: 'public' } }, async () => {
        throw new Error('secret database detail');
      });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('answers health, the OpenAPI document and a self-contained reference page', async () => {
      expect((await app.inject('/api/health')).json()).toEqual({ status: 'ok', version: VERSION });
      const openapi = (await app.inject('/api/openapi.json')).json();
      expect(openapi.openapi).toBe('3.1.0');
      expect(Object.keys(openapi.paths)).toEqual(
        expect.arrayContaining([
          '/api/strategies/{id}/tree',
          '/api/indicators/{id}/observations/{fiscalYear}',
          '/api/imports',
        ]),
      );
      expect(
        openapi.paths['/api/indicators/{id}'].patch.requestBody.content['application/json'].schema.properties,
      ).toHaveProperty('version');
      const docs = await app.inject('/api/docs');
      expect(docs.headers['content-type']).toContain('text/html');
      expect(docs.body).toContain('/api/strategies/{id}/tree');
      // Served locally: no script, stylesheet or image from another host.
      expect(docs.body).not.toMatch(/(src|href)=["']https?:/);
    });

    it('serves the strategy tree in one call, with ETag', async () => {
      const res = await planner.inject(`/api/strategies/${strategyId}/tree`);
      expect(res.statusCode).toBe(200);
      const tree = res.json() as Tree;
      expect(tree.goals.map((g) => g.name)).toEqual(['しごとをつくる', 'ひとの流れをつくる']);
      const kpi = tree.goals[0]!.measures[0]!.indicators[0]!;
      expect(kpi).toMatchObject({ ref: 'k1', latest: { fiscalYear: 2022, value: 1500.5 } });
      expect(kpi.evaluation?.status.label).toBeTruthy();
      expect(tree.goals[0]!.measures[0]!.projects[0]!.indicators[0]!.ref).toBe('k3');
      expect(tree.goals[1]!.indicators[0]!.ref).toBe('k2');
      const again = await planner.inject({
        url: `/api/strategies/${strategyId}/tree`,
        headers: { 'if-none-match': res.headers.etag as string },
      });
      expect(again.statusCode).toBe(304);
      expect((await planner.inject('/api/strategies/nope/tree')).statusCode).toBe(404);
      const gz = await planner.inject({
        url: `/api/strategies/${strategyId}/tree`,
        headers: { 'accept-encoding': 'gzip, deflate' },
      });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'))).toEqual(tree);
    });

    it('creates and updates a yearly figure from its text, with version checks', async () => {
      const id = indicatorIds.get('k1')!;
      const url = `/api/indicators/${id}/observations/2023`;
      const created = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '1,700件' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({
        value: 1700,
        raw: '1,700件',
        fiscalYear: 2023,
        state: 'final',
        version: 1,
      });
      // Creating the same year again without a version: someone already did.
      const again = await planner.inject({ method: 'PUT', url, payload: { raw: '1,650件' } });
      expect(again.statusCode).toBe(409);
      expect(again.json().error).toMatchObject({
        code: 'VERSION_CONFLICT',
        current: { value: 1700, version: 1 },
      });
      const updated = await planner.inject({
        method: 'PUT',
        url,
        payload: { raw: '(速報値) 1,720件', version: 1 },
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ value: 1720, state: 'preliminary', version: 2 });
      const stale = await planner.inject({ method: 'PUT', url, payload: { raw: '1,800件', version: 1 } });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.current).toMatchObject({ value: 1720, version: 2 });
      expect(stale.json().error.message).toMatch(/他の利用者/);
      // The tree shows the new figure.
      const tree = (await planner.inject(`/api/strategies/${strategyId}/tree`)).json() as Tree;
      expect(tree.goals[0]!.measures[0]!.indicators[0]!.latest).toMatchObject({
        fiscalYear: 2023,
        value: 1720,
      });
      // History and audit (per indicator, per user).
      const history = (await planner.inject(`/api/indicators/${id}/history`)).json();
      expect(history.actuals.map((a: { fiscalYear: number }) => a.fiscalYear)).toEqual([
        2020, 2021, 2022, 2023,
      ]);
      const audit = (await planner.inject(`/api/audit?indicatorId=${id}`)).json();
      expect(audit.items[0]).toMatchObject({
        entityType: 'observation',
        action: 'update',
        before: { value: 1700 },
        after: { value: 1720 },
      });
      const byUser = (await planner.inject(`/api/audit?actorId=${planner.userId}`)).json();
      expect(byUser.items.filter((e: { entityType: string }) => e.entityType === 'observation')).toHaveLength(
        2,
      );
      expect(byUser.items.at(-2)).toMatchObject({ action: 'create', actor: { id: planner.userId } });
      const byStrategy = (await planner.inject(`/api/audit?strategyId=${strategyId}&limit=2`)).json();
      expect(byStrategy.items).toHaveLength(2);
      expect(byStrategy.next).toBeTruthy();
    });

    it('rejects invalid input with the field path, in Japanese and English', async () => {
      const id = indicatorIds.get('k2')!;
      const unknown = await planner.inject({
        method: 'PATCH',
        url: `/api/indicators/${id}`,
        payload: { version: 1, colour: 'red' },
      });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details).toEqual([expect.objectContaining({ path: 'colour' })]);
      const wrong = await planner.inject({
        method: 'PATCH',
        url: `/api/indicators/${id}`,
        payload: { version: 'one', direction: 'up' },
      });
      expect(wrong.statusCode).toBe(400);
      const err = wrong.json().error;
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.details.map((d: { path: string }) => d.path).sort()).toEqual(['direction', 'version']);
      expect(err.message).toMatch(/入力に誤り/);
      expect(err.messageEn).toMatch(/Invalid input/);
      const badYear = await planner.inject({
        method: 'PUT',
        url: `/api/indicators/${id}/observations/R5`,
        payload: { raw: '1' },
      });
      expect(badYear.statusCode).toBe(400);
      expect(badYear.json().error.place.field).toBe('params.fiscalYear');
      const badJson = await planner.inject({
        method: 'PATCH',
        url: `/api/indicators/${id}`,
        payload: '{oops',
        headers: { 'content-type': 'application/json' },
      });
      expect(badJson.statusCode).toBe(400);
    });

    it('maps 404, 413, 415 and hides 5xx details', async () => {
      expect((await planner.inject('/api/indicators/missing')).statusCode).toBe(404);
      expect((await planner.inject('/api/nothing-here')).json().error.code).toBe('NOT_FOUND');
      const big = await planner.inject({
        method: 'POST',
        url: '/api/imports?fileName=big.csv',
        payload: Buffer.alloc(20 * 1024 * 1024 + 1, 0x41),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      const xml = await planner.inject({
        method: 'POST',
        url: '/api/imports',
        payload: '<a/>',
        headers: { 'content-type': 'application/xml' },
      });
      expect(xml.statusCode).toBe(415);
      const boom = await app.inject('/api/test-boom');
      expect(boom.statusCode).toBe(500);
      expect(boom.body).not.toContain('secret');
    });

    it('pages lists', async () => {
      const res = (await planner.inject(`/api/strategies/${strategyId}/indicators?offset=1&limit=1`)).json();
      expect(res).toMatchObject({ total: 3, offset: 1, limit: 1 });
      expect(res.items).toHaveLength(1);
      expect(res.items[0].ref).toBe('k2');
      expect((await planner.inject(`/api/strategies/${strategyId}/indicators?limit=0`)).statusCode).toBe(400);
    });

    it('previews an upload, then commits exactly the preview once', async () => {
      const csv = [
        '基本目標,KPI,単位,基準値,目標値',
        '1,観光入込客数,千人,"608千人 (R1)","650千人 (R6)"',
        '1,移住相談件数,件,142件,200件',
      ].join('\n');
      const preview = await planner.inject({
        method: 'POST',
        url: '/api/imports?fileName=kpi.csv',
        payload: Buffer.from(csv, 'utf8'),
        headers: { 'content-type': 'text/csv' },
      });
      expect(preview.statusCode).toBe(201);
      const p = preview.json();
      expect(p).toMatchObject({ fileName: 'kpi.csv', state: 'previewed', version: 1 });
      expect(p.report.coverage).toBeTruthy();
      const shown = (await planner.inject(`/api/imports/${p.id}?document=true`)).json();
      expect(shown.document.indicators.map((i: { name: string }) => i.name)).toEqual([
        '観光入込客数',
        '移住相談件数',
      ]);
      const commit = await planner.inject({
        method: 'POST',
        url: `/api/imports/${p.id}/commit`,
        payload: { version: 1 },
      });
      expect(commit.statusCode).toBe(200);
      const summary = commit.json();
      expect(summary.counts.indicators).toBe(shown.document.indicators.length);
      const names = (await planner.inject(`/api/strategies/${summary.strategyId}/indicators`))
        .json()
        .items.map((i: { name: string }) => i.name);
      expect(names).toEqual(shown.document.indicators.map((i: { name: string }) => i.name));
      const twice = await planner.inject({
        method: 'POST',
        url: `/api/imports/${p.id}/commit`,
        payload: { version: 1 },
      });
      expect(twice.statusCode).toBe(409);
      // An interchange document (JSON) is previewed the same way.
      const doc = await planner.inject({
        method: 'POST',
        url: '/api/imports?fileName=doc.json',
        payload: smallDocument(),
      });
      expect(doc.statusCode).toBe(201);
      expect(doc.json().report.counts.indicators).toBe(3);
    });

    it('lists, creates and chooses status schemes; summaries follow', async () => {
      const list = (await planner.inject('/api/status-schemes')).json();
      expect(list.items.map((s: { id: string }) => s.id)).toEqual(
        expect.arrayContaining(['standard', 'pace']),
      );
      const definition = {
        id: 'mine',
        name: '二段階',
        description: 'テスト用',
        rules: [
          {
            when: { metric: 'achievement', op: '>=', value: 0.5 },
            key: 'good',
            label: '良い',
            color: '#1b7837',
          },
          { when: { always: true }, key: 'bad', label: '悪い', color: '#b2182b' },
        ],
        fallback: { key: 'none', label: '評価不能', color: '#777777' },
      };
      const bad = await planner.inject({
        method: 'POST',
        url: '/api/status-schemes',
        payload: { municipalityId, definition: { ...definition, rules: [] } },
      });
      expect(bad.statusCode).toBe(400);
      const created = await planner.inject({
        method: 'POST',
        url: '/api/status-schemes',
        payload: { municipalityId, definition },
      });
      expect(created.statusCode).toBe(201);
      const schemeId = created.json().id;
      const strategy = (await planner.inject(`/api/strategies/${strategyId}`)).json();
      const choose = await planner.inject({
        method: 'PUT',
        url: `/api/strategies/${strategyId}/status-scheme`,
        payload: { schemeId, version: strategy.version },
      });
      expect(choose.statusCode).toBe(200);
      const stale = await planner.inject({
        method: 'PUT',
        url: `/api/strategies/${strategyId}/status-scheme`,
        payload: { schemeId: 'pace', version: strategy.version },
      });
      expect(stale.statusCode).toBe(409);
      const tree = (await planner.inject(`/api/strategies/${strategyId}/tree`)).json() as Tree;
      expect(tree.scheme.id).toBe(schemeId);
      const summary = (await planner.inject(`/api/strategies/${strategyId}/summary`)).json();
      expect(summary.overall.total).toBe(3);
      expect(summary.overall.counts.map((c: { label: string }) => c.label)).toEqual(
        expect.arrayContaining(['良い']),
      );
      expect(summary.byDepartment.map((d: { name: string }) => d.name)).toEqual(
        expect.arrayContaining(['商工観光課']),
      );
      const evaluation = (
        await planner.inject(`/api/indicators/${indicatorIds.get('k1')}/evaluation`)
      ).json();
      expect(evaluation.explanation.text).toContain('1,563');
      expect(evaluation.explanation.rule.label).toBeTruthy();
      expect(evaluation.metrics).toHaveProperty('achievement');
    });

    it('overrides keep the computed status; commentary is versioned', async () => {
      const id = indicatorIds.get('k1')!;
      const o = await planner.inject({
        method: 'PUT',
        url: `/api/indicators/${id}/overrides/2023`,
        payload: { label: '遅れ', reason: '進捗の遅れ（災害）' },
      });
      expect(o.statusCode).toBe(200);
      const e = (await planner.inject(`/api/indicators/${id}/evaluation?asOf=2023`)).json();
      expect(e.override).toMatchObject({ label: '遅れ', reason: '進捗の遅れ（災害）' });
      expect(e.computed.label).toBeTruthy();
      expect(e.status.source).toBe('override');
      const c = await planner.inject({
        method: 'POST',
        url: `/api/indicators/${id}/commentary`,
        payload: { fiscalYear: 2023, progress: '実施した' },
      });
      expect(c.statusCode).toBe(201);
      const cid = c.json().id;
      expect(
        (
          await planner.inject({
            method: 'PATCH',
            url: `/api/commentary/${cid}`,
            payload: { version: 1, issues: '課題' },
          })
        ).statusCode,
      ).toBe(200);
      expect(
        (
          await planner.inject({
            method: 'PATCH',
            url: `/api/commentary/${cid}`,
            payload: { version: 1, issues: '別' },
          })
        ).statusCode,
      ).toBe(409);
      const tags = (await planner.inject(`/api/tag-sets?strategyId=${strategyId}`)).json();
      expect(tags.items.map((s: { name: string }) => s.name)).toContain('新たな視点');
    });

    it('100 clients updating one indicator at once: one 200, ninety-nine 409', async () => {
      const id = indicatorIds.get('k3')!;
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          planner.inject({
            method: 'PATCH',
            url: `/api/indicators/${id}`,
            payload: { version: 1, definition: `client ${i}` },
          }),
        ),
      );
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200)).toHaveLength(1);
      expect(codes.filter((c) => c === 409)).toHaveLength(99);
      const winner = results.find((r) => r.statusCode === 200)!.json().definition;
      const detail = (await planner.inject(`/api/indicators/${id}`)).json();
      expect(detail).toMatchObject({ version: 2, definition: winner });
    });

    it('refuses data of another municipality (the one place for access rules)', async () => {
      const other = await signedInClient(app, t.db, { role: 'planner', municipalityId: 'other-city' }).catch(
        (e: Error) => e,
      );
      // A planner of a municipality that does not exist cannot even be created.
      expect(other).toBeInstanceOf(Error);
      const res = await app.inject({ url: `/api/strategies/${strategyId}/tree` });
      expect(res.statusCode).toBe(401);
      // The X-Sousei-Actor / X-Sousei-Municipality placeholders are gone: they grant nothing.
      const placeholder = await app.inject({
        url: `/api/strategies/${strategyId}/tree`,
        headers: { 'x-sousei-actor': 'u-sato', 'x-sousei-municipality': municipalityId },
      });
      expect(placeholder.statusCode).toBe(401);
    });
  });
}
