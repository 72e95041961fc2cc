import type { Kysely } from 'kysely';
import {
  getIndicatorRow,
  type IndicatorPatch,
  type IndicatorRecord,
  toIndicatorRecord,
  updateIndicator,
} from '../../store/indicators.ts';
import { listObservationRows, type ObservationRecord, toObservation } from '../../store/observations.ts';
import type { Database } from '../../store/schema.ts';
import { taggingsOfTarget } from '../../store/tags.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, fail, notFound, type Outcome, ok, Rollback } from '../errors.ts';
import { placedIndicator, scopeOfTarget } from '../scope.ts';
import { applied, recordChange } from '../versioned-write.ts';

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
      const after = applied(result, '指標 (indicator)', id, version, toIndicatorRecord);
      await recordChange(trx, ctx, now, {
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

/** An indicator with everything the detail page shows. */
export interface IndicatorDetail extends IndicatorRecord {
  /** The departments answerable for it (担当課: its own, else its project's), current names. */
  departments: string[];
  /** Ids of its departments (same order as `departments`), for the UI to offer what the user may edit. */
  departmentIds: string[];
  tags: { set: string; tag: string }[];
  baseline: ObservationRecord | null;
  target: ObservationRecord | null;
  milestones: ObservationRecord[];
  actuals: ObservationRecord[];
}

/**
 * Reads one indicator with its figures, departments and tags: besides what the access check read,
 * two indexed queries, neither growing with the strategy or the database (its own tags only).
 */
export async function indicatorDetail(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<Outcome<IndicatorDetail>> {
  // The route's access check has read it in this request already (scope.ts: placedIndicator).
  const placed = await placedIndicator(db, ctx, id);
  if (!placed) return fail(notFound('指標 (indicator)', id));
  const { row, departments } = placed;
  const denied = authorize(ctx, 'read', placed.scope);
  if (denied) return fail(denied);
  const [observations, tags] = await Promise.all([
    listObservationRows(db, { indicatorId: id }),
    taggingsOfTarget(db, 'indicator', row.strategy_id, id),
  ]);
  const obs = observations.map(toObservation);
  const actuals = obs
    .filter((o) => o.kind === 'actual')
    .sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0));
  return ok({
    ...toIndicatorRecord(row),
    departments: departments.map((d) => d.name),
    departmentIds: departments.map((d) => d.id),
    tags,
    baseline: obs.find((o) => o.kind === 'baseline') ?? null,
    target: obs.find((o) => o.kind === 'target') ?? null,
    milestones: obs.filter((o) => o.kind === 'milestone'),
    actuals,
  });
}
