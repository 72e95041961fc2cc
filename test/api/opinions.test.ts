/**
 * Committee opinions (有識者の意見) and the departments' responses (対応方針) over HTTP, on both
 * databases: who may write what, version checks (409), the audit log, validation.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

interface OpinionJson {
  id: string;
  version: number;
  body: string;
  author: { id: string | null; name: string };
  response: string | null;
  respondedBy: { id: string | null; name: string } | null;
  fiscalYear: number;
  targetType: string;
  targetId: string;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`committee opinions on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    const ref = new Map<string, string>();
    let planner: Client;
    let committee: Client;
    let committee2: Client;
    let editor: Client;
    let editorOther: Client;
    let viewer: Client;

    const create = (c: Client, payload: Record<string, unknown>) =>
      c.inject({ method: 'POST', url: `/api/strategies/${strategyId}/opinions`, payload });
    const patch = (c: Client, id: string, payload: Record<string, unknown>) =>
      c.inject({ method: 'PATCH', url: `/api/opinions/${id}`, payload });

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      const municipalityId = r.value.municipalityId;
      for (const table of ['measures', 'indicators'] as const)
        for (const row of await t.db.selectFrom(table).select(['id', 'ref']).execute())
          ref.set(row.ref!, row.id);
      const dept = async (name: string) =>
        (
          await t.db
            .selectFrom('departments')
            .select('id')
            .where('municipality_id', '=', municipalityId)
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).id;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      committee = await signedInClient(app, t.db, { role: 'committee', municipalityId });
      committee2 = await signedInClient(app, t.db, { role: 'committee', municipalityId });
      editor = await signedInClient(app, t.db, {
        role: 'editor',
        municipalityId,
        departmentIds: [await dept('商工観光課')],
      });
      editorOther = await signedInClient(app, t.db, {
        role: 'editor',
        municipalityId,
        departmentIds: [await dept('企画政策課')],
      });
      viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('a committee member writes an opinion on a measure; everyone signed in reads it', async () => {
      const res = await create(committee, {
        targetType: 'measure',
        targetId: ref.get('m1'),
        fiscalYear: 2023,
        body: '創業塾の参加者の追跡調査を行うべき',
      });
      expect(res.statusCode).toBe(201);
      const o = res.json() as OpinionJson;
      expect(o).toMatchObject({ version: 1, fiscalYear: 2023, targetType: 'measure', response: null });
      expect(o.author.id).toBe(committee.userId);
      const other = await create(committee, {
        targetType: 'indicator',
        targetId: ref.get('k2'),
        fiscalYear: 2024,
        body: '推計方法を示してほしい',
      });
      expect(other.statusCode).toBe(201);
      const list = await viewer.inject(`/api/strategies/${strategyId}/opinions?fiscalYear=2023`);
      expect(list.statusCode).toBe(200);
      expect((list.json() as OpinionJson[]).map((x) => x.id)).toEqual([o.id]);
      const all = await viewer.inject(`/api/strategies/${strategyId}/opinions`);
      expect((all.json() as OpinionJson[]).length).toBe(2);
      const byTarget = await viewer.inject(
        `/api/strategies/${strategyId}/opinions?targetType=indicator&targetId=${ref.get('k2')}`,
      );
      expect((byTarget.json() as OpinionJson[]).map((x) => x.body)).toEqual(['推計方法を示してほしい']);
    });

    it('only committee members and planners write opinions; targets must be in the strategy', async () => {
      const payload = { targetType: 'measure', targetId: ref.get('m2'), fiscalYear: 2023, body: '意見' };
      for (const c of [viewer, editor]) expect((await create(c, payload)).statusCode).toBe(403);
      expect((await create(planner, payload)).statusCode).toBe(201);
      const missing = await create(committee, { ...payload, targetId: 'no-such-measure' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.place.field).toBe('targetId');
      const wrongType = await create(committee, { ...payload, targetType: 'indicator' });
      expect(wrongType.statusCode).toBe(400);
      expect((await create(committee, { ...payload, body: '' })).statusCode).toBe(400);
    });

    it('the author edits the text with a version check; other members may not; a stale version is 409', async () => {
      const o = (
        await create(committee, {
          targetType: 'measure',
          targetId: ref.get('m1'),
          fiscalYear: 2022,
          body: '初稿',
        })
      ).json() as OpinionJson;
      const edited = await patch(committee, o.id, { version: 1, body: '修正稿' });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ version: 2, body: '修正稿' });
      const stale = await patch(committee, o.id, { version: 1, body: '古い版から' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      expect(stale.json().error.current).toMatchObject({ version: 2, body: '修正稿' });
      const notMine = await patch(committee2, o.id, { version: 2, body: '他人が書き換え' });
      expect(notMine.statusCode).toBe(403);
      expect((await patch(planner, o.id, { version: 2, body: '議事録に合わせて修正' })).statusCode).toBe(200);
      expect((await patch(committee, 'no-such-id', { version: 1, body: 'x' })).statusCode).toBe(404);
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('entity_type', '=', 'opinion')
        .where('entity_id', '=', o.id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      expect(audit).toEqual([
        { action: 'create', actor_id: committee.userId },
        { action: 'update', actor_id: committee.userId },
        { action: 'update', actor_id: planner.userId },
      ]);
    });

    it('the department answering for the target writes the response (対応方針); others may not', async () => {
      const onMeasure = (
        await create(committee, {
          targetType: 'measure',
          targetId: ref.get('m1'),
          fiscalYear: 2021,
          body: '周知が不足している',
        })
      ).json() as OpinionJson;
      // m1's project is 商工観光課's: its editor answers; the 企画政策課 editor may not.
      expect(
        (await patch(editorOther, onMeasure.id, { version: 1, response: '対応します' })).statusCode,
      ).toBe(403);
      const answered = await patch(editor, onMeasure.id, {
        version: 1,
        response: '次年度から SNS で周知する',
      });
      expect(answered.statusCode).toBe(200);
      const a = answered.json() as OpinionJson;
      expect(a.response).toBe('次年度から SNS で周知する');
      expect(a.respondedBy?.id).toBe(editor.userId);
      expect(a.body).toBe('周知が不足している');
      // An editor may not change the opinion's text; a committee member may not write the response.
      expect((await patch(editor, onMeasure.id, { version: 2, body: '書き換え' })).statusCode).toBe(403);
      expect((await patch(committee, onMeasure.id, { version: 2, response: '勝手に回答' })).statusCode).toBe(
        403,
      );
      expect((await patch(viewer, onMeasure.id, { version: 2, response: 'x' })).statusCode).toBe(403);
      // On an indicator of 企画政策課: that editor answers, the other does not.
      const onIndicator = (
        await create(committee, {
          targetType: 'indicator',
          targetId: ref.get('k2'),
          fiscalYear: 2021,
          body: '公表時期を早められないか',
        })
      ).json() as OpinionJson;
      expect((await patch(editor, onIndicator.id, { version: 1, response: 'x' })).statusCode).toBe(403);
      expect(
        (await patch(editorOther, onIndicator.id, { version: 1, response: '検討する' })).statusCode,
      ).toBe(200);
      // A planner may clear a response; who answered is cleared with it.
      const cleared = await patch(planner, onIndicator.id, { version: 2, response: null });
      expect(cleared.statusCode).toBe(200);
      expect(cleared.json()).toMatchObject({ response: null, respondedBy: null, version: 3 });
    });

    it('a patch with neither text nor response is refused (400)', async () => {
      const o = (
        await create(committee, {
          targetType: 'measure',
          targetId: ref.get('m2'),
          fiscalYear: 2020,
          body: 'x',
        })
      ).json() as OpinionJson;
      const res = await patch(planner, o.id, { version: 1 });
      expect(res.statusCode).toBe(400);
    });

    it('the period review shows the opinions of every year beside their measure and KPI', async () => {
      const res = await viewer.inject(`/api/strategies/${strategyId}/reports/period-review?format=json`);
      expect(res.statusCode).toBe(200);
      const m = res.json() as {
        sections: {
          id: string;
          tables: { columns: { header: string }[]; rows: { cells?: { text: string }[] }[] }[];
        }[];
      };
      const text = (id: string) => {
        const t = m.sections.find((s) => s.id === id)!.tables[0]!;
        const col = t.columns.findIndex((c) => c.header === '委員会の意見・対応');
        expect(col, id).toBeGreaterThanOrEqual(0);
        return t.rows.map((r) => r.cells?.[col]?.text ?? '').join('\n');
      };
      // written for 2023 (a measure) and 2024 (a KPI) in the first test: both years are there
      expect(text('measures')).toContain('令和5年度: 創業塾の参加者の追跡調査を行うべき');
      expect(text('review')).toContain('令和6年度: 推計方法を示してほしい');
    });

    it('is documented in the OpenAPI document', async () => {
      const doc = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, object> };
      expect(Object.keys(doc.paths['/api/strategies/{id}/opinions'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths['/api/opinions/{id}'] ?? {})).toEqual(['patch']);
    });
  });
}
