import type { Kysely } from 'kysely';
import { latestActualYear } from '../../core/evaluation/evaluate.ts';
import { importedJudgements } from '../../core/evaluation/override.ts';
import { type RoundState, yearLocked } from '../../core/reporting-round.ts';
import { getIndicatorRow } from '../../store/indicators.ts';
import { planningDivisionOf } from '../../store/municipalities.ts';
import {
  getOverrideRow,
  insertOverride,
  listOverrides,
  type OverrideRecord,
  overrideRow,
  toOverride,
} from '../../store/overrides.ts';
import { findRoundRow } from '../../store/reporting-rounds.ts';
import type { Database, EvaluationOverrideTable } from '../../store/schema.ts';
import { insertMany, updateVersioned } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, notFound, type Outcome, Rollback, versionConflict } from '../errors.ts';
import { guardYearWrite, yearLockedError } from '../rounds/round-guard.ts';
import { scopeOfTarget } from '../scope.ts';
import { loadStrategy } from '../strategy/strategy-document.ts';
import { applied, recordChange } from '../versioned-write.ts';

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
        await insertOverride(trx, row);
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

/** What a backfill of imported judgements did for one strategy. */
export interface BackfillResult {
  strategyId: string;
  /** Judgements of record written now (one per indicator and fiscal year). */
  created: number;
  /** Years that already had a judgement of record (a planner's or an earlier import's), kept. */
  kept: number;
  /**
   * Years left out because their reporting round is confirmed (確定) or published: their
   * judgements are locked; each with the count left out and the reason (present when any).
   */
  locked?: { fiscalYear: number; skipped: number; message: string; messageEn: string }[];
}

/**
 * Writes the judgements of record of a strategy imported before statuses were stored as such: the
 * statuses the city published (kept on the indicators as `reportedStatus` / `reportedStatuses`)
 * become overrides with source `import`, exactly as an import writes them now. A year that already
 * has a judgement of record is left as it is, so running it again changes nothing. Needs the right
 * to write the strategy; audited.
 *
 * @example await backfillImportedJudgements(db, ctx, strategyId) // ok: { created: 47, kept: 0 }
 */
export async function backfillImportedJudgements(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
): Promise<Outcome<BackfillResult>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const loaded = await loadStrategy(trx, strategyId);
      if (!loaded) throw new Rollback(notFound('総合戦略 (strategy)', strategyId));
      const scope = { municipalityId: loaded.strategy.municipalityId };
      const denied = authorize(ctx, 'write', scope);
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      const existing = new Set(
        (await listOverrides(trx, { strategyId })).map((o) => `${o.indicatorId}:${o.fiscalYear}`),
      );
      const asOf = latestActualYear(loaded.doc);
      const rows: EvaluationOverrideTable[] = [];
      let kept = 0;
      // A confirmed (確定) or published year is locked: its judgements are not written here (a
      // planner reopens an indicator as a recorded exception and judges it in the app).
      const lockOf = new Map<number, { message: string; messageEn: string } | null>();
      const locked = new Map<number, number>();
      const lockedYear = async (year: number) => {
        if (!lockOf.has(year)) {
          const round = await findRoundRow(trx, strategyId, year);
          lockOf.set(
            year,
            round && yearLocked(round.state as RoundState)
              ? yearLockedError(
                  year,
                  round,
                  '記録上の評価',
                  await planningDivisionOf(trx, round.municipality_id),
                )
              : null,
          );
        }
        return lockOf.get(year) != null;
      };
      for (const ind of loaded.doc.indicators)
        for (const j of importedJudgements(ind, { at: now, by: ctx.actor.name, asOf })) {
          const year = j.fiscalYear as number;
          if (existing.has(`${ind.id}:${year}`)) {
            kept++;
            continue;
          }
          if (await lockedYear(year)) {
            locked.set(year, (locked.get(year) ?? 0) + 1);
            continue;
          }
          existing.add(`${ind.id}:${year}`);
          rows.push(
            overrideRow(
              {
                strategyId,
                indicatorId: ind.id,
                fiscalYear: year,
                statusKey: null,
                status: j.label,
                reason: j.reason,
                actorId: ctx.actor.id,
                actorName: ctx.actor.name,
                source: 'import',
              },
              now,
            ),
          );
        }
      if (rows.length > 0) {
        await insertMany(trx, 'evaluation_overrides', rows);
        await recordChange(
          trx,
          ctx,
          now,
          rows.map((r) => ({
            municipalityId: scope.municipalityId,
            strategyId,
            indicatorId: r.indicator_id,
            entityType: 'evaluation_override',
            entityId: r.id,
            action: 'create' as const,
            before: null,
            after: toOverride(r),
          })),
        );
      }
      const result: BackfillResult = { strategyId, created: rows.length, kept };
      if (locked.size > 0)
        result.locked = [...locked]
          .sort(([a], [b]) => a - b)
          .map(([fiscalYear, skipped]) => {
            const { message, messageEn } = lockOf.get(fiscalYear)!;
            return { fiscalYear, skipped, message, messageEn };
          });
      return result;
    }),
  );
}
