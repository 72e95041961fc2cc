import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Commentary, Goal, Indicator, Measure, StrategyDocument } from '../interchange.ts';
import { formatJapaneseDate, type ReportCell, type ReportOptions } from './report-model.ts';

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
  };
}

/**
 * The status cell of an indicator: its effective status (label and colour), or the status the
 * source reported when the indicator was not evaluated.
 *
 * @example statusCell(ctx, ind) // { text: '順調', color: '#2e7d32' }
 */
export function statusCell(ctx: ReportContext, ind: Indicator): ReportCell {
  const i = ctx.indexOf.get(ind.id);
  if (i === undefined || i >= ctx.evaluation.length) return { text: ind.reportedStatus?.label ?? '' };
  const s = ctx.evaluation.statusAt(i);
  return { text: s.label, color: s.color };
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
