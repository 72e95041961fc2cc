import type { DocumentEvaluation } from '../evaluation/evaluate.ts';
import type { Figure, Indicator, StrategyDocument } from '../interchange.ts';
import { reportContext } from './report-context.ts';
import { type ReportOptions, yearHeader } from './report-model.ts';

/** The open data columns, in order (documented in docs/open-data.md). */
export const OPEN_DATA_COLUMNS = [
  'municipality',
  'strategy_id',
  'strategy_name',
  'goal_code',
  'goal_name',
  'measure_code',
  'measure_name',
  'project_code',
  'project_name',
  'indicator_id',
  'indicator_name',
  'role',
  'unit',
  'direction',
  'department',
  'figure',
  'fiscal_year',
  'fiscal_year_ja',
  'value',
  'raw',
  'state',
  'status',
  'status_as_of',
] as const;
export type OpenDataColumn = (typeof OPEN_DATA_COLUMNS)[number];
/** One open data record: one figure (baseline, target, milestone or actual) of one indicator. */
export type OpenDataRecord = Record<OpenDataColumn, string | number | null>;

/**
 * Open data of a whole strategy (オープンデータ): one record per figure of every indicator, in
 * tidy (long) form, with the indicator's goal, measure, project, department and its effective
 * status as of the evaluation's year.
 *
 * @example openDataRecords(doc, evaluateDocument(doc, { asOf: 2024 }), { date: '2025-06-01' })[0].figure // 'baseline'
 */
export function openDataRecords(
  doc: StrategyDocument,
  evaluation: DocumentEvaluation,
  options: ReportOptions,
): OpenDataRecord[] {
  const ctx = reportContext(doc, evaluation, options);
  const projects = new Map(doc.projects.map((p) => [p.id, p]));
  const strategies = new Map(
    [...(doc.strategies ?? []), ...(doc.strategy ? [doc.strategy] : [])].map((s) => [s.id, s]),
  );
  const out: OpenDataRecord[] = [];
  doc.indicators.forEach((ind, i) => {
    const project = ind.owner?.type === 'project' ? projects.get(ind.owner.id) : undefined;
    const measureId = ind.owner?.type === 'measure' ? ind.owner.id : (project?.measureId ?? null);
    const measure = measureId ? ctx.measures.get(measureId) : undefined;
    const goalId =
      ind.owner?.type === 'goal' ? ind.owner.id : (measure?.goalId ?? project?.goalIds?.[0] ?? null);
    const goal = goalId ? ctx.goals.get(goalId) : undefined;
    const strategy = strategies.get(ind.strategyId ?? doc.strategy?.id ?? '') ?? doc.strategy ?? null;
    const status = i < evaluation.length ? evaluation.statusAt(i).label : null;
    const base = {
      municipality: ctx.municipality,
      strategy_id: strategy?.id ?? null,
      strategy_name: strategy?.name ?? null,
      goal_code: goal?.code ?? null,
      goal_name: goal?.name ?? null,
      measure_code: measure?.code ?? null,
      measure_name: measure?.name ?? null,
      project_code: project?.code ?? null,
      project_name: project?.name ?? null,
      indicator_id: ind.id,
      indicator_name: ind.name,
      role: ind.role ?? null,
      unit: ind.unit ?? null,
      direction: ind.direction ?? null,
      department: (ind.departments ?? []).join('・') || null,
      status,
      status_as_of: evaluation.asOf,
    };
    const push = (kind: string, f: Figure | null | undefined) => {
      if (!f) return;
      out.push({
        ...base,
        figure: kind,
        fiscal_year: f.fiscalYear,
        fiscal_year_ja: f.fiscalYear != null ? yearHeader(f.fiscalYear) : null,
        value: f.value,
        raw: f.raw ?? null,
        state: f.state ?? null,
      });
    };
    push('baseline', ind.baseline);
    for (const m of ind.milestones ?? []) push('milestone', m);
    for (const a of sortedActuals(ind)) push('actual', a);
    push('target', ind.target);
  });
  return out;
}

function sortedActuals(ind: Indicator): Figure[] {
  return [...ind.actuals].sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0));
}
