import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { importTargetSchema } from '../../core/import/import-target.ts';
import { ok } from '../../services/errors.ts';
import { planImport } from '../../services/import/import-commit.ts';
import { applyImportTemplate, saveImportTemplate } from '../../services/import/import-mapping.ts';
import {
  exportTemplate,
  importTemplateFile,
  listTemplates,
  removeTemplate,
} from '../../services/import/import-templates.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';

const idParams = z.strictObject({ id: z.string().min(1) });

/** Import templates and the choice of where an import goes (取込テンプレート・取込先). */
export function registerImportRoutes(
  app: FastifyInstance,
  docs: RouteDoc[],
  { db, scopes }: RouteDeps,
): void {
  addRoute(app, docs, {
    method: 'POST',
    url: '/api/imports/:id/plan',
    access: { action: 'imports.write', scope: scopes.import },
    tag: 'imports',
    summary:
      '取込先の案と確定したときの変更 (作成・更新・対象外、新規・変更・同じ指標と数値)。何も書き込まない / the plan of a commit with these choices; writes nothing',
    params: idParams,
    body: z.strictObject({ target: importTargetSchema.optional() }),
    handler: ({ params, body, ctx }) => planImport(db, ctx, params.id, body.target),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/imports/:id/template',
    access: { action: 'imports.write', scope: scopes.import },
    tag: 'imports',
    summary:
      '取込テンプレートを適用して認識し直す (見出し行が合わなければ 409 TEMPLATE_MISMATCH) / apply an import template (409 when the header rows differ)',
    params: idParams,
    body: z.strictObject({ version: z.number().int().min(1), templateId: z.string().min(1).max(100) }),
    responses: { 409: '見出しが合わない・版の衝突 / template does not fit, or version conflict' },
    handler: ({ params, body, ctx }) =>
      applyImportTemplate(db, ctx, params.id, body.version, body.templateId),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/imports/:id/as-template',
    access: { action: 'imports.write', scope: scopes.import },
    tag: 'imports',
    summary:
      'この取込の構造・列の修正を自治体の取込テンプレートとして保存 / save this import’s mapping as a template of the municipality',
    params: idParams,
    body: z.strictObject({
      name: z.string().trim().min(1).max(200),
      municipalityId: z.string().min(1).max(100).nullable().optional(),
      replaceVersion: z.number().int().min(1).optional(),
    }),
    responses: { 201: '保存した / saved', 409: '同名のテンプレートがある / a template has this name' },
    async handler({ params, body, ctx }) {
      const r = await saveImportTemplate(db, ctx, params.id, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/import-templates',
    access: { action: 'imports.write', scope: scopes.own },
    tag: 'imports',
    summary: '取込テンプレートの一覧 / import templates of the municipality',
    query: z.strictObject({ municipalityId: z.string().min(1).max(100).optional() }),
    async handler({ query, ctx }) {
      const r = await listTemplates(db, ctx, query.municipalityId ?? null);
      return r.ok ? ok({ items: r.value }) : r;
    },
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/import-templates',
    access: { action: 'imports.write', scope: scopes.own },
    tag: 'imports',
    summary: '取込テンプレートのファイル (JSON) を読み込む / import a template file (JSON)',
    query: z.strictObject({ municipalityId: z.string().min(1).max(100).optional() }),
    body: z.unknown(),
    responses: { 201: '読み込んだ / imported', 409: '同名のテンプレートがある / a template has this name' },
    async handler({ query, body, ctx }) {
      const r = await importTemplateFile(db, ctx, query.municipalityId ?? null, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/import-templates/:id',
    access: { action: 'imports.write', scope: scopes.importTemplate },
    tag: 'imports',
    summary: '取込テンプレートをファイル (JSON) として書き出す / export a template as a file (JSON)',
    params: idParams,
    handler: ({ params, ctx }) => exportTemplate(db, ctx, params.id),
  });

  addRoute(app, docs, {
    method: 'DELETE',
    url: '/api/import-templates/:id',
    access: { action: 'imports.write', scope: scopes.importTemplate },
    tag: 'imports',
    summary: '取込テンプレートを削除 / delete an import template',
    params: idParams,
    query: z.strictObject({ version: z.coerce.number().int().min(1) }),
    responses: { 409: '版の衝突 / version conflict' },
    handler: ({ params, query, ctx }) => removeTemplate(db, ctx, params.id, query.version),
  });
}
