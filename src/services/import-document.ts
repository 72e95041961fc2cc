import type { Kysely } from 'kysely';
import { latestActualYear } from '../core/evaluation/evaluate.ts';
import { importedJudgements } from '../core/evaluation/override.ts';
import { periodStrategyName } from '../core/import/import-target.ts';
import {
  type Figure,
  type Indicator,
  type Narrative,
  type StrategyDocument,
  strategyDocumentSchema,
} from '../core/interchange.ts';
import type { Issue } from '../core/issue.ts';
import { appendAudit } from '../store/audit.ts';
import { commentaryRow } from '../store/commentary.ts';
import { findOrCreateDepartment } from '../store/departments.ts';
import type { FigureSource } from '../store/figure-versions.ts';
import { newId } from '../store/ids.ts';
import { newIndicatorRow } from '../store/indicators.ts';
import { toJson } from '../store/json.ts';
import { findMunicipalityByName, getMunicipality, insertMunicipality } from '../store/municipalities.ts';
import { insertObservations, type ObservationKind, observationRow } from '../store/observations.ts';
import { overrideRow } from '../store/overrides.ts';
import type {
  CommentaryTable,
  Database,
  DepartmentLinkTable,
  EvaluationOverrideTable,
  GoalTable,
  IndicatorTable,
  MeasureTable,
  NarrativeTable,
  ObservationTable,
  ProjectTable,
  StrategyTable,
  TaggingTable,
} from '../store/schema.ts';
import { insertTag, insertTagSet } from '../store/tags.ts';
import { type Executor, insertMany } from '../store/versioned.ts';
import { authorize } from './access.ts';
import { nowIso, type RequestContext } from './context.ts';
import { type AppError, fail, type Outcome, ok } from './errors.ts';
import { zodIssues } from './validation.ts';

/** What an import wrote. */
export interface ImportSummary {
  municipalityId: string;
  /** The main strategy created (the document's `strategy`, or one made for it). */
  strategyId: string;
  strategyIds: string[];
  counts: {
    goals: number;
    measures: number;
    projects: number;
    indicators: number;
    observations: number;
    commentary: number;
    tagSets: number;
  };
  issues: Issue[];
}

/**
 * Checks a document before anything is written: the interchange schema, unique ids, and one actual
 * per indicator and year. Returns every problem with its place, not just the first.
 */
export function checkDocument(
  input: unknown,
): { ok: true; doc: StrategyDocument } | { ok: false; error: AppError } {
  const parsed = strategyDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'IMPORT_INVALID',
        message: '交換形式の文書として読めません。各項目の指摘を直してください',
        messageEn: 'The document does not match the interchange format; fix the fields listed',
        details: zodIssues(parsed.error),
      },
    };
  }
  const doc = parsed.data;
  const issues: Issue[] = [];
  const dup = (kind: string, list: { id: string }[]) => {
    const seen = new Set<string>();
    list.forEach((x, i) => {
      if (seen.has(x.id))
        issues.push({
          code: 'IMPORT_DUPLICATE_ID',
          severity: 'error',
          message: `${kind}のID「${x.id}」が重複しています`,
          messageEn: `Duplicate ${kind} id '${x.id}'`,
          place: { field: `${kind}[${i}].id` },
          hint: 'IDを一意にしてください / make the ids unique',
        });
      seen.add(x.id);
    });
  };
  dup('goals', doc.goals);
  dup('measures', doc.measures);
  dup('projects', doc.projects);
  dup('indicators', doc.indicators);
  doc.indicators.forEach((ind, i) => {
    const years = new Set<number>();
    ind.actuals.forEach((a, j) => {
      if (a.fiscalYear == null) return;
      if (years.has(a.fiscalYear))
        issues.push({
          code: 'IMPORT_DUPLICATE_ACTUAL',
          severity: 'error',
          message: `指標「${ind.name}」の${a.fiscalYear}年度の実績値が2つあります`,
          messageEn: `Indicator '${ind.name}' has two actuals for fiscal year ${a.fiscalYear}`,
          place: {
            file: a.provenance?.file ?? null,
            sheet: a.provenance?.sheet ?? null,
            row: a.provenance?.row ?? null,
            column: a.provenance?.column ?? null,
            field: `indicators[${i}].actuals[${j}]`,
          },
          hint: '年度ごとに1つにしてください / keep one actual per fiscal year',
        });
      years.add(a.fiscalYear);
    });
  });
  if (issues.length) {
    return {
      ok: false,
      error: {
        code: 'IMPORT_INVALID',
        message: `取り込めない箇所が${issues.length}件あります`,
        messageEn: `${issues.length} problem(s) prevent the import`,
        details: issues,
      },
    };
  }
  return { ok: true, doc };
}

/**
 * Imports an interchange document (src/core/interchange.ts) in ONE transaction: the strategy, its
 * goals, measures, projects, indicators, figures, commentary, tags and departments are all written,
 * or nothing is. Ids of the document become `ref`; rows get new ids.
 *
 * @example await importDocument(db, ctx, { indicators: [{ id: 'k1', name: '新規求人数', actuals: [] }] })
 */
export async function importDocument(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: unknown,
  options: { source?: string; importId?: string } = {},
): Promise<Outcome<ImportSummary>> {
  const checked = checkDocument(input);
  if (!checked.ok) return fail(checked.error);
  const doc = checked.doc;
  const denied = authorize(ctx, 'write', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  const summary = await db.transaction().execute((trx) => writeDocument(trx, ctx, doc, options));
  return ok(summary);
}

/**
 * Writes a checked document with the caller's executor (a transaction). Exported for callers
 * that compose it into a larger transaction (and for the rollback test).
 */
export async function writeDocument(
  trx: Executor,
  ctx: RequestContext,
  doc: StrategyDocument,
  options: { source?: string; importId?: string; figureSource?: FigureSource },
): Promise<ImportSummary> {
  const now = nowIso(ctx);
  const issues: Issue[] = [];
  const warn = (code: string, message: string, messageEn: string, field: string) =>
    issues.push({ code, severity: 'warning', message, messageEn, place: { field } });

  // Municipality: the caller's, else the document's by name, else a new one.
  let municipalityId = ctx.municipalityId;
  if (municipalityId && !(await getMunicipality(trx, municipalityId))) municipalityId = null;
  if (!municipalityId && doc.municipality?.name)
    municipalityId = (await findMunicipalityByName(trx, doc.municipality.name))?.id ?? null;
  if (!municipalityId) {
    const name = doc.municipality?.name ?? '名称未設定の自治体';
    municipalityId = (await insertMunicipality(trx, { name, code: doc.municipality?.code ?? null }, now)).id;
  }

  // Strategies: the main one and any further periods.
  const strategyRefs = [...(doc.strategy ? [doc.strategy] : []), ...(doc.strategies ?? [])];
  if (strategyRefs.length === 0) strategyRefs.push({ id: '', name: options.source ?? '総合戦略' });
  const strategyMap = new Map<string, string>();
  const strategyRows: StrategyTable[] = [];
  for (const s of strategyRefs) {
    if (strategyMap.has(s.id)) continue;
    const row: StrategyTable = {
      id: newId(),
      municipality_id: municipalityId,
      ref: s.id || null,
      name: periodStrategyName(s.name),
      generation: s.generation ?? null,
      period_from: s.period?.from ?? null,
      period_to: s.period?.to ?? null,
      predecessor_id: null,
      status_scheme_id: null,
      as_of: null,
      revision: 1,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    strategyMap.set(s.id, row.id);
    strategyRows.push(row);
  }
  const mainId = strategyRows[0]!.id;
  await insertMany(trx, 'strategies', strategyRows);
  const strategyOf = (ref: string | null | undefined) => (ref != null && strategyMap.get(ref)) || mainId;

  // Goals, measures, projects (and their narratives) belong to the main strategy. A further
  // strategy of the same document (an earlier period's KPIs beside the new ones) gets its own copy
  // of the goals, measures and projects its indicators sit under, so that each strategy's tree
  // holds all of its indicators (none owned by a node of another strategy).
  const narratives: NarrativeTable[] = [];
  const addNarratives = (ownerType: string, ownerId: string, list: Narrative[] | undefined) => {
    for (const n of list ?? [])
      narratives.push({
        id: newId(),
        strategy_id: strategyOf(n.strategyId),
        owner_type: ownerType,
        owner_id: ownerId,
        kind: n.kind,
        title: n.title ?? null,
        text: n.text,
        fiscal_year: n.fiscalYear ?? null,
        position: narratives.length,
        provenance_json: toJson(n.provenance),
      });
  };
  const resolve = (
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
  const goalRows: GoalTable[] = [];
  const measureRows: MeasureTable[] = [];
  const projectRows: ProjectTable[] = [];
  /** Writes the structure nodes `keep` selects into a strategy; the main one (all nodes) speaks for unknown references. */
  const structure = (strategyId: string, keep: StructureRefs | null): StructureMaps => {
    const main = keep === null;
    const maps: StructureMaps = { goalMap: new Map(), measureMap: new Map(), projectMap: new Map() };
    const goals = doc.goals.filter((g) => main || keep.goals.has(g.id));
    const measures = doc.measures.filter((m) => main || keep.measures.has(m.id));
    const projects = doc.projects.filter((p) => main || keep.projects.has(p.id));
    for (const g of goals) maps.goalMap.set(g.id, newId());
    for (const m of measures) maps.measureMap.set(m.id, newId());
    for (const p of projects) maps.projectMap.set(p.id, newId());
    for (const [i, g] of goals.entries()) {
      const id = maps.goalMap.get(g.id)!;
      if (main) addNarratives('goal', id, g.narratives);
      goalRows.push({
        id,
        strategy_id: strategyId,
        ref: g.id,
        code: g.code ?? null,
        name: g.name,
        description: g.description ?? null,
        position: i,
        provenance_json: toJson(g.provenance),
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
    for (const [i, m] of measures.entries()) {
      const id = maps.measureMap.get(m.id)!;
      if (main) addNarratives('measure', id, m.narratives);
      measureRows.push({
        id,
        strategy_id: strategyId,
        goal_id: resolve(maps.goalMap, m.goalId, `measures[${i}].goalId`, '基本目標', !main),
        parent_id: resolve(maps.measureMap, m.parentId, `measures[${i}].parentId`, '施策', !main),
        ref: m.id,
        code: m.code ?? null,
        name: m.name,
        summary: m.summary ?? null,
        position: i,
        provenance_json: toJson(m.provenance),
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
    for (const [i, p] of projects.entries()) {
      const id = maps.projectMap.get(p.id)!;
      if (main) addNarratives('project', id, p.narratives);
      const goalIds = p.goalIds
        ?.map((g, j) => resolve(maps.goalMap, g, `projects[${i}].goalIds[${j}]`, '基本目標', !main))
        .filter((x): x is string => x != null);
      projectRows.push({
        id,
        strategy_id: strategyId,
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
        created_at: now,
        updated_at: now,
      });
    }
    return maps;
  };
  const mainMaps = structure(mainId, null);
  const structureOf = new Map<string, StructureMaps>([[mainId, mainMaps]]);
  for (const s of strategyRows.slice(1)) {
    const owners = doc.indicators.filter((ind) => strategyOf(ind.strategyId) === s.id && ind.owner);
    if (owners.length) structureOf.set(s.id, structure(s.id, ownersWithAncestors(doc, owners)));
  }
  // Front matter (目的, 期間, 構成) belonging to no goal, measure or project.
  addNarratives('strategy', mainId, (doc as { narratives?: Narrative[] }).narratives);
  await insertMany(trx, 'goals', goalRows);
  await insertMany(trx, 'measures', measureRows);
  await insertMany(trx, 'projects', projectRows);

  // Tag sets: by id or name; tags used but not declared are added to their set.
  const tagSets = new Map<string, { id: string; tags: Map<string, string> }>();
  for (const ts of doc.tagSets) {
    const rec = await insertTagSet(
      trx,
      {
        municipalityId,
        strategyId: mainId,
        ref: ts.id,
        name: ts.name,
        tags: ts.tags.map((t) => ({ name: t.name, ref: t.id })),
      },
      now,
    );
    const tags = new Map<string, string>();
    rec.tags.forEach((t, i) => {
      tags.set(t.name, t.id);
      tags.set(ts.tags[i]!.id, t.id);
    });
    const entry = { id: rec.id, tags };
    tagSets.set(ts.id, entry);
    tagSets.set(ts.name, entry);
  }
  const taggings: TaggingTable[] = [];
  const tag = async (
    targetType: string,
    targetId: string,
    list: { set: string; tag: string }[] | undefined,
  ) => {
    for (const t of list ?? []) {
      let set = tagSets.get(t.set);
      if (!set) {
        const rec = await insertTagSet(
          trx,
          { municipalityId, strategyId: mainId, name: t.set, tags: [] },
          now,
        );
        set = { id: rec.id, tags: new Map() };
        tagSets.set(t.set, set);
      }
      let tagId = set.tags.get(t.tag);
      if (!tagId) {
        tagId = newId();
        await insertTag(trx, {
          id: tagId,
          tag_set_id: set.id,
          ref: null,
          name: t.tag,
          position: set.tags.size,
        });
        set.tags.set(t.tag, tagId);
      }
      taggings.push({ id: newId(), tag_id: tagId, target_type: targetType, target_id: targetId });
    }
  };

  // Departments (担当課) by name.
  const departmentIds = new Map<string, string>();
  const links: DepartmentLinkTable[] = [];
  const link = async (targetType: string, targetId: string, names: string[] | undefined) => {
    for (const [i, name] of (names ?? []).entries()) {
      let id = departmentIds.get(name);
      if (!id) {
        id = (await findOrCreateDepartment(trx, municipalityId, name, now)).id;
        departmentIds.set(name, id);
      }
      links.push({
        id: newId(),
        department_id: id,
        target_type: targetType,
        target_id: targetId,
        position: i,
      });
    }
  };
  for (const maps of structureOf.values())
    for (const p of doc.projects) {
      const id = maps.projectMap.get(p.id);
      if (!id) continue;
      await tag('project', id, p.tags);
      await link('project', id, p.departments);
    }

  // Indicators with their figures and commentary.
  const indicatorRows: IndicatorTable[] = [];
  const observations: ObservationTable[] = [];
  const commentary: CommentaryTable[] = [];
  const judgements: EvaluationOverrideTable[] = [];
  const docAsOf = latestActualYear(doc);
  for (const [i, ind] of doc.indicators.entries()) {
    const id = newId();
    const strategyId = strategyOf(ind.strategyId);
    const owner = resolveOwner(ind, i, structureOf.get(strategyId) ?? mainMaps, warn);
    indicatorRows.push(newIndicatorRow(ind, { id, strategyId, owner, position: i }, now));
    const add = (kind: ObservationKind, f: Figure | null | undefined, position: number) => {
      if (f) observations.push(observationRow(f, { indicatorId: id, strategyId, kind, position }, now));
    };
    add('baseline', ind.baseline, 0);
    add('target', ind.target, 0);
    for (const [j, f] of (ind.milestones ?? []).entries()) add('milestone', f, j);
    for (const [j, f] of ind.actuals.entries()) add('actual', f, j);
    for (const [j, c] of (ind.commentary ?? []).entries())
      commentary.push(
        commentaryRow(c, { strategyId, targetType: 'indicator', targetId: id, position: j }, now),
      );
    await tag('indicator', id, ind.tags);
    await link('indicator', id, ind.departments);
    // The statuses the city published are the judgements of record of their years.
    for (const j of importedJudgements(ind, { at: now, by: ctx.actor.name, asOf: docAsOf }))
      judgements.push(
        overrideRow(
          {
            strategyId,
            indicatorId: id,
            fiscalYear: j.fiscalYear as number,
            statusKey: null,
            status: j.label,
            reason: j.reason,
            actorId: ctx.actor.id,
            actorName: ctx.actor.name,
            source: 'import',
          },
          now,
        ),
      );
  }
  await insertMany(trx, 'indicators', indicatorRows);
  await insertMany(trx, 'evaluation_overrides', judgements);
  await insertObservations(trx, observations, {
    at: now,
    actor: ctx.actor,
    source: options.figureSource ?? 'import',
    reason: options.source ?? null,
  });
  await insertMany(trx, 'commentary', commentary);
  await insertMany(trx, 'narratives', narratives);
  await insertMany(trx, 'taggings', taggings);
  await insertMany(trx, 'department_links', links);

  const counts = {
    goals: goalRows.length,
    measures: measureRows.length,
    projects: projectRows.length,
    indicators: indicatorRows.length,
    observations: observations.length,
    commentary: commentary.length,
    tagSets: doc.tagSets.length,
  };
  await appendAudit(trx, [
    ...strategyRows.map((s) => ({
      at: now,
      actor: ctx.actor,
      municipalityId,
      strategyId: s.id,
      entityType: 'strategy',
      entityId: s.id,
      action: 'import' as const,
      before: null,
      after: { name: s.name, source: options.source ?? null, importId: options.importId ?? null, counts },
    })),
    ...indicatorRows.map((r) => ({
      at: now,
      actor: ctx.actor,
      municipalityId,
      strategyId: r.strategy_id,
      indicatorId: r.id,
      entityType: 'indicator',
      entityId: r.id,
      action: 'import' as const,
      before: null,
      after: { ref: r.ref, name: r.name, unit: r.unit },
    })),
  ]);
  return { municipalityId, strategyId: mainId, strategyIds: strategyRows.map((s) => s.id), counts, issues };
}

/** Structure references (goals, measures, projects by their document ids) → the new rows' ids. */
interface StructureMaps {
  goalMap: Map<string, string>;
  measureMap: Map<string, string>;
  projectMap: Map<string, string>;
}

interface StructureRefs {
  goals: Set<string>;
  measures: Set<string>;
  projects: Set<string>;
}

/**
 * The goals, measures and projects (document ids) the indicators sit under, with every node above
 * them (a measure's parent measures and goal, a project's measure and goals).
 */
function ownersWithAncestors(doc: StrategyDocument, indicators: Indicator[]): StructureRefs {
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

function resolveOwner(
  ind: Indicator,
  i: number,
  maps: StructureMaps,
  warn: (code: string, message: string, messageEn: string, field: string) => void,
): { type: 'goal' | 'measure' | 'project'; id: string } | null {
  if (!ind.owner) return null;
  const map = { goal: maps.goalMap, measure: maps.measureMap, project: maps.projectMap }[ind.owner.type];
  const id = map.get(ind.owner.id);
  if (!id) {
    warn(
      'IMPORT_UNKNOWN_REFERENCE',
      `指標「${ind.name}」の所属「${ind.owner.id}」が文書にありません`,
      `Indicator '${ind.name}' belongs to unknown ${ind.owner.type} '${ind.owner.id}'`,
      `indicators[${i}].owner`,
    );
    return null;
  }
  return { type: ind.owner.type, id };
}
