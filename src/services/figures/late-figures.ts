/**
 * Figures that arrive after the period (遅れて届いた実績値): a closed strategy — its period over, or
 * already followed by the next period — still takes the figures of its years through a planner's
 * recorded late entry (with a reason, kept in the figure's history as `late-entry`). The next
 * period's baseline follows: a continued indicator whose baseline came from the transition and is
 * older than the late figure gets the late figure as its new baseline (a new version, same path).
 */
import type { Kysely } from 'kysely';
import { toFigure as figureFromText } from '../../core/figure.ts';
import { fiscalYearAt } from '../../core/fiscal-year.ts';
import type { Figure } from '../../core/interchange.ts';
import { type FigureChange, listFigureVersionRows } from '../../store/figure-versions.ts';
import { getIndicatorRow, toIndicatorRecord } from '../../store/indicators.ts';
import {
  findActual,
  findFigureOfKind,
  insertObservation,
  type ObservationRecord,
  observationRow,
  toObservation,
} from '../../store/observations.ts';
import { indicatorRowsOf, successorStrategyIds } from '../../store/period-transitions.ts';
import type { Database } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, invalid, notFound, type Outcome, Rollback } from '../errors.ts';
import { scopeOfTarget } from '../scope.ts';
import { recordChange } from '../versioned-write.ts';
import { reviseFigure } from './figure-history.ts';
import { saveActual } from './observations.ts';

/** A late figure as the planner records it. */
export interface LateFigureInput {
  raw: string;
  reason: string;
  /** The version being replaced; absent/null when the year has no figure yet. */
  version?: number | null | undefined;
}

/**
 * Records a late actual of a closed strategy (planners): the year must be in the strategy's period,
 * the period over (or the next period started), a reason given. Then every continued successor
 * whose baseline came from the transition and is older than this figure takes it as its baseline.
 * Answers the figure and the successors whose baseline followed. All or nothing; audited.
 */
export function recordLateFigure(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  fiscalYear: number,
  input: LateFigureInput,
): Promise<Outcome<{ observation: ObservationRecord; baselinesFollowed: string[] }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const indicator = await getIndicatorRow(trx, indicatorId);
      if (!indicator) throw new Rollback(notFound('指標 (indicator)', indicatorId));
      const scope = await scopeOfTarget(trx, 'indicator', indicator.strategy_id, indicatorId);
      const denied = authorize(ctx, 'indicator.edit', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const strategy = (await getStrategy(trx, indicator.strategy_id))!;
      const { from, to } = strategy.period;
      if ((from != null && fiscalYear < from) || (to != null && fiscalYear > to))
        throw new Rollback(
          invalid(
            'fiscalYear',
            `${fiscalYear}年度は計画期間 (${from ?? '?'}〜${to ?? '?'}年度) の外です`,
            `Fiscal year ${fiscalYear} is outside the strategy period (${from ?? '?'}–${to ?? '?'})`,
          ),
        );
      const successors = await successorStrategyIds(trx, strategy.id);
      const closed = (to != null && fiscalYearAt(ctx.now()) > to) || successors.length > 0;
      if (!closed)
        throw new Rollback(
          invalid(
            'fiscalYear',
            'この総合戦略の期間はまだ終わっていません。通常の実績値の入力を使ってください',
            'The strategy period has not ended; enter the figure through the usual entry',
          ),
        );
      if (!input.reason.trim())
        throw new Rollback(
          invalid('reason', '遅れて登録する理由を入力してください', 'Give the reason for the late entry'),
        );
      const now = nowIso(ctx);
      const change: FigureChange = { at: now, actor: ctx.actor, source: 'late-entry', reason: input.reason };
      const parsed = figureFromText(
        input.raw,
        { year: fiscalYear, basis: 'fiscal' },
        undefined,
        indicator.unit,
      );
      const figure: Figure = {
        ...parsed,
        fiscalYear,
        ...(parsed.unit == null && indicator.unit ? { unit: indicator.unit } : {}),
      };
      const existing = await findActual(trx, indicatorId, fiscalYear);
      const observation = await saveActual(trx, {
        indicatorId,
        strategyId: strategy.id,
        fiscalYear,
        figure,
        version: input.version ?? null,
        existing,
        change,
      });
      await recordChange(trx, ctx, now, {
        municipalityId: strategy.municipalityId,
        strategyId: strategy.id,
        indicatorId,
        entityType: 'observation',
        entityId: observation.id,
        action: existing ? 'update' : 'create',
        before: existing ? toObservation(existing) : null,
        after: { ...observation, source: 'late-entry', reason: input.reason },
      });
      const baselinesFollowed: string[] = [];
      const final = figure.value != null && (figure.state == null || figure.state === 'final');
      if (final)
        for (const next of await indicatorRowsOf(trx, successors)) {
          const lineage = toIndicatorRecord(next).lineage;
          if (lineage?.change !== 'continued') continue;
          if (lineage.predecessorId !== indicator.id && lineage.predecessorId !== indicator.ref) continue;
          const baseline = await findFigureOfKind(trx, next.id, 'baseline');
          if (baseline && (baseline.fiscal_year ?? 0) >= fiscalYear) continue;
          const versions = baseline ? await listFigureVersionRows(trx, { observationId: baseline.id }) : [];
          if (versions.some((v) => v.source !== 'transition' && v.source !== 'late-entry')) continue;
          const { provenance: _p, ...proposed } = figure;
          const reason = `前期の${fiscalYear}年度実績 (遅れて登録) を基準値とする`;
          if (baseline)
            await reviseFigure(trx, ctx, {
              observationId: baseline.id,
              expectedVersion: baseline.version,
              figure: proposed,
              source: 'late-entry',
              reason,
            });
          else
            await insertObservation(
              trx,
              observationRow(
                proposed,
                { indicatorId: next.id, strategyId: next.strategy_id, kind: 'baseline', position: 0 },
                now,
              ),
              { ...change, reason },
            );
          baselinesFollowed.push(next.id);
        }
      return { observation, baselinesFollowed };
    }),
  );
}
