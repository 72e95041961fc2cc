/**
 * The period of the narratives of a document that reviews a finished strategy period and plans
 * the next one (its main period has a predecessor). Pure.
 */
import type { Narrative } from '../interchange.ts';

/** Kinds that are not a field of a narrative table (free text kept with its node). */
const FREE = new Set(['text', 'paragraph', 'heading']);

/**
 * Each narrative with the period it is about, when it names none: in a source row whose fields
 * repeat (施策の概要 | 主な取組 | 総括 | 施策の概要 | 主な取組 | …), the cells left of the first
 * repeated field are the finished period's and the rest the next period's; a row holding a 総括
 * (`overall`) and no repeat is all the finished period's (the review of it), and a 総括 anywhere
 * else reviews the finished period too. In a row whose cells name both periods (columns headed
 * 【第2期】 | 【第3期の展開】), the cells left of the finished period's first are that period's
 * (its 施策の概要 and 主な取組 before its review). Narratives that name their period keep it; the
 * others stay unassigned (the main period's).
 *
 * @example narrativePeriods([{ kind: 'summary', text: 'a' }, { kind: 'summary', text: 'b' }], 's2', 's3')
 * // [{ …, strategyId: 's2' }, { …, strategyId: 's3' }] (when both cells are on one source row)
 */
export function narrativePeriods(list: Narrative[], finishedId: string, nextId: string): Narrative[] {
  const rowOf = (n: Narrative) =>
    n.provenance ? `${n.provenance.file}\u0000${n.provenance.sheet ?? ''}\u0000${n.provenance.row}` : null;
  const period = new Map<Narrative, string>();
  const rows = new Map<string, Narrative[]>();
  const named = new Map<string, Narrative[]>();
  for (const n of list) {
    const key = rowOf(n);
    const to = n.strategyId == null ? rows : named;
    if (key != null) to.set(key, [...(to.get(key) ?? []), n]);
  }
  for (const [key, cells] of rows) {
    const own = named.get(key) ?? [];
    const column = (n: Narrative) => n.provenance?.column ?? 0;
    const first = own.filter((n) => n.strategyId === finishedId).map(column);
    if (first.length > 0 && own.some((n) => n.strategyId === nextId)) {
      // Cells left of the finished period's own column are that period's.
      const edge = Math.min(...first);
      for (const n of cells) if (column(n) < edge) period.set(n, finishedId);
      continue;
    }
    const ordered = [...cells].sort((a, b) => (a.provenance?.column ?? 0) - (b.provenance?.column ?? 0));
    const seen = new Set<string>();
    const split = ordered.findIndex((n) => {
      if (FREE.has(n.kind)) return false;
      if (seen.has(n.kind)) return true;
      seen.add(n.kind);
      return false;
    });
    // A row of the finished period's review (… | 総括) without a next block is all the finished period's.
    const end = split < 0 && ordered.some((n) => n.kind === 'overall') ? ordered.length : split;
    if (end <= 0) continue;
    ordered.forEach((n, i) => {
      period.set(n, i < end ? finishedId : nextId);
    });
  }
  return list.map((n) => {
    if (n.strategyId != null) return n;
    const id = period.get(n) ?? (n.kind === 'overall' ? finishedId : null);
    return id ? { ...n, strategyId: id } : n;
  });
}
