import type { Kysely } from 'kysely';
import { withAnswerableDepartments } from '../../core/answerable-departments.ts';
import {
  type DocumentEvaluation,
  type EvaluateOptions,
  evaluateDocument,
} from '../../core/evaluation/evaluate.ts';
import { learnScheme, type SchemeProposal } from '../../core/evaluation/learn-scheme.ts';
import {
  type Override,
  overrideStatus,
  recordClasses,
  statusClasses,
} from '../../core/evaluation/override.ts';
import { DEFAULT_SCHEME_ID, presets } from '../../core/evaluation/presets.ts';
import {
  parseStatusScheme,
  type StatusScheme,
  statusSchemeSchema,
} from '../../core/evaluation/status-scheme.ts';
import { fiscalYearAt } from '../../core/fiscal-year.ts';
import { figureYears, type StrategyTimeline, strategyTimeline } from '../../core/strategy-timeline.ts';
import { listOverrides, type OverrideRecord } from '../../store/overrides.ts';
import type { Database } from '../../store/schema.ts';
import { getStatusSchemeRow } from '../../store/status-schemes.ts';
import { getStrategyHead } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import type { RequestContext } from '../context.ts';
import { fail, notFound, type Outcome, ok } from '../errors.ts';
import { placedIndicator } from '../scope.ts';
import { type LoadedStrategy, loadStrategy } from '../strategy/strategy-document.ts';
import { figureRevisionsOf } from './figure-history.ts';

/**
 * The status scheme a strategy uses: its chosen stored scheme or preset, else 標準. A stored
 * definition that no longer validates falls back to the default (and says so).
 */
export async function schemeOf(
  db: Executor,
  schemeId: string | null,
): Promise<{ scheme: StatusScheme; source: 'preset' | 'stored' | 'default' }> {
  if (schemeId) {
    const preset = presets[schemeId];
    if (preset) return { scheme: preset, source: 'preset' };
    const row = await getStatusSchemeRow(db, schemeId);
    if (row) {
      const parsed = statusSchemeSchema.safeParse({ ...JSON.parse(row.definition_json), id: row.id });
      if (parsed.success) return { scheme: parsed.data, source: 'stored' };
    }
  }
  return { scheme: presets[DEFAULT_SCHEME_ID]!, source: 'default' };
}

/** Stored judgements of record (planners' overrides and imported statuses) → the core's Override values. */
export async function overridesOf(db: Executor, strategyId: string): Promise<Override[]> {
  return (await listOverrides(db, { strategyId })).map((o) => ({
    indicatorId: o.indicatorId,
    label: o.status,
    ...(o.statusKey ? { key: o.statusKey } : {}),
    reason: o.reason,
    by: o.actorName ?? o.actorId ?? '不明',
    at: o.updatedAt,
    fiscalYear: o.fiscalYear,
    source: o.source,
  }));
}

/**
 * A loaded strategy's timeline: its period (stored, else derived from its figures) and its as-of
 * year (stored, else the latest year with figures, else the year before the period; never null).
 */
export function timelineOf(loaded: LoadedStrategy, ctx: RequestContext): StrategyTimeline {
  return strategyTimeline(loaded.strategy, figureYears(loaded.doc.indicators), fiscalYearAt(ctx.now()));
}

/** A strategy read and evaluated (read → core). */
export interface EvaluatedStrategy {
  loaded: LoadedStrategy;
  evaluation: DocumentEvaluation;
  schemeSource: 'preset' | 'stored' | 'default';
}

/**
 * Evaluated strategies of this process, each valid for one revision of its strategy. Every write
 * inside a strategy (figures, overrides, commentary, its scheme, revisions) bumps the revision in the
 * same transaction, so an entry is never served after a change, whichever process made it; several
 * processes on one PostgreSQL stay correct. Bounded by the number of indicators held (memory grows
 * with indicators, not with entries); the least recently used entries go first.
 */
export class EvaluationCache {
  private readonly entries = new Map<string, { revision: number; value: EvaluatedStrategy; size: number }>();
  private held = 0;
  constructor(private readonly maxIndicators = 50_000) {}
  get(key: string, revision: number): EvaluatedStrategy | null {
    const hit = this.entries.get(key);
    if (!hit || hit.revision !== revision) return null;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }
  set(key: string, revision: number, value: EvaluatedStrategy): void {
    const size = Math.max(1, value.loaded.doc.indicators.length);
    if (size > this.maxIndicators) return;
    const old = this.entries.get(key);
    if (old) {
      this.held -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { revision, value, size });
    this.held += size;
    for (const [k, e] of this.entries) {
      if (this.held <= this.maxIndicators) break;
      this.entries.delete(k);
      this.held -= e.size;
    }
  }
  /** Indicators held (for tests and metrics). */
  get indicators(): number {
    return this.held;
  }
}

const caches = new WeakMap<object, EvaluationCache>();

/**
 * The evaluation cache of one database handle (one per process and database; a worker of the pool
 * has its own, bounded by `maxIndicators` when it opens its connection).
 */
export function evaluationCacheOf(db: Kysely<Database>, maxIndicators?: number): EvaluationCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new EvaluationCache(maxIndicators);
    caches.set(db, cache);
  }
  return cache;
}

/**
 * Reads a strategy and evaluates every indicator with the strategy's scheme and overrides, as of a
 * fiscal year (default: the strategy's as-of year, see timelineOf). With `cached`, a result of the
 * same strategy revision is reused (see EvaluationCache): the caller must not change it.
 */
export async function evaluateStrategy(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  options: { asOf?: number | null; text?: boolean; cached?: boolean } = {},
): Promise<Outcome<EvaluatedStrategy>> {
  if (!options.cached) return evaluateFresh(db, ctx, strategyId, options);
  // One small query: is a cached evaluation still current, and may the caller read it?
  const head = await getStrategyHead(db, strategyId);
  if (!head) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'read', { municipalityId: head.municipalityId });
  if (denied) return fail(denied);
  // The default as-of year follows the calendar too: part of the key.
  const key = `${strategyId}|${options.asOf ?? `now:${fiscalYearAt(ctx.now())}`}|${options.text ?? true}`;
  const cache = evaluationCacheOf(db);
  const hit = cache.get(key, head.revision);
  if (hit) return ok(hit);
  const fresh = await evaluateFresh(db, ctx, strategyId, options);
  if (fresh.ok) cache.set(key, fresh.value.loaded.strategy.revision, fresh.value);
  return fresh;
}

/**
 * What evaluating a strategy takes, read in one transaction (the document, scheme, overrides and
 * revisions are one consistent state): the loaded strategy and the options of evaluateDocument, all
 * plain data, so the evaluation can run elsewhere (a worker rendering a large document).
 */
export async function evaluationInputs(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  options: { asOf?: number | null; text?: boolean },
): Promise<
  Outcome<{
    loaded: LoadedStrategy;
    inputs: EvaluateOptions;
    schemeSource: EvaluatedStrategy['schemeSource'];
  }>
> {
  const read = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const loaded = await loadStrategy(trx, strategyId);
      if (!loaded) return null;
      const { scheme, source } = await schemeOf(trx, loaded.strategy.statusSchemeId);
      const overrides = await overridesOf(trx, strategyId);
      const revisions = await figureRevisionsOf(trx, strategyId);
      return { loaded, scheme, source, overrides, revisions };
    });
  if (!read) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'read', { municipalityId: read.loaded.strategy.municipalityId });
  if (denied) return fail(denied);
  return ok({
    // Evaluations and documents read each indicator's answerable departments (the one rule).
    loaded: { ...read.loaded, doc: withAnswerableDepartments(read.loaded.doc) },
    inputs: {
      asOf: options.asOf ?? timelineOf(read.loaded, ctx).asOf,
      scheme: read.scheme,
      overrides: read.overrides,
      revisions: read.revisions,
      text: options.text ?? true,
    },
    schemeSource: read.source,
  });
}

async function evaluateFresh(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  options: { asOf?: number | null; text?: boolean },
): Promise<Outcome<EvaluatedStrategy>> {
  const read = await evaluationInputs(db, ctx, strategyId, options);
  if (!read.ok) return read;
  const { loaded, inputs, schemeSource } = read.value;
  return ok({ loaded, evaluation: evaluateDocument(loaded.doc, inputs), schemeSource });
}

/**
 * The effect of a status scheme on a strategy's current data before it is saved (the settings
 * screen): the summary under the proposed scheme beside the current one, and which indicators
 * would change status. Reads only; stores nothing.
 */
export async function previewScheme(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  definition: unknown,
  asOf: number | null,
) {
  const loaded = await loadStrategy(db, strategyId);
  if (!loaded) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'read', { municipalityId: loaded.strategy.municipalityId });
  if (denied) return fail(denied);
  asOf ??= timelineOf(loaded, ctx).asOf;
  const proposed = parseStatusScheme(definition, 'definition');
  if (!proposed.ok)
    return fail({
      code: 'INVALID_INPUT',
      message: `評価区分の定義に誤りがあります: ${proposed.issues.map((i) => i.message).join('、')}`,
      messageEn: `Invalid status scheme: ${proposed.issues.map((i) => i.messageEn).join('; ')}`,
      place: { field: 'definition' },
      details: proposed.issues,
    });
  const current = await schemeOf(db, loaded.strategy.statusSchemeId);
  const overrides = await overridesOf(db, strategyId);
  const revisions = await figureRevisionsOf(db, strategyId);
  const options = { asOf: asOf, overrides, revisions, text: false };
  const before = evaluateDocument(loaded.doc, { ...options, scheme: current.scheme });
  const after = evaluateDocument(loaded.doc, { ...options, scheme: proposed.value });
  const was = new Map(before.results.map((r) => [r.id, r.status]));
  const changes = after.results
    .filter((r) => was.get(r.id)?.key !== r.status.key || was.get(r.id)?.label !== r.status.label)
    .map((r) => ({ id: r.id, name: r.name, before: was.get(r.id) ?? null, after: r.status }));
  return ok({
    asOf: after.asOf,
    current: {
      scheme: { id: before.scheme.id, name: before.scheme.name },
      overall: before.summary.overall,
    },
    proposed: {
      scheme: { id: after.scheme.id, name: after.scheme.name },
      overall: after.summary.overall,
    },
    changes,
  });
}

/**
 * The evaluation of one indicator as of a fiscal year (the indicator page): the result with its
 * explanation, the scheme with the statuses it can give (the choices of an override), and the
 * stored overrides of the indicator for every year with their version, who and when.
 *
 * @example await indicatorEvaluation(db, ctx, 'kpi-1', 2024) // ok({ asOf: 2024, scheme: { statuses: [...] }, status, computed, overrides: [...] })
 */
export async function indicatorEvaluation(
  db: Kysely<Database>,
  ctx: RequestContext,
  indicatorId: string,
  asOf: number | null,
) {
  const placed = await placedIndicator(db, ctx, indicatorId);
  if (!placed) return fail(notFound('指標 (indicator)', indicatorId));
  const r = await evaluateStrategy(db, ctx, placed.row.strategy_id, { asOf, cached: true });
  if (!r.ok) return r;
  const e = r.value.evaluation;
  const result = e.results.find((x) => x.id === indicatorId);
  // Every indicator of the strategy is evaluated; one missing was removed since it was read.
  if (!result) return fail(notFound('指標 (indicator)', indicatorId));
  // The choices of an override: every status the scheme can name (rules, classes of record, fallback).
  const statuses = statusClasses(e.scheme);
  const overrides: OverrideRecord[] = await listOverrides(db, { indicatorId });
  // And the classes the judgements of record use that the scheme does not name (the city's own,
  // before its scheme of record is adopted): this year's of the strategy, then this indicator's.
  const judged = [
    ...e.results.flatMap((x) => (x.override && x.status.source === 'override' ? [x.status] : [])),
    ...overrides.map((o) => overrideStatus(e.scheme, { label: o.status, key: o.statusKey ?? undefined })),
  ];
  return ok({
    asOf: e.asOf,
    scheme: {
      id: e.scheme.id,
      name: e.scheme.name,
      statuses,
      recordClasses: recordClasses(e.scheme, judged),
    },
    ...result,
    overrides,
  });
}

/**
 * A scheme of record learned from the strategy's judgements of record (imported statuses and
 * planners' overrides) for a fiscal year: the proposal, the agreement of the current scheme and of
 * the proposal, and every remaining disagreement with its numbers. Reads only: adopting it is the
 * planner's act (create the scheme, then choose it for the strategy).
 */
export async function proposeScheme(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  asOf: number | null,
): Promise<Outcome<SchemeProposal>> {
  const evaluated = await evaluateStrategy(db, ctx, strategyId, { asOf, text: false });
  if (!evaluated.ok) return evaluated;
  return ok(
    learnScheme(evaluated.value.evaluation, {
      id: 'learned',
      name: `${evaluated.value.loaded.strategy.name} の評価区分 (学習)`.slice(0, 120),
      indicators: evaluated.value.loaded.doc.indicators,
    }),
  );
}
