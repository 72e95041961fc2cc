/**
 * Import templates (取込テンプレート) of a municipality: saved from a finished mapping, listed,
 * matched against an upload by header signature, applied in one step, exported and imported as
 * JSON files. The same functions serve the API and the CLI (`sousei import --template`).
 */
import type { Kysely } from 'kysely';
import type { ColumnOverride } from '../../core/import/column-overrides.ts';
import type { GridWorkbook } from '../../core/import/grid.ts';
import type { TableStructure } from '../../core/import/override-fields.ts';
import { applyTemplate, matchTemplate, type TemplateBody, templateOf } from '../../core/import/template.ts';
import { TEMPLATE_FORMAT, type TemplateFile, templateFileSchema } from '../../core/import/template-schema.ts';
import {
  deleteImportTemplate,
  findImportTemplateByName,
  getImportTemplateRow,
  type ImportTemplateRecord,
  insertImportTemplate,
  listImportTemplates,
  toImportTemplate,
} from '../../store/import-templates.ts';
import type { Database } from '../../store/schema.ts';
import { updateVersioned } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { type AppError, fail, invalid, notFound, type Outcome, ok, versionConflict } from '../errors.ts';
import { zodIssues } from '../validation.ts';
import { recordChange } from '../versioned-write.ts';

/** A template as the API lists it. */
export interface ImportTemplateView {
  id: string;
  name: string;
  version: number;
  municipalityId: string;
  /** Sheets and header rows that identify the shape. */
  signature: { sheet: string | null; rows: number[] }[];
  tables: number;
  overrides: number;
  createdAt: string;
  updatedAt: string;
}

function view(rec: ImportTemplateRecord): ImportTemplateView {
  const body = rec.body as TemplateBody;
  return {
    id: rec.id,
    name: rec.name,
    version: rec.version,
    municipalityId: rec.municipalityId,
    signature: (body.signature ?? []).map((p) => ({ sheet: p.sheet, rows: p.rows })),
    tables: body.structures?.length ?? 0,
    overrides: body.overrides?.length ?? 0,
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
  };
}

const signatureText = (body: TemplateBody) => body.signature.map((p) => p.key).join('\n');

/**
 * Reads a template file (JSON): the format, version and body are checked, every problem named
 * with its field.
 *
 * @example readTemplateFile(JSON.parse(text)) // { ok: true, value: { name, template } }
 */
export function readTemplateFile(input: unknown): Outcome<TemplateFile> {
  const parsed = templateFileSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return fail({
    code: 'INVALID_INPUT',
    message: `取込テンプレートのファイルとして読めません (形式 ${TEMPLATE_FORMAT}、版 1)。各項目の指摘を直してください`,
    messageEn: `Not an import template file (format ${TEMPLATE_FORMAT}, version 1); fix the fields listed`,
    place: { field: 'template' },
    details: zodIssues(parsed.error),
  });
}

/** The failure for a template whose header signature the file does not have. */
export function templateMismatch(
  name: string,
  fileName: string,
  m: { sheet: string | null; expected: string; found: string },
): AppError {
  const sheet = m.sheet ? `シート「${m.sheet}」の` : '';
  return {
    code: 'TEMPLATE_MISMATCH',
    message: `取込テンプレート「${name}」はファイル「${fileName}」の形に合いません (${sheet}見出し行が違います)。テンプレートを使わずに取り込むか、表の構造を指定してください`,
    messageEn: `Import template '${name}' does not fit '${fileName}' (${m.sheet ? `sheet '${m.sheet}': ` : ''}the header rows differ); import without it or set the table structure`,
    place: { file: fileName, sheet: m.sheet },
    details: { expected: m.expected, found: m.found },
  };
}

/**
 * The recognition options of a template for an uploaded workbook, or the mismatch. Never applies a
 * template to a file whose header rows differ.
 *
 * @example templateOptions(workbook, 'kpi-2025.csv', { name: 'KPI表', template }) // ok: { structures, columnOverrides, shift }
 */
export function templateOptions(
  workbook: GridWorkbook,
  fileName: string,
  t: { name: string; template: TemplateBody },
): Outcome<{ structures: TableStructure[]; columnOverrides: ColumnOverride[]; shift: number }> {
  const m = matchTemplate(workbook, t.template);
  if (!m.matched) return fail(templateMismatch(t.name, fileName, m));
  return ok({ ...applyTemplate(t.template, fileName, m.shift), shift: m.shift });
}

/** A stored template offered to an upload: its id, name and body. */
export interface TemplateCandidate {
  id: string;
  name: string;
  body: TemplateBody;
}

/**
 * The templates an upload is checked against: the caller's municipality's, or for an
 * administrator (no municipality) every municipality's, those the caller may write with.
 */
export async function templateCandidates(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<TemplateCandidate[]> {
  return (await listImportTemplates(db, ctx.municipalityId))
    .filter((t) => !authorize(ctx, 'write', { municipalityId: t.municipalityId }))
    .map((t) => ({ id: t.id, name: t.name, body: t.body as TemplateBody }));
}

/** The candidates whose header signature fits a workbook, with the row shift. */
export function matchingTemplates(
  workbook: GridWorkbook,
  candidates: readonly TemplateCandidate[],
): { id: string; name: string; shift: number }[] {
  const out: { id: string; name: string; shift: number }[] = [];
  for (const t of candidates) {
    const m = matchTemplate(workbook, t.body);
    if (m.matched) out.push({ id: t.id, name: t.name, shift: m.shift });
  }
  return out;
}

/** A stored template the caller may use. */
export async function loadTemplate(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<Outcome<ImportTemplateRecord>> {
  const row = await getImportTemplateRow(db, id);
  if (!row) return fail(notFound('取込テンプレート (import template)', id));
  const denied = authorize(ctx, 'read', { municipalityId: row.municipality_id });
  if (denied) return fail(denied);
  return ok(toImportTemplate(row));
}

/** The templates of the caller's municipality (an administrator: of the one named, or of all). */
export async function listTemplates(
  db: Kysely<Database>,
  ctx: RequestContext,
  municipalityId: string | null,
): Promise<Outcome<ImportTemplateView[]>> {
  const m = municipalityId ?? ctx.municipalityId;
  if (m) {
    const denied = authorize(ctx, 'read', { municipalityId: m });
    if (denied) return fail(denied);
  }
  // No municipality named (an administrator): every template the caller may read.
  const all = await listImportTemplates(db, m);
  return ok(all.filter((t) => !authorize(ctx, 'read', { municipalityId: t.municipalityId })).map(view));
}

/**
 * Saves a template for a municipality: a new one, or a new version of the one with the same name
 * (compare-and-set on `replaceVersion` when given; without it an existing name is refused).
 */
export async function saveTemplate(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: { municipalityId: string; name: string; template: TemplateBody; replaceVersion?: number },
): Promise<Outcome<ImportTemplateView>> {
  const denied = authorize(ctx, 'write', { municipalityId: input.municipalityId });
  if (denied) return fail(denied);
  const name = input.name.trim();
  if (!name) return fail(invalid('name', 'テンプレート名を入力してください', 'Give the template a name'));
  if (input.template.signature.every((p) => !p.key))
    return fail(
      invalid(
        'template.signature',
        '見出し行が空のため、テンプレートとして保存できません。表の見出し行を指定してください',
        'The header rows are empty, so the template could not recognize the file; choose the header rows of the table',
      ),
    );
  const now = nowIso(ctx);
  return db.transaction().execute(async (trx) => {
    const existing = await findImportTemplateByName(trx, input.municipalityId, name);
    let rec: ImportTemplateRecord;
    if (existing) {
      if (input.replaceVersion == null)
        return fail<ImportTemplateView>({
          code: 'ALREADY_EXISTS',
          message: `取込テンプレート「${name}」は既にあります。別の名前にするか、上書きを選んでください`,
          messageEn: `An import template named '${name}' exists; choose another name or replace it`,
          place: { field: 'name' },
          current: view(existing),
        });
      const updated = await updateVersioned(trx, 'import_templates', existing.id, input.replaceVersion, {
        body_json: JSON.stringify(input.template),
        signature: signatureText(input.template),
        updated_at: now,
      });
      if (!updated.ok)
        return fail<ImportTemplateView>(
          updated.reason === 'conflict'
            ? versionConflict(
                '取込テンプレート (import template)',
                input.replaceVersion,
                view(toImportTemplate(updated.current)),
              )
            : notFound('取込テンプレート (import template)', existing.id),
        );
      rec = toImportTemplate(updated.row);
    } else
      rec = await insertImportTemplate(
        trx,
        {
          municipalityId: input.municipalityId,
          name,
          signature: signatureText(input.template),
          body: input.template,
          createdBy: ctx.actor.id,
        },
        now,
      );
    await recordChange(trx, ctx, now, {
      municipalityId: input.municipalityId,
      entityType: 'import_template',
      entityId: rec.id,
      action: existing ? 'update' : 'create',
      before: existing ? { version: existing.version } : null,
      after: { name, version: rec.version, tables: input.template.structures.length },
    });
    return ok(view(rec));
  });
}

/** A template as a file to download (import it elsewhere, or give it to the CLI). */
export async function exportTemplate(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<Outcome<TemplateFile>> {
  const t = await loadTemplate(db, ctx, id);
  if (!t.ok) return t;
  return ok({
    format: TEMPLATE_FORMAT,
    version: 1,
    name: t.value.name,
    template: t.value.body as TemplateFile['template'],
  });
}

/** Imports a template file into a municipality (a new template; an existing name is refused). */
export async function importTemplateFile(
  db: Kysely<Database>,
  ctx: RequestContext,
  municipalityId: string | null,
  input: unknown,
): Promise<Outcome<ImportTemplateView>> {
  const file = readTemplateFile(input);
  if (!file.ok) return file;
  const m = municipalityId ?? ctx.municipalityId;
  if (!m) return fail(invalid('municipalityId', '自治体を指定してください', 'Name the municipality'));
  return saveTemplate(db, ctx, {
    municipalityId: m,
    name: file.value.name,
    template: file.value.template as TemplateBody,
  });
}

/** Deletes a template (compare-and-set on its version). */
export async function removeTemplate(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
): Promise<Outcome<{ deleted: true }>> {
  const row = await getImportTemplateRow(db, id);
  if (!row) return fail(notFound('取込テンプレート (import template)', id));
  const denied = authorize(ctx, 'write', { municipalityId: row.municipality_id });
  if (denied) return fail(denied);
  return db.transaction().execute(async (trx) => {
    if (!(await deleteImportTemplate(trx, id, version)))
      return fail<{ deleted: true }>(
        versionConflict('取込テンプレート (import template)', version, view(toImportTemplate(row))),
      );
    await recordChange(trx, ctx, nowIso(ctx), {
      municipalityId: row.municipality_id,
      entityType: 'import_template',
      entityId: id,
      action: 'delete',
      before: { name: row.name, version: row.version },
      after: null,
    });
    return ok({ deleted: true as const });
  });
}

/** The template of a finished mapping (re-exported for the import use cases). */
export { templateOf };
