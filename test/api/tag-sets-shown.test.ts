/**
 * A tag set is shown by the strategies of its scope: the tree names each project's and indicator's
 * tags, the project matrix has a column per tag of every set. Both are cached by the strategy's
 * revision (the tree's ETag too), so an edit of a tag set must mark those strategies changed: read,
 * edit, read again, on both databases. Another municipality's shared set is shown nowhere here.
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

interface TagSetJson {
  id: string;
  name: string;
  version: number;
  strategyId: string | null;
  tags: { id: string; name: string }[];
}

/** Every `{ set, tag }` the tree shows, as `set/tag`. */
function treeTags(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) treeTags(x, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.set === 'string' && typeof o.tag === 'string') out.push(`${o.set}/${o.tag}`);
    else for (const v of Object.values(o)) treeTags(v, out);
  }
  return out;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`tag set edits are shown at once on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let municipalityId: string;
    let otherId: string;
    let strategyId: string;
    let planner: Client;
    let otherPlanner: Client;

    beforeAll(async () => {
      t = await dialect.open();
      municipalityId = (await insertMunicipality(t.db, { name: '甲市' }, new Date().toISOString())).id;
      const r = await importDocument(t.db, systemContext({ municipalityId }), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      otherId = (await insertMunicipality(t.db, { name: '乙町' }, new Date().toISOString())).id;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      otherPlanner = await signedInClient(app, t.db, { role: 'planner', municipalityId: otherId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    const tree = async () => {
      const res = await planner.inject(`/api/strategies/${strategyId}/tree`);
      expect(res.statusCode).toBe(200);
      return { tags: treeTags(res.json()), etag: String(res.headers.etag) };
    };
    const matrixHeaders = async () => {
      const res = await planner.inject(
        `/api/strategies/${strategyId}/reports/project-matrix?format=json&date=2025-04-01`,
      );
      expect(res.statusCode).toBe(200);
      const model = res.json() as { sections: { tables: { columns: { header: string }[] }[] }[] };
      return model.sections.flatMap((s) => s.tables.flatMap((tb) => tb.columns.map((c) => c.header)));
    };
    const setNamed = async (name: string) =>
      ((await planner.inject('/api/tag-sets')).json().items as TagSetJson[]).find((s) => s.name === name)!;

    it('renaming a tag or its set: the tree, its ETag and the project matrix show the new names', async () => {
      const before = await tree();
      expect(before.tags).toContain('新たな視点/デジタル');
      expect(await matrixHeaders()).toContain('新たな視点: デジタル');
      const set = await setNamed('新たな視点');
      expect(set.strategyId).toBe(strategyId);
      const renamed = await planner.inject({
        method: 'PATCH',
        url: `/api/tag-sets/${set.id}`,
        payload: {
          version: set.version,
          name: '重点視点',
          tags: set.tags.map((tag) => ({ id: tag.id, name: tag.name === 'デジタル' ? 'DX' : tag.name })),
        },
      });
      expect(renamed.statusCode).toBe(200);
      const after = await tree();
      expect(after.tags).toContain('重点視点/DX');
      expect(after.tags).not.toContain('新たな視点/デジタル');
      expect(after.etag).not.toBe(before.etag);
      // A browser holding the old tree is not told "not modified".
      const revalidated = await planner.inject({
        url: `/api/strategies/${strategyId}/tree`,
        headers: { 'if-none-match': before.etag },
      });
      expect(revalidated.statusCode).toBe(200);
      const headers = await matrixHeaders();
      expect(headers).toContain('重点視点: DX');
      expect(headers).not.toContain('新たな視点: デジタル');
    });

    it("a set of one strategy is of that strategy's municipality: another's strategy is not found", async () => {
      const revision = async () =>
        (
          await t.db
            .selectFrom('strategies')
            .select('revision')
            .where('id', '=', strategyId)
            .executeTakeFirst()
        )?.revision;
      const before = await revision();
      const foreign = await otherPlanner.inject({
        method: 'POST',
        url: '/api/tag-sets',
        payload: { municipalityId: otherId, strategyId, name: '他町から', tags: ['x'] },
      });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().error.place).toEqual({ field: 'strategyId' });
      expect(await revision()).toBe(before);
      expect((await matrixHeaders()).some((h) => h.startsWith('他町から'))).toBe(false);
    });

    it("a set of the whole municipality: created, renamed and removed show in its strategies' documents", async () => {
      const foreign = await otherPlanner.inject({
        method: 'POST',
        url: '/api/tag-sets',
        payload: { municipalityId: otherId, name: '他町の分類', tags: ['他町のタグ'] },
      });
      expect(foreign.statusCode).toBe(201);
      expect((await matrixHeaders()).some((h) => h.startsWith('他町の分類'))).toBe(false);
      const created = await planner.inject({
        method: 'POST',
        url: '/api/tag-sets',
        payload: { municipalityId, name: '地域', tags: ['北部', '南部'] },
      });
      expect(created.statusCode).toBe(201);
      const shared = created.json() as TagSetJson;
      expect(shared.strategyId).toBeNull();
      expect(await matrixHeaders()).toEqual(expect.arrayContaining(['地域: 北部', '地域: 南部']));
      const renamed = await planner.inject({
        method: 'PATCH',
        url: `/api/tag-sets/${shared.id}`,
        payload: { version: shared.version, name: '地区' },
      });
      expect(renamed.statusCode).toBe(200);
      const headers = await matrixHeaders();
      expect(headers).toEqual(expect.arrayContaining(['地区: 北部', '地区: 南部']));
      expect(headers.some((h) => h.startsWith('地域'))).toBe(false);
      // Another municipality's shared set is none of this strategy's business.
      expect(headers.some((h) => h.startsWith('他町の分類'))).toBe(false);
      const removed = await planner.inject({
        method: 'DELETE',
        url: `/api/tag-sets/${shared.id}?version=${shared.version + 1}`,
      });
      expect(removed.statusCode).toBe(200);
      expect((await matrixHeaders()).some((h) => h.startsWith('地区'))).toBe(false);
    });
  });
}
