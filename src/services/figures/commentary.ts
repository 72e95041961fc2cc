import type { Kysely } from 'kysely';
import type { Commentary } from '../../core/interchange.ts';
import type { CurrentCommentary, EntryCommentaryChange } from '../../core/reports/entry-workbook.ts';
import {
  type CommentaryRecord,
  commentaryRow,
  getCommentaryRow,
  insertCommentary,
  listCommentary,
  toCommentary,
  updateCommentary,
} from '../../store/commentary.ts';
import { getIndicatorRow } from '../../store/indicators.ts';
import type { Database } from '../../store/schema.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, fail, notFound, type Outcome, ok, Rollback, versionConflict } from '../errors.ts';
import { guardYearWrite } from '../rounds/round-guard.ts';
import { scopeOfStrategy } from '../scope.ts';
import { applied, recordChange } from '../versioned-write.ts';

/** Commentary of an indicator (all years). */
export async function indicatorCommentary(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
): Promise<Outcome<CommentaryRecord[]>> {
  const ind = await getIndicatorRow(db, indicatorId);
  if (!ind) return fail(notFound('指標 (indicator)', indicatorId));
  const denied = authorize(
    ctx,
    'read',
    (await scopeOfStrategy(db, ind.strategy_id)) ?? { municipalityId: null },
  );
  if (denied) return fail(denied);
  return ok(
    await listCommentary(db, { strategyId: ind.strategy_id, targetType: 'indicator', targetId: indicatorId }),
  );
}

/** Adds commentary (①実施状況 ②課題 ③今後の方策 総括) to an indicator for a year. Audited. */
export async function addIndicatorCommentary(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  input: Commentary,
): Promise<Outcome<CommentaryRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const ind = await getIndicatorRow(trx, indicatorId);
      if (!ind) throw new Rollback(notFound('指標 (indicator)', indicatorId));
      const scope = await scopeOfStrategy(trx, ind.strategy_id);
      const denied = authorize(ctx, 'write', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      if (input.fiscalYear != null)
        await guardYearWrite(
          trx,
          {
            strategyId: ind.strategy_id,
            fiscalYear: input.fiscalYear,
            indicatorIds: [indicatorId],
            what: 'コメント',
            departmentData: true,
          },
          now,
        );
      const existing = await listCommentary(trx, {
        strategyId: ind.strategy_id,
        targetType: 'indicator',
        targetId: indicatorId,
      });
      const row = commentaryRow(
        input,
        {
          strategyId: ind.strategy_id,
          targetType: 'indicator',
          targetId: indicatorId,
          position: existing.length,
        },
        now,
      );
      await insertCommentary(trx, row);
      const after = toCommentary(row);
      await recordChange(trx, ctx, now, {
        municipalityId: scope?.municipalityId ?? null,
        strategyId: ind.strategy_id,
        indicatorId,
        entityType: 'commentary',
        entityId: row.id,
        action: 'create',
        before: null,
        after,
      });
      return after;
    }),
  );
}

/** Edits commentary with compare-and-set on its version. Audited. */
export async function editCommentary(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  patch: Omit<Commentary, 'fiscalYear' | 'provenance'>,
): Promise<Outcome<CommentaryRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getCommentaryRow(trx, id);
      if (!before) throw new Rollback(notFound('コメント (commentary)', id));
      const scope = await scopeOfStrategy(trx, before.strategy_id);
      const denied = authorize(ctx, 'write', scope ?? { municipalityId: null });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      if (before.fiscal_year != null)
        await guardYearWrite(
          trx,
          {
            strategyId: before.strategy_id,
            fiscalYear: before.fiscal_year,
            indicatorIds: before.target_type === 'indicator' ? [before.target_id] : [],
            what: 'コメント',
            departmentData: before.target_type === 'indicator',
          },
          now,
        );
      const r = await updateCommentary(trx, id, version, patch, now);
      const after = applied(r, 'コメント (commentary)', id, version, toCommentary);
      await recordChange(trx, ctx, now, {
        municipalityId: scope?.municipalityId ?? null,
        strategyId: before.strategy_id,
        indicatorId: before.target_type === 'indicator' ? before.target_id : null,
        entityType: 'commentary',
        entityId: id,
        action: 'update',
        before: toCommentary(before),
        after,
      });
      return after;
    }),
  );
}

/**
 * Each indicator's commentary of one year in a strategy (the first record of the year, as the
 * entry page edits it), with its version: what an entry workbook exports and compares against.
 */
export async function commentaryOfYear(
  db: Executor,
  strategyId: string,
  fiscalYear: number,
): Promise<Map<string, CurrentCommentary & { id: string }>> {
  const out = new Map<string, CurrentCommentary & { id: string }>();
  for (const c of await listCommentary(db, { strategyId, targetType: 'indicator' })) {
    if (c.fiscalYear !== fiscalYear || out.has(c.targetId)) continue;
    out.set(c.targetId, {
      id: c.id,
      progress: c.progress ?? '',
      issues: c.issues ?? '',
      nextSteps: c.nextSteps ?? '',
      version: c.version,
    });
  }
  return out;
}

/**
 * Writes one commentary line of an uploaded entry workbook inside the caller's transaction:
 * the year's reporting round allowing it (as every figure), compare-and-set on the version seen in
 * the preview (a change since then rolls the whole upload
 * back as VERSION_CONFLICT naming the cell), audited like an edit on the entry page.
 */
export async function applyCommentaryLine(
  trx: Executor,
  ctx: RequestContext,
  strategyId: string,
  fiscalYear: number,
  line: EntryCommentaryChange,
  now: string,
): Promise<CommentaryRecord> {
  const what = `${fiscalYear}年度のコメント (${line.cell})`;
  await guardYearWrite(
    trx,
    {
      strategyId,
      fiscalYear,
      indicatorIds: [line.indicatorId],
      what: `コメント (${line.cell})`,
      departmentData: true,
    },
    now,
  );
  const stored = (await commentaryOfYear(trx, strategyId, fiscalYear)).get(line.indicatorId) ?? null;
  if ((stored?.version ?? null) !== line.version)
    throw new Rollback(versionConflict(what, line.version ?? 0, stored));
  let before: CommentaryRecord | null = null;
  let after: CommentaryRecord;
  if (!stored) {
    const position = (
      await listCommentary(trx, { strategyId, targetType: 'indicator', targetId: line.indicatorId })
    ).length;
    const row = commentaryRow(
      { fiscalYear, ...line.after },
      { strategyId, targetType: 'indicator', targetId: line.indicatorId, position },
      now,
    );
    await insertCommentary(trx, row);
    after = toCommentary(row);
  } else {
    const row = await getCommentaryRow(trx, stored.id);
    before = row ? toCommentary(row) : null;
    const r = await updateCommentary(trx, stored.id, stored.version as number, line.after, now);
    after = applied(r, what, stored.id, stored.version as number, toCommentary);
  }
  await recordChange(trx, ctx, now, {
    municipalityId: null,
    strategyId,
    indicatorId: line.indicatorId,
    entityType: 'commentary',
    entityId: after.id,
    action: before ? 'update' : 'create',
    before,
    after,
  });
  return after;
}
