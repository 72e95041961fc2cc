import type { Figure } from '../core/interchange.ts';
import type { Actor } from './audit.ts';
import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import type { FigureVersionTable, ObservationTable } from './schema.ts';
import { type Executor, insertMany } from './versioned.ts';

/** How a figure's change came (the path that wrote it). */
export type FigureSource =
  | 'entry'
  | 'workbook'
  | 'import'
  | 'revision'
  | 'late-entry'
  | 'correction'
  | 'transition'
  | 'backfill';

/**
 * Who changed a figure, when, why and through which path: every write of a figure carries one, and
 * the store records the figure's new version with it (a figure cannot change without a version).
 */
export interface FigureChange {
  at: string;
  actor: Actor;
  source: FigureSource;
  reason?: string | null;
  /** For a revised target or baseline: the first fiscal year the new value applies to. */
  effectiveYear?: number | null;
}

/** One version of a figure (数値の版) as the API shows it. */
export interface FigureVersion {
  id: string;
  observationId: string;
  indicatorId: string;
  kind: string;
  fiscalYear: number | null;
  version: number;
  value: number | null;
  raw: string | null;
  unit: string | null;
  state: string | null;
  note: string | null;
  figure: Figure | null;
  effectiveYear: number | null;
  source: FigureSource;
  reason: string | null;
  actor: Actor;
  at: string;
}

/** The version row of an observation row as it is now (after an insert or an update). */
export function figureVersionRow(row: ObservationTable, change: FigureChange): FigureVersionTable {
  const figure: Figure = { value: row.value, fiscalYear: row.fiscal_year };
  if (row.raw != null) figure.raw = row.raw;
  if (row.unit != null) figure.unit = row.unit;
  if (row.basis != null) figure.basis = row.basis as Figure['basis'];
  if (row.from_year != null) figure.fromYear = row.from_year;
  if (row.state != null) figure.state = row.state as Figure['state'];
  if (row.date != null) figure.date = row.date;
  if (row.note != null) figure.note = row.note;
  const parsed = fromJson<Figure['parsed']>(row.parsed_json);
  if (parsed) figure.parsed = parsed;
  return {
    id: newId(),
    observation_id: row.id,
    indicator_id: row.indicator_id,
    strategy_id: row.strategy_id,
    kind: row.kind,
    fiscal_year: row.fiscal_year,
    version: row.version,
    value: row.value,
    raw: row.raw,
    unit: row.unit,
    state: row.state,
    note: row.note,
    figure_json: toJson(figure),
    effective_year: change.effectiveYear ?? null,
    source: change.source,
    reason: change.reason ?? null,
    actor_id: change.actor.id,
    actor_name: change.actor.name,
    at: change.at,
  };
}

export function toFigureVersion(row: FigureVersionTable): FigureVersion {
  return {
    id: row.id,
    observationId: row.observation_id,
    indicatorId: row.indicator_id,
    kind: row.kind,
    fiscalYear: row.fiscal_year,
    version: row.version,
    value: row.value,
    raw: row.raw,
    unit: row.unit,
    state: row.state,
    note: row.note,
    figure: fromJson<Figure>(row.figure_json) ?? null,
    effectiveYear: row.effective_year,
    source: row.source as FigureSource,
    reason: row.reason,
    actor: { id: row.actor_id, name: row.actor_name ?? '' },
    at: row.at,
  };
}

/** Records the current state of figures as their new versions (append-only). */
export async function insertFigureVersions(
  db: Executor,
  rows: readonly ObservationTable[],
  change: FigureChange,
): Promise<void> {
  await insertMany(
    db,
    'figure_versions',
    rows.map((r) => figureVersionRow(r, change)),
    200,
  );
}

/**
 * Versions of the figures of one indicator (or a whole strategy), oldest first within each figure:
 * ordered by kind, fiscal year, figure and version.
 */
export async function listFigureVersionRows(
  db: Executor,
  where: { indicatorId: string } | { strategyId: string } | { observationId: string },
): Promise<FigureVersionTable[]> {
  let q = db.selectFrom('figure_versions').selectAll();
  if ('indicatorId' in where) q = q.where('indicator_id', '=', where.indicatorId);
  else if ('strategyId' in where) q = q.where('strategy_id', '=', where.strategyId);
  else q = q.where('observation_id', '=', where.observationId);
  return q
    .orderBy('indicator_id')
    .orderBy('kind')
    .orderBy('fiscal_year')
    .orderBy('observation_id')
    .orderBy('version')
    .orderBy('at')
    .execute();
}

/**
 * Versions of the targets and baselines of a strategy's indicators that were ever revised with an
 * effective year (中間見直し), oldest first per figure: what the evaluation needs to judge each year
 * against the target in force. Indicators never revised are left out.
 */
export async function listRevisedFigureVersionRows(
  db: Executor,
  strategyId: string,
): Promise<FigureVersionTable[]> {
  const revised = db
    .selectFrom('figure_versions')
    .select('indicator_id')
    .where('strategy_id', '=', strategyId)
    .where('effective_year', 'is not', null);
  return db
    .selectFrom('figure_versions')
    .selectAll()
    .where('strategy_id', '=', strategyId)
    .where('kind', 'in', ['target', 'baseline'])
    .where('indicator_id', 'in', revised)
    .orderBy('indicator_id')
    .orderBy('kind')
    .orderBy('version')
    .orderBy('at')
    .execute();
}
