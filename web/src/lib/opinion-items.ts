import type { Opinion, Tree, TreeIndicator, TreeMeasure } from '../api/types.ts';

/** What committee opinions are about: a measure or an indicator, with the departments answering. */
export interface OpinionItem {
  targetType: 'measure' | 'indicator';
  id: string;
  name: string;
  /** Goal › measure path, for the heading. */
  path: string[];
  /** Department names answering for it (a measure: its indicators' and projects' departments). */
  departments: string[];
  indicator: TreeIndicator | null;
}

/**
 * The items of the committee page in tree order: each goal's numeric targets, then each measure
 * followed by its indicators (its own and its projects'), then the measures and indicators outside
 * any goal.
 *
 * @example opinionItems(tree).map((i) => i.targetType) // ['indicator', 'measure', 'indicator', …]
 */
export function opinionItems(tree: Pick<Tree, 'goals'> & Partial<Pick<Tree, 'unassigned'>>): OpinionItem[] {
  const out: OpinionItem[] = [];
  const ind = (i: TreeIndicator, path: string[]): OpinionItem => ({
    targetType: 'indicator',
    id: i.id,
    name: i.name,
    path,
    departments: i.departments,
    indicator: i,
  });
  const walk = (m: TreeMeasure, path: string[]) => {
    const inds = [...m.indicators, ...m.projects.flatMap((p) => p.indicators)];
    const depts = new Set<string>([
      ...inds.flatMap((i) => i.departments),
      ...m.projects.flatMap((p) => p.departments),
    ]);
    out.push({
      targetType: 'measure',
      id: m.id,
      name: m.name,
      path,
      departments: [...depts],
      indicator: null,
    });
    for (const i of inds) out.push(ind(i, [...path, m.name]));
    for (const sub of m.measures) walk(sub, [...path, m.name]);
  };
  for (const g of tree.goals) {
    for (const i of g.indicators) out.push(ind(i, [g.name]));
    for (const m of g.measures) walk(m, [g.name]);
  }
  // Items outside any goal (an import may leave some) are reviewed too, after the goals.
  const u = tree.unassigned;
  for (const m of u?.measures ?? []) walk(m, []);
  for (const i of [...(u?.indicators ?? []), ...(u?.projects ?? []).flatMap((p) => p.indicators)])
    out.push(ind(i, []));
  return out;
}

/** Which opinions to show: all, or those still waiting for a response, or those answered. */
export type OpinionFilter = 'all' | 'unanswered' | 'answered';

/**
 * Counts and filters opinions by whether the department has answered (対応方針 written).
 *
 * @example opinionState({ response: null }) // 'unanswered'
 */
export function opinionState(o: Pick<Opinion, 'response'>): 'unanswered' | 'answered' {
  return o.response?.trim() ? 'answered' : 'unanswered';
}
