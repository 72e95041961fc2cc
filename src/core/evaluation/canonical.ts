import type { EvaluationNote, NumericMetric } from './evaluation.ts';
import { METRIC_REASONS, type MetricReason } from './metrics.ts';

/*
 * Canonical values: the small parts of an explanation that repeat across indicators (which
 * metrics are null and why, the notes, the years used) are shared, frozen
 * objects, built once and looked up by a number. Evaluating a national data set then keeps one
 * copy of each instead of one per indicator. The tables only ever hold immutable values that are
 * fully determined by their key, and are bounded (past MAX_ENTRIES a fresh frozen value is
 * returned), so sharing them is not observable.
 */

const MAX_ENTRIES = 1 << 14;

/** The numeric metrics in the order their reasons appear in `metricReasons`. */
export const REASON_ORDER: readonly NumericMetric[] = Object.freeze([
  'achievement',
  'elapsedShare',
  'pace',
  'expected',
  'ratio',
  'cagrRatio',
  'forecast',
  'forecastAchievement',
  'deviation',
]);

const REASONS: readonly MetricReason[] = METRIC_REASONS;
/** Base of the reason key: codes 1..13 per metric, 0 for "has a value". */
const BASE = REASONS.length + 1;
const REASON_CODE = new Map<MetricReason, number>(REASONS.map((r, i) => [r, i + 1]));

/**
 * Weight of each metric in a reason key (position in {@link REASON_ORDER}): key = Σ code × weight.
 *
 * @example reasonWeight('achievement') // 1
 */
export function reasonWeight(metric: NumericMetric): number {
  return BASE ** REASON_ORDER.indexOf(metric);
}

/**
 * The part of a reason key for one metric: 0 when it has a value, else the reason's code × weight.
 *
 * @example reasonKey(0.5, 1) // 0
 * reasonKey('NO_TARGET', 1) // 3
 */
export function reasonKey(m: number | MetricReason, weight: number): number {
  return typeof m === 'number' ? 0 : (REASON_CODE.get(m) as number) * weight;
}

const reasonsByKey = new Map<number, Readonly<Partial<Record<NumericMetric, MetricReason>>>>();

/**
 * The frozen `metricReasons` object of a reason key (the sum of {@link reasonKey} over the
 * metrics), with its keys in {@link REASON_ORDER}.
 *
 * @example metricReasonsOf(reasonKey('NO_TARGET', reasonWeight('ratio'))) // { ratio: 'NO_TARGET' }
 */
export function metricReasonsOf(key: number): Readonly<Partial<Record<NumericMetric, MetricReason>>> {
  const seen = reasonsByKey.get(key);
  if (seen) return seen;
  const out: Partial<Record<NumericMetric, MetricReason>> = {};
  let k = key;
  for (let i = 0; i < REASON_ORDER.length && k > 0; i++) {
    const code = k % BASE;
    k = (k - code) / BASE;
    if (code > 0) out[REASON_ORDER[i] as NumericMetric] = REASONS[code - 1] as MetricReason;
  }
  Object.freeze(out);
  if (reasonsByKey.size < MAX_ENTRIES) reasonsByKey.set(key, out);
  return out;
}

/** The notes in the order an evaluation adds them; bit i of a note mask stands for NOTE_ORDER[i]. */
export const NOTE_ORDER: readonly EvaluationNote[] = Object.freeze([
  'SUM_OF_FLOWS',
  'RUNNING_TOTAL',
  'TARGET_YEAR_FROM_STRATEGY',
  'DIRECTION_INFERRED',
  'DIRECTION_UNKNOWN',
  'DIRECTION_CONFLICT',
  'PRELIMINARY',
  'CALENDAR_YEAR',
  'LATEST_BEFORE_AS_OF',
  'AFTER_TARGET_YEAR',
  'DUPLICATE_YEAR',
  'ACHIEVED_EARLY',
]);

/**
 * The bit of a note in a note mask.
 *
 * @example noteBit('SUM_OF_FLOWS') // 1
 */
export function noteBit(note: EvaluationNote): number {
  return 1 << NOTE_ORDER.indexOf(note);
}

const notesByMask: (readonly EvaluationNote[] | undefined)[] = [];

/**
 * The frozen list of notes of a mask, in {@link NOTE_ORDER}.
 *
 * @example notesOf(noteBit('PRELIMINARY') | noteBit('SUM_OF_FLOWS')) // ['SUM_OF_FLOWS', 'PRELIMINARY']
 */
export function notesOf(mask: number): readonly EvaluationNote[] {
  const seen = notesByMask[mask];
  if (seen) return seen;
  const out: EvaluationNote[] = [];
  for (let i = 0; i < NOTE_ORDER.length; i++) if (mask & (1 << i)) out.push(NOTE_ORDER[i] as EvaluationNote);
  const frozen = Object.freeze(out);
  notesByMask[mask] = frozen;
  return frozen;
}

/** The first `n` numbers of `xs` in an array of exactly that length. */
function copy(xs: ArrayLike<number>, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = xs[i] as number;
  return out;
}

const rangesByKey = new Map<number, readonly number[]>();
const NO_YEARS: readonly number[] = Object.freeze([]);

/**
 * The years of a series as a frozen array of exactly their length: a shared one when they are
 * consecutive (2015, 2016, …, 2024, the usual case), else a copy. Reads only the first `n`.
 *
 * @example usedYearsOf([2015, 2016, 2017], 3) // [2015, 2016, 2017] (shared)
 */
export function usedYearsOf(years: ArrayLike<number>, n: number): readonly number[] {
  if (n === 0) return NO_YEARS;
  const first = years[0] as number;
  let consecutive = Number.isSafeInteger(first) && first >= 0 && first < 1e5 && n < 256;
  for (let i = 1; consecutive && i < n; i++) consecutive = years[i] === first + i;
  if (!consecutive) return Object.freeze(copy(years, n));
  const key = first * 256 + n;
  const seen = rangesByKey.get(key);
  if (seen) return seen;
  const out = Object.freeze(copy(years, n));
  if (rangesByKey.size < MAX_ENTRIES) rangesByKey.set(key, out);
  return out;
}
