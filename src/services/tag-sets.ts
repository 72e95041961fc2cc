import type { Kysely } from 'kysely';
import { appendAudit } from '../store/audit.ts';
import type { Database } from '../store/schema.ts';
import { insertTagSet, listTagSets, type TagSetRecord } from '../store/tags.ts';
import { authorize } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import { fail, notFound, type Outcome, ok } from './errors.ts';

/** Tag sets (分類) of the caller's municipality, or of one strategy. */
export async function tagSets(
  db: Kysely<Database>,
  ctx: RequestContext,
  where: { strategyId?: string | undefined },
): Promise<TagSetRecord[]> {
  return listTagSets(db, { municipalityId: ctx.municipalityId, strategyId: where.strategyId ?? null });
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
    const m = await trx
      .selectFrom('municipalities')
      .select('id')
      .where('id', '=', input.municipalityId)
      .executeTakeFirst();
    if (!m) return fail(notFound('自治体 (municipality)', input.municipalityId));
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
    await appendAudit(trx, {
      at: now,
      actor: ctx.actor,
      municipalityId: input.municipalityId,
      strategyId: input.strategyId ?? null,
      entityType: 'tag_set',
      entityId: rec.id,
      action: 'create',
      after: rec,
    });
    return ok(rec);
  });
}
