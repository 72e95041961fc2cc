import type { Kysely } from 'kysely';
import { getImportRow, type ImportRecord } from '../../store/imports.ts';
import { fromJson } from '../../store/json.ts';
import type { Database, ImportTable } from '../../store/schema.ts';
import { authorize } from '../access.ts';
import type { RequestContext } from '../context.ts';
import { type AppError, fail, notFound, type Outcome, ok, versionConflict } from '../errors.ts';
import { poolFailure, runTask } from '../ops/offload.ts';
import { type PreviewParts, partsOfJson, type StoredReport } from './import-stored.ts';

/*
 * Imports (取込), by step: upload → preview (import-preview.ts), the mapping corrected or a
 * template applied (import-mapping.ts), the plan and the commit (import-commit.ts). Here: the
 * preview as shown, and a stored import read back.
 */

/** What a preview shows before anything is committed. */
export interface ImportPreview extends PreviewParts {
  id: string;
  version: number;
  fileName: string;
  state: ImportRecord['state'];
}

/** Uploads from this size on are read, recognized and previewed in a worker (services/ops/offload.ts). */
export const OFFLOAD_BYTES = 256 * 1024;
/** Stored reports from this length on (characters of JSON) are read again in a worker. */
export const OFFLOAD_CHARS = 256 * 1024;

/** The preview of a stored row with its parts (built from its report, here or in a worker). */
export function previewFrom(row: ImportTable, parts: PreviewParts): ImportPreview {
  return {
    id: row.id,
    version: row.version,
    fileName: row.file_name,
    state: row.state as ImportRecord['state'],
    ...parts,
  };
}

/** The preview of a stored row, read here (for an answer beside an error: a conflict). */
export function previewOf(row: ImportTable): ImportPreview {
  return previewFrom(row, partsOfJson({ reportJson: row.report_json }));
}

/**
 * Runs a heavy import task (in a worker when `heavy`); a job the pool could not finish is the
 * failure naming the file (503 SERVER_BUSY).
 */
export async function importTask<T>(fileName: string, run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return ok(await run());
  } catch (err) {
    const busy = poolFailure(err);
    if (busy) return fail({ ...busy, place: { file: fileName } });
    throw err;
  }
}

/** The preview of a stored row: its report (with the upload's cells) read in a worker when large. */
export async function storedPreview(row: ImportTable): Promise<Outcome<ImportPreview>> {
  const parts = await importTask(row.file_name, () =>
    runTask('previewParts', { reportJson: row.report_json }, row.report_json.length >= OFFLOAD_CHARS),
  );
  return parts.ok ? ok(previewFrom(row, parts.value)) : parts;
}

/** The refusal of a change to an import that is no longer a preview. */
export function notPreviewed(row: ImportTable): AppError {
  return {
    code: 'IMPORT_NOT_PREVIEWED',
    message: `この取込は既に${row.state === 'committed' ? '確定' : '破棄'}されています`,
    messageEn: `This import is already ${row.state}`,
    place: { field: 'id' },
    current: previewOf(row),
  };
}

/** A stored preview the caller may change (still a preview, at this version). */
export async function openPreview(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number | null,
): Promise<Outcome<ImportTable>> {
  const row = await getImportRow(db, id);
  if (!row) return fail(notFound('取込 (import)', id));
  const denied = authorize(ctx, 'write', { municipalityId: row.municipality_id });
  if (denied) return fail(denied);
  if (row.state !== 'previewed') return fail(notPreviewed(row));
  if (version != null && row.version !== version)
    return fail(versionConflict('取込 (import)', version, previewOf(row)));
  return ok(row);
}

/** The stored report of a row, read here (small uses: a template saved from it). */
export function storedReport(row: ImportTable): StoredReport {
  return fromJson<StoredReport>(row.report_json) ?? {};
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
  const preview = await storedPreview(row);
  if (!preview.ok || !withDocument) return preview;
  return ok({ ...preview.value, document: JSON.parse(row.document_json) as unknown });
}
