import type { Indicator } from '../interchange.ts';
import { type CaseFigures, caseFigures, type NoComparison, noComparison } from './case-figures.ts';
import type { DocumentEvaluation } from './evaluate.ts';
import type { IndicatorEvaluation } from './evaluation.ts';
import { labelKey, statusClasses } from './override.ts';
import {
  compileScheme,
  type MetricName,
  matchRule,
  type StatusFacts,
  type StatusLabel,
  type StatusRule,
  type StatusScheme,
  statusSchemeSchema,
} from './status-scheme.ts';

/** Metrics a learned rule may threshold, in order of preference when two fit equally well. */
export const LEARNABLE_METRICS: readonly MetricName[] = [
  'pace',
  'achievement',
  'ratio',
  'forecastAchievement',
];

/** One judged indicator as the learner sees it. */
export interface JudgedCase {
  index: number;
  id: string;
  name: string;
  /** The city's class (judgement of record) and the class it stands for (its base class for a variant). */
  judgement: string;
  base: string;
  metrics: Record<MetricName, number | null>;
  achieved: boolean;
  noData: boolean;
}

/**
 * A case the proposal still judges differently from the city, with the numbers behind it: the
 * metrics, the figures as written (baseline, latest actual, target; a sentence target as its
 * text; the metrics of each part of figures in parts) and, when the proposal could not compare
 * them (no data, or its metric missing), the plain reason why (`reason`, else null).
 */
export interface Disagreement extends CaseFigures {
  id: string;
  name: string;
  judgement: string;
  current: string;
  proposed: string;
  metrics: Record<MetricName, number | null>;
  achieved: boolean;
  noData: boolean;
  reason: NoComparison | null;
}

/** Agreement of a scheme with the judgements of record: agreeing cases out of all judged ones. */
export interface Agreement {
  agree: number;
  total: number;
}

/**
 * A proposed scheme of record learned from a strategy's judgements, with how well the current
 * scheme and the proposal reproduce them, every remaining disagreement, and the reasoning in
 * plain Japanese (`explanation`).
 */
export interface SchemeProposal {
  asOf: number | null;
  scheme: StatusScheme;
  metric: MetricName | null;
  /** Thresholds from the best class down: `[{ label, min }]` (the last class takes the rest). */
  thresholds: { label: string; min: number }[];
  achievedRule: boolean;
  /** Classes kept as the reason of an override (e.g. 進捗の遅れ（コロナ）), with their base class. */
  reasonClasses: { label: string; base: string }[];
  /** Classes from best to worst. */
  classes: string[];
  before: Agreement;
  after: Agreement;
  disagreements: Disagreement[];
  explanation: string[];
}

const NICE_STEPS = [0.05, 0.01, 0.001];
const COLORS = ['#1b7837', '#8c6d00', '#d95f02', '#b2182b', '#762a83', '#2166ac'];

/**
 * Learns the scheme that best reproduces a strategy's judgements of record (the city's published
 * statuses and planners' overrides, one per indicator for the evaluated year), within the rule
 * language: optionally "at or past the target → best class", then thresholds on one metric
 * (pace, achievement, ratio or forecast achievement) from the best class down, the thresholds
 * chosen by dynamic programming to maximize agreement and rounded to the nicest number in their
 * gap (0.05, else 0.01). A class that is another class with a written reason (`進捗の遅れ（コロナ）`
 * beside `進捗の遅れ`) is kept as an override reason: it is not computed, its cases count as their
 * base class, and their judgements stay of record. Classes are ranked by the median achievement
 * of their cases. Pure and deterministic: ties go to the metric listed first in
 * {@link LEARNABLE_METRICS}, then to the scheme without the "achieved" rule.
 *
 * Agreement counts judged indicators whose computed class is the judgement's (its base class for
 * a reason class). The current scheme's labels are matched to the city's classes by name (the
 * shortest city label containing the scheme's label, e.g. 順調 → 順調に進捗, 遅れ → 進捗の遅れ),
 * else by rank.
 *
 * @example
 * const p = learnScheme(evaluateDocument(doc, { overrides }))
 * p.after.agree > p.before.agree // usually
 * p.disagreements[0] // { name: '出生数', judgement: '進捗の遅れ', proposed: '概ね順調に進捗', metrics: { pace: 0.9, ... } }
 */
export function learnScheme(
  evaluation: DocumentEvaluation,
  options: { id?: string; name?: string; indicators?: readonly Indicator[] } = {},
): SchemeProposal {
  const { judged, judgedAt, labels, reasonOf, cases } = judgedCases(evaluation);
  const main = rankClasses(
    [...labels.entries()].filter(([k]) => !reasonOf.has(k)).map(([, l]) => l),
    cases,
  );

  // Fit each metric, with and without the "achieved → best class" rule.
  let best: Fit | null = null;
  for (const metric of LEARNABLE_METRICS)
    for (const achievedRule of [false, true]) {
      const fit = fitThresholds(cases, main, metric, achievedRule);
      if (!best || fit.agree > best.agree) best = fit;
    }
  const scheme = main.length
    ? buildScheme(
        options,
        main,
        [...reasonOf].map(([k, base]) => ({ label: labels.get(k) as string, base })),
        best,
      )
    : evaluation.scheme;
  const compiled = compileScheme(scheme);
  const proposedOf = (c: JudgedCase, r: IndicatorEvaluation): { label: string; compared: boolean } => {
    const facts: StatusFacts = {
      noData: c.noData,
      achieved: r.metrics.achieved,
      willReach: r.metrics.willReach,
      preliminary: r.explanation.actual?.preliminary ?? false,
      direction: r.explanation.direction,
      metrics: c.metrics,
    };
    const slot = matchRule(compiled, facts);
    if (slot == null) return { label: scheme.fallback.label, compared: false };
    const rule = scheme.rules[slot] as StatusRule;
    return { label: rule.label, compared: !('noData' in rule.when) };
  };
  const currentOf = currentMapper(evaluation.scheme, main);
  let before = 0;
  let after = 0;
  const disagreements: Disagreement[] = [];
  cases.forEach((c, n) => {
    const r = judged[n] as IndicatorEvaluation;
    const current = currentOf(r.computed.label, r.computed.key);
    const { label: proposed, compared } = proposedOf(c, r);
    if (current === c.base) before++;
    if (proposed === c.base) after++;
    else {
      const ind = options.indicators?.[judgedAt[n] as number];
      const figures: CaseFigures = ind
        ? caseFigures(ind, r, evaluation.asOf)
        : { baseline: null, latest: null, target: null, parts: [] };
      disagreements.push({
        id: c.id,
        name: c.name,
        judgement: c.judgement,
        current: r.computed.label,
        proposed,
        metrics: c.metrics,
        achieved: c.achieved,
        noData: c.noData,
        ...figures,
        reason: compared ? null : noComparison(figures, r, best?.metric ?? null),
      });
    }
  });
  const reasonClasses = [...reasonOf].map(([k, base]) => ({ label: labels.get(k) as string, base }));
  const thresholds = best?.thresholds ?? [];
  return {
    asOf: evaluation.asOf,
    scheme,
    metric: best?.metric ?? null,
    thresholds,
    achievedRule: best?.achievedRule ?? false,
    reasonClasses,
    classes: main,
    before: { agree: before, total: cases.length },
    after: { agree: after, total: cases.length },
    disagreements,
    explanation: explain(best, main, reasonClasses, cases.length, before, after, evaluation.scheme.name),
  };
}

/**
 * The judged indicators of an evaluation (those with a judgement of record), their positions,
 * the city's classes (labelKey → the first label as written), the reason classes (`X（reason）`
 * where X is itself a class → X) and the cases the learner fits.
 */
function judgedCases(evaluation: DocumentEvaluation): {
  judged: IndicatorEvaluation[];
  judgedAt: number[];
  labels: Map<string, string>;
  reasonOf: Map<string, string>;
  cases: JudgedCase[];
} {
  const judged: IndicatorEvaluation[] = [];
  const judgedAt: number[] = [];
  for (let i = 0; i < evaluation.length; i++)
    if (evaluation.overrideAt(i)) {
      judged.push(evaluation.at(i));
      judgedAt.push(i);
    }
  const labels = new Map<string, string>(); // labelKey → first label as written
  for (const r of judged) {
    const label = (r.override?.label ?? '').trim();
    if (label && !labels.has(labelKey(label))) labels.set(labelKey(label), label);
  }
  // Reason classes: `X（reason）` where X is itself a class.
  const reasonOf = new Map<string, string>();
  for (const [k, label] of labels) {
    const m = /^(.+?)[(（][^()（）]+[)）]$/.exec(label.normalize('NFKC').trim());
    const base = m ? labels.get(labelKey(m[1] as string)) : undefined;
    if (base && labelKey(base) !== k) reasonOf.set(k, base);
  }
  const cases: JudgedCase[] = judged.map((r, n) => {
    const label = (r.override?.label ?? '').trim();
    const k = labelKey(label);
    return {
      index: n,
      id: r.id,
      name: r.name,
      judgement: labels.get(k) ?? label,
      base: reasonOf.get(k) ?? labels.get(k) ?? label,
      metrics: {
        achievement: r.metrics.achievement,
        ratio: r.metrics.ratio,
        elapsedShare: r.metrics.elapsedShare,
        pace: r.metrics.pace,
        cagrRatio: r.metrics.cagrRatio,
        forecast: r.metrics.forecast,
        forecastAchievement: r.metrics.forecastAchievement,
      },
      achieved: r.metrics.achieved,
      noData: r.explanation.actual == null,
    };
  });
  return { judged, judgedAt, labels, reasonOf, cases };
}

interface Fit {
  metric: MetricName;
  achievedRule: boolean;
  thresholds: { label: string; min: number }[];
  agree: number;
}

/** Classes from best to worst by the median achievement (then ratio) of their cases. */
function rankClasses(classes: string[], cases: JudgedCase[]): string[] {
  const median = (label: string, m: MetricName) => {
    const xs = cases
      .filter((c) => c.base === label)
      .map((c) => c.metrics[m])
      .filter((x): x is number => x != null)
      .sort((a, b) => a - b);
    if (!xs.length) return Number.NEGATIVE_INFINITY;
    const mid = xs.length >> 1;
    return xs.length % 2 ? (xs[mid] as number) : ((xs[mid - 1] as number) + (xs[mid] as number)) / 2;
  };
  return [...classes].sort(
    (a, b) =>
      median(b, 'achievement') - median(a, 'achievement') ||
      median(b, 'ratio') - median(a, 'ratio') ||
      (a < b ? -1 : a > b ? 1 : 0),
  );
}

/**
 * The thresholds on one metric that reproduce the most judgements: cases sorted by the metric
 * (best first) get non-increasing classes; a dynamic programme over (case, class) finds the cut
 * points. Cases without the metric fall to the fallback (they agree with no class).
 */
function fitThresholds(
  cases: JudgedCase[],
  classes: string[],
  metric: MetricName,
  achievedRule: boolean,
): Fit {
  const k = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  let fixed = 0;
  const free: { v: number; cls: number }[] = [];
  for (const c of cases) {
    if (c.noData) continue;
    if (achievedRule && c.achieved) {
      if (classIndex.get(c.base) === 0) fixed++;
      continue;
    }
    const v = c.metrics[metric];
    if (v == null) continue;
    free.push({ v, cls: classIndex.get(c.base) ?? -1 });
  }
  free.sort((a, b) => b.v - a.v);
  const n = free.length;
  // dp[j][c]: best agreement of the first j cases when case j-1 has class c; classes only grow.
  const dp: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(k).fill(-1));
  const from: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(k).fill(-1));
  for (let c = 0; c < k; c++) dp[0]![c] = 0;
  for (let j = 1; j <= n; j++) {
    const item = free[j - 1] as { v: number; cls: number };
    for (let c = 0; c < k; c++) {
      let bestPrev = -1;
      let arg = -1;
      for (let p = 0; p <= c; p++) {
        // cases with equal values must share a class
        if (p !== c && j > 1 && (free[j - 2] as { v: number }).v === item.v) continue;
        const v = dp[j - 1]![p] as number;
        if (v > bestPrev) {
          bestPrev = v;
          arg = p;
        }
      }
      if (bestPrev < 0) continue;
      dp[j]![c] = bestPrev + (item.cls === c ? 1 : 0);
      from[j]![c] = arg;
    }
  }
  let endClass = 0;
  for (let c = 0; c < k; c++) if ((dp[n]![c] as number) > (dp[n]![endClass] as number)) endClass = c;
  // Walk back to the class of each case, then cut between classes.
  const assigned = new Array<number>(n);
  let c = endClass;
  for (let j = n; j >= 1; j--) {
    assigned[j - 1] = c;
    c = from[j]![c] as number;
  }
  const thresholds: { label: string; min: number }[] = [];
  for (let cls = 0; cls < k - 1; cls++) {
    // the lowest value of a class ≤ cls, and the highest of a class > cls
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < n; j++) {
      const v = (free[j] as { v: number }).v;
      if ((assigned[j] as number) <= cls) lo = Math.min(lo, v);
      else hi = Math.max(hi, v);
    }
    const prev = thresholds.at(-1)?.min ?? Number.POSITIVE_INFINITY;
    const min = niceCut(hi, Math.min(lo, prev));
    thresholds.push({ label: classes[cls] as string, min });
  }
  return { metric, achievedRule, thresholds, agree: fixed + (n ? (dp[n]![endClass] as number) : 0) };
}

/** A round number t with hi < t ≤ lo (the cut between two classes), the roundest that fits. */
function niceCut(hi: number, lo: number): number {
  if (!Number.isFinite(hi) && !Number.isFinite(lo)) return 1;
  if (!Number.isFinite(hi)) return roundTo(lo, 0.05, 'down');
  if (!Number.isFinite(lo)) return roundTo(hi, 0.05, 'up', true);
  for (const step of NICE_STEPS) {
    const t = roundTo(hi, step, 'up', true);
    if (t > hi && t <= lo) return t;
  }
  return (hi + lo) / 2;
}

function roundTo(x: number, step: number, dir: 'up' | 'down', strict = false): number {
  const q = x / step;
  let r = dir === 'up' ? Math.ceil(q) : Math.floor(q);
  if (strict && dir === 'up' && r * step <= x) r += 1;
  return Number((r * step).toFixed(6));
}

function buildScheme(
  options: { id?: string; name?: string },
  classes: string[],
  reasonClasses: { label: string; base: string }[],
  fit: Fit | null,
): StatusScheme {
  const key = (i: number) => `c${i + 1}`;
  const label = (l: string, i: number): StatusLabel => ({
    key: key(i),
    label: l,
    color: COLORS[Math.min(i, COLORS.length - 1)] as string,
  });
  const rules: StatusRule[] = [];
  const unreached: StatusLabel[] = [];
  const unrated = { key: 'unrated', label: '評価不能', labelEn: 'Not rated (no data yet)', color: '#6b6b6b' };
  if (fit && classes.length) {
    rules.push({ ...unrated, when: { noData: true } });
    if (fit.achievedRule) rules.push({ ...label(classes[0] as string, 0), when: { achieved: true } });
    // A class whose cut equals the one above is never computed: it stays a class of record.
    fit.thresholds.forEach((t, i) => {
      if (i > 0 && t.min === fit.thresholds[i - 1]?.min) unreached.push(label(t.label, i));
      else rules.push({ ...label(t.label, i), when: { metric: fit.metric, op: '>=', value: t.min } });
    });
    const last = classes.length - 1;
    rules.push({
      ...label(classes[last] as string, last),
      when:
        last > 0 ? { metric: fit.metric, op: '<', value: fit.thresholds.at(-1)?.min ?? 0 } : { always: true },
    });
  }
  const baseKey = new Map(classes.map((c, i) => [c, key(i)]));
  const describe =
    fit && classes.length
      ? `自治体の評価から学習した区分。${fit.achievedRule ? `目標値に到達していれば${classes[0]}、` : ''}${fit.thresholds
          .map((t) => `${metricName(fit.metric)}${percent(t.min)}以上 ${t.label}`)
          .join('、')}、それ未満 ${classes.at(-1)}。${reasonClasses
          .map((r) => `${r.label}は${r.base}に理由を添えた評価の記録として残す。`)
          .join('')}`
      : '自治体の評価区分 (算定ルールなし)。';
  return statusSchemeSchema.parse({
    id: options.id ?? 'learned',
    name: options.name ?? '自治体の評価区分 (学習)',
    nameEn: 'Municipal classes (learned)',
    description: describe,
    order: classes.map((_, i) => key(i)),
    rules,
    classes: [
      ...(rules.length ? unreached : classes.map(label)),
      ...reasonClasses.map((r, i) => ({
        key: `${baseKey.get(r.base) ?? 'reason'}-r${i + 1}`,
        label: r.label,
        color: '#d95f02',
        description: `${r.base} (理由付きの評価の記録)`,
      })),
    ],
    fallback: unrated,
  });
}

/** Maps the current scheme's labels to the city's classes: by name, else by rank. */
function currentMapper(
  scheme: StatusScheme,
  classes: string[],
): (label: string, key: string) => string | null {
  const direct = new Map(classes.map((c) => [labelKey(c), c]));
  const ranked = statusClasses(scheme).filter((s) => (scheme.order ?? []).includes(s.key));
  return (label, key) => {
    const k = labelKey(label);
    const same = direct.get(k);
    if (same) return same;
    const containing = classes.filter((c) => labelKey(c).includes(k)).sort((a, b) => a.length - b.length);
    if (containing.length) return containing[0] as string;
    const r = ranked.findIndex((s) => s.key === key);
    if (r < 0 || !classes.length) return null;
    const i = ranked.length > 1 ? Math.round((r * (classes.length - 1)) / (ranked.length - 1)) : 0;
    return classes[i] ?? null;
  };
}

const METRIC_JA: Record<string, string> = {
  pace: '進捗 (経過期間比)',
  achievement: '達成度',
  ratio: '目標値に対する比率',
  forecastAchievement: '見込みの達成度',
};

function metricName(m: MetricName): string {
  return METRIC_JA[m] ?? m;
}

function percent(x: number): string {
  return `${Number((x * 100).toFixed(1))}%`;
}

function explain(
  fit: Fit | null,
  classes: string[],
  reasons: { label: string; base: string }[],
  total: number,
  before: number,
  after: number,
  current: string,
): string[] {
  if (!total) return ['評価の記録 (取込または上書き) がないため、学習できません。'];
  const lines = [
    `評価の記録 ${total}件から、区分 ${classes.join(' / ')} (良い順) を再現する規則を求めました。`,
  ];
  if (fit)
    lines.push(
      `${metricName(fit.metric)}の閾値: ${fit.thresholds.map((t) => `${t.label} ${percent(t.min)}以上`).join('、')}、それ未満 ${classes.at(-1)}${fit.achievedRule ? ` (目標到達は${classes[0]})` : ''}。実績がなければ評価不能。`,
    );
  for (const r of reasons)
    lines.push(`${r.label} は ${r.base} に理由を添えた評価として扱い、算定せず評価の記録として残します。`);
  lines.push(`一致: 現在の区分 (${current}) ${before}/${total} → 提案 ${after}/${total}。`);
  return lines;
}
