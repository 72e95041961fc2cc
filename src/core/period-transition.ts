/**
 * The move to the next strategy period (次期への移行): from the current strategy and the planner's
 * decision per KPI — 継続 (continue), 変更 (change), 削除 (delete), 移動 (move to another measure) —
 * plus new KPIs (新規), the next period's document: the structure copied, each indicator linked to
 * its predecessor through `lineage` exactly as an imported period review links them, and each
 * continued indicator's baseline proposed from its latest final figure. Pure.
 */
import { z } from 'zod';
import { toFigure } from './figure.ts';
import type { Figure, Indicator, StrategyDocument } from './interchange.ts';
import type { Issue } from './issue.ts';

const fiscalYear = z.number().int().min(1900).max(2200);
/** A figure as the planner writes it: the text (`1,650件`) and the year it is for. */
const figureInput = z.strictObject({ raw: z.string().trim().min(1).max(2000), fiscalYear: fiscalYear });
export type FigureInput = z.infer<typeof figureInput>;

/** What happens to one indicator of the current period. */
export const transitionDecisionSchema = z.strictObject({
  indicatorId: z.string().min(1).max(100),
  action: z.enum(['continue', 'change', 'delete', 'move']),
  /** 変更: the new name, unit, definition (absent: kept). */
  name: z.string().trim().min(1).max(500).optional(),
  unit: z.string().max(50).nullable().optional(),
  definition: z.string().max(20_000).nullable().optional(),
  /** 移動: the measure (of the current strategy) it moves to. */
  measureId: z.string().min(1).max(100).optional(),
  /** The next period's baseline; absent or null: the proposal (latest final figure). */
  baseline: figureInput.nullable().optional(),
  target: figureInput.nullable().optional(),
  /** 削除 (required), 変更, 移動: why. */
  reason: z.string().trim().max(2000).nullable().optional(),
});
export type TransitionDecision = z.infer<typeof transitionDecisionSchema>;

/** A KPI new in the next period (新規). */
export const transitionAdditionSchema = z.strictObject({
  name: z.string().trim().min(1).max(500),
  unit: z.string().max(50).nullable().optional(),
  /** The measure (of the current strategy) it belongs to. */
  measureId: z.string().min(1).max(100),
  direction: z.enum(['increase', 'decrease', 'maintain']).nullable().optional(),
  definition: z.string().max(20_000).nullable().optional(),
  baseline: figureInput.nullable().optional(),
  target: figureInput.nullable().optional(),
});
export type TransitionAddition = z.infer<typeof transitionAdditionSchema>;

/** The planner's plan for the next period (the draft of the wizard). */
export const transitionPlanSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  generation: z.number().int().min(1).max(99).nullable(),
  period: z.strictObject({ from: fiscalYear, to: fiscalYear }),
  decisions: z.array(transitionDecisionSchema).max(5000),
  additions: z.array(transitionAdditionSchema).max(1000),
});
export type TransitionPlan = z.infer<typeof transitionPlanSchema>;

/** The proposed baseline of a continued indicator: its latest final figure, with its year. */
export interface BaselineProposal {
  value: number | null;
  raw: string | null;
  fiscalYear: number;
  /** Where it comes from: the latest final actual, else the latest actual of any state. */
  from: 'final' | 'latest';
}

/**
 * The baseline proposed for the next period: the indicator's latest final actual (確定値), else its
 * latest actual with a number (a 速報値, marked `latest`), else null.
 *
 * @example baselineProposal({ ...k1, actuals: [{ value: 1450, fiscalYear: 2023, raw: '1,450件', state: 'final' }] })
 * // { value: 1450, raw: '1,450件', fiscalYear: 2023, from: 'final' }
 */
export function baselineProposal(ind: Indicator): BaselineProposal | null {
  const withNumber = ind.actuals
    .filter((a) => a.value != null && a.fiscalYear != null)
    .sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0));
  const final = withNumber.find((a) => a.state == null || a.state === 'final');
  const pick = final ?? withNumber[0];
  if (!pick) return null;
  return {
    value: pick.value ?? null,
    raw: pick.raw ?? null,
    fiscalYear: pick.fiscalYear!,
    from: final ? 'final' : 'latest',
  };
}

/**
 * The default plan: the next generation's name and the five years after the current period, every
 * indicator continued with its proposed baseline.
 *
 * @example defaultPlan(doc).period // { from: 2025, to: 2029 } for a strategy of 2020–2024
 */
export function defaultPlan(old: StrategyDocument): TransitionPlan {
  const s = old.strategy;
  const to = s?.period?.to ?? null;
  const from = to != null ? to + 1 : (s?.period?.from ?? 2000) + 5;
  const length = s?.period?.from != null && s.period.to != null ? s.period.to - s.period.from + 1 : 5;
  const generation = s?.generation != null ? s.generation + 1 : null;
  const name =
    s?.generation != null && s.name.includes(`第${s.generation}期`)
      ? s.name.replace(`第${s.generation}期`, `第${s.generation + 1}期`)
      : `${s?.name ?? '総合戦略'} (次期)`;
  return {
    name,
    generation,
    period: { from, to: from + length - 1 },
    decisions: old.indicators.map((i) => ({ indicatorId: i.id, action: 'continue' as const })),
    additions: [],
  };
}

function issue(field: string, message: string, messageEn: string): Issue {
  return { code: 'TRANSITION_INVALID', severity: 'error', message, messageEn, place: { field } };
}

/**
 * Checks a plan against the current strategy: every decision names an indicator of it (once), a
 * deletion has a reason, a move names another measure of the strategy, additions name a measure,
 * the period follows on. Every problem with its field, not just the first.
 */
export function checkPlan(old: StrategyDocument, plan: TransitionPlan): Issue[] {
  const issues: Issue[] = [];
  const indicators = new Map(old.indicators.map((i) => [i.id, i]));
  const measures = new Set(old.measures.map((m) => m.id));
  const seen = new Set<string>();
  plan.decisions.forEach((d, i) => {
    const at = `decisions[${i}]`;
    const ind = indicators.get(d.indicatorId);
    if (!ind) {
      issues.push(
        issue(
          `${at}.indicatorId`,
          `指標「${d.indicatorId}」は今期の戦略にありません`,
          `Indicator '${d.indicatorId}' is not in the current strategy`,
        ),
      );
      return;
    }
    if (seen.has(d.indicatorId))
      issues.push(
        issue(
          `${at}.indicatorId`,
          `指標「${ind.name}」の扱いが2回指定されています`,
          `Indicator '${ind.name}' is decided twice`,
        ),
      );
    seen.add(d.indicatorId);
    if (d.action === 'delete' && !d.reason?.trim())
      issues.push(
        issue(
          `${at}.reason`,
          `指標「${ind.name}」を削除する理由を入力してください`,
          `Give the reason for deleting '${ind.name}'`,
        ),
      );
    if (d.action === 'move') {
      if (!d.measureId || !measures.has(d.measureId))
        issues.push(
          issue(
            `${at}.measureId`,
            `指標「${ind.name}」の移動先の施策を選んでください`,
            `Choose the measure '${ind.name}' moves to`,
          ),
        );
      else if (ind.owner?.type === 'measure' && ind.owner.id === d.measureId)
        issues.push(
          issue(
            `${at}.measureId`,
            `指標「${ind.name}」の移動先が今と同じ施策です`,
            `'${ind.name}' already belongs to that measure`,
          ),
        );
    }
  });
  plan.additions.forEach((a, i) => {
    if (!measures.has(a.measureId))
      issues.push(
        issue(
          `additions[${i}].measureId`,
          `新規指標「${a.name}」の施策を選んでください`,
          `Choose the measure of the new indicator '${a.name}'`,
        ),
      );
  });
  const to = old.strategy?.period?.to;
  if (plan.period.to < plan.period.from)
    issues.push(issue('period.to', '計画期間の終わりが始まりより前です', 'The period ends before it starts'));
  if (to != null && plan.period.from <= to)
    issues.push(
      issue(
        'period.from',
        `次期の計画期間は今期の終わり (${to}年度) の後に始めてください`,
        `The next period must start after the current one ends (${to})`,
      ),
    );
  return issues;
}

function figureOf(input: FigureInput, unit: string | null | undefined): Figure {
  const f = toFigure(input.raw, { year: input.fiscalYear, basis: 'fiscal' }, undefined, unit ?? null);
  return { ...f, fiscalYear: f.fiscalYear ?? input.fiscalYear, ...(f.unit == null && unit ? { unit } : {}) };
}

function proposedFigure(ind: Indicator): Figure | null {
  const p = baselineProposal(ind);
  if (!p) return null;
  const actual = ind.actuals.find((a) => a.fiscalYear === p.fiscalYear && a.value === p.value)!;
  const { provenance: _p, ...figure } = actual;
  return figure;
}

/** The next period's document and the deletions to mark on the current period's indicators. */
export interface NextPeriod {
  doc: StrategyDocument;
  deleted: { indicatorId: string; reason: string }[];
}

/**
 * Builds the next period's document from the current one and a checked plan: goals, measures and
 * projects copied (ids are the current ones: the writer gives new ids and keeps these as refs),
 * indicators per decision with `lineage` { change, predecessorId: the current indicator's id },
 * new ones with `lineage.change = 'new'`. Baselines: the planner's, else the proposal.
 */
export function nextPeriodDocument(old: StrategyDocument, plan: TransitionPlan): NextPeriod {
  const decided = new Map(plan.decisions.map((d) => [d.indicatorId, d]));
  const indicators: Indicator[] = [];
  const deleted: NextPeriod['deleted'] = [];
  for (const ind of old.indicators) {
    const d = decided.get(ind.id) ?? { indicatorId: ind.id, action: 'continue' as const };
    if (d.action === 'delete') {
      deleted.push({ indicatorId: ind.id, reason: d.reason?.trim() ?? '' });
      continue;
    }
    const unit = d.action === 'change' && d.unit !== undefined ? d.unit : ind.unit;
    const change = { continue: 'continued', change: 'changed', move: 'moved' }[d.action] as 'continued';
    const next: Indicator = {
      id: `next-${ind.id}`,
      name: d.action === 'change' && d.name ? d.name : ind.name,
      unit,
      ...(ind.role ? { role: ind.role } : {}),
      owner: d.action === 'move' && d.measureId ? { type: 'measure', id: d.measureId } : (ind.owner ?? null),
      direction: ind.direction ?? null,
      aggregation: ind.aggregation ?? null,
      tolerance: ind.tolerance ?? null,
      definition:
        d.action === 'change' && d.definition !== undefined ? d.definition : (ind.definition ?? null),
      baseline: d.baseline
        ? figureOf(d.baseline, unit)
        : d.action === 'change' && d.unit !== undefined && d.unit !== ind.unit
          ? null
          : proposedFigure(ind),
      target: d.target ? figureOf(d.target, unit) : null,
      actuals: [],
      ...(ind.departments?.length ? { departments: ind.departments } : {}),
      lineage: { change, predecessorId: ind.id, raw: d.reason?.trim() || null },
    };
    indicators.push(next);
  }
  plan.additions.forEach((a, i) => {
    indicators.push({
      id: `new-${i + 1}`,
      name: a.name,
      unit: a.unit ?? null,
      role: 'kpi',
      owner: { type: 'measure', id: a.measureId },
      direction: a.direction ?? null,
      definition: a.definition ?? null,
      baseline: a.baseline ? figureOf(a.baseline, a.unit) : null,
      target: a.target ? figureOf(a.target, a.unit) : null,
      actuals: [],
      lineage: { change: 'new', predecessorId: null },
    });
  });
  const doc: StrategyDocument = {
    ...old,
    strategy: { id: 'next', name: plan.name, generation: plan.generation, period: { ...plan.period } },
    strategies: [],
    projects: old.projects.map((p) => ({ ...p, years: [] })),
    indicators,
    unmapped: [],
  };
  return { doc, deleted };
}
