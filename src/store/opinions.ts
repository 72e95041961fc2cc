import { newId } from './ids.ts';
import type { OpinionTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** What an opinion is about. */
export type OpinionTarget = 'measure' | 'indicator';

/** 有識者の意見 as the API shows it, with the department's response (対応方針). */
export interface Opinion {
  id: string;
  strategyId: string;
  targetType: OpinionTarget;
  targetId: string;
  fiscalYear: number;
  body: string;
  author: { id: string | null; name: string };
  response: string | null;
  respondedBy: { id: string | null; name: string } | null;
  respondedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toOpinion(row: OpinionTable): Opinion {
  return {
    id: row.id,
    strategyId: row.strategy_id,
    targetType: row.target_type as OpinionTarget,
    targetId: row.target_id,
    fiscalYear: row.fiscal_year,
    body: row.body,
    author: { id: row.author_id, name: row.author_name },
    response: row.response,
    respondedBy: row.responded_by_name ? { id: row.responded_by, name: row.responded_by_name } : null,
    respondedAt: row.responded_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A new opinion row (version 1, no response yet). */
export function opinionRow(
  input: {
    strategyId: string;
    targetType: OpinionTarget;
    targetId: string;
    fiscalYear: number;
    body: string;
  },
  author: { id: string | null; name: string },
  now: string,
): OpinionTable {
  return {
    id: newId(),
    strategy_id: input.strategyId,
    target_type: input.targetType,
    target_id: input.targetId,
    fiscal_year: input.fiscalYear,
    body: input.body,
    author_id: author.id,
    author_name: author.name,
    response: null,
    responded_by: null,
    responded_by_name: null,
    responded_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

export async function insertOpinion(db: Executor, row: OpinionTable): Promise<void> {
  await db.insertInto('opinions').values(row).execute();
}

export async function getOpinionRow(db: Executor, id: string): Promise<OpinionTable | undefined> {
  return db.selectFrom('opinions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Opinions of a strategy, optionally of one year and one target, oldest first. */
export async function listOpinions(
  db: Executor,
  filter: { strategyId: string; fiscalYear?: number; targetType?: OpinionTarget; targetId?: string },
): Promise<Opinion[]> {
  let q = db.selectFrom('opinions').selectAll().where('strategy_id', '=', filter.strategyId);
  if (filter.fiscalYear !== undefined) q = q.where('fiscal_year', '=', filter.fiscalYear);
  if (filter.targetType !== undefined) q = q.where('target_type', '=', filter.targetType);
  if (filter.targetId !== undefined) q = q.where('target_id', '=', filter.targetId);
  const rows = await q.orderBy('fiscal_year').orderBy('created_at').orderBy('id').execute();
  return rows.map(toOpinion);
}

/** Compare-and-set update of an opinion's text and/or response. */
export async function updateOpinion(
  db: Executor,
  id: string,
  version: number,
  patch: Partial<
    Pick<OpinionTable, 'body' | 'response' | 'responded_by' | 'responded_by_name' | 'responded_at'>
  >,
  now: string,
): Promise<VersionedUpdate<OpinionTable>> {
  return updateVersioned(db, 'opinions', id, version, { ...patch, updated_at: now });
}
