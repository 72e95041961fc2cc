/**
 * Types of the layout corpus: a known strategy (the ground truth), the files a layout writes from
 * it, and what a case expects recognition to recover. See index.ts for how to add a family.
 */

/** A figure as the truth knows it: the value in base units and the fiscal year it is for. */
export interface TruthFigure {
  value: number | null;
  year: number | null;
}

/** One indicator of a known strategy. */
export interface KnownIndicator {
  /** Stable key inside the strategy (`i3`). */
  key: string;
  name: string;
  /** Base unit (`人`, `件`, `%`). */
  unit: string;
  role: 'numeric_target' | 'kpi' | 'project_indicator';
  /** The goal, measure or project it belongs to, by code. */
  owner: { kind: 'goal' | 'measure' | 'project'; code: string };
  baseline: TruthFigure & { year: number };
  target: TruthFigure & { year: number };
  /** Yearly actuals in year order; `value: null` when not measured (yet). */
  actuals: { year: number; value: number | null }[];
  department: string;
  /** A status word as the department reported it (`A`, `順調`, `○`). */
  status: string;
}

export interface KnownGoal {
  code: string;
  name: string;
}

export interface KnownMeasure {
  code: string;
  name: string;
  goal: string;
}

export interface KnownProject {
  code: string;
  name: string;
  measure: string;
  department: string;
}

/** A strategy known in full: what the layouts write and the scorer expects back. */
export interface KnownStrategy {
  period: { from: number; to: number };
  goals: KnownGoal[];
  measures: KnownMeasure[];
  projects: KnownProject[];
  indicators: KnownIndicator[];
}

/**
 * What one indicator must come back as. A field left undefined is not scored in this case (the
 * layout does not write it); `null` means "written as no value" (`-`, `調査中`): recognition must
 * not invent a number for it.
 */
export interface ExpectedIndicator {
  name: string;
  baseline?: TruthFigure | null;
  target?: TruthFigure | null;
  /** Actuals by year; a year with `value: null` must not come back as a number. */
  actuals?: { year: number; value: number | null }[];
  department?: string;
  /** The status word as reported (`A`, `◎`, `順調`). */
  status?: string;
  /** The goal / measure / project it must hang under, by name. */
  parent?: { kind: 'goal' | 'measure' | 'project'; name: string };
}

/** A measure or project that must come back under the right parent. */
export interface ExpectedPlaced {
  name: string;
  parent: { kind: 'goal' | 'measure'; name: string } | null;
}

/** The ground truth of one case. */
export interface Truth {
  indicators: ExpectedIndicator[];
  measures?: ExpectedPlaced[];
  projects?: ExpectedPlaced[];
}

/** A file as a municipality would hand it over. */
export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
}

/** One generated document: its files and what recognition must recover from them. */
export interface CorpusCase {
  family: string;
  /** What varies in this case (`tsv, 和暦, unit in name, page breaks`), for the printed detail. */
  variant: string;
  files: CorpusFile[];
  truth: Truth;
}

/** A family of layouts: writes cases from known strategies. */
export interface Family {
  id: string;
  /** One line: what the family's layouts look like. */
  title: string;
  /** The cases of this family for a seed (deterministic: same seed, same bytes). */
  cases(seed: number): CorpusCase[];
}
