/**
 * The document of a period review (期間の検証) from two linked strategies: the finished period and
 * the one that follows it (`predecessor_id`), as one interchange document with both periods, the
 * next period's indicators tied to their predecessors by indicator id and the next period's texts
 * on the same goals and measures — what the core's period review (core/reports/period-review.ts)
 * puts side by side.
 */
import type { Goal, Indicator, Measure, Narrative, StrategyDocument } from '../../core/interchange.ts';
import { successorStrategyIds } from '../../store/period-transitions.ts';
import { loadStrategyStructure } from '../../store/strategies.ts';
import type { Executor } from '../../store/versioned.ts';
import { type LoadedStrategy, loadStrategy } from '../strategy/strategy-document.ts';

/**
 * The finished period's document with the next period's indicators added (same order of the
 * finished period's indicators first, so an evaluation of the finished period still lines up by
 * index) and the next period's goals and measures laid on the finished period's: the same node
 * (by the reference they were imported or copied from) takes the next period's texts, marked as
 * the next period's; a node new in the next period is added. Unchanged when the strategy has no
 * successor.
 */
export async function withSuccessorPeriod(db: Executor, loaded: LoadedStrategy): Promise<StrategyDocument> {
  const [successorId] = await successorStrategyIds(db, loaded.strategy.id);
  if (!successorId) return loaded.doc;
  const next = await loadStrategy(db, successorId);
  if (!next) return loaded.doc;
  const old = loaded.doc;
  const byRef = new Map<string, string>();
  for (const [id, meta] of loaded.indicatorMeta) if (meta.ref) byRef.set(meta.ref, id);
  const oldIds = new Set(old.indicators.map((i) => i.id));
  const same = await sameNodes(db, loaded.strategy.id, successorId);
  const successors: Indicator[] = next.doc.indicators.map((i) => {
    const pid = i.lineage?.predecessorId;
    const owner = i.owner ? { ...i.owner, id: same.get(i.owner.id) ?? i.owner.id } : i.owner;
    if (!pid || oldIds.has(pid)) return { ...i, owner };
    const resolved = byRef.get(pid);
    return resolved ? { ...i, owner, lineage: { ...i.lineage!, predecessorId: resolved } } : { ...i, owner };
  });
  const strategies = [old.strategy!, next.doc.strategy!];
  const tagged = (list: Narrative[] | undefined) =>
    (list ?? []).map((n) => ({ ...n, strategyId: n.strategyId ?? next.doc.strategy!.id }));
  return {
    ...old,
    strategies,
    goals: laid(old.goals, next.doc.goals, same, tagged, (g) => g),
    measures: laid(old.measures, next.doc.measures, same, tagged, (m) => ({
      ...m,
      goalId: m.goalId != null ? (same.get(m.goalId) ?? m.goalId) : m.goalId,
      parentId: m.parentId != null ? (same.get(m.parentId) ?? m.parentId) : m.parentId,
    })),
    indicators: [...old.indicators, ...successors],
  };
}

/**
 * The finished period's nodes with the texts of the next period's same node added (a text both
 * hold once), and the next period's nodes that have none in the finished period, each right after
 * the node it follows in the next period.
 */
function laid<T extends Goal | Measure>(
  old: T[],
  next: T[],
  same: Map<string, string>,
  tagged: (list: Narrative[] | undefined) => Narrative[],
  placed: (node: T) => T,
): T[] {
  const textsOf = new Map<string, Narrative[]>();
  for (const n of next) {
    const at = same.get(n.id);
    if (at != null) textsOf.set(at, [...(textsOf.get(at) ?? []), ...tagged(n.narratives)]);
  }
  const out = old.map((o) => {
    const more = (textsOf.get(o.id) ?? []).filter(
      (n) => !(o.narratives ?? []).some((x) => x.kind === n.kind && x.text === n.text),
    );
    return more.length ? { ...o, narratives: [...(o.narratives ?? []), ...more] } : o;
  });
  let after = -1;
  for (const n of next) {
    const at = same.get(n.id);
    if (at != null) {
      after = out.findIndex((o) => o.id === at);
      continue;
    }
    out.splice(after + 1, 0, placed({ ...n, narratives: tagged(n.narratives) }));
    after += 1;
  }
  return out;
}

/**
 * The next period's goals and measures that are the finished period's (next id → finished id):
 * both imported from the same node of a document (the same reference), or the next one copied
 * from the finished one (its reference is the finished node's id).
 */
async function sameNodes(db: Executor, finishedId: string, nextId: string): Promise<Map<string, string>> {
  const [finished, next] = await Promise.all([
    loadStrategyStructure(db, finishedId),
    loadStrategyStructure(db, nextId),
  ]);
  const out = new Map<string, string>();
  if (!finished || !next) return out;
  const match = (olds: { id: string; ref: string | null }[], news: { id: string; ref: string | null }[]) => {
    const byKey = new Map<string, string>();
    for (const o of olds) {
      byKey.set(`id:${o.id}`, o.id);
      if (o.ref != null) byKey.set(`ref:${o.ref}`, o.id);
    }
    for (const n of news) {
      if (n.ref == null) continue;
      const at = byKey.get(`ref:${n.ref}`) ?? byKey.get(`id:${n.ref}`);
      if (at) out.set(n.id, at);
    }
  };
  match(finished.goals, next.goals);
  match(finished.measures, next.measures);
  return out;
}
