import type { Aggregation, Figure } from '../interchange.ts';

/**
 * The compared point: a fiscal year and the value compared with the target. `preliminary`
 * marks a 速報値 (it counts, but is flagged); `calendar` marks a figure given for a calendar year
 * (年) and mapped to a fiscal year (see `figureFiscalYear` in core/fiscal-year.ts). In `sum-of-flows` mode the flags
 * are set when any summed figure has them.
 */
export interface SeriesPoint {
  fiscalYear: number;
  value: number;
  preliminary: boolean;
  calendar: boolean;
}

/** A figure that was not used, and why (pending, missing, not applicable, no value, after asOf). */
/**
 * Why a figure was left out of a series. The order is part of the canonical encoding (positions
 * number them): add new ones at the end only.
 */
export const SKIP_REASONS = [
  'pending',
  'missing',
  'not_applicable',
  'no_value',
  'no_year',
  'after_as_of',
  'before_sum_start',
] as const;

export interface SkippedFigure {
  year: number | null;
  reason: (typeof SKIP_REASONS)[number];
}

/**
 * How the compared value is built from the actuals:
 * - `latest`: annual, rate and stock indicators compare the latest usable year's value
 *   (an annual flow is the year's value; a stock is the latest snapshot: both are the value of
 *   the latest usable year).
 * - `running-total`: cumulative indicators whose actuals are already running totals (累計) are
 *   compared directly.
 * - `sum-of-flows`: cumulative indicators whose target is a sum over a range
 *   (`2,010人(R2～R6の累計)`: target `fromYear` 2020) while the actuals are yearly flows (no
 *   `fromYear`): the flows from `fromYear` up to each year are summed.
 */
export type SeriesMode = 'latest' | 'running-total' | 'sum-of-flows';

/**
 * The compared series of one indicator at an as-of fiscal year, as two parallel arrays sorted
 * by year, one entry per year, all with year ≤ asOf (running totals in `sum-of-flows` mode).
 */
export interface Series {
  mode: SeriesMode;
  years: number[];
  values: number[];
  /** The compared point: the latest one, or null when no usable actual exists (評価不能). */
  current: SeriesPoint | null;
  /** First year summed in `sum-of-flows` mode, else null. */
  sumFrom: number | null;
  skipped: readonly SkippedFigure[];
  /** Years given more than once; the final figure wins over a preliminary one, equal states are averaged. */
  duplicateYears: readonly number[];
}

const skipIndex = new Map(SKIP_REASONS.map((r, i) => [r, i]));
const MAX_SKIPPED = 1 << 14;
const skippedByKey = new Map<number, SkippedFigure>();

/**
 * A frozen `{ year, reason }` of a skipped figure, shared by every series that skips the same
 * year for the same reason (bounded table of immutable values: sharing is not observable).
 *
 * @example skippedFigure(2021, 'pending') === skippedFigure(2021, 'pending') // true
 */
export function skippedFigure(year: number | null, reason: SkippedFigure['reason']): SkippedFigure {
  if (year != null && !(Number.isSafeInteger(year) && year >= 0 && year < 1e5))
    return Object.freeze({ year, reason });
  const key = (year == null ? 0 : year + 1) * 8 + (skipIndex.get(reason) as number);
  const seen = skippedByKey.get(key);
  if (seen) return seen;
  const out = Object.freeze<SkippedFigure>({ year, reason });
  if (skippedByKey.size < MAX_SKIPPED) skippedByKey.set(key, out);
  return out;
}

const NONE: readonly never[] = Object.freeze([]);
/** Flags of a series point in {@link SeriesBuffer.flags}: a preliminary figure (速報値), a calendar-year one. */
export const PRELIMINARY = 1;
export const CALENDAR = 2;

function bySkippedYear(a: SkippedFigure, b: SkippedFigure): number {
  return (a.year ?? 0) - (b.year ?? 0) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0);
}

/** Appends to a list made on first use (most series skip nothing). */
function skip<T>(list: T[] | null, item: T): T[] {
  if (list) {
    list.push(item);
    return list;
  }
  return [item];
}

/**
 * Builds the compared series from an indicator's actuals (実績値) at fiscal year `asOf`:
 * only actuals with year ≤ asOf count (all when asOf is null); pending (公表予定), missing
 * (未把握), not-applicable figures and figures without a value are skipped and listed;
 * preliminary ones (速報値) count and are flagged. The result never depends on the order of
 * the actuals.
 *
 * Cumulative rule (`aggregation: 'cumulative'`): when the target carries `fromYear` and no
 * usable actual does, the actuals are yearly flows and are summed from `fromYear`
 * (`sum-of-flows`); otherwise each actual is already a running total (`running-total`).
 *
 * @example
 * buildSeries([{ value: 400, fiscalYear: 2020 }, { value: 410, fiscalYear: 2021 }], 'cumulative',
 *   { value: 2010, fiscalYear: 2024, fromYear: 2020 }, 2021).current // { year: 2021, value: 810, ... }
 */
export function buildSeries(
  actuals: readonly Figure[],
  aggregation: Aggregation | null | undefined,
  target: Figure | null | undefined,
  asOf: number | null,
): Series {
  const b = new SeriesBuffer();
  b.fill(actuals, aggregation, target, asOf);
  const n = b.n;
  return {
    mode: b.mode,
    years: Array.from(b.years.subarray(0, n)),
    values: Array.from(b.values.subarray(0, n)),
    current: b.current(),
    sumFrom: b.sumFrom,
    skipped: b.skipped,
    duplicateYears: b.duplicateYears,
  };
}

/**
 * The compared series of one indicator written into reusable typed arrays (what
 * {@link buildSeries} returns, without allocating per indicator): `years`, `values` and `flags`
 * hold `n` entries, sorted by year. One buffer serves a whole evaluation run, indicator after
 * indicator; each {@link SeriesBuffer.fill} overwrites the previous series.
 *
 * @example const b = new SeriesBuffer(); b.fill(actuals, 'annual', target, 2023); b.n // 3
 */
export class SeriesBuffer {
  years = new Float64Array(16);
  values = new Float64Array(16);
  flags = new Uint8Array(16);
  n = 0;
  mode: SeriesMode = 'latest';
  sumFrom: number | null = null;
  skipped: readonly SkippedFigure[] = NONE;
  duplicateYears: readonly number[] = NONE;

  /** The compared (latest) point as a new object, or null when the series is empty. */
  current(): SeriesPoint | null {
    const last = this.n - 1;
    if (last < 0) return null;
    const fl = this.flags[last] as number;
    return {
      fiscalYear: this.years[last] as number,
      value: this.values[last] as number,
      preliminary: (fl & PRELIMINARY) !== 0,
      calendar: (fl & CALENDAR) !== 0,
    };
  }

  /** Builds the series of `actuals` at `asOf` (see {@link buildSeries}). */
  fill(
    actuals: readonly Figure[],
    aggregation: Aggregation | null | undefined,
    target: Figure | null | undefined,
    asOf: number | null,
  ): void {
    if (actuals.length > this.years.length) {
      const size = Math.max(actuals.length, this.years.length * 2);
      this.years = new Float64Array(size);
      this.values = new Float64Array(size);
      this.flags = new Uint8Array(size);
    }
    const years = this.years;
    const values = this.values;
    const flags = this.flags;
    let skipped: SkippedFigure[] | null = null;
    let n = 0;
    let sorted = true;
    let anyFromYear = false;
    for (let i = 0; i < actuals.length; i++) {
      const f = actuals[i] as Figure;
      // Each property is read once: figures come in many shapes, and this is the hot loop.
      const state = f.state;
      const value = f.value;
      const fy = f.fiscalYear;
      if (state === 'pending' || state === 'missing' || state === 'not_applicable') {
        skipped = skip(skipped, skippedFigure(fy ?? null, state));
        continue;
      }
      if (value == null || !Number.isFinite(value)) {
        skipped = skip(skipped, skippedFigure(fy ?? null, 'no_value'));
        continue;
      }
      if (fy == null) {
        skipped = skip(skipped, skippedFigure(null, 'no_year'));
        continue;
      }
      const year = fy; // = figureFiscalYear(f)
      if (asOf != null && year > asOf) {
        skipped = skip(skipped, skippedFigure(year, 'after_as_of'));
        continue;
      }
      if (f.fromYear != null) anyFromYear = true;
      if (n > 0 && (years[n - 1] as number) >= year) sorted = false;
      years[n] = year;
      values[n] = value;
      flags[n] = (state === 'preliminary' ? PRELIMINARY : 0) | (f.basis === 'calendar' ? CALENDAR : 0);
      n++;
    }
    this.duplicateYears = NONE;
    if (!sorted) n = this.merge(n);
    let mode: SeriesMode = 'latest';
    let sumFrom: number | null = null;
    if (aggregation === 'cumulative') {
      if (target?.fromYear != null && !anyFromYear) {
        mode = 'sum-of-flows';
        sumFrom = target.fromYear;
        let start = 0;
        while (start < n && (years[start] as number) < sumFrom) {
          skipped = skip(skipped, skippedFigure(years[start] as number, 'before_sum_start'));
          start++;
        }
        // Running totals, shifted to the front (in place: k - start <= k).
        let total = 0;
        let fl = 0;
        for (let k = start; k < n; k++) {
          total += values[k] as number;
          fl |= flags[k] as number;
          years[k - start] = years[k] as number;
          values[k - start] = total;
          flags[k - start] = fl;
        }
        n -= start;
      } else mode = 'running-total';
    }
    if (skipped && skipped.length > 1) skipped.sort(bySkippedYear);
    this.n = n;
    this.mode = mode;
    this.sumFrom = sumFrom;
    this.skipped = skipped ?? NONE;
  }

  /**
   * Rare path: actuals out of order or with a year given twice. Sorts by year and merges each
   * year's figures (the final figure wins over a preliminary one, equal states are averaged in
   * sorted order, so that the result does not depend on the input order). Returns the new count.
   */
  private merge(count: number): number {
    const years = Array.from(this.years.subarray(0, count));
    const values = Array.from(this.values.subarray(0, count));
    const flags = Array.from(this.flags.subarray(0, count));
    const finals = flags.map(isFinal);
    const order = years.map(indexOf).sort((a, b) => (years[a] as number) - (years[b] as number));
    let duplicateYears: number[] | null = null;
    let n = 0;
    let i = 0;
    while (i < order.length) {
      const year = years[order[i] as number] as number;
      let j = i + 1;
      while (j < order.length && years[order[j] as number] === year) j++;
      if (j - i === 1) {
        const k = order[i] as number;
        this.years[n] = year;
        this.values[n] = values[k] as number;
        this.flags[n] = flags[k] as number;
      } else {
        duplicateYears = skip(duplicateYears, year);
        const group = order.slice(i, j);
        const fin = group.filter((k) => finals[k]);
        const chosen = fin.length > 0 ? fin : group;
        const vals = chosen.map((k) => values[k] as number).sort(ascending);
        let sum = 0;
        for (const v of vals) sum += v / vals.length;
        let fl = 0;
        for (const k of chosen) fl |= flags[k] as number;
        this.years[n] = year;
        this.values[n] = sum;
        this.flags[n] = fl;
      }
      n++;
      i = j;
    }
    this.duplicateYears = duplicateYears ?? NONE;
    return n;
  }
}

function isFinal(fl: number): boolean {
  return (fl & PRELIMINARY) === 0;
}

function indexOf(_: unknown, i: number): number {
  return i;
}

function ascending(a: number, b: number): number {
  return a - b;
}
