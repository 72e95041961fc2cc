import type { Kysely } from 'kysely';
import type { ColumnOverride } from '../core/import/column-overrides.ts';
import type { GridWorkbook } from '../core/import/grid.ts';
import type { Issue } from '../core/issue.ts';
import { appendAudit } from '../store/audit.ts';
import {
  getImportRow,
  type ImportRecord,
  insertImport,
  markImportCommitted,
  toImport,
} from '../store/imports.ts';
import type { Database } from '../store/schema.ts';
import { updateVersioned } from '../store/versioned.ts';
import { authorize } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import { catchRollback, fail, notFound, type Outcome, ok, Rollback, versionConflict } from './errors.ts';
import { checkDocument, type ImportSummary, writeDocument } from './import-document.ts';

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
  source?: GridWorkbook;
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
  input: { fileName: string; bytes: Uint8Array } | { fileName: string; document: unknown },
): Promise<Outcome<ImportPreview>> {
  const denied = authorize(ctx, 'write', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  let document: unknown;
  let stored: StoredReport;
  if ('bytes' in input) {
    // The file adapters and recognition are loaded on first use: they are not needed to start.
    const [{ readBytes }, { recognize }] = await Promise.all([
      import('../import/read-file.ts'),
      import('../core/import/recognize.ts'),
    ]);
    const read = await readBytes(input.bytes, input.fileName);
    if (!read.ok)
      return fail({
        code: 'UNSUPPORTED_FILE',
        message: `ファイル「${input.fileName}」を読めません: ${read.issues.map((i) => i.message).join('、')}`,
        messageEn: `Cannot read '${input.fileName}': ${read.issues.map((i) => i.messageEn).join('; ')}`,
        place: { file: input.fileName },
        details: read.issues,
      });
    const source: GridWorkbook = {
      sheets: read.value.sheets,
      encodings: { [input.fileName]: read.value.encoding },
    };
    const result = recognize(source);
    document = result.document;
    stored = {
      report: result.report,
      issues: [...read.issues, ...result.issues],
      readIssues: read.issues,
      overrides: [],
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
): Promise<Outcome<ImportPreview>> {
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
  if (rec.version !== version) return fail(versionConflict('取込 (import)', version, previewOf(rec)));
  const stored = rec.report as StoredReport | null;
  if (!stored?.source)
    return fail({
      code: 'INVALID_INPUT',
      message:
        'この取込は交換形式 (JSON) から作られたため、列の対応付けは変えられません。ファイル (XLSX/CSV/TSV) をアップロードしてください',
      messageEn:
        'This import was made from an interchange document (JSON); its column mapping cannot be adjusted. Upload the file (XLSX/CSV/TSV) instead',
      place: { field: 'overrides' },
    });
  const { recognize } = await import('../core/import/recognize.ts');
  const result = recognize(stored.source, { columnOverrides: overrides });
  const readIssues = stored.readIssues ?? [];
  const next: StoredReport = {
    report: result.report,
    issues: [...readIssues, ...result.issues],
    readIssues,
    overrides,
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
): Promise<Outcome<ImportSummary>> {
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
      const checked = checkDocument(JSON.parse(row.document_json));
      if (!checked.ok) throw new Rollback(checked.error);
      const bound = row.municipality_id ? { ...ctx, municipalityId: row.municipality_id } : ctx;
      const summary = await writeDocument(trx, bound, checked.doc, { source: row.file_name, importId: id });
      const now = nowIso(ctx);
      const marked = await markImportCommitted(trx, id, version, summary.strategyId, now);
      if (!marked.ok)
        throw new Rollback(
          marked.reason === 'conflict'
            ? versionConflict('取込 (import)', version, previewOf(toImport(marked.current)))
            : notFound('取込 (import)', id),
        );
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: summary.municipalityId,
        strategyId: summary.strategyId,
        entityType: 'import',
        entityId: id,
        action: 'update',
        before: { state: 'previewed', version },
        after: { state: 'committed', version: version + 1, strategyId: summary.strategyId },
      });
      return summary;
    }),
  );
}
