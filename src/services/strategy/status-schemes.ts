import type { Kysely } from 'kysely';
import { presets } from '../../core/evaluation/presets.ts';
import { type StatusScheme, statusSchemeSchema } from '../../core/evaluation/status-scheme.ts';
import { municipalityExists } from '../../store/municipalities.ts';
import type { Database } from '../../store/schema.ts';
import {
  deleteStatusScheme,
  getStatusSchemeRow,
  insertStatusScheme,
  listStatusSchemes,
  type StatusSchemeRecord,
  toStatusScheme,
  updateStatusScheme,
} from '../../store/status-schemes.ts';
import {
  getStrategy,
  type StrategyRecord,
  setStrategyScheme,
  strategyIdsUsingScheme,
  toStrategy,
  touchStrategy,
} from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { type AppError, catchRollback, fail, notFound, type Outcome, ok, Rollback } from '../errors.ts';
import { zodIssues } from '../validation.ts';
import { applied, recordChange } from '../versioned-write.ts';

/** A scheme as listed: the shipped presets (read-only) and the municipality's own. */
export interface SchemeListing {
  id: string;
  name: string;
  kind: 'preset' | 'stored';
  version: number | null;
  definition: StatusScheme;
}

/** A stored scheme with its definition (checked when written: a StatusScheme). */
export type SchemeRecord = Omit<StatusSchemeRecord, 'definition'> & { definition: StatusScheme };

export async function listSchemes(db: Kysely<Database>, ctx: RequestContext): Promise<SchemeListing[]> {
  const stored = await listStatusSchemes(db, ctx.municipalityId);
  return [
    ...Object.values(presets).map((p) => ({
      id: p.id,
      name: p.name,
      kind: 'preset' as const,
      version: null,
      definition: p,
    })),
    ...stored.map((s) => ({
      id: s.id,
      name: s.name,
      kind: 'stored' as const,
      version: s.version,
      definition: s.definition as StatusScheme,
    })),
  ];
}

function checkDefinition(
  definition: unknown,
): { ok: true; scheme: StatusScheme } | { ok: false; error: AppError } {
  const r = statusSchemeSchema.safeParse(definition);
  if (r.success) return { ok: true, scheme: r.data };
  const details = zodIssues(r.error, ['definition']);
  return {
    ok: false,
    error: {
      code: 'INVALID_INPUT',
      message: `評価区分の定義に誤りがあります: ${details.map((d) => d.message).join('、')}`,
      messageEn: `Invalid status scheme: ${details.map((d) => d.messageEn).join('; ')}`,
      place: { field: details[0]?.path ?? 'definition' },
      details,
    },
  };
}

/** Strategies that use a scheme: their trees must be recomputed when it changes. */
async function touchUsers(db: Executor, schemeId: string, now: string): Promise<void> {
  for (const id of await strategyIdsUsingScheme(db, schemeId)) await touchStrategy(db, id, now);
}

export async function createScheme(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: { municipalityId: string; definition: unknown },
): Promise<Outcome<SchemeRecord>> {
  const denied = authorize(ctx, 'admin', { municipalityId: input.municipalityId });
  if (denied) return fail(denied);
  const checked = checkDefinition(input.definition);
  if (!checked.ok) return fail(checked.error);
  return db.transaction().execute(async (trx) => {
    if (!(await municipalityExists(trx, input.municipalityId)))
      return fail(notFound('自治体 (municipality)', input.municipalityId));
    const now = nowIso(ctx);
    const rec = await insertStatusScheme(
      trx,
      { municipalityId: input.municipalityId, name: checked.scheme.name, definition: checked.scheme },
      now,
    );
    await recordChange(trx, ctx, now, {
      municipalityId: input.municipalityId,
      entityType: 'status_scheme',
      entityId: rec.id,
      action: 'create',
      after: rec,
    });
    return ok(rec as SchemeRecord);
  });
}

export async function editScheme(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  definition: unknown,
): Promise<Outcome<SchemeRecord>> {
  const checked = checkDefinition(definition);
  if (!checked.ok) return fail(checked.error);
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getStatusSchemeRow(trx, id);
      if (!before) throw new Rollback(notFound('評価区分 (status scheme)', id));
      const denied = authorize(ctx, 'admin', { municipalityId: before.municipality_id });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      const r = await updateStatusScheme(
        trx,
        id,
        version,
        { name: checked.scheme.name, definition: checked.scheme },
        now,
      );
      const after = applied(r, '評価区分 (status scheme)', id, version, toStatusScheme);
      await touchUsers(trx, id, now);
      await recordChange(trx, ctx, now, {
        municipalityId: before.municipality_id,
        entityType: 'status_scheme',
        entityId: id,
        action: 'update',
        before: toStatusScheme(before),
        after,
      });
      return after as SchemeRecord;
    }),
  );
}

export async function removeScheme(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<Outcome<{ deleted: string }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getStatusSchemeRow(trx, id);
      if (!before) throw new Rollback(notFound('評価区分 (status scheme)', id));
      const denied = authorize(ctx, 'admin', { municipalityId: before.municipality_id });
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      await touchUsers(trx, id, now);
      await deleteStatusScheme(trx, id);
      await recordChange(trx, ctx, now, {
        municipalityId: before.municipality_id,
        entityType: 'status_scheme',
        entityId: id,
        action: 'delete',
        before: toStatusScheme(before),
      });
      return { deleted: id };
    }),
  );
}

/** Chooses the active scheme of a strategy (a preset id or a stored scheme's id; null: default). */
export async function chooseScheme(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  version: number,
  schemeId: string | null,
): Promise<Outcome<StrategyRecord>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getStrategy(trx, strategyId);
      if (!before) throw new Rollback(notFound('総合戦略 (strategy)', strategyId));
      const denied = authorize(ctx, 'admin', { municipalityId: before.municipalityId });
      if (denied) throw new Rollback(denied);
      if (schemeId && !presets[schemeId]) {
        const row = await getStatusSchemeRow(trx, schemeId);
        if (!row || (row.municipality_id && row.municipality_id !== before.municipalityId))
          throw new Rollback({
            ...notFound('評価区分 (status scheme)', schemeId),
            place: { field: 'schemeId' },
          });
      }
      const now = nowIso(ctx);
      const r = await setStrategyScheme(trx, strategyId, version, schemeId, now);
      applied(r, '総合戦略 (strategy)', strategyId, version, toStrategy);
      await touchStrategy(trx, strategyId, now);
      const after = (await getStrategy(trx, strategyId))!;
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: before.municipalityId,
          strategyId,
          entityType: 'strategy',
          entityId: strategyId,
          action: 'update',
          before: { statusSchemeId: before.statusSchemeId, version: before.version },
          after: { statusSchemeId: after.statusSchemeId, version: after.version },
        },
        { revision: false },
      );
      return after;
    }),
  );
}
