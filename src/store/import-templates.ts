import { newId } from './ids.ts';
import { fromJson } from './json.ts';
import type { ImportTemplateTable } from './schema.ts';
import type { Executor } from './versioned.ts';

/** An import template (取込テンプレート) of a municipality, as stored. */
export interface ImportTemplateRecord {
  id: string;
  municipalityId: string;
  name: string;
  signature: string;
  /** The template: signature parts, structures, overrides (core/import/template.ts TemplateBody). */
  body: unknown;
  createdBy: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toImportTemplate(row: ImportTemplateTable): ImportTemplateRecord {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    name: row.name,
    signature: row.signature,
    body: fromJson(row.body_json),
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertImportTemplate(
  db: Executor,
  input: { municipalityId: string; name: string; signature: string; body: unknown; createdBy: string | null },
  now: string,
): Promise<ImportTemplateRecord> {
  const row: ImportTemplateTable = {
    id: newId(),
    municipality_id: input.municipalityId,
    name: input.name,
    signature: input.signature,
    body_json: JSON.stringify(input.body),
    created_by: input.createdBy,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('import_templates').values(row).execute();
  return toImportTemplate(row);
}

export async function getImportTemplateRow(db: Executor, id: string): Promise<ImportTemplateTable | null> {
  return (
    (await db.selectFrom('import_templates').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
  );
}

export async function findImportTemplateByName(
  db: Executor,
  municipalityId: string,
  name: string,
): Promise<ImportTemplateRecord | null> {
  const row = await db
    .selectFrom('import_templates')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toImportTemplate(row) : null;
}

/** The templates of a municipality (null: of every municipality), by name. */
export async function listImportTemplates(
  db: Executor,
  municipalityId: string | null,
): Promise<ImportTemplateRecord[]> {
  let q = db.selectFrom('import_templates').selectAll();
  if (municipalityId != null) q = q.where('municipality_id', '=', municipalityId);
  const rows = await q.orderBy('name').orderBy('id').execute();
  return rows.map(toImportTemplate);
}

export async function deleteImportTemplate(db: Executor, id: string, version: number): Promise<boolean> {
  const r = await db
    .deleteFrom('import_templates')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
