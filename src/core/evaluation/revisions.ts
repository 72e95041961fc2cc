import type { Figure, Indicator } from '../interchange.ts';

/**
 * One stored version of an indicator's target or baseline (目標値・基準値の版), as the evaluation
 * needs it: the figure, and for a planner's revision (中間見直し) the first fiscal year it applies to,
 * when, by whom and why. Versions without `effectiveYear` (the import, a correction) apply to every
 * year.
 */
export interface FigureVersionInput {
  indicatorId: string;
  kind: 'target' | 'baseline';
  version: number;
  figure: Figure;
  effectiveYear: number | null;
  /** ISO timestamp of the change. */
  at: string;
  by: string | null;
  reason: string | null;
}

/**
 * A revision of a target or baseline that bears on the year judged: `applied` when the year judged
 * is at or after its effective year (the revised value was used), `later` when it takes effect
 * after the year judged (the value before it was used).
 */
export interface AppliedRevision {
  kind: 'target' | 'baseline';
  state: 'applied' | 'later';
  effectiveYear: number;
  /** The date of the revision (YYYY-MM-DD). */
  date: string;
  by: string | null;
  reason: string | null;
  /** The revised figure and the one it replaced (null when the revision created the figure). */
  value: number | null;
  raw: string | null;
  previous: { value: number | null; raw: string | null } | null;
}

/**
 * The figure in force for a fiscal year among the versions of one figure (oldest first): the last
 * version that applies to every year or whose effective year is at or before the year.
 *
 * @example
 * figureInForce([{ ...v1, effectiveYear: null }, { ...v2, effectiveYear: 2025 }], 2024) // v1
 */
export function figureInForce(
  versions: readonly FigureVersionInput[],
  year: number | null,
): FigureVersionInput | null {
  let found: FigureVersionInput | null = null;
  for (const v of versions)
    if (v.effectiveYear == null || (year != null && v.effectiveYear <= year)) found = v;
  return found;
}

/**
 * The indicator as it is judged for a fiscal year: its target and baseline replaced by the
 * versions in force that year (a revision effective later does not change earlier years), and the
 * revisions that bear on the year (for the explanation and the reports' 変更 mark). Pure.
 *
 * @example
 * // target 1,602件 revised to 1,650件 from FY2025 (2025-06-01)
 * indicatorInForce(k1, versions, 2024).indicator.target.value // 1602
 * indicatorInForce(k1, versions, 2025).revisions[0] // { kind: 'target', state: 'applied', effectiveYear: 2025, ... }
 */
export function indicatorInForce(
  indicator: Indicator,
  versions: readonly FigureVersionInput[],
  year: number | null,
): { indicator: Indicator; revisions: AppliedRevision[] } {
  const revisions: AppliedRevision[] = [];
  let out = indicator;
  for (const kind of ['baseline', 'target'] as const) {
    const list = versions
      .filter((v) => v.kind === kind && v.indicatorId === indicator.id)
      .sort((a, b) => a.version - b.version);
    if (!list.some((v) => v.effectiveYear != null)) continue;
    const inForce = figureInForce(list, year);
    // The stored figure is the newest version; an older one in force that year replaces it.
    if (inForce !== list[list.length - 1]) out = { ...out, [kind]: inForce ? inForce.figure : null };
    for (const [i, v] of list.entries()) {
      if (v.effectiveYear == null) continue;
      const before = i > 0 ? list[i - 1]! : null;
      const applied = year != null && v.effectiveYear <= year;
      // A revision replaced later by a version applying to every year no longer bears on anything.
      if (list.slice(i + 1).some((w) => w.effectiveYear == null)) continue;
      if (applied && inForce !== v) continue; // superseded by a later revision in force
      revisions.push({
        kind,
        state: applied ? 'applied' : 'later',
        effectiveYear: v.effectiveYear,
        date: v.at.slice(0, 10),
        by: v.by,
        reason: v.reason,
        value: v.figure.value ?? null,
        raw: v.figure.raw ?? null,
        previous: before ? { value: before.figure.value ?? null, raw: before.figure.raw ?? null } : null,
      });
    }
  }
  return { indicator: out, revisions };
}

/**
 * The sentence of the explanation naming the revisions that bear on the year judged.
 *
 * @example
 * revisionText([{ kind: 'target', state: 'applied', effectiveYear: 2025, date: '2025-06-01', raw: '1,650件',
 *   previous: { raw: '1,602件' }, reason: '中間見直し', ... }])
 * // '目標値は2025-06-01の変更 (2025年度から適用、1,602件 → 1,650件、理由: 中間見直し) によるものを用いた。'
 */
export function revisionText(revisions: readonly AppliedRevision[]): string {
  const name = { target: '目標値', baseline: '基準値' } as const;
  return revisions
    .map((r) => {
      const change = `${r.previous?.raw ?? r.previous?.value ?? 'なし'} → ${r.raw ?? r.value ?? 'なし'}`;
      const why = r.reason ? `、理由: ${r.reason}` : '';
      return r.state === 'applied'
        ? `${name[r.kind]}は${r.date}の変更 (${r.effectiveYear}年度から適用、${change}${why}) によるものを用いた。`
        : `${name[r.kind]}は${r.date}に変更された (${r.effectiveYear}年度から適用、${change}${why}) が、この年度には変更前の値を用いた。`;
    })
    .join('');
}
