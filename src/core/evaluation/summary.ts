import type { Indicator, IndicatorRole, StrategyDocument } from '../interchange.ts';
import type { IndicatorEvaluation } from './evaluation.ts';
import type { StatusRef, StatusScheme } from './status-scheme.ts';

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
  readonly counts: StatusCount[];
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
export function roundShares(counts: ArrayLike<number>): number[] {
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

/** Status slots in display order: the scheme's ranked keys, its other keys (classes of record among them), then override-only ones. */
function slotsOf(scheme: StatusScheme, statuses: readonly StatusRef[]): Slot[] {
  const slots = new Map<string, Slot>();
  const all = [...scheme.rules, ...(scheme.classes ?? []), scheme.fallback];
  for (const key of scheme.order ?? []) {
    const r = all.find((x) => x.key === key);
    if (r) addSlot(slots, r.key, r.label, r.labelEn, r.color);
  }
  for (const r of all) addSlot(slots, r.key, r.label, r.labelEn, r.color);
  for (const e of statuses) if (!slots.has(e.key)) addSlot(slots, e.key, e.label, e.labelEn, e.color);
  return [...slots.values()];
}

function addSlot(
  slots: Map<string, Slot>,
  key: string,
  label: string,
  labelEn: string | null | undefined,
  color: string,
): void {
  if (!slots.has(key)) slots.set(key, { key, label, labelEn: labelEn ?? null, color });
}

/**
 * A summary group: the count per status slot, with the status lines and the shares built when
 * read (and when serialized to JSON), so that national-scale runs with thousands of groups keep
 * one small array of numbers per group and build no objects or strings they do not show.
 */
class Group implements SummaryGroup {
  readonly #slots: readonly Slot[];
  readonly #n: Int32Array;
  #counts: StatusCount[] | null = null;

  constructor(
    readonly id: string | null,
    readonly name: string,
    readonly total: number,
    slots: readonly Slot[],
    n: Int32Array,
  ) {
    this.#slots = slots;
    this.#n = n;
  }

  get counts(): StatusCount[] {
    if (this.#counts) return this.#counts;
    const slots = this.#slots;
    const n = this.#n;
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
    this.#counts = counts;
    return counts;
  }

  get lines(): string[] {
    return formatSummaryLines(this.counts, this.total);
  }

  toJSON(): Omit<SummaryGroup, never> {
    return { id: this.id, name: this.name, total: this.total, counts: this.counts, lines: this.lines };
  }
}

/** Counts per slot of the groups of one dimension (goal, department, role), in first-seen order. */
type Tally = Map<string | null, Int32Array>;

function count(tally: Tally, key: string | null, slot: number, slots: number): void {
  let n = tally.get(key);
  if (!n) {
    n = new Int32Array(slots);
    tally.set(key, n);
  }
  n[slot] = (n[slot] as number) + 1;
}

function totalOf(n: Int32Array): number {
  let t = 0;
  for (let i = 0; i < n.length; i++) t += n[i] as number;
  return t;
}

function sortKeys(keys: (string | null)[], order?: ReadonlyMap<string, number>): (string | null)[] {
  return keys.sort((a, b) => {
    if (a === null) return 1;
    if (b === null) return -1;
    const oa = order?.get(a);
    const ob = order?.get(b);
    if (oa != null && ob != null) return oa - ob;
    if (oa != null) return -1;
    if (ob != null) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
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
  // Results normally come in the document's order (evaluateDocument); otherwise look them up by id.
  const aligned =
    results.length === doc.indicators.length && results.every((e, i) => doc.indicators[i]?.id === e.id);
  const byId = aligned ? null : new Map(doc.indicators.map((ind) => [ind.id, ind]));
  return summarizeStatuses(
    doc,
    results.map((e) => e.effective),
    byId ? results.map((e) => byId.get(e.id)) : doc.indicators,
    scheme,
  );
}

/**
 * {@link summarize} from the effective statuses and the indicators they belong to (two parallel
 * lists; an undefined indicator counts under "none" in every dimension), as evaluateDocument
 * calls it without building result objects.
 *
 * @example summarizeStatuses(doc, doc.indicators.map(() => status), doc.indicators, scheme).overall.total
 */
export function summarizeStatuses(
  doc: StrategyDocument,
  statuses: readonly StatusRef[],
  indicators: readonly (Indicator | undefined)[],
  scheme: StatusScheme,
): EvaluationSummary {
  const slots = slotsOf(scheme, statuses);
  const ns = slots.length;
  const index = new Map(slots.map((x, i) => [x.key, i]));
  const overall = new Int32Array(ns);
  const goals: Tally = new Map();
  const departments: Tally = new Map();
  const roles: Tally = new Map();
  // Goal lookups are cached per owner (by type, then id), as national-scale documents repeat owners.
  const goalCache = new Map<string, Map<string, string[]>>();
  for (let r = 0; r < statuses.length; r++) {
    const slot = index.get((statuses[r] as StatusRef).key) as number;
    overall[slot] = (overall[slot] as number) + 1;
    const ind = indicators[r];
    const owner = ind?.owner ?? null;
    let gs: readonly string[] = NO_GOALS;
    if (owner) {
      let byType = goalCache.get(owner.type);
      if (!byType) {
        byType = new Map();
        goalCache.set(owner.type, byType);
      }
      let found = byType.get(owner.id);
      if (!found) {
        found = goalsOf(doc, owner);
        byType.set(owner.id, found);
      }
      gs = found;
    }
    if (gs.length === 0) count(goals, null, slot, ns);
    for (let g = 0; g < gs.length; g++) count(goals, gs[g] as string, slot, ns);
    const deps = ind?.departments;
    if (!deps || deps.length === 0) count(departments, null, slot, ns);
    else if (deps.length === 1) count(departments, deps[0] as string, slot, ns);
    else for (const d of new Set(deps)) count(departments, d, slot, ns);
    count(roles, ind?.role ?? null, slot, ns);
  }
  const goalName = new Map(doc.goals.map((g) => [g.id, g.code ? `${g.code} ${g.name}` : g.name]));
  const goalOrder = new Map(doc.goals.map((g, i) => [g.id, i]));
  const roleOrder = new Map(Object.keys(roleName).map((r, i) => [r, i]));
  const groups = (
    tally: Tally,
    order: ReadonlyMap<string, number> | undefined,
    name: (k: string | null) => string,
  ) =>
    sortKeys([...tally.keys()], order).map((k) => {
      const n = tally.get(k) as Int32Array;
      return new Group(k, name(k), totalOf(n), slots, n);
    });
  return {
    basis: 'effective',
    rounding: 'largest-remainder, 0.1 point',
    overall: new Group(null, '全体', statuses.length, slots, overall),
    byGoal: groups(goals, goalOrder, (k) => (k == null ? '(基本目標なし)' : (goalName.get(k) ?? k))),
    byDepartment: groups(departments, undefined, (k) => k ?? '(担当課なし)'),
    byRole: groups(roles, roleOrder, (k) => (k == null ? '(区分なし)' : (roleName[k as IndicatorRole] ?? k))),
  };
}

const NO_GOALS: readonly string[] = Object.freeze([]);
