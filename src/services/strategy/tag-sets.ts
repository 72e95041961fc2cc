import type { Kysely } from 'kysely';
import { municipalityExists } from '../../store/municipalities.ts';
import type { Database } from '../../store/schema.ts';
import { strategyMunicipalityId, touchStrategiesOf, touchStrategy } from '../../store/strategies.ts';
import {
  deleteTagSet,
  getTagSet,
  insertTagSet,
  listTagSets,
  replaceTags,
  type TagSetRecord,
  tagUses,
} from '../../store/tags.ts';
import { type Executor, updateVersioned } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  type AppError,
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { recordChange } from '../versioned-write.ts';

/** Tag sets (分類) of the caller's municipality, or of one strategy. */
export async function tagSets(
  db: Kysely<Database>,
  ctx: RequestContext,
  where: { strategyId?: string | undefined },
): Promise<TagSetRecord[]> {
  return listTagSets(db, { municipalityId: ctx.municipalityId, strategyId: where.strategyId ?? null });
}

/**
 * Marks changed every strategy that shows a tag set: its own strategy, or for a set of the whole
 * municipality (no strategy) every strategy of the municipality. A strategy's tree shows the names
 * of its tags and its documents list its sets (the project matrix has a column per tag), all
 * cached by the strategy's revision: a new, renamed or removed set or tag changes them.
 */
async function touchShowing(
  trx: Executor,
  set: { municipalityId: string; strategyId: string | null },
  now: string,
): Promise<void> {
  if (set.strategyId) await touchStrategy(trx, set.strategyId, now);
  else await touchStrategiesOf(trx, set.municipalityId, now);
}

/** Creates a tag set with its tags (classifications are data, never columns). Audited. */
export async function createTagSet(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: { municipalityId: string; strategyId?: string | null | undefined; name: string; tags: string[] },
): Promise<Outcome<TagSetRecord>> {
  const denied = authorize(ctx, 'write', { municipalityId: input.municipalityId });
  if (denied) return fail(denied);
  return db.transaction().execute(async (trx) => {
    if (!(await municipalityExists(trx, input.municipalityId)))
      return fail(notFound('自治体 (municipality)', input.municipalityId));
    // A set of one strategy belongs to that strategy's municipality (never to another's strategy).
    if (input.strategyId && (await strategyMunicipalityId(trx, input.strategyId)) !== input.municipalityId)
      return fail({ ...notFound('総合戦略 (strategy)', input.strategyId), place: { field: 'strategyId' } });
    const now = nowIso(ctx);
    const rec = await insertTagSet(
      trx,
      {
        municipalityId: input.municipalityId,
        strategyId: input.strategyId ?? null,
        name: input.name,
        tags: input.tags.map((name) => ({ name })),
      },
      now,
    );
    await touchShowing(trx, rec, now);
    await recordChange(
      trx,
      ctx,
      now,
      {
        municipalityId: input.municipalityId,
        strategyId: input.strategyId ?? null,
        entityType: 'tag_set',
        entityId: rec.id,
        action: 'create',
        after: rec,
      },
      // The revisions: touchShowing, above.
      { revision: false },
    );
    return ok(rec);
  });
}

const TAG_SET = '分類 (tag set)';

function inUse(uses: { name: string; count: number }[]): AppError {
  const ja = uses.map((u) => `「${u.name}」(${u.count} 件)`).join('、');
  const en = uses.map((u) => `'${u.name}' (${u.count})`).join(', ');
  return {
    code: 'IN_USE',
    message: `タグ ${ja} は事業・指標に付いているため削除できません。先にそれらのタグを外してください`,
    messageEn: `Tags ${en} are in use by projects or indicators and cannot be removed; untag them first`,
    place: { field: 'tags' },
    details: { uses },
  };
}

async function refuseUsed(db: Executor, tags: { id: string; name: string }[]): Promise<void> {
  const uses = await tagUses(
    db,
    tags.map((t) => t.id),
  );
  const used = tags.filter((t) => uses.has(t.id)).map((t) => ({ name: t.name, count: uses.get(t.id)! }));
  if (used.length) throw new Rollback(inUse(used));
}

/**
 * Edits a tag set with a version check: renames it and/or replaces its tags (tags with an `id`
 * are kept and renamed, without one added, missing ones removed — refused when in use). A stale
 * version answers VERSION_CONFLICT with the current set. Audited.
 */
export async function editTagSet(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  patch: { name?: string | undefined; tags?: { id?: string | undefined; name: string }[] | undefined },
): Promise<Outcome<TagSetRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getTagSet(trx, id);
      if (!before) throw new Rollback(notFound(TAG_SET, id));
      const denied = authorize(ctx, 'admin', { municipalityId: before.municipalityId });
      if (denied) throw new Rollback(denied);
      if (before.version !== version) throw new Rollback(versionConflict(TAG_SET, version, before));
      if (patch.tags) {
        const names = patch.tags.map((t) => t.name);
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup !== undefined)
          throw new Rollback(
            invalid('tags', `タグ「${dup}」が重複しています`, `Tag '${dup}' appears twice in the set`),
          );
        const own = new Set(before.tags.map((t) => t.id));
        const stranger = patch.tags.find((t) => t.id && !own.has(t.id));
        if (stranger)
          throw new Rollback(
            invalid(
              'tags',
              `タグ「${stranger.id}」はこの分類にありません。新しいタグは id なしで送ってください`,
              `Tag '${stranger.id}' is not in this set; send new tags without an id`,
            ),
          );
        const kept = new Set(patch.tags.flatMap((t) => (t.id ? [t.id] : [])));
        await refuseUsed(
          trx,
          before.tags.filter((t) => !kept.has(t.id)),
        );
      }
      const now = nowIso(ctx);
      const r = await updateVersioned(trx, 'tag_sets', id, version, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        updated_at: now,
      });
      if (!r.ok) {
        const current = await getTagSet(trx, id);
        throw new Rollback(current ? versionConflict(TAG_SET, version, current) : notFound(TAG_SET, id));
      }
      if (patch.tags) await replaceTags(trx, id, patch.tags);
      const after = (await getTagSet(trx, id))!;
      await touchShowing(trx, before, now);
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: before.municipalityId,
          strategyId: before.strategyId,
          entityType: 'tag_set',
          entityId: id,
          action: 'update',
          before,
          after,
        },
        // The revisions: touchShowing, above.
        { revision: false },
      );
      return after;
    }),
  );
}

/**
 * Deletes a tag set with a version check; refused (409, naming the tags) while any of its tags is
 * used by a project or an indicator. Audited.
 */
export async function removeTagSet(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
): Promise<Outcome<{ deleted: string }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getTagSet(trx, id);
      if (!before) throw new Rollback(notFound(TAG_SET, id));
      const denied = authorize(ctx, 'admin', { municipalityId: before.municipalityId });
      if (denied) throw new Rollback(denied);
      if (before.version !== version) throw new Rollback(versionConflict(TAG_SET, version, before));
      await refuseUsed(trx, before.tags);
      const now = nowIso(ctx);
      await deleteTagSet(trx, id);
      await touchShowing(trx, before, now);
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: before.municipalityId,
          strategyId: before.strategyId,
          entityType: 'tag_set',
          entityId: id,
          action: 'delete',
          before,
        },
        // The revisions: touchShowing, above.
        { revision: false },
      );
      return { deleted: id };
    }),
  );
}
