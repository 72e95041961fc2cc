/**
 * The items of a reporting round: what the round reads of the indicators a part answers for (their
 * figures and commentary of the year), for the submission checks.
 */
import type { Executor } from './versioned.ts';

/** What the submission checks read of the indicators of a strategy for a fiscal year. */
export interface ItemFacts {
  indicators: { id: string; name: string; unit: string | null }[];
  /** The year's actual per indicator. */
  actuals: Map<
    string,
    { raw: string | null; state: string | null; value: number | null; date: string | null }
  >;
  /** Baseline and earlier actuals per indicator. */
  past: Map<string, { fiscalYear: number; value: number }[]>;
  /** Indicators with commentary text for the year. */
  commented: Set<string>;
}

/** Reads the figures and commentary of some indicators of a strategy for the checks. */
export async function itemFacts(
  db: Executor,
  strategyId: string,
  indicatorIds: readonly string[],
  fiscalYear: number,
): Promise<ItemFacts> {
  const ids = [...indicatorIds];
  const empty: ItemFacts = { indicators: [], actuals: new Map(), past: new Map(), commented: new Set() };
  if (!ids.length) return empty;
  const indicators = await db
    .selectFrom('indicators')
    .select(['id', 'name', 'unit'])
    .where('strategy_id', '=', strategyId)
    .where('id', 'in', ids)
    .orderBy('position')
    .execute();
  const obs = await db
    .selectFrom('observations')
    .select(['indicator_id', 'kind', 'fiscal_year', 'raw', 'state', 'value', 'date'])
    .where('indicator_id', 'in', ids)
    .where('kind', 'in', ['baseline', 'actual'])
    .where('fiscal_year', '<=', fiscalYear)
    .execute();
  const actuals: ItemFacts['actuals'] = new Map();
  const past: ItemFacts['past'] = new Map();
  for (const o of obs) {
    if (o.kind === 'actual' && o.fiscal_year === fiscalYear)
      actuals.set(o.indicator_id, { raw: o.raw, state: o.state, value: o.value, date: o.date });
    else if (o.fiscal_year != null && o.fiscal_year < fiscalYear && o.value != null)
      past.set(o.indicator_id, [
        ...(past.get(o.indicator_id) ?? []),
        { fiscalYear: o.fiscal_year, value: o.value },
      ]);
  }
  const comments = await db
    .selectFrom('commentary')
    .select(['target_id', 'progress', 'issues', 'next_steps', 'summary', 'text'])
    .where('strategy_id', '=', strategyId)
    .where('target_type', '=', 'indicator')
    .where('target_id', 'in', ids)
    .where('fiscal_year', '=', fiscalYear)
    .execute();
  const commented = new Set(
    comments
      .filter((c) => [c.progress, c.issues, c.next_steps, c.summary, c.text].some((t) => t?.trim()))
      .map((c) => c.target_id),
  );
  return { indicators, actuals, past, commented };
}
