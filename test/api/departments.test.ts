/**
 * Settings over HTTP on both databases: 担当課 (create, rename with the former name kept, stale
 * versions) and 分類 (tag set edit and delete, refused while in use), with the audit log.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { departmentIdsNamed } from '../../src/store/departments.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

interface DepartmentJson {
  id: string;
  municipalityId: string;
  name: string;
  names: { name: string; fromYear: number | null; toYear: number | null }[];
  version: number;
}
interface TagSetJson {
  id: string;
  name: string;
  version: number;
  tags: { id: string; name: string }[];
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`departments and tag sets on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let municipalityId: string;
    let planner: Client;
    let editor: Client;
    let viewer: Client;
    let admin: Client;
    let otherPlanner: Client;

    const audit = async (entityId: string) =>
      t.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type'])
        .where('entity_id', '=', entityId)
        .execute();

    beforeAll(async () => {
      t = await dialect.open();
      municipalityId = (await insertMunicipality(t.db, { name: '甲市' }, new Date().toISOString())).id;
      const r = await importDocument(t.db, systemContext({ municipalityId }), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const other = (await insertMunicipality(t.db, { name: '乙町' }, new Date().toISOString())).id;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId });
      editor = await signedInClient(app, t.db, { role: 'editor', municipalityId });
      viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId });
      admin = await signedInClient(app, t.db, { role: 'admin' });
      otherPlanner = await signedInClient(app, t.db, { role: 'planner', municipalityId: other });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('lists the departments of the municipality; creates one, refusing a taken name', async () => {
      const list = await planner.inject(`/api/municipalities/${municipalityId}/departments`);
      expect(list.statusCode).toBe(200);
      expect((list.json() as DepartmentJson[]).map((d) => d.name).sort()).toEqual([
        '企画政策課',
        '商工観光課',
      ]);
      const res = await planner.inject({
        method: 'POST',
        url: `/api/municipalities/${municipalityId}/departments`,
        payload: { name: '  観光交流課 ' },
      });
      expect(res.statusCode).toBe(201);
      const d = res.json() as DepartmentJson;
      expect(d).toMatchObject({ name: '観光交流課', version: 1, municipalityId });
      expect(await audit(d.id)).toEqual([{ action: 'create', entity_type: 'department' }]);
      const again = await planner.inject({
        method: 'POST',
        url: `/api/municipalities/${municipalityId}/departments`,
        payload: { name: '観光交流課' },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.place.field).toBe('name');
      const bad = await planner.inject({
        method: 'POST',
        url: `/api/municipalities/${municipalityId}/departments`,
        payload: { name: '', extra: 1 },
      });
      expect(bad.statusCode).toBe(400);
      const paths = (bad.json().error.details as { path: string }[]).map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['name']));
      for (const c of [editor, viewer, otherPlanner])
        expect((await c.inject(`/api/municipalities/${municipalityId}/departments`)).statusCode).toBe(403);
      expect((await admin.inject(`/api/municipalities/${municipalityId}/departments`)).statusCode).toBe(200);
      expect((await admin.inject('/api/municipalities/nowhere/departments')).statusCode).toBe(404);
    });

    it('renames a department: the former name is kept with its years and still resolves', async () => {
      const list = (await planner.inject(`/api/municipalities/${municipalityId}/departments`)).json();
      const shoko = (list as DepartmentJson[]).find((d) => d.name === '商工観光課')!;
      const res = await planner.inject({
        method: 'PATCH',
        url: `/api/departments/${shoko.id}`,
        payload: { version: shoko.version, name: '産業振興課', fromYear: 2024 },
      });
      expect(res.statusCode).toBe(200);
      const d = res.json() as DepartmentJson;
      expect(d.name).toBe('産業振興課');
      expect(d.version).toBe(shoko.version + 1);
      expect(d.names).toEqual([
        { name: '商工観光課', fromYear: null, toYear: 2023 },
        { name: '産業振興課', fromYear: 2024, toYear: null },
      ]);
      expect(await departmentIdsNamed(t.db, municipalityId, '商工観光課')).toEqual([shoko.id]);
      expect(await departmentIdsNamed(t.db, municipalityId, '産業振興課')).toEqual([shoko.id]);
      expect(await audit(shoko.id)).toContainEqual({ action: 'update', entity_type: 'department' });

      const stale = await planner.inject({
        method: 'PATCH',
        url: `/api/departments/${shoko.id}`,
        payload: { version: shoko.version, name: '別の課' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      expect(stale.json().error.current).toMatchObject({ name: '産業振興課', version: d.version });

      const kikaku = (list as DepartmentJson[]).find((x) => x.name === '企画政策課')!;
      const taken = await planner.inject({
        method: 'PATCH',
        url: `/api/departments/${kikaku.id}`,
        payload: { version: kikaku.version, name: '商工観光課' },
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.code).toBe('ALREADY_EXISTS');
      for (const c of [editor, viewer, otherPlanner]) {
        const r = await c.inject({
          method: 'PATCH',
          url: `/api/departments/${kikaku.id}`,
          payload: { version: kikaku.version, name: 'x' },
        });
        expect(r.statusCode).toBe(403);
      }
      const missing = await planner.inject({
        method: 'PATCH',
        url: '/api/departments/nope',
        payload: { version: 1, name: 'x' },
      });
      expect(missing.statusCode).toBe(404);
    });

    it('edits a tag set: renames it, renames, adds and removes tags; refuses removing a used tag', async () => {
      const sets = (await planner.inject('/api/tag-sets')).json().items as TagSetJson[];
      const set = sets.find((s) => s.name === '新たな視点')!;
      const [digital, green] = set.tags as [TagSetJson['tags'][0], TagSetJson['tags'][0]];
      const renamed = await planner.inject({
        method: 'PATCH',
        url: `/api/tag-sets/${set.id}`,
        payload: {
          version: set.version,
          name: '重点視点',
          tags: [{ id: digital.id, name: 'DX' }, { id: green.id, name: 'グリーン' }, { name: '人材' }],
        },
      });
      expect(renamed.statusCode).toBe(200);
      const after = renamed.json() as TagSetJson;
      expect(after.name).toBe('重点視点');
      expect(after.version).toBe(set.version + 1);
      expect(after.tags.map((x) => x.name)).toEqual(['DX', 'グリーン', '人材']);
      expect(after.tags[0]!.id).toBe(digital.id);
      expect(await audit(set.id)).toContainEqual({ action: 'update', entity_type: 'tag_set' });

      const used = await planner.inject({
        method: 'PATCH',
        url: `/api/tag-sets/${set.id}`,
        payload: { version: after.version, tags: [{ id: digital.id, name: 'DX' }] },
      });
      expect(used.statusCode).toBe(409);
      expect(used.json().error.message).toContain('グリーン');
      expect(used.json().error.code).toBe('IN_USE');
      expect(used.json().error.messageEn).toContain('in use');

      const removeFree = await planner.inject({
        method: 'PATCH',
        url: `/api/tag-sets/${set.id}`,
        payload: {
          version: after.version,
          tags: [
            { id: digital.id, name: 'DX' },
            { id: green.id, name: 'グリーン' },
          ],
        },
      });
      expect(removeFree.statusCode).toBe(200);
      expect((removeFree.json() as TagSetJson).tags.map((x) => x.name)).toEqual(['DX', 'グリーン']);

      const stale = await planner.inject({
        method: 'PATCH',
        url: `/api/tag-sets/${set.id}`,
        payload: { version: set.version, name: 'x' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.current).toMatchObject({ name: '重点視点' });
      const dup = await planner.inject({
        method: 'PATCH',
        url: `/api/tag-sets/${set.id}`,
        payload: { version: set.version + 2, tags: [{ name: 'a' }, { name: 'a' }] },
      });
      expect(dup.statusCode).toBe(400);
      for (const c of [editor, viewer, otherPlanner]) {
        const r = await c.inject({
          method: 'PATCH',
          url: `/api/tag-sets/${set.id}`,
          payload: { version: set.version + 2, name: 'x' },
        });
        expect(r.statusCode).toBe(403);
      }
    });

    it('deletes a tag set with a version check; refuses while its tags are in use', async () => {
      const sets = (await planner.inject('/api/tag-sets')).json().items as TagSetJson[];
      const usedSet = sets.find((s) => s.name === '重点視点')!;
      const refused = await planner.inject({
        method: 'DELETE',
        url: `/api/tag-sets/${usedSet.id}?version=${usedSet.version}`,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toContain('削除できません');
      expect(refused.json().error.code).toBe('IN_USE');
      expect(refused.json().error.messageEn).toContain('in use');
      expect((await planner.inject('/api/tag-sets')).json().items).toHaveLength(sets.length);

      const created = await planner.inject({
        method: 'POST',
        url: '/api/tag-sets',
        payload: { municipalityId, name: '地域', tags: ['北部', '南部'] },
      });
      const free = created.json() as TagSetJson;
      const stale = await planner.inject({ method: 'DELETE', url: `/api/tag-sets/${free.id}?version=9` });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      expect(
        (await viewer.inject({ method: 'DELETE', url: `/api/tag-sets/${free.id}?version=1` })).statusCode,
      ).toBe(403);
      const del = await planner.inject({ method: 'DELETE', url: `/api/tag-sets/${free.id}?version=1` });
      expect(del.statusCode).toBe(200);
      expect(del.json()).toEqual({ deleted: free.id });
      expect(await t.db.selectFrom('tags').select('id').where('tag_set_id', '=', free.id).execute()).toEqual(
        [],
      );
      expect(await audit(free.id)).toContainEqual({ action: 'delete', entity_type: 'tag_set' });
      expect(
        (await planner.inject({ method: 'DELETE', url: `/api/tag-sets/${free.id}?version=1` })).statusCode,
      ).toBe(404);
    });
  });
}
