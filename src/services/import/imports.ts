import type { Kysely } from 'kysely';
import type { ColumnOverride } from '../../core/import/column-overrides.ts';
import type { GridWorkbook } from '../../core/import/grid.ts';
import type { ImportTarget } from '../../core/import/import-target.ts';
import type { TableStructure } from '../../core/import/override-fields.ts';
import type { RecognizeResult } from '../../core/import/recognize.ts';
import type { TemplateBody } from '../../core/import/template.ts';
import { templateOf } from '../../core/import/template.ts';
import type { Issue } from '../../core/issue.ts';
import {
  getImportRow,
  type ImportRecord,
  insertImport,
  markImportCommitted,
  toImport,
} from '../../store/imports.ts';
import type { Database } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import { updateVersioned } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { poolFailure, runTask } from '../ops/offload.ts';
import { applied, recordChange } from '../versioned-write.ts';
import { writePlanned } from './import-apply.ts';
import { checkDocument, type ImportSummary } from './import-document.ts';
import { type ImportChoices, type ImportPlan, importChoices, planTarget } from './import-target.ts';
import {
  type ImportTemplateView,
  loadTemplate,
  matchingTemplates,
  saveTemplate,
  templateOptions,
} from './import-templates.ts';
import type { UploadReading } from './upload-reading.ts';

/** Uploads from this size on are read and recognized in a worker (services/ops/offload.ts). */
const OFFLOAD_BYTES = 256 * 1024;
/** Stored uploads from this many rows on are recognized again in a worker. */
const OFFLOAD_ROWS = 5_000;

/** What a preview shows before anything is committed. */
export interface ImportPreview {
  id: string;
  version: number;
  fileName: string;
  state: ImportRecord['state'];
  /** Counts, coverage, the tables found (the mapping) and warnings with their place. */
  report: unknown;
  issues: Issue[];
  /** The corrections of the column mapping this preview was recognized with. */
  overrides: ColumnOverride[];
  /** True when the mapping can be adjusted (the preview was recognized from a file). */
  adjustable: boolean;
  /**
   * An error that blocks the commit (NO_INDICATORS: recognition found no indicator; the message
   * names what it found instead), or null. Commit refuses with the same code.
   */
  blocking: Issue | null;
  /** Tables whose structure was set by hand (header rows, data rows, column roles). */
  structures: TableStructure[];
  /** The template this preview was recognized with, and the row shift it was found at. */
  template: { id: string | null; name: string; shift: number } | null;
  /** The municipality's templates whose header signature fits the file (none applied silently). */
  templates: { id: string; name: string; shift: number }[];
  /** The first rows of each sheet as read, to choose header and data rows (adjustable previews). */
  grid: GridPreview[];
}

/** The first rows and columns of a sheet, as cells of text. */
export interface GridPreview {
  file: string;
  sheet: string | null;
  rows: { row: number; cells: string[] }[];
  /** Rows of the sheet in all (those shown are the first). */
  totalRows: number;
}

/** Rows, columns and characters per cell the preview grid shows. */
const GRID_ROWS = 60;
const GRID_COLUMNS = 30;
const GRID_CELL = 60;

function gridOf(source: GridWorkbook | undefined): GridPreview[] {
  if (!source) return [];
  return source.sheets.map((s) => ({
    file: s.file,
    sheet: s.name,
    totalRows: s.rows.length,
    rows: s.rows.slice(0, GRID_ROWS).map((r) => {
      const cells = r.cells
        .slice(0, GRID_COLUMNS)
        .map((c) => (typeof c === 'string' ? c.trim().slice(0, GRID_CELL) : ''));
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      return { row: r.row, cells };
    }),
  }));
}

/**
 * What is stored beside the document: the report shown, the issues, and for an uploaded file the
 * cells read from it (`source`) with the reading issues, so recognition can run again with
 * corrected column mappings without the file being sent again.
 */
interface StoredReport {
  report?: unknown;
  issues?: Issue[];
  readIssues?: Issue[];
  overrides?: ColumnOverride[];
  structures?: TableStructure[];
  template?: { id: string | null; name: string; shift: number } | null;
  templates?: { id: string; name: string; shift: number }[];
  source?: GridWorkbook;
}

/** The issue that blocks committing a recognized file (no indicator came out), if any. */
function blockingIssue(report: StoredReport | null): Issue | null {
  return report?.issues?.find((i) => i.code === 'NO_INDICATORS' && i.severity === 'error') ?? null;
}

const previewOf = (rec: ImportRecord): ImportPreview => {
  const report = rec.report as StoredReport | null;
  return {
    id: rec.id,
    version: rec.version,
    fileName: rec.fileName,
    state: rec.state,
    report: report?.report ?? null,
    issues: report?.issues ?? [],
    overrides: report?.overrides ?? [],
    adjustable: report?.source != null,
    blocking: blockingIssue(report),
    structures: report?.structures ?? [],
    template: report?.template ?? null,
    templates: report?.templates ?? [],
    grid: gridOf(report?.source),
  };
};

/**
 * Reads an uploaded file (XLSX, CSV, TSV; bytes → cells → recognition) or takes an interchange
 * document (JSON), and stores the result as a preview. Commit later imports exactly this stored
 * document, so what was shown is what is written.
 */
export async function previewImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  input:
    | { fileName: string; bytes: Uint8Array; templateId?: string }
    | { fileName: string; document: unknown },
): Promise<Outcome<ImportPreview>> {
  const denied = authorize(ctx, 'write', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  let document: unknown;
  let stored: StoredReport;
  if ('bytes' in input) {
    // A stored template is loaded first; its refusal is answered after a file that cannot be read.
    const loaded = input.templateId ? await loadTemplate(db, ctx, input.templateId) : null;
    let reading: UploadReading;
    try {
      reading = await runTask(
        'readUpload',
        {
          fileName: input.fileName,
          bytes: input.bytes,
          ...(loaded?.ok
            ? { template: { name: loaded.value.name, body: loaded.value.body as TemplateBody } }
            : {}),
        },
        input.bytes.length >= OFFLOAD_BYTES,
      );
    } catch (err) {
      const busy = poolFailure(err);
      if (busy) return fail({ ...busy, place: { file: input.fileName } });
      throw err;
    }
    if (reading.kind === 'unreadable')
      return fail({
        code: 'UNSUPPORTED_FILE',
        message: `ファイル「${input.fileName}」を読めません: ${reading.issues.map((i) => i.message).join('、')}`,
        messageEn: `Cannot read '${input.fileName}': ${reading.issues.map((i) => i.messageEn).join('; ')}`,
        place: { file: input.fileName },
        details: reading.issues,
      });
    if (loaded && !loaded.ok) return loaded;
    if (reading.kind === 'template-mismatch') return fail(reading.error);
    const { source, options, result } = reading;
    const template: StoredReport['template'] =
      loaded?.ok && reading.shift != null
        ? { id: loaded.value.id, name: loaded.value.name, shift: reading.shift }
        : null;
    document = result.document;
    stored = {
      report: result.report,
      issues: [...reading.readIssues, ...result.issues],
      readIssues: reading.readIssues,
      overrides: options.columnOverrides,
      structures: options.structures,
      template,
      templates: await matchingTemplates(db, ctx, source),
      source,
    };
  } else {
    const checked = checkDocument(input.document);
    if (!checked.ok) return fail(checked.error);
    document = checked.doc;
    const d = checked.doc;
    stored = {
      report: {
        counts: {
          goals: d.goals.length,
          measures: d.measures.length,
          projects: d.projects.length,
          indicators: d.indicators.length,
          figures: d.indicators.reduce((n, i) => n + i.actuals.length, 0),
        },
        coverage: null,
        tables: [],
        warnings: [],
      },
      issues: [],
    };
  }
  const rec = await insertImport(
    db,
    {
      municipalityId: ctx.municipalityId,
      fileName: input.fileName,
      document,
      report: stored,
      createdBy: ctx.actor.id,
    },
    nowIso(ctx),
  );
  return ok(previewOf(rec));
}

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
  template?: StoredReport['template'],
): Promise<Outcome<ImportPreview>> {
  const open = await openPreview(db, ctx, id, version);
  if (!open.ok) return open;
  const { stored } = open.value;
  if (!stored.source)
    return fail({
      code: 'INVALID_INPUT',
      message:
        'この取込は交換形式 (JSON) から作られたため、列の対応付けは変えられません。ファイル (XLSX/CSV/TSV) をアップロードしてください',
      messageEn:
        'This import was made from an interchange document (JSON); its column mapping cannot be adjusted. Upload the file (XLSX/CSV/TSV) instead',
      place: { field: 'overrides' },
    });
  const nextStructures = structures ?? stored.structures ?? [];
  let result: RecognizeResult;
  try {
    result = await runTask(
      'recognizeAgain',
      { source: stored.source, columnOverrides: overrides, structures: nextStructures },
      stored.source.sheets.reduce((n, s) => n + s.rows.length, 0) >= OFFLOAD_ROWS,
    );
  } catch (err) {
    const busy = poolFailure(err);
    if (busy) return fail({ ...busy, place: { file: open.value.rec.fileName } });
    throw err;
  }
  const readIssues = stored.readIssues ?? [];
  const next: StoredReport = {
    report: result.report,
    issues: [...readIssues, ...result.issues],
    readIssues,
    overrides,
    structures: nextStructures,
    // A mapping changed by hand after a template was applied is no longer the template's.
    template: template !== undefined ? template : stored.template ? { ...stored.template, id: null } : null,
    templates: stored.templates ?? [],
    source: stored.source,
  };
  const updated = await updateVersioned(db, 'imports', id, version, {
    document_json: JSON.stringify(result.document),
    report_json: JSON.stringify(next),
    updated_at: nowIso(ctx),
  });
  if (!updated.ok)
    return fail(
      updated.reason === 'conflict'
        ? versionConflict('取込 (import)', version, previewOf(toImport(updated.current)))
        : notFound('取込 (import)', id),
    );
  return ok(previewOf(toImport(updated.row)));
}

export async function getImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  withDocument = false,
): Promise<Outcome<ImportPreview & { document?: unknown }>> {
  const row = await getImportRow(db, id);
  if (!row) return fail(notFound('取込 (import)', id));
  const denied = authorize(ctx, 'read', { municipalityId: row.municipality_id });
  if (denied) return fail(denied);
  const rec = toImport(row);
  return ok({ ...previewOf(rec), ...(withDocument ? { document: rec.document } : {}) });
}

/**
 * Commits a previewed import: the stored document is written in one transaction together with
 * marking the preview committed (compare-and-set on its version), so a preview is committed at
 * most once and never half.
 */
export async function commitImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  target?: ImportTarget,
): Promise<Outcome<ImportSummary & { plan: ImportPlan }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const row = await getImportRow(trx, id);
      if (!row) throw new Rollback(notFound('取込 (import)', id));
      const denied = authorize(ctx, 'write', { municipalityId: row.municipality_id });
      if (denied) throw new Rollback(denied);
      if (row.state !== 'previewed')
        throw new Rollback({
          code: 'IMPORT_NOT_PREVIEWED',
          message: `この取込は既に${row.state === 'committed' ? '確定' : '破棄'}されています`,
          messageEn: `This import is already ${row.state}`,
          place: { field: 'id' },
          current: previewOf(toImport(row)),
        });
      if (row.version !== version)
        throw new Rollback(versionConflict('取込 (import)', version, previewOf(toImport(row))));
      const blocking = blockingIssue(toImport(row).report as StoredReport | null);
      if (blocking)
        throw new Rollback({
          code: 'NO_INDICATORS',
          message: blocking.message,
          messageEn: blocking.messageEn,
          place: blocking.place ?? { file: row.file_name },
          details: [blocking],
        });
      const checked = checkDocument(JSON.parse(row.document_json));
      if (!checked.ok) throw new Rollback(checked.error);
      const planned = await planTarget(trx, ctx, row.municipality_id, checked.doc, target);
      if (!planned.ok) throw new Rollback(planned.error);
      const summary = await writePlanned(trx, ctx, checked.doc, planned.plan, {
        source: row.file_name,
        importId: id,
      });
      const now = nowIso(ctx);
      const marked = await markImportCommitted(trx, id, version, summary.strategyId, now);
      applied(marked, '取込 (import)', id, version, (row) => previewOf(toImport(row)));
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: summary.municipalityId,
          strategyId: summary.strategyId,
          entityType: 'import',
          entityId: id,
          action: 'update',
          before: { state: 'previewed', version },
          after: { state: 'committed', version: version + 1, strategyId: summary.strategyId },
        },
        { revision: false },
      );
      return summary;
    }),
  );
}

/** A stored preview the caller may change (still a preview, at this version). */
async function openPreview(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number | null,
): Promise<Outcome<{ rec: ImportRecord; stored: StoredReport }>> {
  const row = await getImportRow(db, id);
  if (!row) return fail(notFound('取込 (import)', id));
  const denied = authorize(ctx, 'write', { municipalityId: row.municipality_id });
  if (denied) return fail(denied);
  const rec = toImport(row);
  if (rec.state !== 'previewed')
    return fail({
      code: 'IMPORT_NOT_PREVIEWED',
      message: `この取込は既に${rec.state === 'committed' ? '確定' : '破棄'}されています`,
      messageEn: `This import is already ${rec.state}`,
      place: { field: 'id' },
      current: previewOf(rec),
    });
  if (version != null && rec.version !== version)
    return fail(versionConflict('取込 (import)', version, previewOf(rec)));
  return ok({ rec, stored: (rec.report as StoredReport | null) ?? {} });
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
  const { rec, stored } = open.value;
  if (!stored.source)
    return fail(
      invalid(
        'templateId',
        '交換形式 (JSON) から作った取込にはテンプレートを使えません。ファイル (XLSX/CSV/TSV) をアップロードしてください',
        'A template cannot be applied to an import made from an interchange document (JSON); upload the file instead',
      ),
    );
  const t = await loadTemplate(db, ctx, templateId);
  if (!t.ok) return t;
  const applied = templateOptions(stored.source, rec.fileName, {
    name: t.value.name,
    template: t.value.body as TemplateBody,
  });
  if (!applied.ok) return applied;
  return remapImport(db, ctx, id, version, applied.value.columnOverrides, applied.value.structures, {
    id: t.value.id,
    name: t.value.name,
    shift: applied.value.shift,
  });
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
  const rec = toImport(row);
  const stored = (rec.report as StoredReport | null) ?? {};
  if (!stored.source)
    return fail(
      invalid(
        'id',
        '交換形式 (JSON) から作った取込はテンプレートにできません',
        'An import made from an interchange document (JSON) cannot be saved as a template',
      ),
    );
  // A committed import keeps its template with the municipality it was imported into.
  const committedTo = rec.strategyId
    ? ((await getStrategy(db, rec.strategyId))?.municipalityId ?? null)
    : null;
  const municipalityId = input.municipalityId ?? committedTo ?? rec.municipalityId ?? ctx.municipalityId;
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

/**
 * The plan of a commit with these choices (nothing is written): the municipality, each strategy
 * period created, updated or left out with its name and period, and for an update what changes.
 * Also lists what the caller may choose from.
 */
export async function planImport(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  target: ImportTarget | undefined,
): Promise<Outcome<{ plan: ImportPlan; choices: ImportChoices }>> {
  const open = await openPreview(db, ctx, id, null);
  if (!open.ok) return open;
  const checked = checkDocument(open.value.rec.document);
  if (!checked.ok) return fail(checked.error);
  const planned = await planTarget(db, ctx, open.value.rec.municipalityId, checked.doc, target);
  if (!planned.ok) return fail(planned.error);
  return ok({ plan: planned.plan, choices: await importChoices(db, ctx) });
}
