/**
 * Exceptions of a reporting round: an indicator reopened for a late correction, and closed again.
 */
import type { Kysely } from 'kysely';
import { ROUND_STATE_LABELS, type RoundState, yearLocked } from '../../core/reporting-round.ts';
import { answerableDepartmentIds } from '../../store/departments.ts';
import { getRoundRow } from '../../store/reporting-rounds.ts';
import {
  closeException,
  getExceptionRow,
  insertException,
  listExceptionRows,
  type RoundException,
  toException,
} from '../../store/round-exceptions.ts';
import type { Database } from '../../store/schema.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, invalid, notFound, type Outcome, Rollback } from '../errors.ts';
import { applied, recordChange } from '../versioned-write.ts';
import { ROUND, stateError } from './reporting-rounds.ts';

/**
 * A planner's recorded exception (例外): reopens exactly one indicator of a confirmed year, with
 * the reason, until it is closed. Audited on the indicator (visible in its history).
 *
 * @example await openException(db, plannerCtx, roundId, { indicatorId, reason: '統計の訂正公表' })
 */
export async function openException(
  db: Kysely<Database>,
  ctx: RequestContext,
  roundId: string,
  input: { indicatorId: string; reason: string },
): Promise<Outcome<RoundException>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const round = await getRoundRow(trx, roundId);
      if (!round) throw new Rollback(notFound(ROUND, roundId));
      const denied = authorize(ctx, 'rounds.manage', { municipalityId: round.municipality_id });
      if (denied) throw new Rollback(denied);
      if (!yearLocked(round.state as RoundState))
        throw new Rollback(
          stateError({
            message: `照会が「${ROUND_STATE_LABELS[round.state as RoundState]}」のため例外は不要です（確定後に使います）`,
            messageEn: 'Exceptions are for confirmed rounds only',
          }),
        );
      const owners = await answerableDepartmentIds(trx, round.strategy_id);
      if (!owners.has(input.indicatorId))
        throw new Rollback(
          invalid('indicatorId', 'この戦略の指標ではありません', 'Not an indicator of this strategy'),
        );
      if ((await listExceptionRows(trx, roundId, { openOnly: true, indicatorId: input.indicatorId })).length)
        throw new Rollback({
          code: 'ALREADY_EXISTS',
          message: 'この指標には既に再開中の例外があります',
          messageEn: 'This indicator is already reopened',
          place: { field: 'indicatorId' },
        });
      const now = nowIso(ctx);
      const row = await insertException(
        trx,
        { roundId, indicatorId: input.indicatorId, reason: input.reason, by: ctx.actor.name },
        now,
      );
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: round.municipality_id,
          strategyId: round.strategy_id,
          indicatorId: input.indicatorId,
          entityType: 'round_exception',
          entityId: row.id,
          action: 'exception_open',
          before: null,
          after: { ...toException(row), fiscalYear: round.fiscal_year },
        },
        { revision: false },
      );
      return toException(row);
    }),
  );
}

/** Closes an exception (planners): the indicator is locked again. Audited. */
export async function endException(
  db: Kysely<Database>,
  ctx: RequestContext,
  exceptionId: string,
  version: number,
): Promise<Outcome<RoundException>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getExceptionRow(trx, exceptionId);
      if (!before) throw new Rollback(notFound('例外 (exception)', exceptionId));
      const round = (await getRoundRow(trx, before.round_id))!;
      const denied = authorize(ctx, 'rounds.manage', { municipalityId: round.municipality_id });
      if (denied) throw new Rollback(denied);
      if (before.closed_at)
        throw new Rollback(
          stateError({ message: 'この例外は既に終了しています', messageEn: 'Already closed' }),
        );
      const now = nowIso(ctx);
      const u = await closeException(trx, exceptionId, version, ctx.actor.name, now);
      const after = applied(u, '例外 (exception)', exceptionId, version, toException);
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: round.municipality_id,
          strategyId: round.strategy_id,
          indicatorId: before.indicator_id,
          entityType: 'round_exception',
          entityId: exceptionId,
          action: 'exception_close',
          before: toException(before),
          after,
        },
        { revision: false },
      );
      return after;
    }),
  );
}
