import { toDisplayUnit } from '../display-unit.ts';
import type { EvaluationNote, IndicatorEvaluation, NumericMetric } from './evaluation.ts';
import { isPercentUnit, metricReasonText } from './metrics.ts';
import { revisionText } from './revisions.ts';
import type { SkippedFigure } from './series.ts';

/**
 * Formats a number with Japanese digit grouping (1,563; -1,557.7): at most `decimals` decimals,
 * trailing zeros dropped. Independent of the runtime's locale data.
 *
 * @example formatNumber(1234567.891) // '1,234,567.89'
 * formatNumber(-0.5) // '-0.5'
 */
export function formatNumber(n: number, decimals = 2): string {
  if (!Number.isFinite(n)) return '-';
  const abs = Math.abs(n);
  if (abs >= 1e21) return n.toExponential(3); // toFixed switches to exponents there anyway
  // Integers print as they are (what toFixed gives, less the zero decimals); others through
  // toFixed, which rounds the exact binary value (1.005 → '1.00'), trailing zeros dropped.
  let text: string;
  let intEnd: number;
  if (abs <= Number.MAX_SAFE_INTEGER && Number.isInteger(abs)) {
    text = String(abs);
    intEnd = text.length;
  } else {
    const fixed = abs.toFixed(decimals);
    const dot = fixed.indexOf('.');
    let end = fixed.length;
    if (dot >= 0) {
      while (end > dot + 1 && fixed.charCodeAt(end - 1) === 48) end--;
      if (end === dot + 1) end = dot;
    }
    text = end === fixed.length ? fixed : fixed.slice(0, end);
    intEnd = dot < 0 ? text.length : Math.min(dot, text.length);
  }
  if (intEnd > 3) text = group(text.slice(0, intEnd)) + text.slice(intEnd);
  // A negative number that rounds to zero prints as 0.
  return n < 0 && !isZeros(text) ? `-${text}` : text;
}

/** True for '0', '00'...: a number that rounded to zero (no other digit, no decimals). */
function isZeros(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== 48) return false;
  return true;
}

/** Digits with a comma every three from the right: '1234567' → '1,234,567'. */
function group(digits: string): string {
  const head = digits.length % 3 || 3;
  let out = digits.slice(0, head);
  for (let i = head; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/**
 * A stored (base-unit) value with its indicator's unit, in that unit: `1,563件`, `73.6%`, `1.41`,
 * `185,000万円` (stored as 1,850,000,000 円).
 *
 * @example formatValue(1563, '件') // '1,563件'
 * @example formatValue(1_850_000_000, '万円') // '185,000万円'
 */
export function formatValue(value: number, unit: string | null): string {
  return `${formatNumber(toDisplayUnit(value, unit))}${unit ?? ''}`;
}

/**
 * A fraction as a percentage with one decimal, dropped when zero: 0.4 → `40%`, -6.2307 → `-623.1%`.
 *
 * @example formatPercent(-15.5769) // '-1,557.7%'
 */
export function formatPercent(fraction: number): string {
  return `${formatNumber(fraction * 100, 1)}%`;
}

const noteText: Record<EvaluationNote, string> = {
  DIRECTION_INFERRED: '方向は基準値と目標値から推定した',
  DIRECTION_UNKNOWN: '基準値または目標値がなく方向を推定できないため、増加を目指す指標とみなした',
  DIRECTION_CONFLICT: '目標値が指定の方向と逆側にあるため、目標値との差で達成度を計算した',
  PRELIMINARY: '速報値を含む',
  CALENDAR_YEAR: '暦年の値を同じ年の年度の値として扱った',
  SUM_OF_FLOWS: '各年度の実績を合算した累計で比較した',
  RUNNING_TOTAL: '実績値は累計値としてそのまま比較した',
  ACHIEVED_EARLY: '目標年度より前に目標値に到達した',
  AFTER_TARGET_YEAR: '実績の年度が目標年度を過ぎている',
  TARGET_YEAR_FROM_STRATEGY: '目標年度は戦略期間の最終年度とした',
  DUPLICATE_YEAR: '同じ年度の実績が複数あり、確定値を優先して平均した',
  LATEST_BEFORE_AS_OF: '評価年度の実績がないため、それ以前の最新の実績を用いた',
};

const skipText: Record<SkippedFigure['reason'], string> = {
  pending: '公表予定',
  missing: '未把握',
  not_applicable: '該当なし',
  no_value: '値なし',
  no_year: '年度不明',
  after_as_of: '評価年度より後',
  before_sum_start: '累計期間より前',
};

const metricLabel: Partial<Record<NumericMetric, string>> = {
  ratio: '達成率 (実績値÷目標値)',
  cagrRatio: '必要な年平均成長率に対する実績の比',
  forecast: '目標年度の見込み',
  forecastAchievement: '見込みの達成度',
  achievement: '達成度',
  elapsedShare: '経過期間',
  pace: '進捗',
};

function year(y: number | null): string {
  return y == null ? '' : ` (${y})`;
}

/**
 * Renders the plain-Japanese sentence of an evaluation from its explanation data, e.g.
 * 「基準値 1,563件 (2019) から目標値 1,602件 (2024) に対し、2021年度実績 1,320件。達成度 -623.1%、
 * 経過期間 40% に対する進捗 -1,557.7% のため『遅れ』。」 Numbers use Japanese grouping.
 *
 * @example renderExplanation(evaluation) // '基準値 … のため『遅れ』。…'
 */
export function renderExplanation(e: IndicatorEvaluation): string {
  const x = e.explanation;
  const m = e.metrics;
  const unit = x.unit;
  let head: string;
  if (x.target) {
    const tgt = `目標値 ${formatValue(x.target.value, unit)}${year(x.target.fiscalYear)}`;
    if (x.mode === 'sum-of-flows' && x.originalBaseline !== x.baseline && x.baseline)
      head = `${(x.baseline.fiscalYear ?? 0) + 1}年度からの累計の${tgt} に対し、`;
    else if (x.baseline)
      head = `基準値 ${formatValue(x.baseline.value, unit)}${year(x.baseline.fiscalYear)} から${tgt} に対し、`;
    else head = `${tgt} に対し、`;
  } else if (x.baseline)
    head = `基準値 ${formatValue(x.baseline.value, unit)}${year(x.baseline.fiscalYear)}、目標値なし。`;
  else head = '基準値・目標値なし。';

  const label = `『${e.computed.label}』`;
  // The parts are joined once at the end: a flat string (repeated `+=` would keep a rope of
  // small strings per sentence, twice the memory when every sentence of a national run is kept).
  const parts: string[] = [];
  if (!x.actual) {
    const until = x.asOf != null ? `${x.asOf}年度までに` : '';
    parts.push(`${head}${until}使用できる実績値がないため${label}。`);
  } else {
    const what =
      x.mode === 'sum-of-flows' ? `${x.actual.fiscalYear}年度までの累計` : `${x.actual.fiscalYear}年度実績`;
    parts.push(
      `${head}${what} ${formatValue(x.actual.value, unit)}${x.actual.preliminary ? ' (速報値)' : ''}。`,
    );
    if (m.achieved && x.rule.condition && 'achieved' in x.rule.condition)
      parts.push(`目標値に到達しているため${label}。`);
    else if (x.direction === 'maintain') parts.push(maintainPart(e, label));
    else parts.push(metricsPart(e, label));
  }

  if (m.forecast != null && x.target && x.direction !== 'maintain')
    parts.push(
      `重み付き回帰による${x.target.fiscalYear ?? ''}年度の見込みは ${formatValue(m.forecast, unit)} (${m.willReach ? '達成見込み' : '未達の見込み'})。`,
    );
  let extras = '';
  for (const n of x.notes)
    if (n !== 'DIRECTION_INFERRED') extras += extras ? `。${noteText[n]}` : noteText[n];
  let skipped = '';
  for (const s of x.skipped)
    if (s.reason !== 'after_as_of')
      skipped += `${skipped ? '、' : ''}${s.year == null ? '年度の記載がない実績' : `${s.year}年度 (${skipText[s.reason]})`}`;
  if (skipped) extras += `${extras ? '。' : ''}${skipped}は除外した`;
  if (extras) parts.push(`${extras}。`);
  if (x.revisions?.length) parts.push(revisionText(x.revisions));
  if (e.override)
    parts.push(
      `担当者による評価は『${e.override.label}』(理由: ${e.override.reason}、${e.override.by}、${e.override.at})、計算上の評価は${label}。`,
    );
  return parts.join('');
}

/** The sentence part of a maintain indicator: the band, the deviation, inside or outside. */
function maintainPart(e: IndicatorEvaluation, label: string): string {
  const x = e.explanation;
  const m = e.metrics;
  const unit = x.unit;
  const band = x.tolerance
    ? `±${formatNumber(x.tolerance.value)}${x.tolerance.source === 'default-points' || isPercentUnit(unit) ? 'ポイント' : (unit ?? '')}`
    : '';
  const dev =
    m.deviation != null
      ? `差 ${m.deviation > 0 ? '+' : ''}${formatNumber(toDisplayUnit(m.deviation, unit))} `
      : '';
  const inside = m.withinBand ? '範囲内' : '範囲外';
  return `維持目標 (許容幅 ${band}) に対し${dev}で${inside}${m.achievement != null ? `、達成度 ${formatPercent(m.achievement)}` : ''} のため${label}。`;
}

/** The sentence part of an increase or decrease indicator: achievement, pace, the rule's metrics. */
function metricsPart(e: IndicatorEvaluation, label: string): string {
  const x = e.explanation;
  const m = e.metrics;
  let bits = '';
  if (m.achievement != null) bits = `達成度 ${formatPercent(m.achievement)}`;
  if (m.elapsedShare != null && m.pace != null)
    bits += `${bits ? '、' : ''}経過期間 ${formatPercent(m.elapsedShare)} に対する進捗 ${formatPercent(m.pace)}`;
  for (const name of x.ruleMetrics) {
    if (name === 'achievement' || name === 'elapsedShare' || name === 'pace') continue;
    const v = m[name];
    if (v == null) continue;
    let bit: string;
    if (name === 'cagrRatio')
      bit = `${metricLabel.cagrRatio} ${formatNumber(v)}${x.growth?.method === 'linear' ? ' (直線的な変化量で計算)' : ''}`;
    else if (name === 'forecast') bit = `${metricLabel.forecast} ${formatValue(v, x.unit)}`;
    else bit = `${metricLabel[name] ?? name} ${formatPercent(v)}`;
    bits += `${bits ? '、' : ''}${bit}`;
  }
  const missing = x.rule.fallback ? firstReason(e) : null;
  if (missing) bits += `${bits ? '、' : ''}${missing}`;
  return `${bits}${bits ? ' ' : ''}のため${label}。`;
}

function firstReason(e: IndicatorEvaluation): string | null {
  for (const name of ['achievement', 'pace', 'cagrRatio'] as const) {
    const r = e.metricReasons[name];
    if (r) return `${metricLabel[name]}を計算できない (${metricReasonText[r].ja})`;
  }
  return null;
}
