import { newId } from './ids.ts';
import type { PublishedYearTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** How a year came to be published: a planner's action or a reporting round reaching 公表. */
export type PublicationSource = 'manual' | 'round';

/** The publication (公表) of one fiscal year of a strategy. */
export interface PublishedYear {
  id: string;
  strategyId: string;
  fiscalYear: number;
  state: 'published' | 'withdrawn';
  source: PublicationSource;
  publishedAt: string;
  /** User id of who published it (names stay in the audit log). */
  publishedBy: string | null;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  /** Why it was withdrawn, or the note given when publishing. */
  reason: string | null;
  version: number;
}

/** Row → domain. */
export function toPublishedYear(row: PublishedYearTable): PublishedYear {
  return {
    id: row.id,
    strategyId: row.strategy_id,
    fiscalYear: row.fiscal_year,
    state: row.state === 'withdrawn' ? 'withdrawn' : 'published',
    source: row.source === 'round' ? 'round' : 'manual',
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    withdrawnAt: row.withdrawn_at,
    withdrawnBy: row.withdrawn_by,
    reason: row.reason,
    version: row.version,
  };
}

/** The publication row of one year of a strategy, or undefined. */
export async function getPublishedYearRow(
  db: Executor,
  strategyId: string,
  fiscalYear: number,
): Promise<PublishedYearTable | undefined> {
  return db
    .selectFrom('published_years')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .where('fiscal_year', '=', fiscalYear)
    .executeTakeFirst();
}

/** Every publication row of a strategy (published and withdrawn), by fiscal year. */
export async function listPublishedYears(db: Executor, strategyId: string): Promise<PublishedYear[]> {
  const rows = await db
    .selectFrom('published_years')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('fiscal_year')
    .execute();
  return rows.map(toPublishedYear);
}

/**
 * The published fiscal years of several strategies at once: strategy id → years, ascending.
 * Strategies without a published year are absent.
 */
export async function publishedYearsOf(
  db: Executor,
  strategyIds: readonly string[],
): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  if (strategyIds.length === 0) return out;
  const rows = await db
    .selectFrom('published_years')
    .select(['strategy_id', 'fiscal_year'])
    .where('strategy_id', 'in', [...strategyIds])
    .where('state', '=', 'published')
    .orderBy('strategy_id')
    .orderBy('fiscal_year')
    .execute();
  for (const r of rows) {
    const list = out.get(r.strategy_id) ?? [];
    list.push(r.fiscal_year);
    out.set(r.strategy_id, list);
  }
  return out;
}

/** The first publication of a year (insert). */
export async function insertPublishedYear(
  db: Executor,
  input: {
    strategyId: string;
    fiscalYear: number;
    source: PublicationSource;
    by: string | null;
    note: string | null;
  },
  now: string,
): Promise<PublishedYearTable> {
  const row: PublishedYearTable = {
    id: newId(Date.parse(now) || Date.now()),
    strategy_id: input.strategyId,
    fiscal_year: input.fiscalYear,
    state: 'published',
    source: input.source,
    published_at: now,
    published_by: input.by,
    withdrawn_at: null,
    withdrawn_by: null,
    reason: input.note,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('published_years').values(row).execute();
  return row;
}

/** Publishes again or withdraws (compare-and-set on the version). */
export async function updatePublishedYear(
  db: Executor,
  id: string,
  expectedVersion: number,
  patch: Partial<
    Pick<
      PublishedYearTable,
      'state' | 'source' | 'published_at' | 'published_by' | 'withdrawn_at' | 'withdrawn_by' | 'reason'
    >
  >,
  now: string,
): Promise<VersionedUpdate<PublishedYearTable>> {
  return updateVersioned(db, 'published_years', id, expectedVersion, { ...patch, updated_at: now });
}

/** A strategy with at least one published fiscal year, as the public index lists it. */
export interface PublishedStrategyRow {
  strategyId: string;
  name: string;
  periodFrom: number | null;
  periodTo: number | null;
  municipalityId: string;
  municipalityName: string;
  municipalityCode: string | null;
  years: { fiscalYear: number; publishedAt: string }[];
}

/**
 * Every strategy with a published fiscal year (optionally one strategy), with its municipality
 * and its published years, ordered by municipality and strategy.
 */
export async function listPublishedStrategies(
  db: Executor,
  strategyId?: string,
): Promise<PublishedStrategyRow[]> {
  let q = db
    .selectFrom('published_years')
    .innerJoin('strategies', 'strategies.id', 'published_years.strategy_id')
    .innerJoin('municipalities', 'municipalities.id', 'strategies.municipality_id')
    .select([
      'strategies.id as strategy_id',
      'strategies.name as name',
      'strategies.period_from as period_from',
      'strategies.period_to as period_to',
      'municipalities.id as municipality_id',
      'municipalities.name as municipality_name',
      'municipalities.code as municipality_code',
      'published_years.fiscal_year as fiscal_year',
      'published_years.published_at as published_at',
    ])
    .where('published_years.state', '=', 'published');
  if (strategyId) q = q.where('published_years.strategy_id', '=', strategyId);
  const rows = await q
    .orderBy('municipalities.id')
    .orderBy('strategies.id')
    .orderBy('published_years.fiscal_year')
    .execute();
  const out: PublishedStrategyRow[] = [];
  for (const r of rows) {
    let s = out.at(-1);
    if (s?.strategyId !== r.strategy_id) {
      s = {
        strategyId: r.strategy_id,
        name: r.name,
        periodFrom: r.period_from,
        periodTo: r.period_to,
        municipalityId: r.municipality_id,
        municipalityName: r.municipality_name,
        municipalityCode: r.municipality_code,
        years: [],
      };
      out.push(s);
    }
    s.years.push({ fiscalYear: r.fiscal_year, publishedAt: r.published_at });
  }
  return out;
}

/**
 * What the public pages of a strategy depend on, as one text: the strategy's revision and last
 * change (figures, structure, publication), its municipality, its status scheme and its
 * opinions. Cheap (index reads); a change of any of them changes the stamp.
 */
export async function publicStamp(db: Executor, strategyId: string): Promise<string | null> {
  const s = await db
    .selectFrom('strategies')
    .innerJoin('municipalities', 'municipalities.id', 'strategies.municipality_id')
    .select([
      'strategies.revision as revision',
      'strategies.updated_at as updated_at',
      'strategies.status_scheme_id as scheme_id',
      'municipalities.updated_at as municipality_at',
    ])
    .where('strategies.id', '=', strategyId)
    .executeTakeFirst();
  if (!s) return null;
  const o = await db
    .selectFrom('opinions')
    .select((eb) => [eb.fn.max('updated_at').as('at'), eb.fn.countAll().as('n')])
    .where('strategy_id', '=', strategyId)
    .executeTakeFirstOrThrow();
  const scheme = s.scheme_id
    ? await db
        .selectFrom('status_schemes')
        .select('updated_at')
        .where('id', '=', s.scheme_id)
        .executeTakeFirst()
    : undefined;
  return [
    s.revision,
    s.updated_at,
    s.municipality_at,
    s.scheme_id ?? '',
    scheme?.updated_at ?? '',
    o.at ?? '',
    o.n,
  ].join('|');
}
