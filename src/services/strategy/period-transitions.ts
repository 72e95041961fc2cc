/**
 * The move to the next strategy period (次期への移行), as a planner's draft that becomes a strategy
 * when confirmed, and the links between the indicators of two periods (前期・次期の指標). The plan
 * and the next period's document are the core's (core/period-transition.ts); the new strategy is
 * written by the same writer as an import, so an imported period review and the app's own
 * transition leave the same links: `strategies.predecessor_id`, and on each indicator of the new
 * period `lineage` { change, predecessorId } naming its predecessor, on a deleted one of the old
 * period `lineage` { change: 'deleted', raw: reason }.
 */
import type { Kysely } from 'kysely';
import type { Lineage } from '../../core/interchange.ts';
import type { Issue } from '../../core/issue.ts';
import {
  type BaselineProposal,
  baselineProposal,
  checkPlan,
  defaultPlan,
  nextPeriodDocument,
  type TransitionPlan,
} from '../../core/period-transition.ts';
import { linkStrategy } from '../../store/import-targets.ts';
import { getIndicatorRow, toIndicatorRecord } from '../../store/indicators.ts';
import {
  getTransitionRow,
  indicatorRowsOf,
  insertTransition,
  listTransitionRows,
  setIndicatorLineage,
  successorStrategyIds,
  type TransitionRecord,
  toTransition,
  updateTransition,
} from '../../store/period-transitions.ts';
import type { Database } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { catchRollback, fail, notFound, type Outcome, ok, Rollback, versionConflict } from '../errors.ts';
import { writeDocument } from '../import/import-document.ts';
import { applied, recordChange } from '../versioned-write.ts';
import { loadStrategy } from './strategy-document.ts';

/** One indicator of the current period as the wizard shows it. */
export interface TransitionIndicator {
  indicatorId: string;
  name: string;
  unit: string | null;
  /** 数値目標 / KPI / project indicator (`numeric_target`, `kpi`, `project_indicator`). */
  role: string | null;
  definition: string | null;
  /** The measure that owns it (a 移動 must name another one). */
  measureId: string | null;
  /** Where it sits in the structure: its goal, and its measure (its own or its project's). */
  goalId: string | null;
  placeMeasureId: string | null;
  /** The 事務事業 that owns it (project indicators). */
  projectName: string | null;
  /** The current period's baseline and target as written. */
  baselineRaw: string | null;
  targetRaw: string | null;
  /** The baseline proposed for the next period (latest final figure, with its year). */
  proposal: BaselineProposal | null;
}

/** A draft or confirmed move with what the wizard needs. */
export interface TransitionView extends TransitionRecord {
  fromStrategy: { id: string; name: string; period: { from: number | null; to: number | null } };
  indicators: TransitionIndicator[];
  goals: { id: string; code: string | null; name: string }[];
  measures: { id: string; code: string | null; name: string; goalId: string | null }[];
  /** Problems that stop a confirmation (each with its field). */
  issues: Issue[];
}

async function view(db: Executor, record: TransitionRecord): Promise<TransitionView | null> {
  const loaded = await loadStrategy(db, record.fromStrategyId);
  if (!loaded) return null;
  const { doc } = loaded;
  const measureGoal = new Map(doc.measures.map((m) => [m.id, m.goalId ?? null]));
  const projects = new Map(doc.projects.map((p) => [p.id, p]));
  return {
    ...record,
    fromStrategy: { id: loaded.strategy.id, name: loaded.strategy.name, period: loaded.strategy.period },
    indicators: doc.indicators.map((i) => {
      const project = i.owner?.type === 'project' ? projects.get(i.owner.id) : undefined;
      const placeMeasureId =
        i.owner?.type === 'measure' ? i.owner.id : project ? (project.measureId ?? null) : null;
      const goalId =
        i.owner?.type === 'goal'
          ? i.owner.id
          : placeMeasureId
            ? (measureGoal.get(placeMeasureId) ?? null)
            : (project?.goalIds?.[0] ?? null);
      return {
        indicatorId: i.id,
        name: i.name,
        unit: i.unit ?? null,
        role: i.role ?? null,
        definition: i.definition ?? null,
        measureId: i.owner?.type === 'measure' ? i.owner.id : null,
        goalId,
        placeMeasureId,
        projectName: project ? [project.code, project.name].filter(Boolean).join(' ') : null,
        baselineRaw: i.baseline?.raw ?? null,
        targetRaw: i.target?.raw ?? null,
        proposal: baselineProposal(i),
      };
    }),
    goals: doc.goals.map((g) => ({ id: g.id, code: g.code ?? null, name: g.name })),
    measures: doc.measures.map((m) => ({
      id: m.id,
      code: m.code ?? null,
      name: m.name,
      goalId: m.goalId ?? null,
    })),
    issues: record.state === 'draft' ? checkPlan(doc, record.plan) : [],
  };
}

/** A move to the next period in a strategy's list: its state, the next strategy's name and period. */
export interface TransitionSummary {
  id: string;
  state: TransitionRecord['state'];
  name: string;
  period: { from: number; to: number };
  toStrategyId: string | null;
  createdBy: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  version: number;
  updatedAt: string;
}

/** The moves of a strategy to its next period (drafts and confirmed ones), oldest first. */
export async function strategyTransitions(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
): Promise<Outcome<TransitionSummary[]>> {
  const strategy = await getStrategy(db, strategyId);
  if (!strategy) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'read', { municipalityId: strategy.municipalityId });
  if (denied) return fail(denied);
  const rows = await listTransitionRows(db, strategyId);
  return ok(
    rows
      .map(toTransition)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map((t) => ({
        id: t.id,
        state: t.state,
        name: t.plan.name,
        period: { ...t.plan.period },
        toStrategyId: t.toStrategyId,
        createdBy: t.createdBy,
        confirmedBy: t.confirmedBy,
        confirmedAt: t.confirmedAt,
        version: t.version,
        updatedAt: t.updatedAt,
      })),
  );
}

/**
 * Starts the move of a strategy to its next period (planners): a draft with the default plan —
 * the next generation's name, the five years after the period, every KPI continued with its
 * proposed baseline. An open draft of the same strategy is answered instead of a second one.
 */
export async function startTransition(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
): Promise<Outcome<{ transition: TransitionView; created: boolean }>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const loaded = await loadStrategy(trx, strategyId);
      if (!loaded) throw new Rollback(notFound('総合戦略 (strategy)', strategyId));
      const denied = authorize(ctx, 'indicator.edit', { municipalityId: loaded.strategy.municipalityId });
      if (denied) throw new Rollback(denied);
      const open = (await listTransitionRows(trx, strategyId)).find((r) => r.state === 'draft');
      if (open) return { transition: (await view(trx, toTransition(open)))!, created: false };
      const now = nowIso(ctx);
      const row = await insertTransition(
        trx,
        {
          municipalityId: loaded.strategy.municipalityId,
          fromStrategyId: strategyId,
          plan: defaultPlan(loaded.doc),
          createdBy: ctx.actor.name,
        },
        now,
      );
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: loaded.strategy.municipalityId,
          strategyId,
          entityType: 'period_transition',
          entityId: row.id,
          action: 'create',
          before: null,
          after: toTransition(row),
        },
        { revision: false },
      );
      return { transition: (await view(trx, toTransition(row)))!, created: true };
    }),
  );
}

async function readable(
  db: Executor,
  ctx: RequestContext,
  id: string,
  action: 'read' | 'indicator.edit',
): Promise<TransitionRecord> {
  const row = await getTransitionRow(db, id);
  if (!row) throw new Rollback(notFound('次期への移行 (transition)', id));
  const denied = authorize(ctx, action, { municipalityId: row.municipality_id });
  if (denied) throw new Rollback(denied);
  return toTransition(row);
}

/** Reads a move with the current proposals (a late figure changes the proposal of a draft). */
export function getTransition(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<Outcome<TransitionView>> {
  return catchRollback(async () => {
    const record = await readable(db, ctx, id, 'read');
    const v = await view(db, record);
    if (!v) throw new Rollback(notFound('総合戦略 (strategy)', record.fromStrategyId));
    return v;
  });
}

function notDraft(t: TransitionRecord) {
  return {
    code: 'INVALID_INPUT' as const,
    message: 'この移行は確定済みです。変更できません',
    messageEn: 'This transition is confirmed and can no longer change',
    place: { field: 'state' },
    current: t,
  };
}

/** Saves the planner's plan on a draft (compare-and-set); the problems come back with the view. */
export function saveTransition(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  plan: TransitionPlan,
): Promise<Outcome<TransitionView>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await readable(trx, ctx, id, 'indicator.edit');
      if (before.state !== 'draft') throw new Rollback(notDraft(before));
      const now = nowIso(ctx);
      const r = await updateTransition(trx, id, version, { plan }, now);
      const after = applied(r, '次期への移行 (transition)', id, version, toTransition);
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: before.municipalityId,
          strategyId: before.fromStrategyId,
          entityType: 'period_transition',
          entityId: id,
          action: 'update',
          before: before.plan,
          after: plan,
        },
        { revision: false },
      );
      return (await view(trx, after))!;
    }),
  );
}

/**
 * Confirms a draft: writes the next period's strategy (structure copied, indicators per decision
 * with their baselines and targets, linked to their predecessors), links it to the current
 * strategy, marks deleted indicators with their reason, and records who confirmed. All or nothing;
 * refused while the plan has problems (each named by its field).
 */
export function confirmTransition(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
): Promise<Outcome<TransitionView>> {
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await readable(trx, ctx, id, 'indicator.edit');
      if (before.state !== 'draft') throw new Rollback(notDraft(before));
      if (before.version !== version)
        throw new Rollback(versionConflict('次期への移行 (transition)', version, before));
      const loaded = await loadStrategy(trx, before.fromStrategyId);
      if (!loaded) throw new Rollback(notFound('総合戦略 (strategy)', before.fromStrategyId));
      const issues = checkPlan(loaded.doc, before.plan);
      if (issues.length)
        throw new Rollback({
          code: 'INVALID_INPUT',
          message: `次期の計画に直すところがあります: ${issues.map((i) => i.message).join('、')}`,
          messageEn: `The plan has problems: ${issues.map((i) => i.messageEn).join('; ')}`,
          place: issues[0]!.place ?? null,
          details: issues,
        });
      const now = nowIso(ctx);
      const { doc, deleted } = nextPeriodDocument(loaded.doc, before.plan);
      const summary = await writeDocument(trx, { ...ctx, municipalityId: before.municipalityId }, doc, {
        source: `次期への移行: ${loaded.strategy.name}`,
        figureSource: 'transition',
      });
      await linkStrategy(trx, summary.strategyId, { predecessorId: before.fromStrategyId }, now);
      for (const d of deleted) {
        const lineage: Lineage = { change: 'deleted', predecessorId: null, raw: d.reason };
        await setIndicatorLineage(trx, d.indicatorId, lineage, now);
        await recordChange(
          trx,
          ctx,
          now,
          {
            municipalityId: before.municipalityId,
            strategyId: before.fromStrategyId,
            indicatorId: d.indicatorId,
            entityType: 'indicator',
            entityId: d.indicatorId,
            action: 'update',
            before: null,
            after: { lineage },
          },
          // The finished strategy's own document changes (the indicator now reads 削除 with its
          // reason): its revision grows, so no cache keeps serving it without the deletion.
        );
      }
      const r = await updateTransition(
        trx,
        id,
        version,
        {
          state: 'confirmed',
          toStrategyId: summary.strategyId,
          confirmedBy: ctx.actor.name,
          confirmedAt: now,
        },
        now,
      );
      if (!r.ok) throw new Rollback(versionConflict('次期への移行 (transition)', version, null));
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: before.municipalityId,
          strategyId: summary.strategyId,
          entityType: 'period_transition',
          entityId: id,
          action: 'update',
          before: { state: 'draft' },
          after: { state: 'confirmed', toStrategyId: summary.strategyId, counts: summary.counts },
        },
        { revision: false },
      );
      return (await view(trx, toTransition(r.row)))!;
    }),
  );
}

/** An indicator on the other side of a period link. */
export interface LinkedIndicator {
  id: string;
  name: string;
  strategyId: string;
  strategyName: string;
  /** 継続 / 変更 / 移動 / 新規 of the later indicator (`continued`, `changed`, `moved`, `new`). */
  change: Lineage['change'];
  reason: string | null;
}

/** The links of an indicator to the periods before and after it. */
export interface IndicatorLinks {
  indicatorId: string;
  predecessor: LinkedIndicator | null;
  successors: LinkedIndicator[];
  /** Deleted in the next period (削除), with the reason. */
  deleted: { reason: string | null } | null;
}

const matches = (lineage: Lineage | null, ind: { id: string; ref: string | null }) =>
  lineage?.predecessorId != null && (lineage.predecessorId === ind.id || lineage.predecessorId === ind.ref);

/**
 * The indicator's predecessor (in the strategy before) and successors (in the strategies after),
 * resolved from `lineage.predecessorId` — an indicator id (the app's transition) or the indicator's
 * ref in the imported document (an imported period review) — so both give the same links.
 */
export async function indicatorLinks(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
): Promise<Outcome<IndicatorLinks>> {
  const row = await getIndicatorRow(db, indicatorId);
  if (!row) return fail(notFound('指標 (indicator)', indicatorId));
  const strategy = await getStrategy(db, row.strategy_id);
  if (!strategy) return fail(notFound('総合戦略 (strategy)', row.strategy_id));
  const denied = authorize(ctx, 'read', { municipalityId: strategy.municipalityId });
  if (denied) return fail(denied);
  const me = toIndicatorRecord(row);
  const names = new Map<string, string>([[strategy.id, strategy.name]]);
  const nameOf = async (id: string) => {
    if (!names.has(id)) names.set(id, (await getStrategy(db, id))?.name ?? '');
    return names.get(id)!;
  };
  let predecessor: LinkedIndicator | null = null;
  if (strategy.predecessorId && me.lineage?.predecessorId) {
    const before = (await indicatorRowsOf(db, [strategy.predecessorId])).find((r) => matches(me.lineage, r));
    if (before)
      predecessor = {
        id: before.id,
        name: before.name,
        strategyId: before.strategy_id,
        strategyName: await nameOf(before.strategy_id),
        change: me.lineage.change,
        reason: me.lineage.raw ?? null,
      };
  }
  const successors: LinkedIndicator[] = [];
  for (const r of await indicatorRowsOf(db, await successorStrategyIds(db, strategy.id))) {
    const next = toIndicatorRecord(r);
    if (!matches(next.lineage, row)) continue;
    successors.push({
      id: r.id,
      name: r.name,
      strategyId: r.strategy_id,
      strategyName: await nameOf(r.strategy_id),
      change: next.lineage!.change,
      reason: next.lineage!.raw ?? null,
    });
  }
  return ok({
    indicatorId,
    predecessor,
    successors,
    deleted: me.lineage?.change === 'deleted' ? { reason: me.lineage.raw ?? null } : null,
  });
}
