import type { IndicatorRole, StrategyDocument } from '../interchange.ts';
import type { IndicatorEvaluation } from './evaluation.ts';
import type { StatusScheme } from './status-scheme.ts';

/** One status line of a summary: `順調 11件(23.4%)`. `share` is a percentage with one decimal. */
export interface StatusCount {
  key: string;
  label: string;
  labelEn: string | null;
  color: string;
  count: number;
  share: number;
}

/** Counts of one group (overall, a goal, a department, a role) and its printed lines. */
export interface SummaryGroup {
  /** Goal id, department name or role; null for "none". */
  id: string | null;
  name: string;
  total: number;
  counts: StatusCount[];
  /** The closing table of a 進捗状況 report: one line per status, then `合計 N件(100%)`. */
  readonly lines: string[];
}

/**
 * Status counts (集計). Counts use the effective status (an override counts as overridden).
 * Shares are percentages rounded to one decimal by the largest-remainder method, so that the
 * shares of a group always add up to exactly 100.0 (ties go to the status listed first).
 * An indicator of several departments (or goals, through a project) counts once in each of
 * them, so group totals may add up to more than the overall total.
 */
export interface EvaluationSummary {
  basis: 'effective';
  rounding: 'largest-remainder, 0.1 point';
  overall: SummaryGroup;
  byGoal: SummaryGroup[];
  byDepartment: SummaryGroup[];
  byRole: SummaryGroup[];
}

/**
 * Shares in percent with one decimal that add up to exactly 100 (largest remainder), or all 0
 * for an empty group.
 *
 * @example roundShares([1, 1, 1]) // [33.4, 33.3, 33.3]
 */
export function roundShares(counts: readonly number[]): number[] {
  const n = counts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i] as number;
  const units = new Array<number>(n).fill(0);
  if (total === 0) return units;
  const rest = new Array<number>(n);
  let left = 1000;
  for (let i = 0; i < n; i++) {
    const exact = ((counts[i] as number) * 1000) / total;
    const u = Math.floor(exact);
    units[i] = u;
    rest[i] = exact - u;
    left -= u;
  }
  // Hand out the remaining tenths to the largest remainders (ties: the status listed first).
  while (left > 0) {
    let best = -1;
    for (let i = 0; i < n; i++) if (best < 0 || (rest[i] as number) > (rest[best] as number)) best = i;
    units[best] = (units[best] as number) + 1;
    rest[best] = -1;
    left--;
  }
  for (let i = 0; i < n; i++) units[i] = (units[i] as number) / 10;
  return units;
}

/**
 * Formats the lines of a group: `順調 11件(23.4%)` … `合計 47件(100%)`.
 *
 * @example formatSummaryLines(group) // ['目標達成 2件(50.0%)', '遅れ 2件(50.0%)', '合計 4件(100%)']
 */
export function formatSummaryLines(counts: readonly StatusCount[], total: number): string[] {
  const lines = counts.map((c) => `${c.label} ${c.count}件(${c.share.toFixed(1)}%)`);
  lines.push(`合計 ${total}件(${total > 0 ? '100' : '0'}%)`);
  return lines;
}

interface Slot {
  key: string;
  label: string;
  labelEn: string | null;
  color: string;
}

/** Status slots in display order: the scheme's ranked keys, its other keys, then override-only ones. */
function slotsOf(scheme: StatusScheme, results: readonly IndicatorEvaluation[]): Slot[] {
  const slots = new Map<string, Slot>();
  const add = (key: string, label: string, labelEn: string | null | undefined, color: string) => {
    if (!slots.has(key)) slots.set(key, { key, label, labelEn: labelEn ?? null, color });
  };
  const all = [...scheme.rules, scheme.fallback];
  for (const key of scheme.order ?? []) {
    const r = all.find((x) => x.key === key);
    if (r) add(r.key, r.label, r.labelEn, r.color);
  }
  for (const r of all) add(r.key, r.label, r.labelEn, r.color);
  for (const e of results) add(e.effective.key, e.effective.label, e.effective.labelEn, e.effective.color);
  return [...slots.values()];
}

function group(
  id: string | null,
  name: string,
  slots: Slot[],
  index: ReadonlyMap<string, number>,
  members: readonly IndicatorEvaluation[],
): SummaryGroup {
  const n = new Array<number>(slots.length).fill(0);
  for (const e of members) {
    const i = index.get(e.effective.key) as number;
    n[i] = (n[i] as number) + 1;
  }
  const shares = roundShares(n);
  const counts: StatusCount[] = new Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i] as Slot;
    counts[i] = {
      key: s.key,
      label: s.label,
      labelEn: s.labelEn,
      color: s.color,
      count: n[i] as number,
      share: shares[i] as number,
    };
  }
  return new Group(id, name, members.length, counts);
}

/**
 * A summary group whose printed lines are formatted when read (and when serialized to JSON),
 * so that national-scale runs with thousands of groups build no strings they do not print.
 */
class Group implements SummaryGroup {
  constructor(
    readonly id: string | null,
    readonly name: string,
    readonly total: number,
    readonly counts: StatusCount[],
  ) {}

  get lines(): string[] {
    return formatSummaryLines(this.counts, this.total);
  }

  toJSON(): Omit<SummaryGroup, never> {
    return { id: this.id, name: this.name, total: this.total, counts: this.counts, lines: this.lines };
  }
}

const roleName: Record<IndicatorRole, string> = {
  numeric_target: '数値目標',
  kpi: 'KPI',
  project_indicator: '事業指標',
};

/**
 * The goals (基本目標) an indicator belongs to, through its owner: a goal; a measure (its goalId,
 * or its parent's); a project (its goalIds, or its measure's goal).
 *
 * @example goalsOf(doc, { type: 'measure', id: 'm1' }) // ['g1']
 */
export function goalsOf(
  doc: Pick<StrategyDocument, 'measures' | 'projects'>,
  owner: IndicatorOwner,
): string[] {
  if (!owner) return [];
  if (owner.type === 'goal') return [owner.id];
  const measures = new Map(doc.measures.map((m) => [m.id, m]));
  const viaMeasure = (id: string | null | undefined): string[] => {
    const seen = new Set<string>();
    let m = id != null ? measures.get(id) : undefined;
    while (m && !seen.has(m.id)) {
      if (m.goalId) return [m.goalId];
      seen.add(m.id);
      m = m.parentId != null ? measures.get(m.parentId) : undefined;
    }
    return [];
  };
  if (owner.type === 'measure') return viaMeasure(owner.id);
  const p = doc.projects.find((x) => x.id === owner.id);
  if (!p) return [];
  if (p.goalIds && p.goalIds.length > 0) return [...new Set(p.goalIds)];
  return viaMeasure(p.measureId);
}

type IndicatorOwner = StrategyDocument['indicators'][number]['owner'];

/**
 * Summarizes evaluations like the closing table of a 進捗状況 report: counts and shares per
 * status, overall, per goal, per department and per role.
 *
 * @example summarize(doc, results, presets.standard).overall.lines
 * // ['目標達成 3件(6.4%)', '順調 11件(23.4%)', …, '合計 47件(100%)']
 */
export function summarize(
  doc: StrategyDocument,
  results: readonly IndicatorEvaluation[],
  scheme: StatusScheme,
): EvaluationSummary {
  const slots = slotsOf(scheme, results);
  const index = new Map(slots.map((x, i) => [x.key, i]));
  // Results normally come in the document's order (evaluateDocument); otherwise look them up by id.
  const aligned =
    results.length === doc.indicators.length && results.every((e, i) => doc.indicators[i]?.id === e.id);
  const byId = aligned ? null : new Map(doc.indicators.map((ind) => [ind.id, ind]));
  const goals = new Map<string | null, IndicatorEvaluation[]>();
  const departments = new Map<string | null, IndicatorEvaluation[]>();
  const roles = new Map<string | null, IndicatorEvaluation[]>();
  const push = (m: Map<string | null, IndicatorEvaluation[]>, k: string | null, e: IndicatorEvaluation) => {
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  };
  // Goal lookups are cached per owner, as national-scale documents repeat owners.
  const goalCache = new Map<string, string[]>();
  for (let r = 0; r < results.length; r++) {
    const e = results[r] as IndicatorEvaluation;
    const ind = byId ? byId.get(e.id) : doc.indicators[r];
    const owner = ind?.owner ?? null;
    let gs: string[] = [];
    if (owner) {
      const k = `${owner.type}:${owner.id}`;
      gs = goalCache.get(k) ?? goalsOf(doc, owner);
      goalCache.set(k, gs);
    }
    if (gs.length === 0) push(goals, null, e);
    for (const g of gs) push(goals, g, e);
    const deps = ind?.departments ?? [];
    if (deps.length === 0) push(departments, null, e);
    for (const d of new Set(deps)) push(departments, d, e);
    push(roles, ind?.role ?? null, e);
  }
  const goalName = new Map(doc.goals.map((g) => [g.id, g.code ? `${g.code} ${g.name}` : g.name]));
  const goalOrder = new Map(doc.goals.map((g, i) => [g.id, i]));
  const sortKeys = (keys: (string | null)[], order?: Map<string, number>) =>
    keys.sort((a, b) => {
      if (a === null) return 1;
      if (b === null) return -1;
      const oa = order?.get(a);
      const ob = order?.get(b);
      if (oa != null && ob != null) return oa - ob;
      if (oa != null) return -1;
      if (ob != null) return 1;
      return a < b ? -1 : a > b ? 1 : 0;
    });
  const roleOrder = new Map(Object.keys(roleName).map((r, i) => [r, i]));
  return {
    basis: 'effective',
    rounding: 'largest-remainder, 0.1 point',
    overall: group(null, '全体', slots, index, results),
    byGoal: sortKeys([...goals.keys()], goalOrder).map((k) =>
      group(k, k == null ? '(基本目標なし)' : (goalName.get(k) ?? k), slots, index, goals.get(k) ?? []),
    ),
    byDepartment: sortKeys([...departments.keys()]).map((k) =>
      group(k, k ?? '(担当課なし)', slots, index, departments.get(k) ?? []),
    ),
    byRole: sortKeys([...roles.keys()], roleOrder).map((k) =>
      group(
        k,
        k == null ? '(区分なし)' : (roleName[k as IndicatorRole] ?? k),
        slots,
        index,
        roles.get(k) ?? [],
      ),
    ),
  };
}
