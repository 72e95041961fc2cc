/**
 * The goals, measures and projects of a stored strategy that new indicators of an update
 * (import-apply.ts) belong to, found by the names of their owner in the document.
 */
import { nameKey } from '../../core/import/update-plan.ts';
import type { Indicator, StrategyDocument } from '../../core/interchange.ts';
import { newId } from '../../store/ids.ts';
import { listGoalRows, listMeasureRows, listProjectRows, nextPosition } from '../../store/import-targets.ts';
import { toJson } from '../../store/json.ts';
import { type Executor, insertMany } from '../../store/versioned.ts';

/**
 * Finds the stored goal, measure or project a new indicator belongs to, by the names of its owner
 * in the document; a goal or measure the strategy does not have yet is added.
 */
export async function ownerResolver(trx: Executor, strategyId: string, doc: StrategyDocument, now: string) {
  const goals = await listGoalRows(trx, strategyId);
  const measures = await listMeasureRows(trx, strategyId);
  const projects = await listProjectRows(trx, strategyId);
  let goalPos = await nextPosition(trx, 'goals', strategyId);
  let measurePos = await nextPosition(trx, 'measures', strategyId);
  const goalId = async (ref: string | null | undefined): Promise<string | null> => {
    const g = doc.goals.find((x) => x.id === ref);
    if (!g) return null;
    const found = goals.find(
      (x) => nameKey(x.name) === nameKey(g.name) && (x.code ?? null) === (g.code ?? null),
    );
    if (found) return found.id;
    const row = {
      id: newId(),
      strategy_id: strategyId,
      ref: g.id,
      code: g.code ?? null,
      name: g.name,
      description: g.description ?? null,
      position: goalPos++,
      provenance_json: toJson(g.provenance),
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await insertMany(trx, 'goals', [row]);
    goals.push(row);
    return row.id;
  };
  const measureId = async (ref: string | null | undefined): Promise<string | null> => {
    const m = doc.measures.find((x) => x.id === ref);
    if (!m) return null;
    const gid = await goalId(m.goalId);
    const found = measures.find(
      (x) => nameKey(x.name) === nameKey(m.name) && (gid == null || x.goal_id === gid),
    );
    if (found) return found.id;
    const row = {
      id: newId(),
      strategy_id: strategyId,
      goal_id: gid,
      parent_id: m.parentId ? await measureId(m.parentId) : null,
      ref: m.id,
      code: m.code ?? null,
      name: m.name,
      summary: m.summary ?? null,
      position: measurePos++,
      provenance_json: toJson(m.provenance),
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await insertMany(trx, 'measures', [row]);
    measures.push(row);
    return row.id;
  };
  return async (ind: Indicator): Promise<{ type: 'goal' | 'measure' | 'project'; id: string } | null> => {
    if (!ind.owner) return null;
    if (ind.owner.type === 'goal') {
      const id = await goalId(ind.owner.id);
      return id ? { type: 'goal', id } : null;
    }
    if (ind.owner.type === 'measure') {
      const id = await measureId(ind.owner.id);
      return id ? { type: 'measure', id } : null;
    }
    const p = doc.projects.find((x) => x.id === ind.owner!.id);
    const found = p ? projects.find((x) => nameKey(x.name) === nameKey(p.name)) : undefined;
    if (found) return { type: 'project', id: found.id };
    const mid = p ? await measureId(p.measureId) : null;
    return mid ? { type: 'measure', id: mid } : null;
  };
}
