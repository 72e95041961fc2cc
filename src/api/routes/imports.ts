import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OVERRIDE_FIELDS } from '../../core/import/column-overrides.ts';
import { importTargetSchema } from '../../core/import/import-target.ts';
import { tableStructureSchema } from '../../core/import/template-schema.ts';
import { ok } from '../../services/errors.ts';
import { commitImport, planImport } from '../../services/import/import-commit.ts';
import {
  applyImportTemplate,
  remapImport,
  saveImportTemplate,
} from '../../services/import/import-mapping.ts';
import { previewImport } from '../../services/import/import-preview.ts';
import {
  exportTemplate,
  type ImportTemplateView,
  importTemplateFile,
  listTemplates,
  removeTemplate,
} from '../../services/import/import-templates.ts';
import { getImport, type ImportPreview } from '../../services/import/imports.ts';
import type { Fits, Holds } from '../answers.ts';
import { addRoute, Http, type RouteDoc } from '../route.ts';
import type { RouteDeps } from './deps.ts';
import {
  type ImportPreviewAnswer,
  type ImportTemplateAnswer,
  importCommitAnswer,
  importPlanChoicesAnswer,
  importPreviewAnswer,
  importPreviewWithDocumentAnswer,
  importTemplateAnswer,
  importTemplateFileAnswer,
  importTemplatesAnswer,
  templateDeletedAnswer,
} from './imports.answers.ts';

// The services' types and the answer schemas fit each other: a field added on one side only fails tsc.
export type Checked = [
  Holds<Fits<ImportPreview, ImportPreviewAnswer>>,
  Holds<Fits<ImportTemplateView, ImportTemplateAnswer>>,
];

const idParams = z.strictObject({ id: z.string().min(1) });

/**
 * Imports (取込): upload and preview, the column mapping and structure, where the import goes and
 * the commit; then the municipality's import templates.
 */
export function registerImportRoutes(app: FastifyInstance, docs: RouteDoc[], deps: RouteDeps): void {
  registerUploadRoutes(app, docs, deps);
  registerTargetRoutes(app, docs, deps);
  registerTemplateRoutes(app, docs, deps);
}

/** Upload → preview → corrected mapping → commit. */
function registerUploadRoutes(app: FastifyInstance, docs: RouteDoc[], { db, scopes }: RouteDeps): void {
  addRoute(app, docs, {
    method: 'POST',
    url: '/api/imports',
    access: { action: 'imports.write', scope: scopes.own },
    tag: 'imports',
    summary:
      'ファイルをアップロードしてプレビュー (XLSX/CSV/TSV は application/octet-stream と ?fileName=、交換形式は JSON) / upload → preview',
    query: z.strictObject({
      fileName: z.string().min(1).max(255).optional(),
      templateId: z.string().min(1).max(100).optional(),
    }),
    binaryBody: true,
    responses: {
      201: 'プレビュー / preview stored',
      413: '20 MB 超 / too large',
      415: '未対応の形式 / unsupported media type',
    },
    answer: importPreviewAnswer,
    async handler({ query, body, ctx, request }) {
      const isJson = (request.headers['content-type'] ?? '').startsWith('application/json');
      const fileName = query.fileName ?? (isJson ? 'document.json' : 'upload');
      const r = Buffer.isBuffer(body)
        ? await previewImport(db, ctx, {
            fileName,
            bytes: body,
            ...(query.templateId ? { templateId: query.templateId } : {}),
          })
        : await previewImport(db, ctx, { fileName, document: body });
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });

  addRoute(app, docs, {
    method: 'GET',
    url: '/api/imports/:id',
    access: { action: 'imports.write', scope: scopes.import },
    tag: 'imports',
    summary: 'プレビュー (対応付け・警告・網羅率) / the stored preview',
    params: idParams,
    query: z.strictObject({ document: z.enum(['true', 'false']).optional() }),
    answer: importPreviewWithDocumentAnswer,
    handler: ({ params, query, ctx }) => getImport(db, ctx, params.id, query.document === 'true'),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/imports/:id/mapping',
    access: { action: 'imports.write', scope: scopes.import },
    tag: 'imports',
    summary:
      '列の対応付けを修正して認識し直す (新しいプレビュー、版が上がる) / re-recognize the stored upload with column overrides (a new preview supersedes the old)',
    params: idParams,
    body: z.strictObject({
      version: z.number().int().min(1),
      overrides: z
        .array(
          z.strictObject({
            file: z.string().max(255),
            sheet: z.string().max(255).nullable(),
            table: z.union([z.number().int().min(0), z.strictObject({ firstRow: z.number().int().min(1) })]),
            column: z.number().int().min(1).max(16384),
            field: z.enum(OVERRIDE_FIELDS),
            fiscalYear: z.number().int().min(1900).max(2200).optional(),
          }),
        )
        .max(2000),
      structures: z.array(tableStructureSchema).max(50).optional(),
    }),
    responses: { 409: '確定済み・版の衝突 / already committed or version conflict' },
    answer: importPreviewAnswer,
    handler: ({ params, body, ctx }) =>
      remapImport(db, ctx, params.id, body.version, body.overrides, body.structures),
  });

  addRoute(app, docs, {
    method: 'POST',
    url: '/api/imports/:id/commit',
    access: { action: 'imports.write', scope: scopes.import },
    tag: 'imports',
    summary:
      'プレビューした内容を取込先 (自治体・総合戦略・期間) を指定して確定 (全部か無し)。同じ総合戦略へは更新 / commit exactly the previewed document into the chosen municipality and strategies, all or nothing; into an existing strategy it updates',
    params: idParams,
    body: z.strictObject({ version: z.number().int().min(1), target: importTargetSchema.optional() }),
    responses: { 409: '確定済み・版の衝突 / already committed or version conflict' },
    answer: importCommitAnswer,
    handler: ({ params, body, ctx }) => commitImport(db, ctx, params.id, body.version, body.target),
  });
}

/** Where an import goes, and applying or saving a template on one import. */
function registerTargetRoutes(app: FastifyInstance, docs: RouteDoc[], { db, scopes }: RouteDeps): void {
  addRoute(app, docs, {
    method: 'POST',
    url: '/api/imports/:id/plan',
    access: { action: 'imports.write', scope: scopes.import },
    tag: 'imports',
    summary:
      '取込先の案と確定したときの変更 (作成・更新・対象外、新規・変更・同じ指標と数値)。何も書き込まない / the plan of a commit with these choices; writes nothing',
    params: idParams,
    body: z.strictObject({ target: importTargetSchema.optional() }),
    answer: importPlanChoicesAnswer,
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
    answer: importPreviewAnswer,
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
    answer: importTemplateAnswer,
    async handler({ params, body, ctx }) {
      const r = await saveImportTemplate(db, ctx, params.id, body);
      return r.ok ? ok(new Http(201, r.value)) : r;
    },
  });
}

/** The municipality's import templates: listed, read from a file, exported, deleted. */
function registerTemplateRoutes(app: FastifyInstance, docs: RouteDoc[], { db, scopes }: RouteDeps): void {
  addRoute(app, docs, {
    method: 'GET',
    url: '/api/import-templates',
    access: { action: 'imports.write', scope: scopes.own },
    tag: 'imports',
    summary: '取込テンプレートの一覧 / import templates of the municipality',
    query: z.strictObject({ municipalityId: z.string().min(1).max(100).optional() }),
    answer: importTemplatesAnswer,
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
    answer: importTemplateAnswer,
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
    answer: importTemplateFileAnswer,
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
    answer: templateDeletedAnswer,
    handler: ({ params, query, ctx }) => removeTemplate(db, ctx, params.id, query.version),
  });
}
