import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { IndicatorEvaluation } from '../../core/evaluation/evaluation.ts';
import type { Figure, Indicator } from '../../core/interchange.ts';
import type {
  StrategyTree,
  TreeFigure,
  TreeGoal,
  TreeIndicator,
  TreeMeasure,
  TreeProject,
} from '../../core/strategy-tree.ts';
import { departmentsNamed } from '../../store/departments.ts';
import type { Database } from '../../store/schema.ts';
import { getStrategyHead } from '../../store/strategies.ts';
import { authorize } from '../access.ts';
import type { RequestContext } from '../context.ts';
import { fail, notFound, type Outcome, ok } from '../errors.ts';
import { evaluateStrategy } from '../figures/evaluation.ts';

export type {
  StrategyTree,
  TreeFigure,
  TreeGoal,
  TreeIndicator,
  TreeMeasure,
  TreeProject,
  TreeTag,
} from '../../core/strategy-tree.ts';

const fig = (f: Figure | null | undefined): TreeFigure | null =>
  f ? { fiscalYear: f.fiscalYear, value: f.value, raw: f.raw ?? null, state: f.state ?? null } : null;

function latestActual(ind: Indicator): Figure | null {
  let best: Figure | null = null;
  for (const a of ind.actuals) {
    if (a.fiscalYear == null) continue;
    if (!best || (best.fiscalYear ?? -Infinity) < a.fiscalYear) best = a;
  }
  return best;
}

function indicatorNode(
  ind: Indicator,
  version: number,
  ref: string | null,
  e: IndicatorEvaluation | undefined,
): TreeIndicator {
  return {
    id: ind.id,
    ref,
    name: ind.name,
    unit: ind.unit ?? null,
    role: ind.role ?? null,
    direction: ind.direction ?? null,
    version,
    departments: ind.departments ?? [],
    ...(ind.tags?.length ? { tags: ind.tags.map((t) => ({ set: t.set, tag: t.tag })) } : {}),
    baseline: fig(ind.baseline),
    target: fig(ind.target),
    latest: fig(latestActual(ind)),
    evaluation: e
      ? {
          status: {
            key: e.status.key,
            label: e.status.label,
            ...(e.status.labelEn ? { labelEn: e.status.labelEn } : {}),
            color: e.status.color,
            source: e.status.source,
          },
          computed: {
            key: e.computed.key,
            label: e.computed.label,
            ...(e.computed.labelEn ? { labelEn: e.computed.labelEn } : {}),
            color: e.computed.color,
          },
          override: e.override
            ? { label: e.override.label, reason: e.override.reason, by: e.override.by, at: e.override.at }
            : null,
          achievement: e.metrics.achievement,
          pace: e.metrics.pace,
          forecast: e.metrics.forecast,
        }
      : null,
  };
}

/** Builds the tree from an evaluated strategy (pure assembly). */
export function assembleTree(
  data: NonNullable<Awaited<ReturnType<typeof evaluateStrategy>> & { ok: true }>['value'],
): StrategyTree {
  const { loaded, evaluation } = data;
  const { doc, strategy } = loaded;
  const evalById = new Map(evaluation.results.map((r) => [r.id, r]));
  const byOwner = new Map<string, TreeIndicator[]>();
  const unassignedIndicators: TreeIndicator[] = [];
  // An owner outside this strategy (e.g. in another period of the same import) places nothing:
  // such indicators are listed as unassigned rather than dropped from the tree.
  const owners = new Set([...doc.goals, ...doc.measures, ...doc.projects].map((x) => x.id));
  for (const ind of doc.indicators) {
    const meta = loaded.indicatorMeta.get(ind.id)!;
    const node = indicatorNode(ind, meta.version, meta.ref, evalById.get(ind.id));
    if (ind.owner && owners.has(ind.owner.id)) {
      const list = byOwner.get(ind.owner.id) ?? [];
      list.push(node);
      byOwner.set(ind.owner.id, list);
    } else unassignedIndicators.push(node);
  }
  const projectsOf = new Map<string, TreeProject[]>();
  const orphanProjects: TreeProject[] = [];
  for (const p of doc.projects) {
    const node: TreeProject = {
      id: p.id,
      code: p.code ?? null,
      name: p.name,
      departments: p.departments ?? [],
      ...(p.tags?.length ? { tags: p.tags.map((t) => ({ set: t.set, tag: t.tag })) } : {}),
      ...(p.sdgs?.length ? { sdgs: [...p.sdgs] } : {}),
      ...(p.priority ? { priority: true as const } : {}),
      indicators: byOwner.get(p.id) ?? [],
    };
    if (p.measureId) {
      const list = projectsOf.get(p.measureId) ?? [];
      list.push(node);
      projectsOf.set(p.measureId, list);
    } else orphanProjects.push(node);
  }
  const measureNodes = new Map<string, TreeMeasure>();
  for (const m of doc.measures)
    measureNodes.set(m.id, {
      id: m.id,
      code: m.code ?? null,
      name: m.name,
      indicators: byOwner.get(m.id) ?? [],
      measures: [],
      projects: projectsOf.get(m.id) ?? [],
    });
  const goalNodes = new Map<string, TreeGoal>();
  for (const g of doc.goals)
    goalNodes.set(g.id, {
      id: g.id,
      code: g.code ?? null,
      name: g.name,
      indicators: byOwner.get(g.id) ?? [],
      measures: [],
    });
  const orphanMeasures: TreeMeasure[] = [];
  for (const m of doc.measures) {
    const node = measureNodes.get(m.id)!;
    const parent = m.parentId ? measureNodes.get(m.parentId) : undefined;
    if (parent && parent !== node) parent.measures.push(node);
    else if (m.goalId && goalNodes.has(m.goalId)) goalNodes.get(m.goalId)!.measures.push(node);
    else orphanMeasures.push(node);
  }
  return {
    strategy: { id: strategy.id, name: strategy.name, period: strategy.period, version: strategy.version },
    revision: strategy.revision,
    asOf: evaluation.asOf,
    scheme: { id: evaluation.scheme.id, name: evaluation.scheme.name, source: data.schemeSource },
    goals: [...goalNodes.values()],
    unassigned: { measures: orphanMeasures, projects: orphanProjects, indicators: unassignedIndicators },
    summary: evaluation.summary,
  };
}

/** The serialized tree and what identifies it (for ETag and caching). */
export interface TreeBody {
  /** UTF-8 JSON, encoded once per revision. */
  json: Buffer;
  /** The same JSON gzip-compressed, made on first demand and kept with the revision. */
  gzip(): Buffer;
  etag: string;
  revision: number;
}

/**
 * A small cache of serialized trees keyed by strategy and asOf, valid for one strategy revision.
 * Every write inside a strategy bumps its revision in the same transaction, so a cached tree is
 * served only while the database still says it is current (checked on every request, which keeps
 * several server processes on one PostgreSQL consistent).
 */
export class TreeCache {
  readonly #entries = new Map<string, TreeBody>();
  constructor(readonly maxEntries = 64) {}
  get(key: string, revision: number): TreeBody | null {
    const hit = this.#entries.get(key);
    return hit && hit.revision === revision ? hit : null;
  }
  set(key: string, body: TreeBody): void {
    if (this.#entries.size >= this.maxEntries && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, body);
  }
}

/**
 * The strategy tree (read → core evaluation → assembly), serialized once per revision.
 *
 * @example const r = await strategyTree(db, ctx, id, {}, cache); if (r.ok) reply.send(r.value.json)
 */
export async function strategyTree(
  db: Kysely<Database>,
  ctx: RequestContext,
  strategyId: string,
  options: { asOf?: number | null },
  cache: TreeCache | null,
): Promise<Outcome<TreeBody>> {
  // One small query per request: is the cached tree still current, and may the caller read it?
  const head = await getStrategyHead(db, strategyId);
  if (!head) return fail(notFound('総合戦略 (strategy)', strategyId));
  const denied = authorize(ctx, 'read', { municipalityId: head.municipalityId });
  if (denied) return fail(denied);
  const key = `${strategyId}:${options.asOf ?? ''}`;
  const hit = cache?.get(key, head.revision);
  if (hit) return ok(hit);
  const evaluated = await evaluateStrategy(db, ctx, strategyId, {
    asOf: options.asOf ?? null,
    text: false,
    cached: true,
  });
  if (!evaluated.ok) return evaluated;
  const tree = assembleTree(evaluated.value);
  const named = new Set<string>();
  const collect = (ds: readonly string[]) => {
    for (const d of ds) named.add(d);
  };
  for (const ind of evaluated.value.loaded.doc.indicators) collect(ind.departments ?? []);
  for (const p of evaluated.value.loaded.doc.projects) collect(p.departments ?? []);
  if (named.size) tree.departments = await departmentsNamed(db, head.municipalityId, [...named]);
  const json = Buffer.from(JSON.stringify(tree));
  let gz: Buffer | null = null;
  const body: TreeBody = {
    json,
    gzip: () => {
      gz ??= gzipSync(json, { level: 6 });
      return gz;
    },
    etag: `"${strategyId}-${tree.revision}-${options.asOf ?? ''}"`,
    revision: tree.revision,
  };
  cache?.set(key, body);
  return ok(body);
}
