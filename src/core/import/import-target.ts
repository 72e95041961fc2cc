/**
 * Where an import goes (取込先): the municipality (an existing one or a new one) and, for each
 * strategy period the document holds, its name and period, whether it is created, updates an
 * existing strategy, or is left out. The schema is shared by the API and the wizard; the
 * proposals are computed from the document alone.
 */

import { z } from 'zod';
import type { StrategyDocument } from '../interchange.ts';
import { periodPredecessors } from '../period-chain.ts';

const fiscalYear = z.number().int().min(1900).max(2200);

/** The choices made before a commit. */
export const importTargetSchema = z.strictObject({
  municipality: z
    .union([
      z.strictObject({ id: z.string().min(1).max(100) }),
      z.strictObject({
        name: z.string().trim().min(1).max(200),
        code: z.string().trim().max(20).nullable().optional(),
      }),
    ])
    .optional(),
  strategies: z
    .array(
      z.strictObject({
        ref: z.string().max(200),
        name: z.string().trim().min(1).max(200).optional(),
        periodFrom: fiscalYear.nullable().optional(),
        periodTo: fiscalYear.nullable().optional(),
        /** An existing strategy this period updates; null: create a new one (no default update). */
        into: z.string().min(1).max(100).nullable().optional(),
        skip: z.boolean().optional(),
      }),
    )
    .max(20)
    .optional(),
  /** Indicators of the file that match none of an updated strategy's: added (default) or left out. */
  unmatched: z.enum(['add', 'skip']).optional(),
});
export type ImportTarget = z.infer<typeof importTargetSchema>;

/** A strategy period of the document, as proposed to the person importing. */
export interface ProposedStrategy {
  /** The strategy's id in the document ('' when the document names none). */
  ref: string;
  name: string;
  generation: number | null;
  periodFrom: number | null;
  periodTo: number | null;
  indicators: number;
  /** The period before it in the document (a period review: 第2期 before 第3期). */
  predecessorRef: string | null;
}

/**
 * A strategy's name: a bare period label read from a column header (「第2期」) names the
 * strategy (「第2期総合戦略」); any other name is kept.
 *
 * @example periodStrategyName('第２期') // '第２期総合戦略'
 */
export function periodStrategyName(name: string): string {
  const t = name.trim();
  return /^第\s*[0-9０-９一二三四五六七八九十]+\s*期$/u.test(t) ? `${t}総合戦略` : name;
}

function mostCommon(list: number[]): number | null {
  const n = new Map<number, number>();
  let best: number | null = null;
  for (const x of list) {
    n.set(x, (n.get(x) ?? 0) + 1);
    if (best == null || n.get(x)! > n.get(best)! || (n.get(x) === n.get(best) && x > best)) best = x;
  }
  return best;
}

/** Years of a strategy period (第1期 H27–R1, 第2期 R2–R6, 第3期 R7–R11). */
const PERIOD_YEARS = 5;

/**
 * The strategy periods of a document with proposed names and periods: the document's own period
 * when it states one, else from its figures (to: the most common target year; from: five years
 * before its end, or the year after the most common baseline year when that is later; a period
 * following another starts the year after it ends). A bare `第2期` becomes
 * `第2期総合戦略`. A period that follows another (core/period-chain.ts) names it as predecessor.
 *
 * @example proposeStrategies(doc) // [{ ref: 'strategy-2', name: '第2期総合戦略', periodFrom: 2020, periodTo: 2024, predecessorRef: null, … }, { ref: 'strategy-3', …, predecessorRef: 'strategy-2' }]
 */
export function proposeStrategies(doc: StrategyDocument): ProposedStrategy[] {
  const seen = new Set<string>();
  const list = [...(doc.strategy ? [doc.strategy] : []), ...(doc.strategies ?? [])].filter((s) => {
    if (seen.has(s.id)) return false;
    seen.add(s.id);
    return true;
  });
  const refs = list.length > 0 ? list : [{ id: '', name: '総合戦略', generation: null, period: null }];
  const main = refs[0]!.id;
  const known = new Set(refs.map((s) => s.id));
  const out: ProposedStrategy[] = refs.map((s) => {
    const own = doc.indicators.filter((i) => {
      const ref = i.strategyId != null && known.has(i.strategyId) ? i.strategyId : main;
      return ref === s.id;
    });
    const targets = own.map((i) => i.target?.fiscalYear).filter((y): y is number => y != null);
    const baselines = own.map((i) => i.baseline?.fiscalYear).filter((y): y is number => y != null);
    const actuals = own
      .flatMap((i) => i.actuals.map((a) => a.fiscalYear))
      .filter((y): y is number => y != null);
    let to = s.period?.to ?? mostCommon(targets);
    const base = mostCommon(baselines);
    // Without a stated period: the five years of a 地方版総合戦略 period ending with the target
    // year (baselines are often two years old when a period is drafted), unless the baseline is
    // later than that; without a target year, the year after the baseline.
    const span = to != null ? to - (PERIOD_YEARS - 1) : null;
    let from =
      s.period?.from ??
      (span != null
        ? base != null && base + 1 > span
          ? base + 1
          : span
        : base != null
          ? base + 1
          : actuals.length > 0
            ? Math.min(...actuals)
            : null);
    // A period starts no later than its first actual.
    if (!s.period && from != null && actuals.length > 0) from = Math.min(from, ...actuals);
    if (from != null && to != null && from > to) [from, to] = [to, from];
    const name = periodStrategyName(s.name);
    return {
      ref: s.id,
      name,
      generation: s.generation ?? null,
      periodFrom: from,
      periodTo: to,
      indicators: own.length,
      predecessorRef: null,
    };
  });
  const chain = periodPredecessors(refs);
  for (const next of out) {
    const pred = out.find((s) => s.ref === chain.get(next.ref));
    if (!pred) continue;
    next.predecessorRef = pred.ref;
    // A period that follows another starts the year after it ends (its baselines are the last
    // actuals of the period before, a year or two earlier).
    const stated = refs.find((s) => s.id === next.ref)?.period?.from != null;
    if (!stated && pred.periodTo != null && (next.periodTo == null || pred.periodTo < next.periodTo))
      next.periodFrom = pred.periodTo + 1;
  }
  return out;
}
