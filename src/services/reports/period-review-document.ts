/**
 * The document of a period review (期間の検証) from two linked strategies: the finished period and
 * the one that follows it (`predecessor_id`), as one interchange document with both periods, the
 * next period's indicators tied to their predecessors by indicator id — what the core's period
 * review (core/reports/period-review.ts) puts side by side.
 */
import type { Indicator, StrategyDocument } from '../../core/interchange.ts';
import { successorStrategyIds } from '../../store/period-transitions.ts';
import type { Executor } from '../../store/versioned.ts';
import { type LoadedStrategy, loadStrategy } from '../strategy/strategy-document.ts';

/**
 * The finished period's document with the next period's indicators added (same order of the
 * finished period's indicators first, so an evaluation of the finished period still lines up by
 * index). Unchanged when the strategy has no successor.
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
  const successors: Indicator[] = next.doc.indicators.map((i) => {
    const pid = i.lineage?.predecessorId;
    if (!pid || oldIds.has(pid)) return i;
    const resolved = byRef.get(pid);
    return resolved ? { ...i, lineage: { ...i.lineage!, predecessorId: resolved } } : i;
  });
  const strategies = [old.strategy!, next.doc.strategy!];
  return {
    ...old,
    strategies,
    measures: [...old.measures, ...next.doc.measures],
    indicators: [...old.indicators, ...successors],
  };
}
