import type { Kysely } from 'kysely';
import type { Commentary } from '../core/interchange.ts';
import {
  type CommentaryRecord,
  commentaryRow,
  getCommentaryRow,
  insertCommentary,
  listCommentary,
  toCommentary,
  updateCommentary,
} from '../store/commentary.ts';
import { getIndicatorRow } from '../store/indicators.ts';
import type { Database } from '../store/schema.ts';
import { authorize } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import { catchRollback, fail, notFound, type Outcome, ok, Rollback, versionConflict } from './errors.ts';
import { guardYearWrite } from './round-guard.ts';
import { scopeOfStrategy } from './scope.ts';
import { applied, recordChange } from './versioned-write.ts';

/** Commentary of an indicator (all years). */
export async function indicatorCommentary(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
): Promise<Outcome<CommentaryRecord[]>> {
  const ind = await getIndicatorRow(db, indicatorId);
  if (!ind) return fail(notFound('指標 (indicator)', indicatorId));
  const denied = authorize(
    ctx,
    'read',
    (await scopeOfStrategy(db, ind.strategy_id)) ?? { municipalityId: null },
  );
  if (denied) return fail(denied);
  return ok(
    await listCommentary(db, { strategyId: ind.strategy_id, targetType: 'indicator', targetId: indicatorId }),
  );
}

/** Adds commentary (①実施状況 ②課題 ③今後の方策 総括) to an indicator for a year. Audited. */
export async function addIndicatorCommentary(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  input: Commentary,
): Promise<Outcome<CommentaryRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const ind = await getIndicatorRow(trx, indicatorId);
      if (!ind) throw new Rollback(notFound('指標 (indicator)', indicatorId));
      const scope = await scopeOfStrategy(trx, ind.strategy_id);
      const denied = authorize(ctx, 'write', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      if (input.fiscalYear != null)
        await guardYearWrite(
          trx,
          {
            strategyId: ind.strategy_id,
            fiscalYear: input.fiscalYear,
            indicatorIds: [indicatorId],
            what: 'コメント',
            departmentData: true,
          },
          now,
        );
      const existing = await listCommentary(trx, {
        strategyId: ind.strategy_id,
        targetType: 'indicator',
        targetId: indicatorId,
      });
      const row = commentaryRow(
        input,
        {
          strategyId: ind.strategy_id,
          targetType: 'indicator',
          targetId: indicatorId,
          position: existing.length,
        },
        now,
      );
      await insertCommentary(trx, row);
      const after = toCommentary(row);
      await recordChange(trx, ctx, now, {
        municipalityId: scope?.municipalityId ?? null,
        strategyId: ind.strategy_id,
        indicatorId,
        entityType: 'commentary',
        entityId: row.id,
        action: 'create',
        before: null,
        after,
      });
      return after;
    }),
  );
}

/** Edits commentary with compare-and-set on its version. Audited. */
export async function editCommentary(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  patch: Omit<Commentary, 'fiscalYear' | 'provenance'>,
): Promise<Outcome<CommentaryRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getCommentaryRow(trx, id);
      if (!before) throw new Rollback(notFound('コメント (commentary)', id));
      const scope = await scopeOfStrategy(trx, before.strategy_id);
      const denied = authorize(ctx, 'write', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      if (before.fiscal_year != null)
        await guardYearWrite(
          trx,
          {
            strategyId: before.strategy_id,
            fiscalYear: before.fiscal_year,
            indicatorIds: before.target_type === 'indicator' ? [before.target_id] : [],
            what: 'コメント',
            departmentData: before.target_type === 'indicator',
          },
          now,
        );
      const r = await updateCommentary(trx, id, version, patch, now);
      const after = applied(r, 'コメント (commentary)', id, version, toCommentary);
      await recordChange(trx, ctx, now, {
        municipalityId: scope?.municipalityId ?? null,
        strategyId: before.strategy_id,
        indicatorId: before.target_type === 'indicator' ? before.target_id : null,
        entityType: 'commentary',
        entityId: id,
        action: 'update',
        before: toCommentary(before),
        after,
      });
      return after;
    }),
  );
}
