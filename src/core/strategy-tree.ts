/**
 * The strategy tree as the API serves it in one response (goals → measures → projects →
 * indicators with their latest figures and evaluation). Types only: the service builds it
 * (src/services/strategy/tree.ts) and the browser app reads it, from this one definition.
 */

/** A figure as the tree shows it. */
export interface TreeFigure {
  fiscalYear: number | null;
  value: number | null;
  raw: string | null;
  state: string | null;
}

/**
 * An indicator node: the latest figures and the evaluation (status, computed status, override and
 * the key metrics). The full explanation is at `GET /api/indicators/:id/evaluation`.
 */
export interface TreeIndicator {
  id: string;
  ref: string | null;
  name: string;
  unit: string | null;
  role: string | null;
  direction: string | null;
  version: number;
  departments: string[];
  /** Classifications (tag set + tag); omitted when none, to keep the response compact. */
  tags?: TreeTag[];
  baseline: TreeFigure | null;
  target: TreeFigure | null;
  latest: TreeFigure | null;
  evaluation: {
    /** `labelEn`: the English label, when the scheme has one (omitted otherwise). */
    status: { key: string; label: string; labelEn?: string; color: string; source: string };
    computed: { key: string; label: string; labelEn?: string; color: string };
    override: { label: string; reason: string; by: string; at: string } | null;
    achievement: number | null;
    pace: number | null;
    forecast: number | null;
  } | null;
}

/** A classification: the tag set's name and the tag's name (e.g. 新たな視点 / デジタル). */
export interface TreeTag {
  set: string;
  tag: string;
}

/** A project node; `tags`, `sdgs` and `priority` (重点) are omitted when empty or false. */
export interface TreeProject {
  id: string;
  code: string | null;
  name: string;
  departments: string[];
  tags?: TreeTag[];
  sdgs?: number[];
  priority?: true;
  indicators: TreeIndicator[];
}

export interface TreeMeasure {
  id: string;
  code: string | null;
  name: string;
  indicators: TreeIndicator[];
  measures: TreeMeasure[];
  projects: TreeProject[];
}

export interface TreeGoal {
  id: string;
  code: string | null;
  name: string;
  indicators: TreeIndicator[];
  measures: TreeMeasure[];
}

/** The strategy tree in one response: goals → measures → projects → indicators. */
export interface StrategyTree {
  strategy: { id: string; name: string; period: { from: number | null; to: number | null }; version: number };
  revision: number;
  asOf: number | null;
  scheme: { id: string; name: string; source: string };
  goals: TreeGoal[];
  /**
   * The departments named in the tree with their ids, so that a client can tell which of them a
   * signed-in editor belongs to (`departmentIds` of `GET /api/auth/me`). Filled by `strategyTree`.
   */
  departments?: { id: string; name: string }[];
  /** Measures, projects and indicators that belong to no goal (or to one not in the strategy). */
  unassigned: { measures: TreeMeasure[]; projects: TreeProject[]; indicators: TreeIndicator[] };
  summary: unknown;
}
