import type { Commentary, Figure, Indicator, StrategyDocument } from '../../core/interchange.ts';
import { FORMAT_NAME, FORMAT_VERSION } from '../../core/interchange.ts';
import { listCommentary } from '../../store/commentary.ts';
import { departmentNamesOfStrategy } from '../../store/departments.ts';
import { listIndicatorRows, toIndicatorRecord } from '../../store/indicators.ts';
import { getMunicipality } from '../../store/municipalities.ts';
import { listStrategyObservationRows, toFigure } from '../../store/observations.ts';
import type { ObservationTable } from '../../store/schema.ts';
import {
  loadStrategyStructure,
  type StrategyRecord,
  toGoal,
  toMeasure,
  toNarrative,
  toProject,
  toStrategy,
} from '../../store/strategies.ts';
import { listTagSets, loadTaggings } from '../../store/tags.ts';
import type { Executor } from '../../store/versioned.ts';

/** A stored strategy as an interchange document (ids are the database ids), plus what it came from. */
export interface LoadedStrategy {
  strategy: StrategyRecord;
  doc: StrategyDocument;
  /** Indicator id → version and `ref` (the id in the imported document). */
  indicatorMeta: Map<string, { version: number; ref: string | null; position: number }>;
  /** Indicator id → its actual observations (with ids and versions). */
  actualRows: Map<string, ObservationTable[]>;
}

/**
 * Reads a whole strategy back as an interchange document: what evaluation (core) reads and what
 * the tree and exports show. Returns null when the strategy does not exist.
 */
export async function loadStrategy(db: Executor, strategyId: string): Promise<LoadedStrategy | null> {
  const rows = await readStrategyRows(db, strategyId);
  return rows ? assembleStrategy(strategyId, rows) : null;
}

/** Everything stored of one strategy, as read (the reads of loadStrategy). */
type StrategyRows = NonNullable<Awaited<ReturnType<typeof readStrategyRows>>>;

/** The reads: the strategy's structure, then its indicators, figures, commentary, departments and tags. */
async function readStrategyRows(db: Executor, strategyId: string) {
  const structure = await loadStrategyStructure(db, strategyId);
  if (!structure) return null;
  const [
    indicatorRows,
    observationRows,
    commentary,
    departments,
    indicatorTags,
    projectTags,
    tagSets,
    municipality,
  ] = await Promise.all([
    listIndicatorRows(db, strategyId),
    listStrategyObservationRows(db, strategyId),
    listCommentary(db, { strategyId }),
    departmentNamesOfStrategy(db, strategyId),
    loadTaggings(db, 'indicator', strategyId),
    loadTaggings(db, 'project', strategyId),
    // The strategy's own sets and its municipality's shared ones (not another municipality's).
    listTagSets(db, { municipalityId: structure.strategy.municipality_id, strategyId }),
    getMunicipality(db, structure.strategy.municipality_id),
  ]);
  return {
    structure,
    indicatorRows,
    observationRows,
    commentary,
    departments,
    indicatorTags,
    projectTags,
    tagSets,
    municipality,
  };
}

type Narrative = ReturnType<typeof toNarrative>;

/** The assembly of the document from the rows read. */
function assembleStrategy(strategyId: string, rows: StrategyRows): LoadedStrategy {
  const { structure, departments, projectTags, tagSets, municipality } = rows;
  const strategy = toStrategy(structure.strategy);
  const { narrativesOf, topNarratives } = narrativesByOwner(structure.narratives);
  const { figures, actualRows } = figuresByIndicator(rows.observationRows);
  const commentaryOf = commentaryByIndicator(rows.commentary);
  const indicatorMeta = new Map<string, { version: number; ref: string | null; position: number }>();
  const indicators: Indicator[] = rows.indicatorRows.map((row) => {
    const r = toIndicatorRecord(row);
    indicatorMeta.set(r.id, { version: r.version, ref: r.ref, position: r.position });
    return toIndicator(r, strategyId, figures.get(r.id), {
      departments: departments.get(r.id),
      commentary: commentaryOf.get(r.id),
      tags: rows.indicatorTags.get(r.id),
    });
  });
  const doc: StrategyDocument = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    municipality: municipality ? { name: municipality.name, code: municipality.code } : null,
    strategy: {
      id: strategy.id,
      name: strategy.name,
      generation: strategy.generation,
      period: strategy.period,
    },
    goals: structure.goals.map((g) => {
      const { version: _v, ref: _r, ...goal } = toGoal(g, narrativesOf.get(g.id));
      return goal;
    }),
    measures: structure.measures.map((m) => {
      const { version: _v, ref: _r, ...measure } = toMeasure(m, narrativesOf.get(m.id));
      return measure;
    }),
    projects: structure.projects.map((p) => {
      const {
        version: _v,
        ref: _r,
        ...project
      } = toProject(p, {
        departments: departments.get(p.id),
        tags: projectTags.get(p.id),
        narratives: narrativesOf.get(p.id),
      });
      return project;
    }),
    tagSets: tagSets.map((t) => ({ id: t.id, name: t.name, tags: t.tags })),
    indicators,
    unmapped: [],
    ...(topNarratives.length ? { narratives: topNarratives } : {}),
  };
  return { strategy, doc, indicatorMeta, actualRows };
}

/** The narratives of the strategy itself, and those of each goal, measure or project by its id. */
function narrativesByOwner(rows: StrategyRows['structure']['narratives']) {
  const narrativesOf = new Map<string, Narrative[]>();
  const topNarratives: Narrative[] = [];
  for (const n of rows) {
    if (n.owner_type === 'strategy') topNarratives.push(toNarrative(n));
    else {
      const list = narrativesOf.get(n.owner_id) ?? [];
      list.push(toNarrative(n));
      narrativesOf.set(n.owner_id, list);
    }
  }
  return { narrativesOf, topNarratives };
}

/** The figures of one indicator by kind. */
interface IndicatorFigures {
  baseline?: Figure;
  target?: Figure;
  milestones: Figure[];
  actuals: Figure[];
}

/** The figures of each indicator, and its actual rows (with ids and versions). */
function figuresByIndicator(observationRows: ObservationTable[]) {
  const figures = new Map<string, IndicatorFigures>();
  const actualRows = new Map<string, ObservationTable[]>();
  for (const o of observationRows) {
    let f = figures.get(o.indicator_id);
    if (!f) {
      f = { milestones: [], actuals: [] };
      figures.set(o.indicator_id, f);
    }
    const fig = toFigure(o);
    if (o.kind === 'baseline') f.baseline = fig;
    else if (o.kind === 'target') f.target = fig;
    else if (o.kind === 'milestone') f.milestones.push(fig);
    else {
      f.actuals.push(fig);
      const list = actualRows.get(o.indicator_id) ?? [];
      list.push(o);
      actualRows.set(o.indicator_id, list);
    }
  }
  return { figures, actualRows };
}

/** The commentary of each indicator, as the document holds it (without its stored keys). */
function commentaryByIndicator(commentary: StrategyRows['commentary']): Map<string, Commentary[]> {
  const commentaryOf = new Map<string, Commentary[]>();
  for (const c of commentary) {
    if (c.targetType !== 'indicator') continue;
    const list = commentaryOf.get(c.targetId) ?? [];
    const { id: _i, strategyId: _s, targetType: _t, targetId: _g, version: _v, ...plain } = c;
    list.push(plain);
    commentaryOf.set(c.targetId, list);
  }
  return commentaryOf;
}

/** One stored indicator as the document holds it (optional parts only when present). */
function toIndicator(
  r: ReturnType<typeof toIndicatorRecord>,
  strategyId: string,
  f: IndicatorFigures | undefined,
  more: {
    departments: string[] | undefined;
    commentary: Commentary[] | undefined;
    tags: Indicator['tags'];
  },
): Indicator {
  return {
    id: r.id,
    name: r.name,
    unit: r.unit,
    ...(r.role ? { role: r.role } : {}),
    owner: r.owner,
    strategyId,
    direction: r.direction,
    aggregation: r.aggregation,
    tolerance: r.tolerance,
    baseline: f?.baseline ?? null,
    target: f?.target ?? null,
    ...(f?.milestones.length ? { milestones: f.milestones } : {}),
    actuals: f?.actuals ?? [],
    ...(more.departments ? { departments: more.departments } : {}),
    definition: r.definition,
    ...(r.notes.length ? { notes: r.notes } : {}),
    reportedStatus: r.reportedStatus,
    ...(r.reportedStatuses.length ? { reportedStatuses: r.reportedStatuses } : {}),
    ...(more.commentary ? { commentary: more.commentary } : {}),
    lineage: r.lineage,
    ...(more.tags ? { tags: more.tags } : {}),
    ...(r.provenance ? { provenance: r.provenance } : {}),
  };
}
