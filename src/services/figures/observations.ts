import type { Kysely } from 'kysely';
import {
  checkEntry,
  type EntryWarning,
  type FigureConfirmation,
  unconfirmed,
} from '../../core/entry-check.ts';
import { toFigure as figureFromText } from '../../core/figure.ts';
import type { Figure, ObservationState } from '../../core/interchange.ts';
import type { FigureChange } from '../../store/figure-versions.ts';
import { getIndicatorRow } from '../../store/indicators.ts';
import {
  countActuals,
  figuresBefore,
  findActual,
  insertObservation,
  type ObservationRecord,
  observationRow,
  toObservation,
  updateObservation,
} from '../../store/observations.ts';
import type { Database, ObservationTable } from '../../store/schema.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  type AppError,
  catchRollback,
  notFound,
  type Outcome,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { guardYearWrite } from '../rounds/round-guard.ts';
import { scopeOfTarget } from '../scope.ts';
import { applied, recordChange } from '../versioned-write.ts';

/** An actual (実績値) as a department enters it: the text as written, optionally a state and note. */
export interface ActualInput {
  /** The figure as written (`1,563件`, `(速報値) 80.2%`, `令和6年9月 公表予定`); parsed by the core. */
  raw: string;
  /** Overrides the state read from the text (e.g. `missing` with a reason in `note`). */
  state?: ObservationState | undefined;
  note?: string | null | undefined;
  /** The version being replaced; absent/null to create the year's first figure. */
  version?: number | null | undefined;
  /**
   * Codes of the entry warnings the user confirmed for this figure (UNIT_DIFFERS, ...). A figure
   * with a warning not listed here is not saved: NEEDS_CONFIRMATION lists the warnings.
   */
  confirm?: readonly string[] | null | undefined;
  /** Why the figure changed (kept in its version history), e.g. 確定値に更新. */
  reason?: string | null | undefined;
}

/**
 * The refusal of a figure with entry warnings not confirmed: stable code NEEDS_CONFIRMATION, the
 * warnings (each with its code, messages and field) in `details.warnings`.
 */
export function needsConfirmation(what: string, warnings: readonly EntryWarning[]): AppError {
  const first = warnings[0];
  return {
    code: 'NEEDS_CONFIRMATION',
    message: `${what}: 入力チェックの警告を確認してください (${warnings.map((w) => w.code).join(', ')})。${first?.message ?? ''}。値が正しければ警告を確認済みにして保存してください`,
    messageEn: `${what}: confirm the entry warnings (${warnings.map((w) => w.code).join(', ')}). ${first?.messageEn ?? ''}. If the figure is right, confirm the warnings and save again`,
    place: { field: first?.field ?? 'raw' },
    details: { warnings },
  };
}

/**
 * Runs the core's entry checks on a figure against the indicator's unit and its stored past
 * (baseline and actuals of earlier years); the confirmation to store, or the refusal.
 */
export async function checkActual(
  db: Executor,
  indicator: { id: string; unit: string | null },
  fiscalYear: number,
  raw: string,
  confirm: readonly string[] | null | undefined,
  by: { name: string; at: string },
): Promise<{ ok: true; confirmed: FigureConfirmation | null } | { ok: false; warnings: EntryWarning[] }> {
  const past = await figuresBefore(db, indicator.id, fiscalYear);
  const { warnings } = checkEntry(raw, { unit: indicator.unit, fiscalYear, past });
  const open = unconfirmed(warnings, confirm);
  if (open.length) return { ok: false, warnings: open };
  return { ok: true, confirmed: warnings.length ? { warnings, by: by.name, at: by.at } : null };
}

/**
 * Creates or updates the actual of one indicator for one fiscal year. The text is parsed by the
 * core value parser (the year defaults to the fiscal year named); the raw text is kept beside
 * the number. Updating needs the current version (compare-and-set); creating a year that someone
 * else created meanwhile is a VERSION_CONFLICT with their figure. A figure the core's entry checks
 * warn about (unit, not a number, outside the past range, unusual jump, other year) is saved only
 * when every warning is confirmed (`confirm`), else NEEDS_CONFIRMATION; the confirmation is stored
 * with the figure. Audited.
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
      const guard = await guardYearWrite(
        trx,
        {
          strategyId: indicator.strategy_id,
          fiscalYear,
          indicatorIds: [indicatorId],
          what: '実績値',
          departmentData: true,
        },
        now,
      );
      const checked = await checkActual(
        trx,
        { id: indicatorId, unit: indicator.unit },
        fiscalYear,
        input.raw,
        input.confirm,
        { name: ctx.actor.name, at: now },
      );
      if (!checked.ok)
        throw new Rollback(needsConfirmation(`${fiscalYear}年度の実績値 (actual)`, checked.warnings));
      // A plain number is in the indicator's unit (`18500` on a 万円 indicator is 1.85億円).
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
        ...(input.state ? { state: input.state } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
      };
      const existing = await findActual(trx, indicatorId, fiscalYear);
      const change: FigureChange = {
        at: now,
        actor: ctx.actor,
        source: guard.exception ? 'correction' : 'entry',
        reason: input.reason ?? guard.exception?.reason ?? null,
      };
      const observation = await saveActual(trx, {
        indicatorId,
        strategyId: indicator.strategy_id,
        fiscalYear,
        figure,
        version: input.version ?? null,
        existing,
        change,
        confirmed: checked.confirmed,
      });
      const created = !existing;
      await recordChange(trx, ctx, now, {
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

/**
 * Creates or updates the actual of a fiscal year in the caller's transaction, with its figure
 * version: creating needs no version (a version for a missing year is NOT_FOUND), updating needs
 * the current one (none, or a stale one, is a VERSION_CONFLICT with the stored figure). Access,
 * locks and the audit entry are the caller's.
 */
export async function saveActual(
  trx: Executor,
  input: {
    indicatorId: string;
    strategyId: string;
    fiscalYear: number;
    figure: Figure;
    version: number | null;
    existing: ObservationTable | null;
    change: FigureChange;
    confirmed?: FigureConfirmation | null;
  },
): Promise<ObservationRecord> {
  const { indicatorId, fiscalYear, figure, version, existing, change } = input;
  const what = `${fiscalYear}年度の実績値 (actual)`;
  if (!existing) {
    if (version != null) throw new Rollback(notFound(what, indicatorId));
    const row = observationRow(
      figure,
      {
        indicatorId,
        strategyId: input.strategyId,
        kind: 'actual',
        position: await countActuals(trx, indicatorId),
      },
      change.at,
      input.confirmed ?? null,
    );
    await insertObservation(trx, row, change);
    return toObservation(row);
  }
  if (version == null) throw new Rollback(versionConflict(what, 0, toObservation(existing)));
  const result = await updateObservation(trx, existing.id, version, figure, change, input.confirmed ?? null);
  return applied(result, what, existing.id, version, toObservation);
}
