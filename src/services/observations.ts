import type { Kysely } from 'kysely';
import { toFigure as figureFromText } from '../core/import/figure.ts';
import type { Figure, ObservationState } from '../core/interchange.ts';
import { appendAudit } from '../store/audit.ts';
import { getIndicatorRow } from '../store/indicators.ts';
import {
  findActual,
  insertObservation,
  type ObservationRecord,
  observationRow,
  toObservation,
  updateObservation,
} from '../store/observations.ts';
import type { Database } from '../store/schema.ts';
import { touchStrategy } from '../store/strategies.ts';
import { authorize } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import { catchRollback, notFound, type Outcome, Rollback, versionConflict } from './errors.ts';
import { scopeOfTarget } from './scope.ts';

/** An actual (実績値) as a department enters it: the text as written, optionally a state and note. */
export interface ActualInput {
  /** The figure as written (`1,563件`, `(速報値) 80.2%`, `令和6年9月 公表予定`); parsed by the core. */
  raw: string;
  /** Overrides the state read from the text (e.g. `missing` with a reason in `note`). */
  state?: ObservationState | undefined;
  note?: string | null | undefined;
  /** The version being replaced; absent/null to create the year's first figure. */
  version?: number | null | undefined;
}

/**
 * Creates or updates the actual of one indicator for one fiscal year. The text is parsed by the
 * core value parser (the year defaults to the fiscal year named); the raw text is kept beside
 * the number. Updating needs the current version (compare-and-set); creating a year that someone
 * else created meanwhile is a VERSION_CONFLICT with their figure. Audited.
 */
export async function putActual(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  fiscalYear: number,
  input: ActualInput,
): Promise<Outcome<{ observation: ObservationRecord; created: boolean }>> {
  try {
    return await putActualOnce(db, ctx, indicatorId, fiscalYear, input);
  } catch (err) {
    // Two creates of the same year at once: the unique index lets one win; the other is a conflict.
    if (!isUniqueViolation(err)) throw err;
    const current = await findActual(db, indicatorId, fiscalYear);
    return {
      ok: false,
      error: versionConflict(
        `${fiscalYear}年度の実績値 (actual)`,
        0,
        current ? toObservation(current) : null,
      ),
    };
  }
}

function putActualOnce(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  fiscalYear: number,
  input: ActualInput,
): Promise<Outcome<{ observation: ObservationRecord; created: boolean }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const indicator = await getIndicatorRow(trx, indicatorId);
      if (!indicator) throw new Rollback(notFound('指標 (indicator)', indicatorId));
      const scope = await scopeOfTarget(trx, 'indicator', indicator.strategy_id, indicatorId);
      const denied = authorize(ctx, 'write', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      const parsed = figureFromText(input.raw, { year: fiscalYear, basis: 'fiscal' });
      const figure: Figure = {
        ...parsed,
        fiscalYear,
        ...(parsed.unit == null && indicator.unit ? { unit: indicator.unit } : {}),
        ...(input.state ? { state: input.state } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      };
      const existing = await findActual(trx, indicatorId, fiscalYear);
      let observation: ObservationRecord;
      let created = false;
      if (!existing) {
        if (input.version != null)
          throw new Rollback(notFound(`${fiscalYear}年度の実績値 (actual)`, indicatorId));
        const count = await trx
          .selectFrom('observations')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('indicator_id', '=', indicatorId)
          .where('kind', '=', 'actual')
          .executeTakeFirstOrThrow();
        const row = observationRow(
          figure,
          { indicatorId, strategyId: indicator.strategy_id, kind: 'actual', position: Number(count.n) },
          now,
        );
        await insertObservation(trx, row);
        observation = toObservation(row);
        created = true;
      } else {
        if (input.version == null)
          throw new Rollback(
            versionConflict(`${fiscalYear}年度の実績値 (actual)`, 0, toObservation(existing)),
          );
        const result = await updateObservation(trx, existing.id, input.version, figure, now);
        if (!result.ok) {
          if (result.reason === 'not_found') throw new Rollback(notFound('実績値 (actual)', existing.id));
          throw new Rollback(
            versionConflict(
              `${fiscalYear}年度の実績値 (actual)`,
              input.version,
              toObservation(result.current),
            ),
          );
        }
        observation = toObservation(result.row);
      }
      await touchStrategy(trx, indicator.strategy_id, now);
      await appendAudit(trx, {
        at: now,
        actor: ctx.actor,
        municipalityId: scope?.municipalityId ?? null,
        strategyId: indicator.strategy_id,
        indicatorId,
        entityType: 'observation',
        entityId: observation.id,
        action: created ? 'create' : 'update',
        before: existing ? toObservation(existing) : null,
        after: observation,
      });
      return { observation, created };
    }),
  );
}

/** Whether an error from the database is a unique-key violation (two creates of the same year). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint/.test(e?.message ?? '')
  );
}
