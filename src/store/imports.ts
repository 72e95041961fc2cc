import { newId } from './ids.ts';
import { fromJson } from './json.ts';
import type { ImportTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** An import: the previewed interchange document and its report, then its commit. */
export interface ImportRecord {
  id: string;
  municipalityId: string | null;
  fileName: string;
  state: 'previewed' | 'committed' | 'discarded';
  document: unknown;
  report: unknown;
  strategyId: string | null;
  createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toImport(row: ImportTable): ImportRecord {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    fileName: row.file_name,
    state: row.state as ImportRecord['state'],
    document: fromJson(row.document_json),
    report: fromJson(row.report_json),
    strategyId: row.strategy_id,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Stores a new preview: its document and report as JSON text (built by the caller). */
export async function insertImport(
  db: Executor,
  input: {
    municipalityId: string | null;
    fileName: string;
    documentJson: string;
    reportJson: string;
    createdBy: string | null;
  },
  now: string,
): Promise<ImportTable> {
  const row: ImportTable = {
    id: newId(),
    municipality_id: input.municipalityId,
    file_name: input.fileName,
    state: 'previewed',
    document_json: input.documentJson,
    report_json: input.reportJson,
    strategy_id: null,
    created_by: input.createdBy,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('imports').values(row).execute();
  return row;
}

export async function getImportRow(db: Executor, id: string): Promise<ImportTable | null> {
  return (await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** Marks a previewed import committed (compare-and-set: a preview is committed at most once). */
export async function markImportCommitted(
  db: Executor,
  id: string,
  expectedVersion: number,
  strategyId: string,
  now: string,
): Promise<VersionedUpdate<ImportTable>> {
  return updateVersioned(db, 'imports', id, expectedVersion, {
    state: 'committed',
    strategy_id: strategyId,
    updated_at: now,
  });
}
