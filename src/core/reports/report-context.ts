import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import { statusClasses } from '../evaluation/override.ts';
import type { StatusScheme } from '../evaluation/status-scheme.ts';
import type { StatusCount, SummaryGroup } from '../evaluation/summary.ts';
import type { Commentary, Goal, Indicator, Measure, StrategyDocument } from '../interchange.ts';
import {
  formatJapaneseDate,
  type ReportCell,
  type ReportColumn,
  type ReportOptions,
} from './report-model.ts';

/**
 * What every report builder looks up: goals, measures and indicators by id, each indicator's
 * index in the evaluation, the fiscal year reported on, the city's name and the date.
 *
 * @example const ctx = reportContext(doc, evaluation, { date: '2025-06-01' }); ctx.fiscalYear // 2024
 */
export interface ReportContext {
  doc: StrategyDocument;
  evaluation: DocumentEvaluation;
  fiscalYear: number | null;
  municipality: string;
  date: string;
  dateText: string;
  goals: Map<string, Goal>;
  measures: Map<string, Measure>;
  indexOf: Map<string, number>;
  /** How the computed grade is shown beside a differing judgement of record. */
  computedGrade: 'column' | 'mark' | 'none';
}

/**
 * Builds the lookups once per report.
 *
 * @example reportContext(doc, evaluateDocument(doc, { asOf: 2024 }), { date: '2025-06-01' }).dateText // '令和7年6月1日'
 */
export function reportContext(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): ReportContext {
  const indexOf = new Map<string, number>();
  doc.indicators.forEach((ind, i) => {
    indexOf.set(ind.id, i);
  });
  return {
    doc,
    evaluation,
    fiscalYear: options.fiscalYear ?? evaluation.asOf,
    municipality: options.municipality ?? doc.municipality?.name ?? '',
    date: options.date,
    dateText: formatJapaneseDate(options.date),
    goals: new Map(doc.goals.map((g) => [g.id, g])),
    measures: new Map(doc.measures.map((m) => [m.id, m])),
    indexOf,
    computedGrade: options.computedGrade ?? 'column',
  };
}

/**
 * The status cell of an indicator: its judgement of record (the city's published status or a
 * planner's override) with its class colour, else its computed status; the status the source
 * reported when the indicator was not evaluated. With `computedGrade: 'mark'` the computed grade
 * follows in the same cell where it differs (`順調に進捗 〔算定: 遅れ〕`).
 *
 * @example statusCell(ctx, ind) // { text: '順調', color: '#2e7d32' }
 */
export function statusCell(ctx: ReportContext, ind: Indicator): ReportCell {
  const i = ctx.indexOf.get(ind.id);
  if (i === undefined || i >= ctx.evaluation.length) return { text: ind.reportedStatus?.label ?? '' };
  const s = ctx.evaluation.statusAt(i);
  if (ctx.computedGrade === 'mark') {
    const c = differingComputed(ctx, i);
    if (c) return { text: `${s.label} 〔算定: ${c}〕`, color: s.color };
  }
  return { text: s.label, color: s.color };
}

/**
 * The computed grade of row `i` when a judgement of record differs from it (and a rule computed
 * it: a scheme of record without rules computes nothing), else null.
 */
function differingComputed(ctx: ReportContext, i: number): string | null {
  if (!ctx.evaluation.overrideAt(i)) return null;
  const computed = ctx.evaluation.computedAt(i);
  const effective = ctx.evaluation.statusAt(i);
  if (computed.ruleIndex == null && ctx.evaluation.scheme.rules.length === 0) return null;
  return computed.key === effective.key && computed.label === effective.label ? null : computed.label;
}

/**
 * The column of the computed grade beside the judgement of record (`computedGrade: 'column'`),
 * or none.
 *
 * @example computedColumns(ctx) // [{ key: 'computed', header: '算定評価', ... }]
 */
export function computedColumns(ctx: ReportContext): ReportColumn[] {
  return ctx.computedGrade === 'column'
    ? [{ key: 'computed', header: '算定評価(異なる場合)', width: 10, kind: 'status' }]
    : [];
}

/**
 * The cell of {@link computedColumns}: the computed grade where it differs from the judgement of
 * record, else empty.
 *
 * @example computedCells(ctx, ind) // [{ text: '遅れ', color: '#b2182b' }]
 */
export function computedCells(ctx: ReportContext, ind: Indicator): ReportCell[] {
  if (ctx.computedGrade !== 'column') return [];
  const i = ctx.indexOf.get(ind.id);
  if (i === undefined || i >= ctx.evaluation.length) return [{ text: '' }];
  const c = differingComputed(ctx, i);
  return [c ? { text: c, color: ctx.evaluation.computedAt(i).color } : { text: '' }];
}

/**
 * The status lines a count table shows, as the city's own count table does: when every status is
 * a class of the scheme, all its classes in its order (the fallback, "not rated", only when some
 * indicator has it); when judgements of record name classes the scheme lacks, the classes that
 * have at least one indicator.
 *
 * @example recordCounts(evaluation.summary.overall, scheme).map((c) => c.label) // ['順調に進捗', ...]
 */
export function recordCounts(group: SummaryGroup, scheme: StatusScheme): StatusCount[] {
  const keys = new Set(statusClasses(scheme).map((c) => c.key));
  const ruleKeys = new Set(scheme.rules.map((r) => r.key));
  const foreign = group.counts.some((c) => c.count > 0 && !keys.has(c.key));
  if (foreign) return group.counts.filter((c) => c.count > 0);
  return group.counts.filter((c) => c.count > 0 || c.key !== scheme.fallback.key || ruleKeys.has(c.key));
}
/**
 * The commentary of a year (or the latest before it when the year has none).
 *
 * @example commentaryOf([{ fiscalYear: 2023, progress: 'a' }], 2024)?.progress // 'a'
 */
export function commentaryOf(
  list: readonly Commentary[] | undefined,
  fiscalYear: number | null,
): Commentary | null {
  if (!list?.length) return null;
  let best: Commentary | null = null;
  for (const c of list) {
    if (fiscalYear != null && c.fiscalYear != null && c.fiscalYear > fiscalYear) continue;
    if (!best || (c.fiscalYear ?? -1) >= (best.fiscalYear ?? -1)) best = c;
  }
  return best;
}

/**
 * Fiscal years with an actual in any of the indicators, up to `upTo`, oldest first.
 *
 * @example actualYears([ind({ actuals: [[2021, 1], [2020, 2]] })], 2024) // [2020, 2021]
 */
export function actualYears(indicators: readonly Indicator[], upTo: number | null): number[] {
  const years = new Set<number>();
  for (const ind of indicators)
    for (const a of ind.actuals)
      if (a.fiscalYear != null && (upTo == null || a.fiscalYear <= upTo)) years.add(a.fiscalYear);
  return [...years].sort((a, b) => a - b);
}

/**
 * The actual of one fiscal year, if any.
 *
 * @example actualOf(ind, 2021)?.value // 1320
 */
export function actualOf(ind: Indicator, fiscalYear: number) {
  for (const a of ind.actuals) if (a.fiscalYear === fiscalYear) return a;
  return null;
}

/** Role names as municipalities print them. */
export const ROLE_LABEL: Record<string, string> = {
  numeric_target: '数値目標',
  kpi: 'KPI',
  project_indicator: '事業指標',
};

/** A year written in the cell itself (`(令和元年)`, `R1`, `(2019)`, `2019年`). */
const IN_CELL_YEAR = /(?:令和|平成|昭和|[RHS])\s*(?:\d{1,2}|元)(?!\d)|[(（]\s*\d{4}\s*[)）]|\d{4}\s*年/;

/**
 * The year columns of a table of actuals in the document's own layout, and the actual shown in
 * each: a year is a column when some figure has it from its column (no year written in the cell);
 * a figure whose year is written in its cell (`11,789億円 (令和元年)` in the 令和2年度 column) and
 * is not a column year stays in the first later column the indicator has no figure for, with its
 * text, instead of opening a column of its own.
 *
 * @example yearLayout(indicators, 2021).years // [2020, 2021]
 */
export function yearLayout(
  indicators: readonly Indicator[],
  upTo: number | null,
): { years: number[]; actualAt: (ind: Indicator, year: number) => Indicator['actuals'][number] | null } {
  const all = actualYears(indicators, upTo);
  const columnYears = new Set<number>();
  for (const ind of indicators)
    for (const a of ind.actuals)
      if (a.fiscalYear != null && (upTo == null || a.fiscalYear <= upTo) && !IN_CELL_YEAR.test(a.raw ?? ''))
        columnYears.add(a.fiscalYear);
  const years = columnYears.size ? all.filter((y) => columnYears.has(y)) : all;
  const placed = new Map<Indicator, Map<number, Indicator['actuals'][number]>>();
  const placeOf = (ind: Indicator) => {
    let m = placed.get(ind);
    if (m) return m;
    m = new Map();
    const wandering: Indicator['actuals'][number][] = [];
    for (const a of ind.actuals) {
      if (a.fiscalYear == null || (upTo != null && a.fiscalYear > upTo)) continue;
      if (years.includes(a.fiscalYear)) m.set(a.fiscalYear, a);
      else wandering.push(a);
    }
    for (const a of wandering) {
      const slot = years.find((y) => y > (a.fiscalYear as number) && !m!.has(y));
      if (slot != null) m.set(slot, a);
    }
    if (placed.size < 64) placed.set(ind, m);
    return m;
  };
  return { years, actualAt: (ind, year) => placeOf(ind).get(year) ?? null };
}

/**
 * A project's indicators: its own (設定指標, role `project_indicator`) and the others it owns, the
 * strategy's numeric targets and KPIs its sheet names (成果目標・KPI), or a project list's KPIs.
 */
export interface ProjectIndicators {
  own: Indicator[];
  related: Indicator[];
}

/**
 * The indicators owned by each project, its own apart from the others, in document order.
 *
 * @example projectIndicators(doc).get('pr1')?.own.map((i) => i.name) // ['相談件数']
 */
export function projectIndicators(doc: Pick<StrategyDocument, 'indicators'>): Map<string, ProjectIndicators> {
  const byProject = new Map<string, ProjectIndicators>();
  for (const ind of doc.indicators) {
    if (ind.owner?.type !== 'project') continue;
    const lists = byProject.get(ind.owner.id) ?? { own: [], related: [] };
    byProject.set(ind.owner.id, lists);
    (ind.role === 'project_indicator' ? lists.own : lists.related).push(ind);
  }
  return byProject;
}

/**
 * The indicators a project's lines of a list show as its KPIs: its own first (設定指標), then the
 * others it owns (a KPI of a project list, a strategy figure its sheet names).
 */
export function projectKpis(lists: ProjectIndicators | undefined): Indicator[] {
  return lists ? [...lists.own, ...lists.related] : [];
}
