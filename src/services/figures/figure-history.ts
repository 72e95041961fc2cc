/**
 * Figure history (数値の版): every version of every figure of an indicator — the value, the raw
 * text, the state (速報値 → 確定値), who, when, why and through which path. The store records a
 * version with every write of a figure (entry, workbook, import, revision); this module reads the
 * history and is the one place that records a new version of an existing figure (`reviseFigure`),
 * for target and baseline revisions, late entries and corrections (訂正) of a locked year.
 */
import type { Kysely } from 'kysely';
import type { FigureVersionInput } from '../../core/evaluation/revisions.ts';
import { toFigure as figureFromText } from '../../core/figure.ts';
import type { Figure } from '../../core/interchange.ts';
import {
  type FigureChange,
  type FigureVersion,
  listFigureVersionRows,
  listRevisedFigureVersionRows,
  toFigureVersion,
} from '../../store/figure-versions.ts';
import { getIndicatorRow } from '../../store/indicators.ts';
import {
  findFigureOfKind,
  getObservationRow,
  insertObservation,
  type ObservationRecord,
  observationRow,
  toObservation,
  updateObservation,
} from '../../store/observations.ts';
import type { Database, FigureVersionTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { placedIndicator, scopeOfTarget } from '../scope.ts';
import { applied, recordChange } from '../versioned-write.ts';

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
  const placed = await placedIndicator(db, ctx, indicatorId);
  if (!placed) return fail(notFound('指標 (indicator)', indicatorId));
  const denied = authorize(ctx, 'read', placed.scope);
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
  const after = applied(result, '数値 (figure)', existing.id, revision.expectedVersion, toObservation);
  const before = toObservation(existing);
  const scope = await scopeOfTarget(trx, 'indicator', existing.strategy_id, existing.indicator_id);
  await recordChange(trx, ctx, at, {
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

/** A stored version row as the evaluation reads it (the figure rebuilt from its columns when backfilled). */
function versionInput(row: FigureVersionTable): FigureVersionInput {
  const v = toFigureVersion(row);
  const figure: Figure = v.figure ?? {
    value: row.value,
    fiscalYear: row.fiscal_year,
    ...(row.raw != null ? { raw: row.raw } : {}),
    ...(row.unit != null ? { unit: row.unit } : {}),
  };
  return {
    indicatorId: row.indicator_id,
    kind: row.kind as FigureVersionInput['kind'],
    version: row.version,
    figure,
    effectiveYear: row.effective_year,
    at: row.at,
    by: row.actor_name,
    reason: row.reason,
  };
}

/** The versions of revised targets and baselines of a strategy, for the evaluation (see revisions.ts). */
export async function figureRevisionsOf(db: Executor, strategyId: string): Promise<FigureVersionInput[]> {
  return (await listRevisedFigureVersionRows(db, strategyId)).map(versionInput);
}

/** A planner's change of a target or baseline (目標値・基準値の変更). */
export interface TargetRevisionInput {
  /** The new figure as written (`1,650件`, `100%(R9)`); parsed by the core in the indicator's unit. */
  raw: string;
  /** The year the figure is for (default: the year written in the text, else the current figure's). */
  fiscalYear?: number | null | undefined;
  /** The first fiscal year judged against the new figure; earlier years keep the figure before. */
  effectiveYear: number;
  reason: string;
  /** The current figure's version (null/absent when the indicator has none yet). */
  version?: number | null | undefined;
}

const KIND_NAME = { target: '目標値 (target)', baseline: '基準値 (baseline)' } as const;

/**
 * Changes an indicator's target or baseline (中間見直し) with a reason and an effective fiscal year:
 * the new figure becomes the current one, the old one stays in the history, and the evaluation of
 * years before the effective year keeps using the old one. Planners only (`indicator.edit`);
 * compare-and-set on the figure's version; the effective year must lie in the strategy's period.
 * Audited.
 */
export async function reviseIndicatorFigure(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  kind: 'target' | 'baseline',
  input: TargetRevisionInput,
): Promise<Outcome<{ observation: ObservationRecord; created: boolean }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const indicator = await getIndicatorRow(trx, indicatorId);
      if (!indicator) throw new Rollback(notFound('指標 (indicator)', indicatorId));
      const scope = await scopeOfTarget(trx, 'indicator', indicator.strategy_id, indicatorId);
      const denied = authorize(ctx, 'indicator.edit', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const strategy = await getStrategy(trx, indicator.strategy_id);
      const from = strategy?.period.from ?? null;
      const to = strategy?.period.to ?? null;
      if ((from != null && input.effectiveYear < from) || (to != null && input.effectiveYear > to))
        throw new Rollback(
          invalid(
            'effectiveYear',
            `適用開始年度 ${input.effectiveYear} は計画期間 (${from ?? '?'}〜${to ?? '?'}年度) の外です。期間内の年度を指定してください`,
            `Effective year ${input.effectiveYear} is outside the strategy period (${from ?? '?'}–${to ?? '?'}); give a year inside it`,
          ),
        );
      if (!input.reason.trim())
        throw new Rollback(
          invalid('reason', '変更の理由を入力してください', 'Give the reason for the change'),
        );
      const existing = await findFigureOfKind(trx, indicatorId, kind);
      const year = input.fiscalYear ?? existing?.fiscal_year ?? (kind === 'target' ? to : from);
      const parsed = figureFromText(input.raw, { year, basis: 'fiscal' }, undefined, indicator.unit);
      const figure: Figure = {
        ...parsed,
        ...(input.fiscalYear != null ? { fiscalYear: input.fiscalYear } : {}),
        ...(parsed.unit == null && indicator.unit ? { unit: indicator.unit } : {}),
      };
      if (figure.value == null && figure.parsed?.kind !== 'text')
        throw new Rollback(
          invalid(
            'raw',
            `「${input.raw}」を${KIND_NAME[kind]}として読めません。数値で入力してください (例: 1,650件)`,
            `'${input.raw}' cannot be read as a ${kind}; enter a number (e.g. 1,650)`,
          ),
        );
      if (!existing) {
        if (input.version != null) throw new Rollback(notFound(KIND_NAME[kind], indicatorId));
        const now = nowIso(ctx);
        const row = observationRow(
          figure,
          { indicatorId, strategyId: indicator.strategy_id, kind, position: 0 },
          now,
        );
        await insertObservation(trx, row, {
          at: now,
          actor: ctx.actor,
          source: 'revision',
          reason: input.reason,
          effectiveYear: input.effectiveYear,
        });
        const observation = toObservation(row);
        await recordChange(trx, ctx, now, {
          municipalityId: scope?.municipalityId ?? null,
          strategyId: indicator.strategy_id,
          indicatorId,
          entityType: 'observation',
          entityId: row.id,
          action: 'create',
          before: null,
          after: {
            ...observation,
            source: 'revision',
            reason: input.reason,
            effectiveYear: input.effectiveYear,
          },
        });
        return { observation, created: true };
      }
      if (input.version == null)
        throw new Rollback(versionConflict(KIND_NAME[kind], 0, toObservation(existing)));
      const { after } = await reviseFigure(trx, ctx, {
        observationId: existing.id,
        expectedVersion: input.version,
        figure,
        source: 'revision',
        reason: input.reason,
        effectiveYear: input.effectiveYear,
      });
      return { observation: after, created: false };
    }),
  );
}
