import { latestActualYear } from './evaluation/evaluate.ts';
import type { Indicator } from './interchange.ts';

/**
 * A strategy's place in time (計画期間 and 評価年度): its period, its as-of year and the years that
 * take figures. A strategy has a period always; a strategy with no figures yet is a normal state
 * whose as-of year is the year before its first (DESIGN §9). Pure: today's fiscal year, when it is
 * needed, is an argument.
 */

/** A strategy period (from–to fiscal year, both included). */
export interface FiscalPeriod {
  from: number;
  to: number;
}

/** How the period and the as-of year were reached, so that a screen can say so. */
export interface StrategyTimeline {
  period: FiscalPeriod;
  /** `stored`: set on the strategy; `derived`: read from its figures (a planner may correct it). */
  periodSource: 'stored' | 'derived';
  /** The year evaluated by default. */
  asOf: number;
  /** `stored`: set by a planner; `figures`: the latest year with an actual; `period`: none yet. */
  asOfSource: 'stored' | 'figures' | 'period';
  /** The latest fiscal year with a usable actual, or null: 実績なし. */
  latestActual: number | null;
  /** Every year that takes figures: the period, reaching back to the first actual and up to the last target. */
  years: number[];
}

/** The years a strategy's figures span, per kind: all its timeline is derived from. */
export interface FigureYears {
  firstBaseline: number | null;
  /** The latest year of a target or a milestone. */
  lastTarget: number | null;
  /** The first year of an actual of any state. */
  firstActual: number | null;
  /** The latest year of a usable actual (a value; not pending, missing or not applicable). */
  lastUsableActual: number | null;
}

type Timed = Partial<Pick<Indicator, 'baseline' | 'target' | 'milestones' | 'actuals'>>;

const min = (a: number | null, b: number | null | undefined) =>
  b == null ? a : a == null ? b : Math.min(a, b);
const max = (a: number | null, b: number | null | undefined) =>
  b == null ? a : a == null ? b : Math.max(a, b);

/**
 * The FigureYears of indicators (a stored strategy gets the same from one grouped query).
 *
 * @example figureYears([{ baseline: { value: 1, fiscalYear: 2018 }, target: { value: 2, fiscalYear: 2024 },
 *   actuals: [{ value: 1, fiscalYear: 2021 }] }])
 *   // { firstBaseline: 2018, lastTarget: 2024, firstActual: 2021, lastUsableActual: 2021 }
 */
export function figureYears(indicators: readonly Timed[]): FigureYears {
  const out: FigureYears = {
    firstBaseline: null,
    lastTarget: null,
    firstActual: null,
    lastUsableActual: null,
  };
  for (const ind of indicators) {
    out.firstBaseline = min(out.firstBaseline, ind.baseline?.fiscalYear);
    for (const f of [ind.target, ...(ind.milestones ?? [])])
      out.lastTarget = max(out.lastTarget, f?.fiscalYear);
    for (const f of ind.actuals ?? []) out.firstActual = min(out.firstActual, f.fiscalYear);
  }
  out.lastUsableActual = latestActualYear({ indicators: indicators as Indicator[] });
  return out;
}

/**
 * A period read from the figures when none is stored (old imports): from the year after the
 * earliest baseline (or the first actual, when earlier) to the latest target year (or the latest
 * actual, when later). Null when no figure carries a year.
 *
 * @example derivePeriod({ firstBaseline: 2018, lastTarget: 2024, firstActual: 2019, lastUsableActual: 2021 })
 *   // { from: 2019, to: 2024 }
 */
export function derivePeriod(years: FigureYears): FiscalPeriod | null {
  const from = min(years.firstBaseline == null ? null : years.firstBaseline + 1, years.firstActual);
  const to = max(max(years.lastTarget, years.lastUsableActual), years.firstActual);
  if (from === null && to === null) return null;
  const a = from ?? (to as number);
  const b = to ?? a;
  return { from: Math.min(a, b), to: Math.max(a, b) };
}

/**
 * The timeline of a strategy: the stored period when it has both ends, else one derived from the
 * figures (a stored end is kept), else the single year `fallbackYear` (today's fiscal year, given
 * by the caller); the as-of year stored by a planner, else the latest actual, else the year before
 * the period's first; the years that take figures, from the period's first (or an earlier actual)
 * to its last (or a later target).
 *
 * @example strategyTimeline({ period: { from: 2025, to: 2029 }, asOf: null }, figureYears(withoutActuals), 2025)
 *   // { period: { from: 2025, to: 2029 }, asOf: 2024, asOfSource: 'period', latestActual: null, years: [2025, …, 2029] }
 * @example strategyTimeline({ period: null, asOf: null }, figureYears(kpisTo2021WithTargets2024), 2026)
 *   // { period: { from: 2019, to: 2024 }, periodSource: 'derived', asOf: 2021, years: [2019, …, 2024] }
 */
export function strategyTimeline(
  stored: { period: { from: number | null; to: number | null } | null; asOf: number | null },
  years: FigureYears,
  fallbackYear: number,
): StrategyTimeline {
  const p = stored.period;
  const storedPeriod = p?.from != null && p.to != null ? { from: p.from, to: p.to } : null;
  const derived = storedPeriod ? null : derivePeriod(years);
  // One stored end is kept; the other comes from the figures (or is the same year).
  const from = p?.from ?? derived?.from ?? p?.to ?? fallbackYear;
  const to = p?.to ?? derived?.to ?? from;
  const period: FiscalPeriod = storedPeriod ?? { from: Math.min(from, to), to: Math.max(from, to) };
  const latestActual = years.lastUsableActual;
  const asOf = stored.asOf ?? latestActual ?? period.from - 1;
  const asOfSource = stored.asOf != null ? 'stored' : latestActual != null ? 'figures' : 'period';
  const first = min(period.from, years.firstActual) as number;
  const last = max(max(period.to, years.lastTarget), latestActual) as number;
  const list: number[] = [];
  for (let y = first; y <= last; y++) list.push(y);
  return {
    period,
    periodSource: storedPeriod ? 'stored' : 'derived',
    asOf,
    asOfSource,
    latestActual,
    years: list,
  };
}
