import type { TagSet } from '../core/interchange.ts';
import { newId } from './ids.ts';
import type { TagSetTable, TagTable } from './schema.ts';
import type { Executor } from './versioned.ts';

/** A tag set (分類: 新たな視点, SDGs, ...) with its tags, as stored. */
export interface TagSetRecord extends TagSet {
  municipalityId: string;
  strategyId: string | null;
  ref: string | null;
  version: number;
}

export function toTagSet(row: TagSetTable, tags: TagTable[]): TagSetRecord {
  return {
    id: row.id,
    name: row.name,
    municipalityId: row.municipality_id,
    strategyId: row.strategy_id,
    ref: row.ref,
    version: row.version,
    tags: tags
      .filter((t) => t.tag_set_id === row.id)
      .sort((a, b) => a.position - b.position)
      .map((t) => ({ id: t.id, name: t.name })),
  };
}

export async function listTagSets(
  db: Executor,
  where: { municipalityId?: string | null; strategyId?: string | null },
): Promise<TagSetRecord[]> {
  let q = db.selectFrom('tag_sets').selectAll();
  if (where.municipalityId) q = q.where('municipality_id', '=', where.municipalityId);
  if (where.strategyId)
    q = q.where((eb) => eb.or([eb('strategy_id', '=', where.strategyId!), eb('strategy_id', 'is', null)]));
  const sets = await q.orderBy('id').execute();
  if (sets.length === 0) return [];
  const tags = await db
    .selectFrom('tags')
    .selectAll()
    .where(
      'tag_set_id',
      'in',
      sets.map((s) => s.id),
    )
    .execute();
  return sets.map((s) => toTagSet(s, tags));
}

export async function getTagSet(db: Executor, id: string): Promise<TagSetRecord | null> {
  const row = await db.selectFrom('tag_sets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const tags = await db.selectFrom('tags').selectAll().where('tag_set_id', '=', id).execute();
  return toTagSet(row, tags);
}

/** Inserts a tag set and its tags; returns the new set and a map tag name → id. */
export async function insertTagSet(
  db: Executor,
  input: {
    municipalityId: string;
    strategyId: string | null;
    ref?: string | null;
    name: string;
    tags: { name: string; ref?: string | null }[];
  },
  now: string,
): Promise<TagSetRecord> {
  const set: TagSetTable = {
    id: newId(),
    municipality_id: input.municipalityId,
    strategy_id: input.strategyId,
    ref: input.ref ?? null,
    name: input.name,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('tag_sets').values(set).execute();
  const tags: TagTable[] = input.tags.map((t, i) => ({
    id: newId(),
    tag_set_id: set.id,
    ref: t.ref ?? null,
    name: t.name,
    position: i,
  }));
  if (tags.length) await db.insertInto('tags').values(tags).execute();
  return toTagSet(set, tags);
}

/** The table holding each kind of tagged target (both have `id` and `strategy_id`). */
const TARGET_TABLES = { indicator: 'indicators', project: 'projects' } as const;

/** Tags of targets (indicators, projects): target id → [{ set, tag }] by name. */
export async function loadTaggings(
  db: Executor,
  targetType: keyof typeof TARGET_TABLES,
  strategyId: string,
): Promise<Map<string, { set: string; tag: string }[]>> {
  // Typed as the indicators table: the join reads only `id` and `strategy_id`, which both have.
  const table = TARGET_TABLES[targetType] as 'indicators';
  const rows = await db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .innerJoin('tag_sets', 'tag_sets.id', 'tags.tag_set_id')
    .select(['taggings.target_id as target', 'tag_sets.name as set', 'tags.name as tag'])
    // Only this strategy's targets, joined by (target_type, target_id), also for shared tag sets.
    .innerJoin(`${table} as target`, 'target.id', 'taggings.target_id')
    .where('target.strategy_id', '=', strategyId)
    .where('taggings.target_type', '=', targetType)
    .where((eb) =>
      eb.or([eb('tag_sets.strategy_id', '=', strategyId), eb('tag_sets.strategy_id', 'is', null)]),
    )
    .orderBy('taggings.id')
    .execute();
  const out = new Map<string, { set: string; tag: string }[]>();
  for (const r of rows) {
    const list = out.get(r.target) ?? [];
    list.push({ set: r.set, tag: r.tag });
    out.set(r.target, list);
  }
  return out;
}

/** Tags of one target of a strategy (see `loadTaggings`), by the (target_type, target_id) index. */
export async function taggingsOfTarget(
  db: Executor,
  targetType: keyof typeof TARGET_TABLES,
  strategyId: string,
  targetId: string,
): Promise<{ set: string; tag: string }[]> {
  return db
    .selectFrom('taggings')
    .innerJoin('tags', 'tags.id', 'taggings.tag_id')
    .innerJoin('tag_sets', 'tag_sets.id', 'tags.tag_set_id')
    .select(['tag_sets.name as set', 'tags.name as tag'])
    .where('taggings.target_type', '=', targetType)
    .where('taggings.target_id', '=', targetId)
    .where((eb) =>
      eb.or([eb('tag_sets.strategy_id', '=', strategyId), eb('tag_sets.strategy_id', 'is', null)]),
    )
    .orderBy('taggings.id')
    .execute();
}

/** How many taggings (projects, indicators, ...) use each of these tags: tag id → count. */
export async function tagUses(db: Executor, tagIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (tagIds.length === 0) return out;
  const rows = await db
    .selectFrom('taggings')
    .select(['tag_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('tag_id', 'in', tagIds)
    .groupBy('tag_id')
    .execute();
  for (const r of rows) out.set(r.tag_id, Number(r.n));
  return out;
}

/**
 * Replaces the tags of a set: tags given with an id keep it (renamed, reordered), tags without one
 * are added, the set's other tags are removed (callers check they are unused first).
 */
export async function replaceTags(
  db: Executor,
  tagSetId: string,
  tags: { id?: string | undefined; name: string }[],
): Promise<void> {
  const existing = await db.selectFrom('tags').select('id').where('tag_set_id', '=', tagSetId).execute();
  const kept = new Set(tags.flatMap((t) => (t.id ? [t.id] : [])));
  const removed = existing.map((r) => r.id).filter((id) => !kept.has(id));
  if (removed.length) await db.deleteFrom('tags').where('id', 'in', removed).execute();
  for (const [i, t] of tags.entries()) {
    if (t.id)
      await db
        .updateTable('tags')
        .set({ name: t.name, position: i })
        .where('id', '=', t.id)
        .where('tag_set_id', '=', tagSetId)
        .execute();
    else
      await db
        .insertInto('tags')
        .values({ id: newId(), tag_set_id: tagSetId, ref: null, name: t.name, position: i })
        .execute();
  }
}

/** Deletes a tag set and its tags (callers check they are unused first). */
export async function deleteTagSet(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('tags').where('tag_set_id', '=', id).execute();
  await db.deleteFrom('tag_sets').where('id', '=', id).execute();
}

export async function insertTag(db: Executor, row: TagTable): Promise<void> {
  await db.insertInto('tags').values(row).execute();
}
