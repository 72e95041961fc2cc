import type { Kysely } from 'kysely';
import type { ColumnOverride } from '../../core/import/column-overrides.ts';
import type { TableStructure } from '../../core/import/override-fields.ts';
import { type TemplateBody, templateOf } from '../../core/import/template.ts';
import { getImportRow } from '../../store/imports.ts';
import type { Database, ImportTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import { updateVersioned } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { fail, invalid, notFound, type Outcome, ok, versionConflict } from '../errors.ts';
import { runTask } from '../ops/offload.ts';
import { type ImportTemplateView, loadTemplate, saveTemplate } from './import-templates.ts';
import {
  type ImportPreview,
  importTask,
  OFFLOAD_CHARS,
  openPreview,
  previewFrom,
  previewOf,
  storedReport,
} from './imports.ts';
import type { Remapping } from './upload-reading.ts';

/**
 * Runs recognition again on the stored upload with corrected column mappings and stores the result
 * as the new preview (compare-and-set on the version: the preview shown before is superseded, and
 * commit writes exactly what was last shown). `overrides` is the whole list, replacing the last one.
 */
export async function remapImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  overrides: ColumnOverride[],
  structures?: TableStructure[],
): Promise<Outcome<ImportPreview>> {
  const open = await openPreview(db, ctx, id, version);
  if (!open.ok) return open;
  return remap(db, ctx, open.value, { overrides, ...(structures ? { structures } : {}) });
}

/**
 * Applies a stored template to a preview in one step: its header signature must fit the uploaded
 * file (else TEMPLATE_MISMATCH naming the sheet and the fix), then recognition runs again with its
 * structures and column corrections, and the preview says which template it was recognized with.
 */
export async function applyImportTemplate(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  templateId: string,
): Promise<Outcome<ImportPreview>> {
  const open = await openPreview(db, ctx, id, version);
  if (!open.ok) return open;
  const t = await loadTemplate(db, ctx, templateId);
  if (!t.ok) return t;
  return remap(db, ctx, open.value, {
    template: { id: t.value.id, name: t.value.name, body: t.value.body as TemplateBody },
  });
}

/** A new mapping of a stored upload: recognized again (in a worker when large), then stored. */
async function remap(
  db: Kysely<Database>,
  ctx: RequestContext,
  row: ImportTable,
  remapping: Remapping,
): Promise<Outcome<ImportPreview>> {
  const { id, version } = row;
  const done = await importTask(row.file_name, () =>
    runTask(
      'remapUpload',
      { reportJson: row.report_json, fileName: row.file_name, remapping },
      row.report_json.length >= OFFLOAD_CHARS,
    ),
  );
  if (!done.ok) return done;
  const r = done.value;
  if (r.kind === 'not-adjustable')
    return fail(
      'template' in remapping
        ? invalid(
            'templateId',
            '交換形式 (JSON) から作った取込にはテンプレートを使えません。ファイル (XLSX/CSV/TSV) をアップロードしてください',
            'A template cannot be applied to an import made from an interchange document (JSON); upload the file instead',
          )
        : invalid(
            'overrides',
            'この取込は交換形式 (JSON) から作られたため、列の対応付けは変えられません。ファイル (XLSX/CSV/TSV) をアップロードしてください',
            'This import was made from an interchange document (JSON); its column mapping cannot be adjusted. Upload the file (XLSX/CSV/TSV) instead',
          ),
    );
  if (r.kind === 'template-mismatch') return fail(r.error);
  const updated = await updateVersioned(db, 'imports', id, version, {
    document_json: r.built.documentJson,
    report_json: r.built.reportJson,
    updated_at: nowIso(ctx),
  });
  if (!updated.ok)
    return fail(
      updated.reason === 'conflict'
        ? versionConflict('取込 (import)', version, previewOf(updated.current))
        : notFound('取込 (import)', id),
    );
  return ok(previewFrom(updated.row, r.built.parts));
}

/**
 * Saves the mapping of an import (its structures and column corrections, with the header
 * signature of the rows they depend on) as a template of the municipality: the one named, else
 * the one a committed import went into, else the caller's.
 */
export async function saveImportTemplate(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  input: { name: string; municipalityId?: string | null; replaceVersion?: number },
): Promise<Outcome<ImportTemplateView>> {
  const row = await getImportRow(db, id);
  if (!row) return fail(notFound('取込 (import)', id));
  const denied = authorize(ctx, 'write', { municipalityId: row.municipality_id });
  if (denied) return fail(denied);
  const stored = storedReport(row);
  if (!stored.source)
    return fail(
      invalid(
        'id',
        '交換形式 (JSON) から作った取込はテンプレートにできません',
        'An import made from an interchange document (JSON) cannot be saved as a template',
      ),
    );
  // A committed import keeps its template with the municipality it was imported into.
  const committedTo = row.strategy_id
    ? ((await getStrategy(db, row.strategy_id))?.municipalityId ?? null)
    : null;
  const municipalityId = input.municipalityId ?? committedTo ?? row.municipality_id ?? ctx.municipalityId;
  if (!municipalityId)
    return fail(
      invalid(
        'municipalityId',
        'テンプレートを保存する自治体を選んでください',
        'Choose the municipality the template belongs to',
      ),
    );
  const tables =
    (stored.report as { tables?: { file: string; sheet: string | null; firstRow: number }[] } | undefined)
      ?.tables ?? [];
  const template = templateOf(stored.source, stored.structures ?? [], stored.overrides ?? [], tables);
  if (template.structures.length === 0 && template.overrides.length === 0)
    return fail(
      invalid(
        'id',
        'この取込には表の構造の指定も列の修正もないため、テンプレートにする内容がありません',
        'This import has no table structure or column correction to keep as a template',
      ),
    );
  return saveTemplate(db, ctx, {
    municipalityId,
    name: input.name,
    template,
    ...(input.replaceVersion != null ? { replaceVersion: input.replaceVersion } : {}),
  });
}
