/**
 * Which strategy period follows which, among the periods one document holds (a period review
 * prints the finished period beside the next one). Pure.
 */
import type { Strategy } from './interchange.ts';

/**
 * The predecessor of each strategy period that has one, by id: the one its `predecessorId` names
 * (when that is another period of the list), else the only period it directly follows — the
 * generation before it (第2期 → 第3期) or a period ending the year before it starts (R2–R6 →
 * R7–R11). Periods that follow none (or more than one) are left out.
 *
 * @example periodPredecessors([{ id: 's2', name: '第2期', generation: 2 }, { id: 's3', name: '第3期', generation: 3 }])
 * // Map { 's3' => 's2' }
 */
export function periodPredecessors(strategies: readonly Strategy[]): Map<string, string> {
  const list = strategies.filter((s, i, a) => a.findIndex((x) => x.id === s.id) === i);
  const ids = new Set(list.map((s) => s.id));
  const out = new Map<string, string>();
  for (const s of list) {
    const stated = s.predecessorId;
    if (stated != null && stated !== s.id && ids.has(stated)) {
      out.set(s.id, stated);
      continue;
    }
    const before = list.filter((p) => p.id !== s.id && follows(p, s));
    if (before.length === 1) out.set(s.id, before[0]!.id);
  }
  return out;
}

/** Whether `next` directly follows `prev`: the next generation, or the year after its period ends. */
function follows(prev: Strategy, next: Strategy): boolean {
  if (prev.generation != null && next.generation != null) return next.generation === prev.generation + 1;
  const end = prev.period?.to;
  const start = next.period?.from;
  return end != null && start != null && start === end + 1;
}
