import type { Kysely } from 'kysely';
import { fiscalYearAt, formatFiscalYear } from '../../core/fiscal-year.ts';
import {
  getPublishedYearRow,
  insertPublishedYear,
  listPublishedYears,
  type PublicationSource,
  type PublishedYear,
  toPublishedYear,
  updatePublishedYear,
} from '../../store/published-years.ts';
import type { Database } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, fail, invalid, notFound, type Outcome, ok, Rollback } from '../errors.ts';
import { applied, recordChange } from '../versioned-write.ts';

export type { PublicationSource, PublishedYear };

const STRATEGY = '総合戦略 (strategy)';
const WHAT = '年度の公表 (publication of a fiscal year)';

/** Whether an error is a unique-key violation (a concurrent first publication of the same year). */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '23505' || /UNIQUE constraint failed/i.test(String(e?.message ?? ''));
}

/**
 * Publishes a fiscal year of a strategy (年度の公表) inside the caller's transaction: from now on
 * its figures, commentary and committee opinions appear on the public site and in the open data.
 * Planners (and administrators) only; the year must lie in the strategy's period and be over
 * (results of the running fiscal year are never published). Publishing a year that is already
 * published changes nothing and writes no audit entry; publishing a withdrawn year publishes it
 * again. Audited. Throws Rollback with the error (for services that compose it, e.g. a reporting
 * round reaching 公表); use {@link publishFiscalYear} from a route or the CLI.
 *
 * @example await db.transaction().execute((trx) => publishYearIn(trx, ctx, strategyId, 2024, { source: 'round' }))
 */
export async function publishYearIn(
  trx: Executor,
  ctx: RequestContext,
  strategyId: string,
  fiscalYear: number,
  options: { source?: PublicationSource; note?: string | null } = {},
): Promise<PublishedYear> {
  const strategy = await getStrategy(trx, strategyId);
  if (!strategy) throw new Rollback(notFound(STRATEGY, strategyId));
  const denied = authorize(ctx, 'publication.write', { municipalityId: strategy.municipalityId });
  if (denied) throw new Rollback(denied);
  const { from, to } = strategy.period;
  if ((from != null && fiscalYear < from) || (to != null && fiscalYear > to))
    throw new Rollback(
      invalid(
        'fiscalYear',
        `${formatFiscalYear(fiscalYear)}はこの戦略の計画期間 (${from ?? '?'}〜${to ?? '?'}年度) の外です。期間内の年度を指定してください`,
        `FY${fiscalYear} is outside the strategy's period (${from ?? '?'}–${to ?? '?'}); give a year of the period`,
      ),
    );
  const current = fiscalYearAt(ctx.now());
  if (fiscalYear >= current)
    throw new Rollback(
      invalid(
        'fiscalYear',
        `${formatFiscalYear(fiscalYear)}はまだ終わっていないため公表できません (公表できるのは${formatFiscalYear(current - 1)}まで)`,
        `FY${fiscalYear} is not over yet and cannot be published (up to FY${current - 1})`,
      ),
    );
  const now = nowIso(ctx);
  const source = options.source ?? 'manual';
  const note = options.note ?? null;
  const before = await getPublishedYearRow(trx, strategyId, fiscalYear);
  if (before?.state === 'published') return toPublishedYear(before);
  let after: PublishedYear;
  if (!before) {
    after = toPublishedYear(
      await insertPublishedYear(trx, { strategyId, fiscalYear, source, by: ctx.actor.id, note }, now),
    );
  } else {
    const r = await updatePublishedYear(
      trx,
      before.id,
      before.version,
      {
        state: 'published',
        source,
        published_at: now,
        published_by: ctx.actor.id,
        withdrawn_at: null,
        withdrawn_by: null,
        reason: note,
      },
      now,
    );
    after = applied(r, WHAT, String(fiscalYear), before.version, toPublishedYear);
  }
  await recordChange(trx, ctx, now, {
    municipalityId: strategy.municipalityId,
    strategyId,
    entityType: 'publication',
    entityId: after.id,
    action: before ? 'update' : 'create',
    before: before ? toPublishedYear(before) : null,
    after,
  });
  return after;
}

/**
 * Publishes a fiscal year of a strategy (see {@link publishYearIn}) in its own transaction.
 *
 * @example await publishFiscalYear(db, plannerCtx, strategyId, 2024) // ok({ fiscalYear: 2024, state: 'published', … })
 */
export async function publishFiscalYear(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  fiscalYear: number,
  options: { source?: PublicationSource; note?: string | null } = {},
): Promise<Outcome<PublishedYear>> {
  const run = () =>
    catchRollback(() =>
      db.transaction().execute((trx) => publishYearIn(trx, ctx, strategyId, fiscalYear, options)),
    );
  try {
    return await run();
  } catch (err) {
    // Two first publications of the same year at once: the unique key lets one in; the other
    // finds it published.
    if (isUniqueViolation(err)) return run();
    throw err;
  }
}

/**
 * Withdraws a published fiscal year (公表の取り下げ) with a reason: its figures, commentary and
 * opinions leave the public site and the open data at once. Planners only. Audited.
 *
 * @example await withdrawFiscalYear(db, plannerCtx, strategyId, 2024, '誤りがあったため再集計します')
 */
export async function withdrawFiscalYear(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  fiscalYear: number,
  reason: string,
): Promise<Outcome<PublishedYear>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const strategy = await getStrategy(trx, strategyId);
      if (!strategy) throw new Rollback(notFound(STRATEGY, strategyId));
      const denied = authorize(ctx, 'publication.write', { municipalityId: strategy.municipalityId });
      if (denied) throw new Rollback(denied);
      const before = await getPublishedYearRow(trx, strategyId, fiscalYear);
      if (before?.state !== 'published')
        throw new Rollback({
          ...notFound(WHAT, formatFiscalYear(fiscalYear)),
          message: `${formatFiscalYear(fiscalYear)}は公表されていません`,
          messageEn: `FY${fiscalYear} is not published`,
          place: { field: 'fiscalYear' },
        });
      const now = nowIso(ctx);
      const r = await updatePublishedYear(
        trx,
        before.id,
        before.version,
        { state: 'withdrawn', withdrawn_at: now, withdrawn_by: ctx.actor.id, reason },
        now,
      );
      const after = applied(r, WHAT, String(fiscalYear), before.version, toPublishedYear);
      await recordChange(trx, ctx, now, {
        municipalityId: strategy.municipalityId,
        strategyId,
        entityType: 'publication',
        entityId: after.id,
        action: 'update',
        before: toPublishedYear(before),
        after,
      });
      return after;
    }),
  );
}

/**
 * The publication state of every fiscal year of a strategy that was ever published (signed-in
 * readers).
 *
 * @example await strategyPublication(db, ctx, strategyId) // ok([{ fiscalYear: 2023, state: 'published', … }])
 */
export async function strategyPublication(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
): Promise<Outcome<PublishedYear[]>> {
  const strategy = await getStrategy(db, strategyId);
  if (!strategy) return fail(notFound(STRATEGY, strategyId));
  const denied = authorize(ctx, 'data.read', { municipalityId: strategy.municipalityId });
  if (denied) return fail(denied);
  return ok(await listPublishedYears(db, strategyId));
}
