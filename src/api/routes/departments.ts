import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ok } from '../../services/errors.ts';
import {
  createDepartment,
  municipalityDepartments,
  renameDepartmentChecked,
} from '../../services/strategy/departments.ts';
import { editTagSet, removeTagSet } from '../../services/strategy/tag-sets.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import { deletedAnswer, tagSetAnswer } from './admin.answers.ts';
import { departmentAnswer, departmentsAnswer } from './departments.answers.ts';
import type { RouteDeps } from './deps.ts';

const idParams = z.strictObject({ id: z.string().min(1) });
const name = z.string().trim().min(1).max(200);
const version = z.number().int().min(1);

/**
 * Settings of a municipality: 担当課 (departments, with renames over time) and the editing and
 * deletion of 分類 (tag sets). Planners and administrators only (settings.write).
 */
export function registerDepartmentRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  const { municipality, department, tagSet } = scopes;

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/municipalities/:id/departments',
    tag: 'departments',
    summary: '担当課の一覧 (以前の課名と年度つき) / departments with their former names and years',
    params: idParams,
    responses: { 404: '見つからない / not found' },
    access: { action: 'settings.write', scope: municipality },
    answer: departmentsAnswer,
    handler: ({ params, ctx }) => municipalityDepartments(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/municipalities/:id/departments',
    tag: 'departments',
    summary: '担当課を作成 / create a department',
    params: idParams,
    body: z.strictObject({ name }),
    responses: {
      201: '作成 / created',
      404: '見つからない / not found',
      409: '同名の課がある / a department has this name (now or formerly)',
    },
    access: { action: 'settings.write', scope: municipality },
    answer: departmentAnswer,
    async handler({ params, body, ctx }) {
      const r = await createDepartment(db, ctx, params.id, body.name);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/departments/:id',
    tag: 'departments',
    summary:
      '課名変更 (版チェック、旧課名は変更年度つきで保持) / rename a department, compare-and-set on version; the former name is kept with the fiscal year of the change',
    params: idParams,
    body: z.strictObject({
      version,
      name,
      /** First fiscal year of the new name (default: the current fiscal year). */
      fromYear: z.number().int().min(1900).max(2200).optional(),
    }),
    responses: {
      404: '見つからない / not found',
      409: '版の衝突・同名の課 / version conflict, or the name is taken',
    },
    access: { action: 'settings.write', scope: department },
    answer: departmentAnswer,
    handler: ({ params, body, ctx }) =>
      renameDepartmentChecked(db, ctx, params.id, body.version, {
        name: body.name,
        ...(body.fromYear !== undefined ? { fromYear: body.fromYear } : {}),
      }),
  });

  addRoute(app, docs, {
    method: 'PATCH',
    url: '/api/tag-sets/:id',
    tag: 'tag-sets',
    summary:
      '分類の名前・タグを編集 (版チェック。id つきのタグは改名、id なしは追加、送らなかったタグは削除) / edit a tag set: rename it; tags with an id are renamed, without one added, omitted ones removed (refused while in use)',
    params: idParams,
    body: z.strictObject({
      version,
      name: name.optional(),
      tags: z
        .array(z.strictObject({ id: z.string().min(1).optional(), name }))
        .max(500)
        .optional(),
    }),
    responses: {
      404: '見つからない / not found',
      409: '版の衝突・使用中のタグ / version conflict, or a removed tag is in use',
    },
    access: { action: 'settings.write', scope: tagSet },
    answer: tagSetAnswer,
    handler: ({ params, body, ctx }) =>
      editTagSet(db, ctx, params.id, body.version, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.tags !== undefined ? { tags: body.tags } : {}),
      }),
  });

  addRoute(app, docs, {
    method: 'DELETE',
    url: '/api/tag-sets/:id',
    tag: 'tag-sets',
    summary:
      '分類を削除 (版チェック。事業・指標に使われている間は拒否) / delete a tag set, compare-and-set on version; refused while its tags are in use',
    params: idParams,
    query: z.strictObject({ version: z.coerce.number().int().min(1) }),
    responses: {
      404: '見つからない / not found',
      409: '版の衝突・使用中 / version conflict, or in use',
    },
    access: { action: 'settings.write', scope: tagSet },
    answer: deletedAnswer,
    handler: ({ params, query, ctx }) => removeTagSet(db, ctx, params.id, query.version),
  });
}
