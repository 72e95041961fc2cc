import type { Commentary, Provenance } from '../core/interchange.ts';
import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { CommentaryTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** Commentary (①実施状況 ②課題 ③今後の方策 総括) for one target and year, as stored. */
export interface CommentaryRecord extends Commentary {
  id: string;
  strategyId: string;
  targetType: string;
  targetId: string;
  version: number;
}

export function toCommentary(row: CommentaryTable): CommentaryRecord {
  const c: CommentaryRecord = {
    id: row.id,
    strategyId: row.strategy_id,
    targetType: row.target_type,
    targetId: row.target_id,
    fiscalYear: row.fiscal_year,
    progress: row.progress,
    issues: row.issues,
    nextSteps: row.next_steps,
    summary: row.summary,
    text: row.text,
    version: row.version,
  };
  const p = fromJson<Provenance>(row.provenance_json);
  if (p) c.provenance = p;
  return c;
}

export function commentaryRow(
  c: Commentary,
  at: { strategyId: string; targetType: string; targetId: string; position: number },
  now: string,
): CommentaryTable {
  return {
    id: newId(),
    strategy_id: at.strategyId,
    target_type: at.targetType,
    target_id: at.targetId,
    fiscal_year: c.fiscalYear ?? null,
    progress: c.progress ?? null,
    issues: c.issues ?? null,
    next_steps: c.nextSteps ?? null,
    summary: c.summary ?? null,
    text: c.text ?? null,
    provenance_json: toJson(c.provenance),
    position: at.position,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

export async function listCommentary(
  db: Executor,
  where: { strategyId: string; targetType?: string; targetId?: string },
): Promise<CommentaryRecord[]> {
  let q = db.selectFrom('commentary').selectAll().where('strategy_id', '=', where.strategyId);
  if (where.targetType) q = q.where('target_type', '=', where.targetType);
  if (where.targetId) q = q.where('target_id', '=', where.targetId);
  const rows = await q.orderBy('position').orderBy('id').execute();
  return rows.map(toCommentary);
}

export async function getCommentaryRow(db: Executor, id: string): Promise<CommentaryTable | null> {
  return (await db.selectFrom('commentary').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function insertCommentary(db: Executor, row: CommentaryTable): Promise<void> {
  await db.insertInto('commentary').values(row).execute();
}

export async function updateCommentary(
  db: Executor,
  id: string,
  expectedVersion: number,
  c: Omit<Commentary, 'fiscalYear' | 'provenance'>,
  now: string,
): Promise<VersionedUpdate<CommentaryTable>> {
  const set: Record<string, unknown> = { updated_at: now };
  if (c.progress !== undefined) set.progress = c.progress;
  if (c.issues !== undefined) set.issues = c.issues;
  if (c.nextSteps !== undefined) set.next_steps = c.nextSteps;
  if (c.summary !== undefined) set.summary = c.summary;
  if (c.text !== undefined) set.text = c.text;
  return updateVersioned(db, 'commentary', id, expectedVersion, set);
}

/** What a commentary row is about (its scope derives from it); null when absent. */
export async function commentaryTarget(
  db: Executor,
  id: string,
): Promise<{ strategyId: string; targetType: string; targetId: string } | null> {
  const c = await db
    .selectFrom('commentary')
    .select(['strategy_id', 'target_type', 'target_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return c ? { strategyId: c.strategy_id, targetType: c.target_type, targetId: c.target_id } : null;
}
