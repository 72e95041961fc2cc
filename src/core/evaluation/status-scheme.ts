import { z } from 'zod';
import { type Direction, directionSchema } from '../interchange.ts';
import type { Issue, Result } from '../issue.ts';
import { formatJsonPath } from './json-path.ts';

/** Numeric metrics a condition can test (see evaluate.ts for their definitions). */
export const metricNameSchema = z.enum([
  'achievement',
  'ratio',
  'elapsedShare',
  'pace',
  'cagrRatio',
  'forecast',
  'forecastAchievement',
]);
export type MetricName = z.infer<typeof metricNameSchema>;

/** Comparison operators of the condition language. */
export const comparisonOpSchema = z.enum(['>=', '>', '<=', '<', '==', '!=']);
export type ComparisonOp = z.infer<typeof comparisonOpSchema>;

/**
 * The condition language of status schemes, as data (JSON):
 * - `{ metric, op, value }` compares a metric with a number; `{ metric, op, ref }` with another
 *   metric. A comparison with a null metric is false. Values within 1e-9 (relative) count as
 *   equal (see {@link nearlyEqual}), so exact thresholds survive floating-point rounding.
 * - `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }` combine conditions.
 * - `{ noData: true }`: no usable actual yet; `{ achieved: true }`: at or past the target
 *   (maintain: inside the band at or after the target year); `{ willReach: true }`: the
 *   forecast reaches the target; `{ preliminary: true }`: the compared figure is a 速報値;
 *   `{ direction: 'decrease' }`; `{ always: true }`.
 *
 * @example { all: [{ metric: 'pace', op: '>=', value: 0.8 }, { not: { noData: true } }] }
 */
export type Condition =
  | { metric: MetricName; op: ComparisonOp; value: number }
  | { metric: MetricName; op: ComparisonOp; ref: MetricName }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { noData: boolean }
  | { achieved: boolean }
  | { willReach: boolean }
  | { preliminary: boolean }
  | { direction: Direction }
  | { always: true };

/** Zod schema of {@link Condition}. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ metric: metricNameSchema, op: comparisonOpSchema, value: z.number().finite() }),
    z.strictObject({ metric: metricNameSchema, op: comparisonOpSchema, ref: metricNameSchema }),
    z.strictObject({ all: z.array(conditionSchema) }),
    z.strictObject({ any: z.array(conditionSchema) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ noData: z.boolean() }),
    z.strictObject({ achieved: z.boolean() }),
    z.strictObject({ willReach: z.boolean() }),
    z.strictObject({ preliminary: z.boolean() }),
    z.strictObject({ direction: directionSchema }),
    z.strictObject({ always: z.literal(true) }),
  ]),
);

/** A status as shown: a label (never a colour alone), its English label, a stable key and a colour. */
export const statusLabelSchema = z.object({
  key: z.string().min(1),
  label: z.string().min(1),
  labelEn: z.string().min(1).optional(),
  /** CSS colour `#rrggbb`; always shown together with the label. */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  description: z.string().optional(),
});
export type StatusLabel = z.infer<typeof statusLabelSchema>;

/** A rule: when the condition holds, the status is the rule's label. */
export const statusRuleSchema = statusLabelSchema.extend({ when: conditionSchema });
export type StatusRule = z.infer<typeof statusRuleSchema>;

/**
 * A status scheme (評価区分): ordered rules, first match wins, and a fallback when none matches.
 * `order` lists the keys from best to worst (keys not listed, such as "no data yet", are not
 * ranked); it defines what "a better status" means for comparisons and tests.
 *
 * A municipality's own classes (the scheme of record, e.g. 順調に進捗 / 概ね順調に進捗 /
 * 進捗の遅れ（コロナ） / 進捗の遅れ) are statuses too: a rule may compute one, and `classes` lists
 * those only a judgement of record gives (an imported status or a planner's override, e.g.
 * 進捗の遅れ（コロナ）). A scheme of record may have no rules at all (`rules: []`, classes only):
 * then nothing is computed (every computed status is the fallback) and the judgements decide.
 *
 * @example
 * { id: 'simple', name: '簡易', description: '…', order: ['ok', 'late'],
 *   rules: [{ when: { metric: 'pace', op: '>=', value: 1 }, key: 'ok', label: '順調', color: '#1b7837' },
 *           { when: { always: true }, key: 'late', label: '遅れ', color: '#b2182b' }],
 *   fallback: { key: 'none', label: '評価不能', color: '#777777' } }
 */
export const statusSchemeSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    nameEn: z.string().optional(),
    description: z.string(),
    rules: z.array(statusRuleSchema),
    fallback: statusLabelSchema,
    order: z.array(z.string()).optional(),
    /** Classes of record no rule computes (given by judgements only), in the city's order. */
    classes: z.array(statusLabelSchema).optional(),
  })
  .superRefine((scheme, ctx) => {
    if (scheme.rules.length === 0 && !scheme.classes?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['rules'],
        message: 'a scheme needs at least one rule or one class of record',
      });
    const keys = new Set([
      ...scheme.rules.map((r) => r.key),
      scheme.fallback.key,
      ...(scheme.classes ?? []).map((c) => c.key),
    ]);
    scheme.order?.forEach((key, i) => {
      if (!keys.has(key))
        ctx.addIssue({ code: 'custom', path: ['order', i], message: `unknown status key '${key}'` });
    });
    // One key stands for one label, so that summaries can count by key.
    const labelOf = new Map<string, string>();
    const classes = scheme.classes ?? [];
    [...scheme.rules, scheme.fallback, ...classes].forEach((r, i) => {
      const seen = labelOf.get(r.key);
      if (seen != null && seen !== r.label)
        ctx.addIssue({
          code: 'custom',
          path:
            i < scheme.rules.length
              ? ['rules', i, 'label']
              : i === scheme.rules.length
                ? ['fallback', 'label']
                : ['classes', i - scheme.rules.length - 1, 'label'],
          message: `key '${r.key}' is used with two labels ('${seen}', '${r.label}')`,
        });
      labelOf.set(r.key, r.label);
    });
  });
export type StatusScheme = z.infer<typeof statusSchemeSchema>;
export type StatusSchemeInput = z.input<typeof statusSchemeSchema>;

/** What the rules look at: flags and the numeric metrics of one evaluation. */
export interface StatusFacts {
  noData: boolean;
  achieved: boolean;
  willReach: boolean | null;
  preliminary: boolean;
  direction: Direction;
  metrics: Readonly<Record<MetricName, number | null>>;
}

type Test = (facts: StatusFacts) => boolean;

/** A status as reported: key, label (with its English), colour, the rule that gave it and its source. */
export interface StatusRef {
  key: string;
  label: string;
  labelEn: string | null;
  color: string;
  /** Index of the matched rule; null for the fallback or an override. */
  ruleIndex: number | null;
  source: 'computed' | 'override';
}

/** The rule that decided a computed status (index null: the fallback), as kept in explanations. */
export interface RuleRef {
  index: number | null;
  condition: Condition | null;
  key: string;
  label: string;
  fallback: boolean;
}

/**
 * A scheme with its conditions compiled to functions (compile once, match many), and one shared,
 * frozen status, rule reference and metric list per rule (the fallback last), so that evaluating
 * many indicators allocates nothing per status.
 */
export interface CompiledScheme {
  scheme: StatusScheme;
  tests: Test[];
  /** Rank per key: 0 is best; undefined for keys not in `order`. */
  rank: ReadonlyMap<string, number>;
  statuses: readonly StatusRef[];
  rules: readonly RuleRef[];
  /** Metrics each rule's condition looks at. */
  ruleMetrics: readonly (readonly MetricName[])[];
}

/**
 * Values within 1e-9 of each other relative to the larger magnitude compare as equal, so that a
 * pace computed as 0.7999999999999999 for an exact 80% meets a `>= 0.8` threshold. Purely
 * relative: near 0 only 0 equals 0 (a tiny negative rate stays negative).
 *
 * @example nearlyEqual(0.32 / 0.4, 0.8) // true
 * nearlyEqual(-1e-12, 0) // false
 */
export function nearlyEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

function compare(op: ComparisonOp, a: number, b: number): boolean {
  switch (op) {
    case '>=':
      return a >= b || nearlyEqual(a, b);
    case '>':
      return a > b && !nearlyEqual(a, b);
    case '<=':
      return a <= b || nearlyEqual(a, b);
    case '<':
      return a < b && !nearlyEqual(a, b);
    case '==':
      return nearlyEqual(a, b);
    case '!=':
      return !nearlyEqual(a, b);
  }
}

/**
 * Compiles a condition to a predicate over {@link StatusFacts}.
 *
 * @example compileCondition({ metric: 'pace', op: '>=', value: 1 })(facts) // true when pace ≥ 1
 */
export function compileCondition(c: Condition): Test {
  if ('metric' in c) {
    const { metric, op } = c;
    if ('ref' in c) {
      const ref = c.ref;
      return (f) => {
        const a = f.metrics[metric];
        const b = f.metrics[ref];
        return a != null && b != null && compare(op, a, b);
      };
    }
    const v = c.value;
    return (f) => {
      const a = f.metrics[metric];
      return a != null && compare(op, a, v);
    };
  }
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    return (f) => parts.every((p) => p(f));
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    return (f) => parts.some((p) => p(f));
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (f) => !inner(f);
  }
  if ('noData' in c) return (f) => f.noData === c.noData;
  if ('achieved' in c) return (f) => f.achieved === c.achieved;
  if ('willReach' in c) return (f) => f.willReach === c.willReach;
  if ('preliminary' in c) return (f) => f.preliminary === c.preliminary;
  if ('direction' in c) return (f) => f.direction === c.direction;
  return () => true;
}

/**
 * Compiles a validated scheme.
 *
 * @example const compiled = compileScheme(presets.standard)
 */
export function compileScheme(scheme: StatusScheme): CompiledScheme {
  const rank = new Map<string, number>();
  scheme.order?.forEach((key, i) => {
    rank.set(key, i);
  });
  const all = [...scheme.rules, scheme.fallback];
  const statuses = all.map((r, i) =>
    Object.freeze<StatusRef>({
      key: r.key,
      label: r.label,
      labelEn: r.labelEn ?? null,
      color: r.color,
      ruleIndex: i < scheme.rules.length ? i : null,
      source: 'computed',
    }),
  );
  const rules = scheme.rules.map((r, i) =>
    Object.freeze<RuleRef>({ index: i, condition: r.when, key: r.key, label: r.label, fallback: false }),
  );
  rules.push(
    Object.freeze<RuleRef>({
      index: null,
      condition: null,
      key: scheme.fallback.key,
      label: scheme.fallback.label,
      fallback: true,
    }),
  );
  const ruleMetrics = all.map((r) =>
    Object.freeze('when' in r ? [...metricsOf(r.when as Condition, new Set())] : []),
  );
  return {
    scheme,
    tests: scheme.rules.map((r) => compileCondition(r.when)),
    rank,
    statuses,
    rules,
    ruleMetrics,
  };
}

/**
 * The metrics a condition looks at.
 *
 * @example metricsOf({ metric: 'achievement', op: '>=', ref: 'elapsedShare' }, new Set()) // Set { 'achievement', 'elapsedShare' }
 */
export function metricsOf(c: Condition, out: Set<MetricName>): Set<MetricName> {
  if ('metric' in c) {
    out.add(c.metric);
    if ('ref' in c) out.add(c.ref);
  } else if ('all' in c) for (const x of c.all) metricsOf(x, out);
  else if ('any' in c) for (const x of c.any) metricsOf(x, out);
  else if ('not' in c) metricsOf(c.not, out);
  return out;
}

/**
 * Index of the first rule whose condition holds, or null when the fallback applies.
 *
 * @example matchRule(compileScheme(presets.standard), facts) // 2 (順調)
 */
export function matchRule(compiled: CompiledScheme, facts: StatusFacts): number | null {
  const tests = compiled.tests;
  for (let i = 0; i < tests.length; i++) if ((tests[i] as Test)(facts)) return i;
  return null;
}

/**
 * Validates a scheme given as data (a JSON file, an API body) and returns it or issues with
 * the JSON path of each bad field (code STATUS_SCHEME_INVALID).
 *
 * @example parseStatusScheme({ id: 'x' }).ok // false
 */
export function parseStatusScheme(input: unknown, file: string | null = null): Result<StatusScheme> {
  const r = statusSchemeSchema.safeParse(input);
  if (r.success) return { ok: true, value: r.data, issues: [] };
  const issues: Issue[] = r.error.issues.map((i) => {
    const field = formatJsonPath(i.path);
    return {
      code: 'STATUS_SCHEME_INVALID',
      severity: 'error',
      message: `評価区分の定義が正しくありません: ${field || '(全体)'}: ${i.message}`,
      messageEn: `Invalid status scheme: ${field || '(root)'}: ${i.message}`,
      place: { file, field },
      hint: '評価区分は id, name, description, rules[{ when, key, label, color }], fallback を持つ JSON です / a scheme needs id, name, description, rules and fallback',
    };
  });
  return { ok: false, issues };
}
