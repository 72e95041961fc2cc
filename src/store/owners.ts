/**
 * Who owns a row: the municipality of a row of a municipality-owned table (what the access
 * scopes of the API derive from). `undefined` when there is no such row; `null` for a row that
 * belongs to the deployment rather than a municipality (an administrator's import or account).
 */
import type { Executor } from './versioned.ts';

/** Tables whose rows always belong to a municipality. */
export type MunicipalTable =
  | 'status_schemes'
  | 'api_tokens'
  | 'departments'
  | 'tag_sets'
  | 'import_templates'
  | 'period_transitions';

export async function municipalityOfRow(
  db: Executor,
  table: MunicipalTable,
  id: string,
): Promise<string | null | undefined> {
  const r = await db.selectFrom(table).select('municipality_id').where('id', '=', id).executeTakeFirst();
  return r?.municipality_id;
}

/** An import's or account's municipality: null when it belongs to the deployment. */
export async function municipalityOfImportOrUser(
  db: Executor,
  table: 'imports' | 'users',
  id: string,
): Promise<string | null | undefined> {
  const r = await db.selectFrom(table).select('municipality_id').where('id', '=', id).executeTakeFirst();
  return r ? r.municipality_id : undefined;
}
