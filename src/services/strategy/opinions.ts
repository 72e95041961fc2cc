import type { Kysely } from 'kysely';
import { linkedDepartmentIds } from '../../store/departments.ts';
import { indicatorOwner } from '../../store/indicators.ts';
import {
  getOpinionRow,
  insertOpinion,
  listOpinions,
  type Opinion,
  type OpinionTarget,
  opinionRow,
  toOpinion,
  updateOpinion,
} from '../../store/opinions.ts';
import type { Database } from '../../store/schema.ts';
import { measureInStrategy, projectIdsOfMeasure } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize, type Scope } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, fail, invalid, notFound, type Outcome, ok, Rollback } from '../errors.ts';
import { scopeOfStrategy } from '../scope.ts';
import { applied, recordChange } from '../versioned-write.ts';

const WHAT = '意見 (opinion)';

/**
 * The scope of what an opinion is about, in a strategy: the strategy's municipality and the
 * departments answering for the target — a measure's own departments and its projects'; an
 * indicator's own and its project's. Null when the target is not in the strategy.
 *
 * @example await scopeOfOpinionTarget(db, strategyId, 'measure', measureId) // { municipalityId, departmentIds }
 */
export async function scopeOfOpinionTarget(
  db: Executor,
  strategyId: string,
  targetType: OpinionTarget,
  targetId: string,
): Promise<Scope | null> {
  const s = await scopeOfStrategy(db, strategyId);
  if (!s) return null;
  if (targetType === 'measure') {
    if (!(await measureInStrategy(db, targetId, strategyId))) return null;
    const projects = await projectIdsOfMeasure(db, targetId);
    const departmentIds = [
      ...(await linkedDepartmentIds(db, 'measure', [targetId])),
      ...(await linkedDepartmentIds(db, 'project', projects)),
    ];
    return { municipalityId: s.municipalityId, departmentIds: [...new Set(departmentIds)] };
  }
  const ind = await indicatorOwner(db, targetId);
  if (!ind || ind.strategyId !== strategyId) return null;
  const departmentIds = [
    ...(await linkedDepartmentIds(db, 'indicator', [targetId])),
    ...(ind.ownerType === 'project' && ind.ownerId
      ? await linkedDepartmentIds(db, 'project', [ind.ownerId])
      : []),
  ];
  return { municipalityId: s.municipalityId, departmentIds: [...new Set(departmentIds)] };
}

/**
 * The scope of a stored opinion: its target's scope plus its author (committee members edit only
 * their own). Null when the opinion does not exist.
 */
export async function scopeOfOpinion(db: Executor, id: string): Promise<Scope | null> {
  const row = await getOpinionRow(db, id);
  if (!row) return null;
  const target = await scopeOfOpinionTarget(
    db,
    row.strategy_id,
    row.target_type as OpinionTarget,
    row.target_id,
  );
  const base = target ?? (await scopeOfStrategy(db, row.strategy_id));
  return base ? { ...base, authorId: row.author_id } : null;
}

/**
 * Opinions of a strategy (every reader may read them), optionally of one fiscal year or target.
 *
 * @example await strategyOpinions(db, ctx, strategyId, { fiscalYear: 2024 }) // ok([...])
 */
export async function strategyOpinions(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  filter: { fiscalYear?: number; targetType?: OpinionTarget; targetId?: string } = {},
): Promise<Outcome<Opinion[]>> {
  const scope = await scopeOfStrategy(db, strategyId);
  if (!scope) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'data.read', scope);
  if (denied) return fail(denied);
  return ok(await listOpinions(db, { strategyId, ...filter }));
}

/**
 * Writes a committee member's opinion on a measure or an indicator for a fiscal year (committee
 * members and planners). The author is the caller. Audited.
 *
 * @example await addOpinion(db, committeeCtx, strategyId, { targetType: 'measure', targetId, fiscalYear: 2024, body: '…' })
 */
export async function addOpinion(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  input: { targetType: OpinionTarget; targetId: string; fiscalYear: number; body: string },
): Promise<Outcome<Opinion>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      if (!(await scopeOfStrategy(trx, strategyId)))
        throw new Rollback(notFound('総合戦略 (strategy)', strategyId));
      const scope = await scopeOfOpinionTarget(trx, strategyId, input.targetType, input.targetId);
      if (!scope)
        throw new Rollback(
          invalid(
            'targetId',
            `この戦略に${input.targetType === 'measure' ? '施策' : '指標'}「${input.targetId}」はありません`,
            `No ${input.targetType} '${input.targetId}' in this strategy`,
          ),
        );
      const denied = authorize(ctx, 'opinion.write', scope);
      if (denied) throw new Rollback(denied);
      const now = nowIso(ctx);
      const row = opinionRow({ strategyId, ...input }, ctx.actor, now);
      await insertOpinion(trx, row);
      const after = toOpinion(row);
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: scope.municipalityId,
          strategyId,
          indicatorId: input.targetType === 'indicator' ? input.targetId : null,
          entityType: 'opinion',
          entityId: row.id,
          action: 'create',
          before: null,
          after,
        },
        { revision: false },
      );
      return after;
    }),
  );
}

/**
 * Edits an opinion with compare-and-set on its version: its text (`body`: the author, or a
 * planner) and/or the department's response (`response`: an editor of a department answering for
 * the target, or a planner). A stale version answers VERSION_CONFLICT with the current opinion.
 * Audited.
 *
 * @example await editOpinion(db, editorCtx, id, 1, { response: '来年度は周知を強化します' })
 */
export async function editOpinion(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  patch: { body?: string; response?: string | null },
): Promise<Outcome<Opinion>> {
  if (patch.body === undefined && patch.response === undefined)
    return fail(invalid('body', '本文か対応方針を指定してください', 'Give body or response'));
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getOpinionRow(trx, id);
      const scope = await scopeOfOpinion(trx, id);
      if (!before || !scope) throw new Rollback(notFound(WHAT, id));
      for (const [field, permission] of [
        ['body', 'opinion.write'],
        ['response', 'opinion.respond'],
      ] as const) {
        if (patch[field] === undefined) continue;
        const denied = authorize(ctx, permission, scope);
        if (denied) throw new Rollback({ ...denied, place: { field } });
      }
      const now = nowIso(ctx);
      const r = await updateOpinion(
        trx,
        id,
        version,
        {
          ...(patch.body !== undefined ? { body: patch.body } : {}),
          ...(patch.response !== undefined
            ? {
                response: patch.response,
                responded_by: patch.response === null ? null : ctx.actor.id,
                responded_by_name: patch.response === null ? null : ctx.actor.name,
                responded_at: patch.response === null ? null : now,
              }
            : {}),
        },
        now,
      );
      const after = applied(r, WHAT, id, version, toOpinion);
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: scope.municipalityId,
          strategyId: before.strategy_id,
          indicatorId: before.target_type === 'indicator' ? before.target_id : null,
          entityType: 'opinion',
          entityId: id,
          action: 'update',
          before: toOpinion(before),
          after,
        },
        { revision: false },
      );
      return after;
    }),
  );
}
