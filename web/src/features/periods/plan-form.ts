/**
 * The wizard's form of a move to the next period (次期への移行) and the plan it saves: one row per
 * KPI of the current period (in the view's order, so a problem at `decisions[3]` is the fourth
 * row) and one per new KPI. Pure: no DOM, no API.
 */
import type {
  TransitionAddition,
  TransitionDecision,
  TransitionIndicator,
  TransitionPlan,
  TransitionView,
} from '../../api/types.ts';

export type Action = TransitionDecision['action'];

/** One KPI's decision as the inputs hold it (text throughout). */
export interface DecisionRow {
  indicatorId: string;
  action: Action;
  name: string;
  unit: string;
  definition: string;
  measureId: string;
  reason: string;
  baselineRaw: string;
  baselineYear: string;
  targetRaw: string;
  targetYear: string;
}

/** One new KPI as the inputs hold it. */
export interface AdditionRow {
  name: string;
  unit: string;
  measureId: string;
  direction: '' | 'increase' | 'decrease' | 'maintain';
  definition: string;
  baselineRaw: string;
  baselineYear: string;
  targetRaw: string;
  targetYear: string;
}

export interface PlanForm {
  name: string;
  generation: string;
  from: string;
  to: string;
  decisions: DecisionRow[];
  additions: AdditionRow[];
}

const text = (v: string | number | null | undefined) => (v == null ? '' : String(v));

/**
 * The form of a stored plan: every KPI of the view has a row (continued unless decided), the
 * baseline shows the planner's figure or else the proposal (latest final figure, with its year).
 *
 * @example formOf(view).decisions[0] // { action: 'continue', baselineRaw: '1,450件', baselineYear: '2021', ... }
 */
export function formOf(view: TransitionView): PlanForm {
  const decided = new Map(view.plan.decisions.map((d) => [d.indicatorId, d]));
  const targetYear = text(view.plan.period.to);
  return {
    name: view.plan.name,
    generation: text(view.plan.generation),
    from: text(view.plan.period.from),
    to: targetYear,
    decisions: view.indicators.map((ind) => {
      const d = decided.get(ind.indicatorId);
      return {
        indicatorId: ind.indicatorId,
        action: d?.action ?? 'continue',
        name: d?.name ?? ind.name,
        unit: d?.unit !== undefined ? text(d.unit) : text(ind.unit),
        definition: d?.definition !== undefined ? text(d.definition) : text(ind.definition),
        measureId: d?.measureId ?? '',
        reason: text(d?.reason),
        baselineRaw: d?.baseline ? d.baseline.raw : text(ind.proposal?.raw),
        baselineYear: d?.baseline ? text(d.baseline.fiscalYear) : text(ind.proposal?.fiscalYear),
        targetRaw: text(d?.target?.raw),
        targetYear: d?.target ? text(d.target.fiscalYear) : targetYear,
      };
    }),
    additions: view.plan.additions.map((a) => ({
      name: a.name,
      unit: text(a.unit),
      measureId: a.measureId,
      direction: a.direction ?? '',
      definition: text(a.definition),
      baselineRaw: text(a.baseline?.raw),
      baselineYear: text(a.baseline?.fiscalYear ?? view.plan.period.from - 1),
      targetRaw: text(a.target?.raw),
      targetYear: text(a.target?.fiscalYear ?? view.plan.period.to),
    })),
  };
}

/** A new KPI's empty row: baseline of the year before the period, target at its end. */
export function emptyAddition(form: PlanForm, measureId: string): AdditionRow {
  const from = Number(form.from);
  return {
    name: '',
    unit: '',
    measureId,
    direction: '',
    definition: '',
    baselineRaw: '',
    baselineYear: Number.isInteger(from) ? String(from - 1) : '',
    targetRaw: '',
    targetYear: form.to,
  };
}

/** Whether the row's baseline is the proposal, unchanged (it then follows a late final figure). */
export function isProposal(row: DecisionRow, ind: TransitionIndicator): boolean {
  return (
    ind.proposal != null &&
    row.baselineRaw.trim() === (ind.proposal.raw ?? '') &&
    row.baselineYear.trim() === String(ind.proposal.fiscalYear)
  );
}

const figure = (raw: string, year: string) =>
  raw.trim() ? { raw: raw.trim(), fiscalYear: Number(year) } : null;
const orNull = (s: string) => (s.trim() ? s.trim() : null);

/**
 * The plan to save. An unchanged proposal is left out (the server proposes it, a late final figure
 * moves it, and a 変更 of the unit drops it); a 変更 sends its name, unit and definition; a reason
 * goes with any decision.
 *
 * @example planOf(formOf(view), view).decisions[0] // { indicatorId: 'k1', action: 'continue' }
 */
export function planOf(form: PlanForm, view: TransitionView): TransitionPlan {
  const indicators = new Map(view.indicators.map((i) => [i.indicatorId, i]));
  const decisions = form.decisions.map((row): TransitionDecision => {
    const ind = indicators.get(row.indicatorId)!;
    const d: TransitionDecision = { indicatorId: row.indicatorId, action: row.action };
    const reason = orNull(row.reason);
    if (reason) d.reason = reason;
    if (row.action === 'delete') return d;
    if (row.action === 'change') {
      d.name = row.name.trim();
      d.unit = orNull(row.unit);
      d.definition = orNull(row.definition);
    }
    if (row.action === 'move' && row.measureId) d.measureId = row.measureId;
    // An untouched proposal is the server's to apply (it drops it when a 変更 changes the unit).
    if (!isProposal(row, ind)) {
      const b = figure(row.baselineRaw, row.baselineYear);
      if (b) d.baseline = b;
    }
    const target = figure(row.targetRaw, row.targetYear);
    if (target) d.target = target;
    return d;
  });
  const additions = form.additions.map((a): TransitionAddition => {
    const out: TransitionAddition = { name: a.name.trim(), measureId: a.measureId };
    out.unit = orNull(a.unit);
    if (a.direction) out.direction = a.direction;
    if (a.definition.trim()) out.definition = a.definition.trim();
    const b = figure(a.baselineRaw, a.baselineYear);
    if (b) out.baseline = b;
    const target = figure(a.targetRaw, a.targetYear);
    if (target) out.target = target;
    return out;
  });
  return {
    name: form.name.trim(),
    generation: form.generation.trim() ? Number(form.generation) : null,
    period: { from: Number(form.from), to: Number(form.to) },
    decisions,
    additions,
  };
}

/**
 * The id of the input a problem's field names (`decisions[3].reason` → `tr-d3-reason`), so the
 * list of problems links to the field.
 *
 * @example fieldId('additions[0].measureId') // 'tr-a0-measureId'
 */
export function fieldId(field: string | undefined | null): string | null {
  if (!field) return null;
  const d = /^decisions\[(\d+)\]\.(\w+)$/.exec(field);
  if (d) return `tr-d${d[1]}-${d[2]}`;
  const a = /^additions\[(\d+)\]\.(\w+)$/.exec(field);
  if (a) return `tr-a${a[1]}-${a[2]}`;
  const p = /^period\.(from|to)$/.exec(field);
  if (p) return `tr-period-${p[1]}`;
  return field === 'name' ? 'tr-name' : null;
}

/** How many KPIs go which way. */
export function countsOf(form: PlanForm): Record<Action | 'new', number> {
  const c = { continue: 0, change: 0, delete: 0, move: 0, new: form.additions.length };
  for (const d of form.decisions) c[d.action]++;
  return c;
}
