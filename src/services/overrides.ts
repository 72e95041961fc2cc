import type { Kysely } from 'kysely';
import { getIndicatorRow } from '../store/indicators.ts';
import { getOverrideRow, type OverrideRecord, overrideRow, toOverride } from '../store/overrides.ts';
import type { Database } from '../store/schema.ts';
import { updateVersioned } from '../store/versioned.ts';
import { authorize } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import { catchRollback, notFound, type Outcome, Rollback, versionConflict } from './errors.ts';
import { guardYearWrite } from './round-guard.ts';
import { scopeOfTarget } from './scope.ts';
import { applied, recordChange } from './versioned-write.ts';

/**
 * Sets the human override of an indicator's status for a fiscal year (評価の上書き), with its
 * written reason. The computed status is kept beside it. Versioned and audited.
 */
export async function putOverride(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  fiscalYear: number,
  input: {
    label: string;
    key?: string | null | undefined;
    reason: string;
    version?: number | null | undefined;
  },
): Promise<Outcome<OverrideRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const indicator = await getIndicatorRow(trx, indicatorId);
      if (!indicator) throw new Rollback(notFound('指標 (indicator)', indicatorId));
      const scope = await scopeOfTarget(trx, 'indicator', indicator.strategy_id, indicatorId);
      const denied = authorize(ctx, 'write', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      await guardYearWrite(
        trx,
        {
          strategyId: indicator.strategy_id,
          fiscalYear,
          indicatorIds: [indicatorId],
          what: '評価の上書き',
          departmentData: false,
        },
        now,
      );
      const existing = await getOverrideRow(trx, indicatorId, fiscalYear);
      let after: OverrideRecord;
      if (!existing) {
        if (input.version != null)
          throw new Rollback(notFound('評価の上書き (override)', `${indicatorId}/${fiscalYear}`));
        const row = overrideRow(
          {
            strategyId: indicator.strategy_id,
            indicatorId,
            fiscalYear,
            statusKey: input.key ?? null,
            status: input.label,
            reason: input.reason,
            actorId: ctx.actor.id,
            actorName: ctx.actor.name,
          },
          now,
        );
        await trx.insertInto('evaluation_overrides').values(row).execute();
        after = toOverride(row);
      } else {
        if (input.version == null)
          throw new Rollback(versionConflict('評価の上書き (override)', 0, toOverride(existing)));
        const r = await updateVersioned(trx, 'evaluation_overrides', existing.id, input.version, {
          status_key: input.key ?? null,
          status: input.label,
          reason: input.reason,
          actor_id: ctx.actor.id,
          actor_name: ctx.actor.name,
          source: 'planner',
          updated_at: now,
        });
        after = applied(r, '評価の上書き (override)', existing.id, input.version, toOverride);
      }
      await recordChange(trx, ctx, now, {
        municipalityId: scope?.municipalityId ?? null,
        strategyId: indicator.strategy_id,
        indicatorId,
        entityType: 'evaluation_override',
        entityId: after.id,
        action: existing ? 'update' : 'create',
        before: existing ? toOverride(existing) : null,
        after,
      });
      return after;
    }),
  );
}
