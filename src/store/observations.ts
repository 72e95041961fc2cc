import type { FigureConfirmation } from '../core/entry-check.ts';
import type { Figure, Provenance } from '../core/interchange.ts';
import type { ParsedValue } from '../core/parsed-value.ts';
import { type FigureChange, insertFigureVersions } from './figure-versions.ts';
import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { ObservationTable } from './schema.ts';
import { type Executor, insertMany, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** Which figure of an indicator a row is. */
export type ObservationKind = 'baseline' | 'target' | 'milestone' | 'actual';

/** An observation (数値) as stored: a Figure plus its id, kind and version. */
export interface ObservationRecord extends Figure {
  id: string;
  indicatorId: string;
  kind: ObservationKind;
  version: number;
  updatedAt: string;
  /** Entry warnings confirmed when it was saved (absent when none). */
  confirmed?: FigureConfirmation;
}

/** Row → interchange Figure (keys absent when NULL, so that a round trip is exact). */
export function toFigure(row: ObservationTable): Figure {
  const f: Figure = { value: row.value, fiscalYear: row.fiscal_year };
  if (row.raw != null) f.raw = row.raw;
  if (row.unit != null) f.unit = row.unit;
  if (row.basis != null) f.basis = row.basis as Figure['basis'];
  if (row.from_year != null) f.fromYear = row.from_year;
  if (row.state != null) f.state = row.state as Figure['state'];
  if (row.date != null) f.date = row.date;
  if (row.note != null) f.note = row.note;
  const parsed = fromJson<ParsedValue>(row.parsed_json);
  if (parsed) f.parsed = parsed;
  const provenance = fromJson<Provenance>(row.provenance_json);
  if (provenance) f.provenance = provenance;
  return f;
}

export function toObservation(row: ObservationTable): ObservationRecord {
  const confirmed = fromJson<FigureConfirmation>(row.confirmed_json);
  return {
    ...toFigure(row),
    id: row.id,
    indicatorId: row.indicator_id,
    kind: row.kind as ObservationKind,
    version: row.version,
    updatedAt: row.updated_at,
    ...(confirmed ? { confirmed } : {}),
  };
}

/** Builds a row for a figure (the caller inserts it, alone or in a batch). */
export function observationRow(
  figure: Figure,
  at: { indicatorId: string; strategyId: string; kind: ObservationKind; position: number },
  now: string,
  confirmed: FigureConfirmation | null = null,
): ObservationTable {
  return {
    id: newId(),
    indicator_id: at.indicatorId,
    strategy_id: at.strategyId,
    kind: at.kind,
    fiscal_year: figure.fiscalYear ?? null,
    value: figure.value ?? null,
    raw: figure.raw ?? null,
    unit: figure.unit ?? null,
    basis: figure.basis ?? null,
    from_year: figure.fromYear ?? null,
    state: figure.state ?? null,
    date: figure.date ?? null,
    note: figure.note ?? null,
    parsed_json: toJson(figure.parsed),
    provenance_json: toJson(figure.provenance),
    confirmed_json: toJson(confirmed),
    position: at.position,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

export async function listObservationRows(
  db: Executor,
  where: { strategyId: string } | { indicatorId: string },
): Promise<ObservationTable[]> {
  let q = db.selectFrom('observations').selectAll();
  q =
    'strategyId' in where
      ? q.where('strategy_id', '=', where.strategyId)
      : q.where('indicator_id', '=', where.indicatorId);
  return q.orderBy('indicator_id').orderBy('position').orderBy('id').execute();
}

export async function getObservationRow(db: Executor, id: string): Promise<ObservationTable | null> {
  return (await db.selectFrom('observations').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** How many actual figures an indicator has (the position of the next one). */
export async function countActuals(db: Executor, indicatorId: string): Promise<number> {
  const r = await db
    .selectFrom('observations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('indicator_id', '=', indicatorId)
    .where('kind', '=', 'actual')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findActual(
  db: Executor,
  indicatorId: string,
  fiscalYear: number,
): Promise<ObservationTable | null> {
  return (
    (await db
      .selectFrom('observations')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .where('kind', '=', 'actual')
      .where('fiscal_year', '=', fiscalYear)
      .executeTakeFirst()) ?? null
  );
}

/** Inserts a figure and records it as its first version (who, when, why: `change`). */
export async function insertObservation(
  db: Executor,
  row: ObservationTable,
  change: FigureChange,
): Promise<void> {
  await db.insertInto('observations').values(row).execute();
  await insertFigureVersions(db, [row], change);
}

/** Inserts figures in chunks, each recorded as its first version. */
export async function insertObservations(
  db: Executor,
  rows: readonly ObservationTable[],
  change: FigureChange,
): Promise<void> {
  await insertMany(db, 'observations', rows, 300);
  await insertFigureVersions(db, rows, change);
}

/**
 * Compare-and-set update of one figure (value, raw text, state, ...); when it applies, the new
 * state is recorded as the figure's next version (who, when, why: `change`).
 */
export async function updateObservation(
  db: Executor,
  id: string,
  expectedVersion: number,
  figure: Figure,
  change: FigureChange,
  confirmed: FigureConfirmation | null = null,
): Promise<VersionedUpdate<ObservationTable>> {
  const now = change.at;
  const result = await updateVersioned(db, 'observations', id, expectedVersion, {
    // A revised target may name another year (R6 → R9); an actual keeps its year.
    ...(figure.fiscalYear !== undefined ? { fiscal_year: figure.fiscalYear } : {}),
    value: figure.value ?? null,
    raw: figure.raw ?? null,
    unit: figure.unit ?? null,
    basis: figure.basis ?? null,
    from_year: figure.fromYear ?? null,
    state: figure.state ?? null,
    date: figure.date ?? null,
    note: figure.note ?? null,
    parsed_json: toJson(figure.parsed),
    confirmed_json: toJson(confirmed),
    updated_at: now,
  });
  if (result.ok) await insertFigureVersions(db, [result.row], change);
  return result;
}

/** The baseline or target row of an indicator (one of each), or null. */
export async function findFigureOfKind(
  db: Executor,
  indicatorId: string,
  kind: 'baseline' | 'target',
): Promise<ObservationTable | null> {
  return (
    (await db
      .selectFrom('observations')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .where('kind', '=', kind)
      .orderBy('position')
      .executeTakeFirst()) ?? null
  );
}

/** An indicator's baseline and actual values of the years before `fiscalYear`. */
export async function figuresBefore(
  db: Executor,
  indicatorId: string,
  fiscalYear: number,
): Promise<{ fiscalYear: number; value: number }[]> {
  const rows = await db
    .selectFrom('observations')
    .select(['fiscal_year', 'value'])
    .where('indicator_id', '=', indicatorId)
    .where('kind', 'in', ['baseline', 'actual'])
    .where('fiscal_year', '<', fiscalYear)
    .execute();
  return rows.flatMap((r) =>
    r.fiscal_year != null && r.value != null ? [{ fiscalYear: r.fiscal_year, value: r.value }] : [],
  );
}

/** A strategy's observations by indicator, kind and position (the order the document lists them). */
export async function listStrategyObservationRows(
  db: Executor,
  strategyId: string,
): Promise<ObservationTable[]> {
  return db
    .selectFrom('observations')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .orderBy('indicator_id')
    .orderBy('kind')
    .orderBy('position')
    .execute();
}
