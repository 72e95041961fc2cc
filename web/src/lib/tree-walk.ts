import type { Tree, TreeGoal, TreeIndicator, TreeMeasure, TreeProject, TreeTag } from '../api/types.ts';

/** An indicator with where it sits in the tree. */
export interface PlacedIndicator {
  indicator: TreeIndicator;
  goal: TreeGoal;
  measures: TreeMeasure[];
  project: TreeProject | null;
}

/**
 * Every indicator of the tree in document order, with its goal, measure path and project.
 *
 * @example flattenTree(tree).length // number of indicators under all goals
 */
export function flattenTree(
  tree: Pick<Tree, 'goals'> & Partial<Pick<Tree, 'unassigned'>>,
): PlacedIndicator[] {
  const out: PlacedIndicator[] = [];
  const walkMeasure = (goal: TreeGoal, path: TreeMeasure[], m: TreeMeasure) => {
    const here = [...path, m];
    for (const i of m.indicators) out.push({ indicator: i, goal, measures: here, project: null });
    for (const p of m.projects)
      for (const i of p.indicators) out.push({ indicator: i, goal, measures: here, project: p });
    for (const sub of m.measures) walkMeasure(goal, here, sub);
  };
  for (const goal of tree.goals) {
    for (const i of goal.indicators) out.push({ indicator: i, goal, measures: [], project: null });
    for (const m of goal.measures) walkMeasure(goal, [], m);
  }
  // What belongs to no goal (e.g. projects tied to goals but to no measure) is still part of the
  // strategy: placed under a goal without id or name, never dropped.
  const u = tree.unassigned;
  if (u && (u.indicators.length || u.measures.length || u.projects.length)) {
    const none: TreeGoal = { id: '', code: null, name: '', indicators: u.indicators, measures: [] };
    for (const i of u.indicators) out.push({ indicator: i, goal: none, measures: [], project: null });
    for (const p of u.projects)
      for (const i of p.indicators) out.push({ indicator: i, goal: none, measures: [], project: p });
    for (const m of u.measures) walkMeasure(none, [], m);
  }
  return out;
}

/**
 * Department names in the tree, sorted in Japanese order.
 *
 * @example departmentsOf(flattenTree(tree)) // ['企画政策課', '商工観光課', …]
 */
export function departmentsOf(placed: readonly PlacedIndicator[]): string[] {
  const set = new Set<string>();
  for (const p of placed) for (const d of p.indicator.departments) set.add(d);
  return [...set].sort((a, b) => a.localeCompare(b, 'ja'));
}

/** Per department: indicators owned and how many have a figure for the fiscal year. */
export interface ReportingProgress {
  department: string;
  total: number;
  entered: number;
}

/**
 * Which departments have entered their figures for a year: an indicator counts as entered when
 * its latest figure is of that year or later.
 *
 * @example reportingProgress(flattenTree(tree), 2024)[0] // { department: '企画政策課', total: 8, entered: 6 }
 */
export function reportingProgress(
  placed: readonly PlacedIndicator[],
  fiscalYear: number,
): ReportingProgress[] {
  const by = new Map<string, ReportingProgress>();
  for (const p of placed)
    for (const d of p.indicator.departments) {
      const row = by.get(d) ?? { department: d, total: 0, entered: 0 };
      row.total++;
      const y = p.indicator.latest?.fiscalYear;
      if (y !== undefined && y !== null && y >= fiscalYear) row.entered++;
      by.set(d, row);
    }
  return [...by.values()].sort((a, b) => a.department.localeCompare(b.department, 'ja'));
}

/**
 * How far an indicator has come toward its target, bounded for display and ranking: its
 * achievement (or pace when there is none) clamped to −100%…100%. A raw figure such as −18,556%
 * (a small change from a baseline close to the target) says no more than "worse than the
 * baseline", so it ranks and shows as the bound, flagged `below`.
 *
 * @example boundedProgress({ achievement: -185.56, pace: null }) // { ratio: -1, below: true }
 */
export function boundedProgress(
  evaluation: { achievement?: number | null; pace?: number | null } | null | undefined,
): { ratio: number; below: boolean } | null {
  const raw = evaluation?.achievement ?? evaluation?.pace ?? null;
  if (raw === null || !Number.isFinite(raw)) return null;
  return { ratio: Math.max(-1, Math.min(1, raw)), below: raw < -1 };
}

/**
 * The indicators furthest behind: not achieved, lowest bounded progress first (ties: lower pace
 * first), so that one indicator with an extreme ratio does not hide the others.
 *
 * @example mostBehind(flattenTree(tree), 5).map((p) => p.indicator.name)
 */
export function mostBehind(placed: readonly PlacedIndicator[], n: number): PlacedIndicator[] {
  const scored = placed.flatMap((p) => {
    const b = boundedProgress(p.indicator.evaluation);
    if (!b || b.ratio >= 1 || p.indicator.evaluation?.status.key === 'achieved') return [];
    return [{ p, ratio: b.ratio, pace: p.indicator.evaluation?.pace ?? 0 }];
  });
  scored.sort((a, b) => a.ratio - b.ratio || a.pace - b.pace);
  return scored.slice(0, n).map((s) => s.p);
}

/** An indicator whose status differs between two years' trees. */
export interface StatusChange {
  placed: PlacedIndicator;
  before: string | null;
  after: string | null;
}

/**
 * Indicators whose status label changed from the earlier tree to the later one.
 *
 * @example statusChanges(flattenTree(lastYear), flattenTree(thisYear))
 */
export function statusChanges(
  earlier: readonly PlacedIndicator[],
  later: readonly PlacedIndicator[],
): StatusChange[] {
  const was = new Map(earlier.map((p) => [p.indicator.id, p.indicator.evaluation?.status.label ?? null]));
  const out: StatusChange[] = [];
  for (const p of later) {
    const before = was.get(p.indicator.id) ?? null;
    const after = p.indicator.evaluation?.status.label ?? null;
    if (before !== after) out.push({ placed: p, before, after });
  }
  return out;
}

/** What an indicator is classified as: its own tags plus its project's tags, SDGs and 重点. */
export interface Classification {
  tags: TreeTag[];
  sdgs: number[];
  priority: boolean;
}

/**
 * The classification of an indicator, inheriting from the project it belongs to (if any).
 *
 * @example classificationOf(indicator, project) // { tags: [{ set: '新たな視点', tag: 'デジタル' }], sdgs: [8], priority: true }
 */
export function classificationOf(indicator: TreeIndicator, project: TreeProject | null): Classification {
  const tags = [...(indicator.tags ?? [])];
  for (const t of project?.tags ?? [])
    if (!tags.some((o) => o.set === t.set && o.tag === t.tag)) tags.push(t);
  return { tags, sdgs: [...(project?.sdgs ?? [])], priority: project?.priority === true };
}

/** A filter on classifications; empty fields do not filter. */
export interface ClassFilter {
  /** `set` + TAG_SEP + `tag`, or ''. */
  tag: string;
  /** SDG goal number as text, or ''. */
  sdg: string;
  priority: boolean;
}

/** Separates a tag set's name from a tag's name in a filter value. */
export const TAG_SEP = '\u001f';

/**
 * Whether a classification passes the filter.
 *
 * @example matchesClass({ tags: [], sdgs: [8], priority: false }, { tag: '', sdg: '8', priority: false }) // true
 */
export function matchesClass(c: Classification, f: ClassFilter): boolean {
  if (f.priority && !c.priority) return false;
  if (f.sdg && !c.sdgs.includes(Number(f.sdg))) return false;
  if (f.tag && !c.tags.some((t) => `${t.set}${TAG_SEP}${t.tag}` === f.tag)) return false;
  return true;
}

/**
 * Tag sets with their tags, and SDG goals, used in the tree (for the filter's choices).
 *
 * @example classChoices(flattenTree(tree)).tagSets // [{ set: '新たな視点', tags: ['グリーン', 'デジタル'] }]
 */
export function classChoices(placed: readonly PlacedIndicator[]): {
  tagSets: { set: string; tags: string[] }[];
  sdgs: number[];
  anyPriority: boolean;
} {
  const sets = new Map<string, Set<string>>();
  const sdgs = new Set<number>();
  let anyPriority = false;
  for (const p of placed) {
    const c = classificationOf(p.indicator, p.project);
    for (const t of c.tags) sets.set(t.set, (sets.get(t.set) ?? new Set()).add(t.tag));
    for (const s of c.sdgs) sdgs.add(s);
    anyPriority ||= c.priority;
  }
  const ja = (a: string, b: string) => a.localeCompare(b, 'ja');
  return {
    tagSets: [...sets].sort(([a], [b]) => ja(a, b)).map(([set, tags]) => ({ set, tags: [...tags].sort(ja) })),
    sdgs: [...sdgs].sort((a, b) => a - b),
    anyPriority,
  };
}
