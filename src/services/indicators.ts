import type { Kysely } from 'kysely';
import { appendAudit } from '../store/audit.ts';
import {
  getIndicatorRow,
  type IndicatorPatch,
  type IndicatorRecord,
  toIndicatorRecord,
  updateIndicator,
} from '../store/indicators.ts';
import type { Database } from '../store/schema.ts';
import { touchStrategy } from '../store/strategies.ts';
import { authorize } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import { catchRollback, notFound, type Outcome, Rollback, versionConflict } from './errors.ts';
import { scopeOfTarget } from './scope.ts';

/**
 * Edits an indicator's fields with compare-and-set on `version`: if someone else saved first,
 * nothing is written and VERSION_CONFLICT carries the current indicator. Audited.
 */
export async function editIndicator(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  patch: IndicatorPatch,
): Promise<Outcome<IndicatorRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getIndicatorRow(trx, id);
      if (!before) throw new Rollback(notFound('指標 (indicator)', id));
      const scope = await scopeOfTarget(trx, 'indicator', before.strategy_id, id);
      const denied = authorize(ctx, 'write', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      const result = await updateIndicator(trx, id, version, patch, now);
      if (!result.ok) {
        if (result.reason === 'not_found') throw new Rollback(notFound('指標 (indicator)', id));
        throw new Rollback(versionConflict('指標 (indicator)', version, toIndicatorRecord(result.current)));
      }
      const after = toIndicatorRecord(result.row);
      await touchStrategy(trx, before.strategy_id, now);
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: scope?.municipalityId ?? null,
        strategyId: before.strategy_id,
        indicatorId: id,
        entityType: 'indicator',
        entityId: id,
        action: 'update',
        before: toIndicatorRecord(before),
        after,
      });
      return after;
    }),
  );
}
