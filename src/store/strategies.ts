import type { Goal, Measure, Narrative, Project, Provenance } from '../core/interchange.ts';
import type { FigureYears } from '../core/strategy-timeline.ts';
import { fromJson } from './json.ts';
import type { GoalTable, MeasureTable, NarrativeTable, ProjectTable, StrategyTable } from './schema.ts';
import { type Executor, updateVersioned, type VersionedUpdate } from './versioned.ts';

/** 総合戦略 as stored: one strategy period of a municipality. */
export interface StrategyRecord {
  id: string;
  municipalityId: string;
  ref: string | null;
  name: string;
  generation: number | null;
  period: { from: number | null; to: number | null };
  predecessorId: string | null;
  statusSchemeId: string | null;
  /** 評価年度 set by a planner; null: derived (see core/strategy-timeline.ts). */
  asOf: number | null;
  revision: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toStrategy(row: StrategyTable): StrategyRecord {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    ref: row.ref,
    name: row.name,
    generation: row.generation,
    period: { from: row.period_from, to: row.period_to },
    predecessorId: row.predecessor_id,
    statusSchemeId: row.status_scheme_id,
    asOf: row.as_of ?? null,
    revision: row.revision,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getStrategy(db: Executor, id: string): Promise<StrategyRecord | null> {
  const row = await db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toStrategy(row) : null;
}

/** The strategy's revision and municipality (what a cached read checks first); null when absent. */
export async function getStrategyHead(
  db: Executor,
  id: string,
): Promise<{ revision: number; municipalityId: string } | null> {
  const row = await db
    .selectFrom('strategies')
    .select(['revision', 'municipality_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { revision: Number(row.revision), municipalityId: row.municipality_id } : null;
}

/** The strategy's revision: grows with every change inside it (cache key of the tree). */
export async function getStrategyRevision(db: Executor, id: string): Promise<number | null> {
  const row = await db.selectFrom('strategies').select('revision').where('id', '=', id).executeTakeFirst();
  return row ? Number(row.revision) : null;
}

export async function listStrategies(
  db: Executor,
  q: { municipalityId?: string | null; offset: number; limit: number },
): Promise<{ items: StrategyRecord[]; total: number }> {
  let base = db.selectFrom('strategies');
  if (q.municipalityId) base = base.where('municipality_id', '=', q.municipalityId);
  const rows = await base.selectAll().orderBy('id').offset(q.offset).limit(q.limit).execute();
  const count = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toStrategy), total: Number(count.n) };
}

/**
 * Marks a change inside a strategy: `revision = revision + 1` (in the caller's transaction), so
 * caches keyed by revision are never stale, whichever process wrote.
 */
export async function touchStrategy(db: Executor, id: string, now: string): Promise<void> {
  await db
    .updateTable('strategies')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

/**
 * Marks a change inside every strategy of a municipality (one update; see touchStrategy): what a
 * shared setting they all show changed, such as a tag set of the whole municipality.
 */
export async function touchStrategiesOf(db: Executor, municipalityId: string, now: string): Promise<void> {
  await db
    .updateTable('strategies')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
    .where('municipality_id', '=', municipalityId)
    .execute();
}

/** Chooses the active status scheme of a strategy (versioned). */
export async function setStrategyScheme(
  db: Executor,
  id: string,
  expectedVersion: number,
  schemeId: string | null,
  now: string,
): Promise<VersionedUpdate<StrategyTable>> {
  return updateVersioned(db, 'strategies', id, expectedVersion, {
    status_scheme_id: schemeId,
    updated_at: now,
  });
}

/**
 * Sets a strategy's name, period and as-of year (versioned; compare-and-set). The revision grows
 * too: the tree and evaluations read the period and the as-of year.
 */
export async function updateStrategyFields(
  db: Executor,
  id: string,
  expectedVersion: number,
  fields: { name: string; periodFrom: number | null; periodTo: number | null; asOf: number | null },
  now: string,
): Promise<VersionedUpdate<StrategyTable>> {
  const current = await db
    .selectFrom('strategies')
    .select('revision')
    .where('id', '=', id)
    .executeTakeFirst();
  return updateVersioned(db, 'strategies', id, expectedVersion, {
    name: fields.name,
    period_from: fields.periodFrom,
    period_to: fields.periodTo,
    as_of: fields.asOf,
    revision: Number(current?.revision ?? 0) + 1,
    updated_at: now,
  });
}

const prov = (json: string | null): { provenance?: Provenance } => {
  const p = fromJson<Provenance>(json);
  return p ? { provenance: p } : {};
};

export function toGoal(
  row: GoalTable,
  narratives: Narrative[] = [],
): Goal & { version: number; ref: string | null } {
  return {
    id: row.id,
    ref: row.ref,
    code: row.code,
    name: row.name,
    description: row.description,
    ...(narratives.length ? { narratives } : {}),
    ...prov(row.provenance_json),
    version: row.version,
  };
}

export function toMeasure(
  row: MeasureTable,
  narratives: Narrative[] = [],
): Measure & { version: number; ref: string | null } {
  return {
    id: row.id,
    ref: row.ref,
    goalId: row.goal_id,
    parentId: row.parent_id,
    code: row.code,
    name: row.name,
    summary: row.summary,
    ...(narratives.length ? { narratives } : {}),
    ...prov(row.provenance_json),
    version: row.version,
  };
}

export function toProject(
  row: ProjectTable,
  extra: { departments?: string[]; tags?: { set: string; tag: string }[]; narratives?: Narrative[] } = {},
): Project & { version: number; ref: string | null } {
  const bodies = fromJson<string[]>(row.bodies_json);
  const goalIds = fromJson<string[]>(row.goal_ids_json);
  const sdgs = fromJson<number[]>(row.sdgs_json);
  const years = fromJson<Project['years']>(row.years_json);
  return {
    id: row.id,
    ref: row.ref,
    code: row.code,
    name: row.name,
    summary: row.summary,
    measureId: row.measure_id,
    ...(goalIds ? { goalIds } : {}),
    ...(extra.departments?.length ? { departments: extra.departments } : {}),
    ...(bodies ? { bodies } : {}),
    period:
      row.period_from == null && row.period_to == null && row.period_raw == null
        ? null
        : { from: row.period_from, to: row.period_to, raw: row.period_raw },
    priority: row.priority === 1,
    ...(extra.tags?.length ? { tags: extra.tags } : {}),
    ...(sdgs ? { sdgs } : {}),
    ...(years ? { years } : {}),
    ...(extra.narratives?.length ? { narratives: extra.narratives } : {}),
    ...prov(row.provenance_json),
    version: row.version,
  };
}

export function toNarrative(row: NarrativeTable): Narrative {
  return {
    kind: row.kind,
    title: row.title,
    text: row.text,
    fiscalYear: row.fiscal_year,
    ...prov(row.provenance_json),
  };
}

/** Everything stored for one strategy, as rows (the tree, exports and evaluation read this). */
export interface StrategyRows {
  strategy: StrategyTable;
  goals: GoalTable[];
  measures: MeasureTable[];
  projects: ProjectTable[];
  narratives: NarrativeTable[];
}

export async function loadStrategyStructure(db: Executor, id: string): Promise<StrategyRows | null> {
  const strategy = await db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!strategy) return null;
  const [goals, measures, projects, narratives] = await Promise.all([
    db.selectFrom('goals').selectAll().where('strategy_id', '=', id).orderBy('position').execute(),
    db.selectFrom('measures').selectAll().where('strategy_id', '=', id).orderBy('position').execute(),
    db.selectFrom('projects').selectAll().where('strategy_id', '=', id).orderBy('position').execute(),
    db.selectFrom('narratives').selectAll().where('strategy_id', '=', id).orderBy('position').execute(),
  ]);
  return { strategy, goals, measures, projects, narratives };
}

/** FigureYears of each strategy given, in one grouped query (strategies without figures are absent). */
export async function figureYearsOf(db: Executor, strategyIds: string[]): Promise<Map<string, FigureYears>> {
  const out = new Map<string, FigureYears>();
  if (strategyIds.length === 0) return out;
  const rows = await db
    .selectFrom('observations')
    .select((eb) => [
      'strategy_id',
      'kind',
      eb.fn.min('fiscal_year').as('first'),
      eb.fn.max('fiscal_year').as('last'),
      eb.fn
        .max(
          eb
            .case()
            .when(
              eb.and([
                eb('value', 'is not', null),
                eb.or([
                  eb('state', 'is', null),
                  eb('state', 'not in', ['pending', 'missing', 'not_applicable']),
                ]),
              ]),
            )
            .then(eb.ref('fiscal_year'))
            .else(null)
            .end(),
        )
        .as('usable'),
    ])
    .where('strategy_id', 'in', strategyIds)
    .where('fiscal_year', 'is not', null)
    .groupBy(['strategy_id', 'kind'])
    .execute();
  const num = (v: unknown) => (v == null ? null : Number(v));
  for (const r of rows) {
    const y = out.get(r.strategy_id) ?? {
      firstBaseline: null,
      lastTarget: null,
      firstActual: null,
      lastUsableActual: null,
    };
    if (r.kind === 'baseline') y.firstBaseline = num(r.first);
    else if (r.kind === 'target' || r.kind === 'milestone')
      y.lastTarget = Math.max(
        y.lastTarget ?? Number.NEGATIVE_INFINITY,
        num(r.last) ?? Number.NEGATIVE_INFINITY,
      );
    else if (r.kind === 'actual') {
      y.firstActual = num(r.first);
      y.lastUsableActual = num(r.usable);
    }
    if (y.lastTarget === Number.NEGATIVE_INFINITY) y.lastTarget = null;
    out.set(r.strategy_id, y);
  }
  return out;
}

/** Strategies of one municipality (by id; the service orders them by their periods). */
export async function listStrategiesOf(db: Executor, municipalityId: string): Promise<StrategyRecord[]> {
  const rows = await db
    .selectFrom('strategies')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .orderBy('id')
    .execute();
  return rows.map(toStrategy);
}

/** Every name in a strategy (goals, measures, projects, indicators), distinct: what a search by reading needs. */
export async function namesInStrategy(db: Executor, strategyId: string): Promise<string[]> {
  const names = new Set<string>();
  for (const table of ['goals', 'measures', 'projects', 'indicators'] as const) {
    const rows = await db.selectFrom(table).select('name').where('strategy_id', '=', strategyId).execute();
    for (const r of rows) if (r.name) names.add(r.name);
  }
  return [...names];
}

/** The municipality a strategy belongs to (null when there is no such strategy). */
export async function strategyMunicipalityId(db: Executor, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('strategies')
    .select('municipality_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? row.municipality_id : null;
}

/** The strategies that use a status scheme. */
export async function strategyIdsUsingScheme(db: Executor, schemeId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('strategies')
    .select('id')
    .where('status_scheme_id', '=', schemeId)
    .execute();
  return rows.map((r) => r.id);
}

/** The strategies of several municipalities, by id. */
export async function listStrategiesIn(db: Executor, municipalityIds: string[]): Promise<StrategyRecord[]> {
  if (municipalityIds.length === 0) return [];
  const rows = await db
    .selectFrom('strategies')
    .selectAll()
    .where('municipality_id', 'in', municipalityIds)
    .orderBy('id')
    .execute();
  return rows.map(toStrategy);
}

/** Whether a measure is in the strategy. */
export async function measureInStrategy(
  db: Executor,
  measureId: string,
  strategyId: string,
): Promise<boolean> {
  const m = await db
    .selectFrom('measures')
    .select('id')
    .where('id', '=', measureId)
    .where('strategy_id', '=', strategyId)
    .executeTakeFirst();
  return !!m;
}

/** The projects under a measure. */
export async function projectIdsOfMeasure(db: Executor, measureId: string): Promise<string[]> {
  const rows = await db.selectFrom('projects').select('id').where('measure_id', '=', measureId).execute();
  return rows.map((p) => p.id);
}
