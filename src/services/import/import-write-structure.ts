import type {
  Goal,
  Indicator,
  Measure,
  Narrative,
  Project,
  StrategyDocument,
} from '../../core/interchange.ts';
import { newId } from '../../store/ids.ts';
import { toJson } from '../../store/json.ts';
import type { GoalTable, MeasureTable, ProjectTable } from '../../store/schema.ts';
import { insertMany } from '../../store/versioned.ts';

import type { DocumentWrite, Linker, Narratives, Tagger, Warn, WrittenStrategies } from './import-writers.ts';

/** Structure references (goals, measures, projects by their document ids) → the new rows' ids. */
export interface StructureMaps {
  goalMap: Map<string, string>;
  measureMap: Map<string, string>;
  projectMap: Map<string, string>;
}

interface StructureRefs {
  goals: Set<string>;
  measures: Set<string>;
  projects: Set<string>;
}

/** A reference to a node of the structure: its new id, or null (warned unless `quiet`). */
function resolver(warn: Warn) {
  return (
    map: Map<string, string>,
    ref: string | null | undefined,
    field: string,
    what: string,
    quiet = false,
  ) => {
    if (ref == null) return null;
    const id = map.get(ref);
    if (!id && !quiet)
      warn(
        'IMPORT_UNKNOWN_REFERENCE',
        `${what}「${ref}」が文書にありません (${field})`,
        `Unknown ${what} '${ref}' (${field})`,
        field,
      );
    return id ?? null;
  };
}

/** One strategy's copy of the structure: which nodes, under which ids, and whether it is the main one. */
interface StructureCopy {
  strategyId: string;
  maps: StructureMaps;
  /** The main strategy holds every node and speaks for unknown references. */
  main: boolean;
  /** The narratives of a node this strategy holds (those about its period). */
  own: (list: Narrative[] | undefined) => Narrative[];
}

function goalRows(w: DocumentWrite, goals: Goal[], copy: StructureCopy, narratives: Narratives): GoalTable[] {
  return goals.map((g, i) => {
    const id = copy.maps.goalMap.get(g.id)!;
    narratives.add('goal', id, copy.own(g.narratives));
    return {
      id,
      strategy_id: copy.strategyId,
      ref: g.id,
      code: g.code ?? null,
      name: g.name,
      description: g.description ?? null,
      position: i,
      provenance_json: toJson(g.provenance),
      version: 1,
      created_at: w.now,
      updated_at: w.now,
    };
  });
}

function measureRows(
  w: DocumentWrite,
  measures: Measure[],
  copy: StructureCopy,
  narratives: Narratives,
): MeasureTable[] {
  const resolve = resolver(w.warn);
  const { maps, main } = copy;
  return measures.map((m, i) => {
    const id = maps.measureMap.get(m.id)!;
    narratives.add('measure', id, copy.own(m.narratives));
    return {
      id,
      strategy_id: copy.strategyId,
      goal_id: resolve(maps.goalMap, m.goalId, `measures[${i}].goalId`, '基本目標', !main),
      parent_id: resolve(maps.measureMap, m.parentId, `measures[${i}].parentId`, '施策', !main),
      ref: m.id,
      code: m.code ?? null,
      name: m.name,
      summary: m.summary ?? null,
      position: i,
      provenance_json: toJson(m.provenance),
      version: 1,
      created_at: w.now,
      updated_at: w.now,
    };
  });
}

function projectRows(
  w: DocumentWrite,
  projects: Project[],
  copy: StructureCopy,
  narratives: Narratives,
): ProjectTable[] {
  const resolve = resolver(w.warn);
  const { maps, main } = copy;
  return projects.map((p, i) => {
    const id = maps.projectMap.get(p.id)!;
    narratives.add('project', id, copy.own(p.narratives));
    const goalIds = p.goalIds
      ?.map((g, j) => resolve(maps.goalMap, g, `projects[${i}].goalIds[${j}]`, '基本目標', !main))
      .filter((x): x is string => x != null);
    return {
      id,
      strategy_id: copy.strategyId,
      measure_id: resolve(maps.measureMap, p.measureId, `projects[${i}].measureId`, '施策', !main),
      ref: p.id,
      code: p.code ?? null,
      name: p.name,
      summary: p.summary ?? null,
      priority: p.priority ? 1 : 0,
      period_from: p.period?.from ?? null,
      period_to: p.period?.to ?? null,
      period_raw: p.period?.raw ?? null,
      bodies_json: toJson(p.bodies),
      goal_ids_json: toJson(goalIds),
      sdgs_json: toJson(p.sdgs),
      years_json: toJson(p.years),
      position: i,
      provenance_json: toJson(p.provenance),
      version: 1,
      created_at: w.now,
      updated_at: w.now,
    };
  });
}

/** The structure written: each strategy's maps (the main one's too) and how many nodes. */
export interface WrittenStructure {
  structureOf: Map<string, StructureMaps>;
  mainMaps: StructureMaps;
  counts: { goals: number; measures: number; projects: number };
}

/**
 * Goals, measures, projects (and their narratives) belong to the main strategy. A further
 * strategy of the same document (an earlier period's KPIs beside the new ones) gets its own copy
 * of the goals, measures and projects its indicators sit under or its narratives are about, so
 * that each strategy's tree holds all of its indicators (none owned by a node of another
 * strategy) and its own texts (a narrative naming its period goes to that period's copy).
 */
export async function writeStructure(
  w: DocumentWrite,
  strategies: WrittenStrategies,
  narratives: Narratives,
): Promise<WrittenStructure> {
  const { doc } = w;
  const goals: GoalTable[] = [];
  const measures: MeasureTable[] = [];
  const projects: ProjectTable[] = [];
  const structure = (strategyId: string, keep: StructureRefs | null): StructureMaps => {
    const main = keep === null;
    const maps: StructureMaps = { goalMap: new Map(), measureMap: new Map(), projectMap: new Map() };
    const g = doc.goals.filter((x) => main || keep.goals.has(x.id));
    const m = doc.measures.filter((x) => main || keep.measures.has(x.id));
    const p = doc.projects.filter((x) => main || keep.projects.has(x.id));
    for (const x of g) maps.goalMap.set(x.id, newId());
    for (const x of m) maps.measureMap.set(x.id, newId());
    for (const x of p) maps.projectMap.set(x.id, newId());
    const own = (list: Narrative[] | undefined) =>
      (list ?? []).filter((n) => strategies.strategyOf(n.strategyId) === strategyId);
    const copy: StructureCopy = { strategyId, maps, main, own };
    goals.push(...goalRows(w, g, copy, narratives));
    measures.push(...measureRows(w, m, copy, narratives));
    projects.push(...projectRows(w, p, copy, narratives));
    return maps;
  };
  const mainMaps = structure(strategies.mainId, null);
  const structureOf = new Map<string, StructureMaps>([[strategies.mainId, mainMaps]]);
  for (const s of strategies.rows.slice(1)) {
    const owners = doc.indicators.filter(
      (ind) => strategies.strategyOf(ind.strategyId) === s.id && ind.owner,
    );
    // The nodes its own texts are about too (a 総括 of the finished period on a measure).
    const told = [
      ...doc.goals.map((g) => ({ type: 'goal' as const, node: g })),
      ...doc.measures.map((m) => ({ type: 'measure' as const, node: m })),
      ...doc.projects.map((p) => ({ type: 'project' as const, node: p })),
    ]
      .filter(({ node }) => node.narratives?.some((n) => strategies.strategyOf(n.strategyId) === s.id))
      .map(({ type, node }) => ({ owner: { type, id: node.id } }));
    if (owners.length || told.length)
      structureOf.set(s.id, structure(s.id, ownersWithAncestors(doc, [...owners, ...told])));
  }
  // Front matter (目的, 期間, 構成) belonging to no goal, measure or project.
  narratives.add('strategy', strategies.mainId, (doc as { narratives?: Narrative[] }).narratives);
  await insertMany(w.trx, 'goals', goals);
  await insertMany(w.trx, 'measures', measures);
  await insertMany(w.trx, 'projects', projects);
  return {
    structureOf,
    mainMaps,
    counts: { goals: goals.length, measures: measures.length, projects: projects.length },
  };
}

/** The tags and departments of every strategy's projects. */
export async function writeProjectLinks(
  w: DocumentWrite,
  structure: WrittenStructure,
  tags: Tagger,
  departments: Linker,
): Promise<void> {
  for (const maps of structure.structureOf.values())
    for (const p of w.doc.projects) {
      const id = maps.projectMap.get(p.id);
      if (!id) continue;
      await tags.tag('project', id, p.tags);
      await departments.link('project', id, p.departments);
    }
}

/**
 * The goals, measures and projects (document ids) the indicators sit under, with every node above
 * them (a measure's parent measures and goal, a project's measure and goals).
 */
function ownersWithAncestors(doc: StrategyDocument, indicators: Pick<Indicator, 'owner'>[]): StructureRefs {
  const out: StructureRefs = { goals: new Set(), measures: new Set(), projects: new Set() };
  const measures = new Map(doc.measures.map((m) => [m.id, m]));
  const projects = new Map(doc.projects.map((p) => [p.id, p]));
  const addMeasure = (id: string | null | undefined) => {
    for (let m = id == null ? undefined : measures.get(id); m && !out.measures.has(m.id); ) {
      out.measures.add(m.id);
      if (m.goalId) out.goals.add(m.goalId);
      m = m.parentId == null ? undefined : measures.get(m.parentId);
    }
  };
  for (const ind of indicators) {
    const o = ind.owner;
    if (!o) continue;
    if (o.type === 'goal') out.goals.add(o.id);
    else if (o.type === 'measure') addMeasure(o.id);
    else {
      const p = projects.get(o.id);
      out.projects.add(o.id);
      addMeasure(p?.measureId);
      for (const g of p?.goalIds ?? []) out.goals.add(g);
    }
  }
  return out;
}
