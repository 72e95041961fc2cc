/**
 * The figures behind one judged indicator as a planner reads them beside a disagreement between
 * the city's class and a proposed scheme: baseline, latest actual and target as written (a
 * sentence target stays its text), the metrics of each part of a figure written in parts
 * (`小学校88.7% 中学校82.8%`), and, when no rule could compare the figures, the plain reason why.
 * Pure: an indicator and its evaluation in, plain data out.
 */
import type { Figure, Indicator } from '../interchange.ts';
import { parseValue } from '../parse-value.ts';
import { resolveDirection } from './direction.ts';
import type { IndicatorEvaluation } from './evaluation.ts';
import { achievement, elapsedShare, metricReasonText, metricValue, pace, ratio } from './metrics.ts';
import type { MetricName } from './status-scheme.ts';

/** A figure as the source gives it: its value (null for a sentence or parts), year and text. */
export interface CaseFigure {
  value: number | null;
  fiscalYear: number | null;
  raw: string | null;
}

/** One part of figures written in parts (`男性77.41歳 女性79.89歳`), with its metrics where computable. */
export interface CasePart {
  label: string;
  baseline: number | null;
  latest: number | null;
  target: number | null;
  achievement: number | null;
  ratio: number | null;
  pace: number | null;
}

/** Why no rule could compare an indicator's figures (stable code, Japanese and English text). */
export type NoComparisonCode = 'TARGET_NOT_NUMERIC' | 'VALUES_IN_PARTS' | 'NO_ACTUAL' | 'METRIC_UNDEFINED';

export interface NoComparison {
  code: NoComparisonCode;
  text: string;
  textEn: string;
}

/** The figures of a judged case: baseline, latest actual, target and the parts of figures in parts. */
export interface CaseFigures {
  baseline: CaseFigure | null;
  latest: CaseFigure | null;
  target: CaseFigure | null;
  parts: CasePart[];
}

/** A figure as written or as the evaluation used it (a number then, without its parsed form). */
type AnyFigure = Pick<Figure, 'value' | 'fiscalYear' | 'raw' | 'parsed'>;

const figure = (f: AnyFigure | null | undefined): CaseFigure | null =>
  f && (f.value != null || f.raw) ? { value: f.value, fiscalYear: f.fiscalYear, raw: f.raw ?? null } : null;

/** The parsed form of a figure: as imported, else read from its text when it has no value. */
const parsedOf = (f: AnyFigure | null | undefined) =>
  f?.parsed ?? (f && f.value == null && f.raw ? parseValue(f.raw) : null);

const kind = (f: AnyFigure | null | undefined) => parsedOf(f)?.kind ?? (f?.value != null ? 'number' : null);

/** The latest actual up to `asOf` that has a number or parts (else the latest written one). */
function latestActual(ind: Indicator, asOf: number | null): Figure | null {
  const upTo = ind.actuals
    .filter((a) => asOf == null || a.fiscalYear == null || a.fiscalYear <= asOf)
    .sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0));
  const usable = upTo.filter((a) => a.value != null || kind(a) === 'multi');
  return usable.at(-1) ?? upTo.filter((a) => a.raw).at(-1) ?? null;
}

/**
 * The baseline, latest actual and target of an indicator (those in force for the evaluated year
 * where the evaluation used them), and the metrics of each part when the three are written in
 * the same parts.
 *
 * @example
 * caseFigures(ind, evaluation, 2021)
 * // { baseline: { value: 7, fiscalYear: 2019, raw: '7' }, latest: { value: 9, fiscalYear: 2021, raw: '9' },
 * //   target: { value: null, fiscalYear: 2024, raw: '全校で実施' }, parts: [] }
 */
export function caseFigures(ind: Indicator, r: IndicatorEvaluation, asOf: number | null): CaseFigures {
  const baseline: AnyFigure | null = r.explanation.baseline ?? ind.baseline ?? null;
  const target: AnyFigure | null = r.explanation.target ?? ind.target ?? null;
  const latest = latestActual(ind, asOf);
  return {
    baseline: figure(baseline),
    latest: figure(latest),
    target: figure(target),
    parts: partsOf(baseline, latest, target, ind.direction ?? null),
  };
}

function partsOf(
  baseline: AnyFigure | null,
  latest: AnyFigure | null,
  target: AnyFigure | null,
  given: Indicator['direction'],
): CasePart[] {
  const partsOfFigure = (f: AnyFigure | null) => (kind(f) === 'multi' ? (parsedOf(f)?.parts ?? []) : []);
  const tParts = partsOfFigure(target);
  if (!tParts.length) return [];
  const bParts = partsOfFigure(baseline);
  const aParts = partsOfFigure(latest);
  const share = elapsedShare(
    baseline?.fiscalYear ?? null,
    target?.fiscalYear ?? null,
    latest?.fiscalYear ?? null,
  );
  return tParts.map((t) => {
    const b = bParts.find((p) => p.label === t.label)?.value ?? null;
    const a = aParts.find((p) => p.label === t.label)?.value ?? null;
    const { direction, conflict } = resolveDirection(given, b, t.value);
    const ach = achievement(direction, b, t.value, a, conflict, null);
    return {
      label: t.label,
      baseline: b,
      latest: a,
      target: t.value,
      achievement: metricValue(ach),
      ratio: metricValue(ratio(direction, a, t.value)),
      pace: metricValue(pace(direction, ach, share)),
    };
  });
}

const METRIC_JA: Partial<Record<MetricName, string>> = {
  pace: '進捗 (経過期間比)',
  achievement: '達成度',
  ratio: '目標値に対する比率',
  forecastAchievement: '見込みの達成度',
};

/**
 * Why no rule could compare the figures of a case whose class came from no comparison (no data,
 * or the compared metric missing): the target is a sentence, the figures are in parts, there is
 * no actual yet, or the metric cannot be formed (with the evaluation's own reason).
 *
 * @example noComparison(figures, evaluation, 'ratio')?.text // '目標が数値でない (文章で書かれた目標): 全校で実施'
 */
export function noComparison(
  f: CaseFigures,
  r: IndicatorEvaluation,
  metric: MetricName | null,
): NoComparison {
  const t = f.target;
  if (t && t.value == null && t.raw && !f.parts.length)
    return {
      code: 'TARGET_NOT_NUMERIC',
      text: `目標が数値でない (文章で書かれた目標): ${t.raw}`,
      textEn: `The target is not a number (a sentence): ${t.raw}`,
    };
  if (f.parts.length)
    return {
      code: 'VALUES_IN_PARTS',
      text: `値が${f.parts.map((p) => p.label).join('・')}の部分に分かれ、一つの数値で比べられない`,
      textEn: `The figures are given in parts (${f.parts.map((p) => p.label).join(', ')}); no single number compares them`,
    };
  if (f.latest?.value == null)
    return {
      code: 'NO_ACTUAL',
      text: `比べられる実績値がない${f.latest?.raw ? ` (${f.latest.raw})` : ''}`,
      textEn: `No actual figure to compare yet${f.latest?.raw ? ` (${f.latest.raw})` : ''}`,
    };
  const why = metric
    ? r.explanation.metricReasons[metric as keyof typeof r.explanation.metricReasons]
    : undefined;
  const name = metric ? (METRIC_JA[metric] ?? metric) : '指標';
  return {
    code: 'METRIC_UNDEFINED',
    text: `${name}を計算できない${why ? `: ${metricReasonText[why].ja}` : ''}`,
    textEn: `${metric ?? 'The metric'} cannot be computed${why ? `: ${metricReasonText[why].en}` : ''}`,
  };
}
