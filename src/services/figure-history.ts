/**
 * Figure history (数値の版): every version of every figure of an indicator — the value, the raw
 * text, the state (速報値 → 確定値), who, when, why and through which path. The store records a
 * version with every write of a figure (entry, workbook, import, revision); this module reads the
 * history and is the one place that records a new version of an existing figure (`reviseFigure`),
 * for target and baseline revisions, late entries and corrections (訂正) of a locked year.
 */
import type { Kysely } from 'kysely';
import type { Figure } from '../core/interchange.ts';
import { appendAudit } from '../store/audit.ts';
import {
  type FigureChange,
  type FigureVersion,
  listFigureVersionRows,
  toFigureVersion,
} from '../store/figure-versions.ts';
import { getIndicatorRow } from '../store/indicators.ts';
import {
  getObservationRow,
  type ObservationRecord,
  toObservation,
  updateObservation,
} from '../store/observations.ts';
import type { Database } from '../store/schema.ts';
import { touchStrategy } from '../store/strategies.ts';
import type { Executor } from '../store/versioned.ts';
import { authorize } from './access.ts';
import type { RequestContext } from './context.ts';
import { fail, notFound, type Outcome, ok, Rollback, versionConflict } from './errors.ts';
import { scopeOfTarget } from './scope.ts';

/** The history of one indicator's figures, oldest version first within each figure. */
export interface IndicatorFigureHistory {
  indicatorId: string;
  versions: FigureVersion[];
}

/** Reads the versions of every figure of an indicator (read access to the indicator). */
export async function indicatorFigureHistory(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
): Promise<Outcome<IndicatorFigureHistory>> {
  const row = await getIndicatorRow(db, indicatorId);
  if (!row) return fail(notFound('指標 (indicator)', indicatorId));
  const scope = await scopeOfTarget(db, 'indicator', row.strategy_id, indicatorId);
  const denied = authorize(ctx, 'read', scope ?? { municipalityId: null });
  if (denied) return fail(denied);
  const rows = await listFigureVersionRows(db, { indicatorId });
  return ok({ indicatorId, versions: rows.map(toFigureVersion) });
}

/** A new version of an existing figure. */
export interface FigureRevision {
  observationId: string;
  /** The version being replaced (compare-and-set: someone else's change is never overwritten). */
  expectedVersion: number;
  figure: Figure;
  /** Path, reason and effective year; who and when come from the context. */
  source: FigureChange['source'];
  reason: string | null;
  effectiveYear?: number | null;
}

/**
 * Records a new version of an existing figure inside the caller's transaction: compare-and-set on
 * the figure's version, the version row (who, when, why, effective year), the audit entry and the
 * strategy's revision. Access is the caller's to check (a correction of a locked year and a
 * planner's target revision have different rules). Throws Rollback (NOT_FOUND, VERSION_CONFLICT).
 *
 * @example
 * await reviseFigure(trx, ctx, { observationId, expectedVersion: 2, figure: { value: 1200, raw: '1,200人',
 *   fiscalYear: 2024, state: 'final' }, source: 'correction', reason: '集計誤りの訂正' });
 */
export async function reviseFigure(
  trx: Executor,
  ctx: RequestContext,
  revision: FigureRevision,
): Promise<{ before: ObservationRecord; after: ObservationRecord }> {
  const existing = await getObservationRow(trx, revision.observationId);
  if (!existing) throw new Rollback(notFound('数値 (figure)', revision.observationId));
  const at = ctx.now().toISOString();
  const change: FigureChange = {
    at,
    actor: ctx.actor,
    source: revision.source,
    reason: revision.reason,
    effectiveYear: revision.effectiveYear ?? null,
  };
  const result = await updateObservation(trx, existing.id, revision.expectedVersion, revision.figure, change);
  if (!result.ok) {
    if (result.reason === 'not_found') throw new Rollback(notFound('数値 (figure)', existing.id));
    throw new Rollback(
      versionConflict('数値 (figure)', revision.expectedVersion, toObservation(result.current)),
    );
  }
  const before = toObservation(existing);
  const after = toObservation(result.row);
  await touchStrategy(trx, existing.strategy_id, at);
  const scope = await scopeOfTarget(trx, 'indicator', existing.strategy_id, existing.indicator_id);
  await appendAudit(trx, {
    at,
    actor: ctx.actor,
    municipalityId: scope?.municipalityId ?? null,
    strategyId: existing.strategy_id,
    indicatorId: existing.indicator_id,
    entityType: 'observation',
    entityId: existing.id,
    action: 'update',
    before,
    after: {
      ...after,
      source: revision.source,
      reason: revision.reason,
      effectiveYear: change.effectiveYear,
    },
  });
  return { before, after };
}
