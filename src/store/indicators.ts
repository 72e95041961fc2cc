import type { Indicator, Lineage, Provenance, ReportedStatus } from '../core/interchange.ts';
import { fromJson, toJson } from './json.ts';
import type { IndicatorTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** An indicator row without its figures (those are observations). */
export interface IndicatorRecord {
  id: string;
  strategyId: string;
  ref: string | null;
  owner: { type: 'goal' | 'measure' | 'project'; id: string } | null;
  name: string;
  unit: string | null;
  role: Indicator['role'] | null;
  direction: Indicator['direction'] | null;
  aggregation: Indicator['aggregation'] | null;
  tolerance: number | null;
  definition: string | null;
  notes: string[];
  lineage: Lineage | null;
  reportedStatus: ReportedStatus | null;
  reportedStatuses: ReportedStatus[];
  provenance: Provenance | null;
  position: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toIndicatorRecord(row: IndicatorTable): IndicatorRecord {
  return {
    id: row.id,
    strategyId: row.strategy_id,
    ref: row.ref,
    owner:
      row.owner_type && row.owner_id
        ? { type: row.owner_type as 'goal' | 'measure' | 'project', id: row.owner_id }
        : null,
    name: row.name,
    unit: row.unit,
    role: row.role as IndicatorRecord['role'],
    direction: row.direction as IndicatorRecord['direction'],
    aggregation: row.aggregation as IndicatorRecord['aggregation'],
    tolerance: row.tolerance,
    definition: row.definition,
    notes: fromJson<string[]>(row.notes_json) ?? [],
    lineage: fromJson<Lineage>(row.lineage_json),
    reportedStatus: fromJson<ReportedStatus>(row.reported_status_json),
    reportedStatuses: fromJson<ReportedStatus[]>(row.reported_statuses_json) ?? [],
    provenance: fromJson<Provenance>(row.provenance_json),
    position: row.position,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getIndicatorRow(db: Executor, id: string): Promise<IndicatorTable | null> {
  return (await db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** An indicator's row with its strategy's municipality, in one indexed join; null when it does not exist. */
export async function getIndicatorRowPlaced(
  db: Executor,
  id: string,
): Promise<{ row: IndicatorTable; municipalityId: string } | null> {
  const found = await db
    .selectFrom('indicators')
    .innerJoin('strategies', 'strategies.id', 'indicators.strategy_id')
    .selectAll('indicators')
    .select('strategies.municipality_id as placed_municipality_id')
    .where('indicators.id', '=', id)
    .executeTakeFirst();
  if (!found) return null;
  const { placed_municipality_id: municipalityId, ...row } = found;
  return { row, municipalityId };
}

/** How many indicators a strategy has (one indexed count: whether its documents are rendered in a worker). */
export async function countIndicators(db: Executor, strategyId: string): Promise<number> {
  const row = await db
    .selectFrom('indicators')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('strategy_id', '=', strategyId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listIndicatorRows(db: Executor, strategyId: string): Promise<IndicatorTable[]> {
  return db
    .selectFrom('indicators')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('position')
    .execute();
}

export async function listIndicatorsPage(
  db: Executor,
  q: { strategyId: string; offset: number; limit: number; q?: string | undefined },
): Promise<{ items: IndicatorRecord[]; total: number }> {
  let base = db.selectFrom('indicators').where('strategy_id', '=', q.strategyId);
  if (q.q) base = base.where('name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  const rows = await base.selectAll().orderBy('position').offset(q.offset).limit(q.limit).execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toIndicatorRecord), total: Number(count.n) };
}

/** Fields of an indicator that can be edited through the API. */
export interface IndicatorPatch {
  name?: string;
  unit?: string | null;
  direction?: Indicator['direction'] | null;
  aggregation?: Indicator['aggregation'] | null;
  tolerance?: number | null;
  definition?: string | null;
  notes?: string[];
}

/** Compare-and-set update of an indicator's editable fields. */
export async function updateIndicator(
  db: Executor,
  id: string,
  expectedVersion: number,
  patch: IndicatorPatch,
  now: string,
): Promise<VersionedUpdate<IndicatorTable>> {
  const set: Record<string, unknown> = { updated_at: now };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.unit !== undefined) set.unit = patch.unit;
  if (patch.direction !== undefined) set.direction = patch.direction;
  if (patch.aggregation !== undefined) set.aggregation = patch.aggregation;
  if (patch.tolerance !== undefined) set.tolerance = patch.tolerance;
  if (patch.definition !== undefined) set.definition = patch.definition;
  if (patch.notes !== undefined) set.notes_json = JSON.stringify(patch.notes);
  return updateVersioned(db, 'indicators', id, expectedVersion, set);
}

/** An interchange indicator as a new row: the inverse of `toIndicatorRecord` (version 1). */
export function newIndicatorRow(
  ind: Indicator,
  place: {
    id: string;
    strategyId: string;
    owner: { type: string; id: string } | null | undefined;
    position: number;
  },
  now: string,
): IndicatorTable {
  return {
    id: place.id,
    strategy_id: place.strategyId,
    ref: ind.id,
    owner_type: place.owner?.type ?? null,
    owner_id: place.owner?.id ?? null,
    name: ind.name,
    unit: ind.unit ?? null,
    role: ind.role ?? null,
    direction: ind.direction ?? null,
    aggregation: ind.aggregation ?? null,
    tolerance: ind.tolerance ?? null,
    definition: ind.definition ?? null,
    notes_json: toJson(ind.notes),
    lineage_json: toJson(ind.lineage),
    reported_status_json: toJson(ind.reportedStatus),
    reported_statuses_json: toJson(ind.reportedStatuses),
    provenance_json: toJson(ind.provenance),
    position: place.position,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

/** An indicator's strategy and owner (what its scope derives from); null when absent. */
export async function indicatorOwner(
  db: Executor,
  id: string,
): Promise<{ strategyId: string; ownerType: string | null; ownerId: string | null } | null> {
  const row = await db
    .selectFrom('indicators')
    .select(['strategy_id', 'owner_type', 'owner_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { strategyId: row.strategy_id, ownerType: row.owner_type, ownerId: row.owner_id } : null;
}
