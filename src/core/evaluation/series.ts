import type { Aggregation, Figure } from '../interchange.ts';

/**
 * One point of the compared series: a fiscal year and the value compared with the target.
 * `preliminary` marks a 速報値 (it counts, but is flagged); `calendar` marks a figure given for a
 * calendar year (年) and mapped to a fiscal year (see {@link fiscalYearOf}).
 */
export interface SeriesPoint {
  year: number;
  value: number;
  preliminary: boolean;
  calendar: boolean;
}

/** A figure that was not used, and why (pending, missing, not applicable, no value, after asOf). */
export interface SkippedFigure {
  year: number | null;
  reason:
    | 'pending'
    | 'missing'
    | 'not_applicable'
    | 'no_value'
    | 'no_year'
    | 'after_as_of'
    | 'before_sum_start';
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

/** The compared series of one indicator at an as-of fiscal year. */
export interface Series {
  mode: SeriesMode;
  /** Points sorted by year, one per year, all with year ≤ asOf (running totals in `sum-of-flows`). */
  points: SeriesPoint[];
  /** The compared point: the latest one, or null when no usable actual exists (評価不能). */
  current: SeriesPoint | null;
  /** First year summed in `sum-of-flows` mode, else null. */
  sumFrom: number | null;
  skipped: SkippedFigure[];
  /** Years given more than once; the final figure wins over a preliminary one, equal states are averaged. */
  duplicateYears: number[];
}

/**
 * The fiscal year a figure counts for. Fiscal-year figures keep their year. A calendar-year
 * figure (`basis: 'calendar'`, 年) for year Y is mapped to fiscal year Y: nine of its twelve
 * months (April–December) and its closing date (31 December) fall in fiscal year Y
 * (FY Y = 1 April Y – 31 March Y+1).
 *
 * @example fiscalYearOf({ value: 11789, fiscalYear: 2019, basis: 'calendar' }) // 2019
 */
export function fiscalYearOf(figure: Pick<Figure, 'fiscalYear' | 'basis'>): number | null {
  return figure.fiscalYear ?? null;
}

function skipReason(f: Figure): SkippedFigure['reason'] | null {
  const state = f.state;
  if (state === 'pending' || state === 'missing' || state === 'not_applicable') return state;
  if (f.value == null || !Number.isFinite(f.value)) return 'no_value';
  if (f.fiscalYear == null) return 'no_year';
  return null;
}

const byYear = (a: SeriesPoint, b: SeriesPoint) => a.year - b.year;

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
  const skipped: SkippedFigure[] = [];
  const raw: { point: SeriesPoint; final: boolean }[] = [];
  let anyFromYear = false;
  for (const f of actuals) {
    const reason = skipReason(f);
    if (reason) {
      skipped.push({ year: f.fiscalYear ?? null, reason });
      continue;
    }
    const year = fiscalYearOf(f) as number;
    if (asOf != null && year > asOf) {
      skipped.push({ year, reason: 'after_as_of' });
      continue;
    }
    if (f.fromYear != null) anyFromYear = true;
    raw.push({
      point: {
        year,
        value: f.value as number,
        preliminary: f.state === 'preliminary',
        calendar: f.basis === 'calendar',
      },
      final: f.state !== 'preliminary',
    });
  }
  const { points, duplicateYears } = onePerYear(raw);
  let mode: SeriesMode = 'latest';
  let sumFrom: number | null = null;
  let series = points;
  if (aggregation === 'cumulative') {
    if (target?.fromYear != null && !anyFromYear) {
      mode = 'sum-of-flows';
      sumFrom = target.fromYear;
      series = runningTotals(points, sumFrom, skipped);
    } else {
      mode = 'running-total';
    }
  }
  skipped.sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || (a.reason < b.reason ? -1 : 1));
  return {
    mode,
    points: series,
    current: series.length > 0 ? (series[series.length - 1] as SeriesPoint) : null,
    sumFrom,
    skipped,
    duplicateYears,
  };
}

function onePerYear(raw: { point: SeriesPoint; final: boolean }[]): {
  points: SeriesPoint[];
  duplicateYears: number[];
} {
  if (raw.length < 2) return { points: raw.map((r) => r.point), duplicateYears: [] };
  raw.sort((a, b) => a.point.year - b.point.year);
  const points: SeriesPoint[] = [];
  const duplicateYears: number[] = [];
  let i = 0;
  while (i < raw.length) {
    let j = i + 1;
    const year = (raw[i] as { point: SeriesPoint }).point.year;
    while (j < raw.length && (raw[j] as { point: SeriesPoint }).point.year === year) j++;
    if (j - i === 1) points.push((raw[i] as { point: SeriesPoint }).point);
    else {
      duplicateYears.push(year);
      const group = raw.slice(i, j);
      const finals = group.filter((g) => g.final);
      const chosen = finals.length > 0 ? finals : group;
      // Averaged in sorted order so the result does not depend on the input order.
      const values = chosen.map((g) => g.point.value).sort((a, b) => a - b);
      let sum = 0;
      for (const v of values) sum += v / values.length;
      points.push({
        year,
        value: sum,
        preliminary: chosen.some((g) => g.point.preliminary),
        calendar: chosen.some((g) => g.point.calendar),
      });
    }
    i = j;
  }
  points.sort(byYear);
  return { points, duplicateYears };
}

function runningTotals(points: SeriesPoint[], from: number, skipped: SkippedFigure[]): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let total = 0;
  let preliminary = false;
  let calendar = false;
  for (const p of points) {
    if (p.year < from) {
      skipped.push({ year: p.year, reason: 'before_sum_start' });
      continue;
    }
    total += p.value;
    preliminary ||= p.preliminary;
    calendar ||= p.calendar;
    out.push({ year: p.year, value: total, preliminary, calendar });
  }
  return out;
}
