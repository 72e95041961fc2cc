import { periodStrategyName } from '../../core/import/import-target.ts';
import type { Narrative, StrategyDocument } from '../../core/interchange.ts';
import { periodPredecessors } from '../../core/period-chain.ts';
import { findOrCreateDepartment } from '../../store/departments.ts';
import { newId } from '../../store/ids.ts';
import { toJson } from '../../store/json.ts';
import { findMunicipalityByName, getMunicipality, insertMunicipality } from '../../store/municipalities.ts';
import type { DepartmentLinkTable, NarrativeTable, StrategyTable, TaggingTable } from '../../store/schema.ts';
import { insertTag, insertTagSet } from '../../store/tags.ts';
import { type Executor, insertMany } from '../../store/versioned.ts';
import type { RequestContext } from '../context.ts';

/** A warning about the document (an unknown reference), with the field it concerns. */
export type Warn = (code: string, message: string, messageEn: string, field: string) => void;

/** What the writers of one document share: the transaction, the clock and where the rows go. */
export interface DocumentWrite {
  trx: Executor;
  ctx: RequestContext;
  doc: StrategyDocument;
  now: string;
  municipalityId: string;
  warn: Warn;
}

/** The caller's municipality, else the document's by name, else a new one. */
export async function writeMunicipality(
  trx: Executor,
  ctx: RequestContext,
  doc: StrategyDocument,
  now: string,
): Promise<string> {
  let municipalityId = ctx.municipalityId;
  if (municipalityId && !(await getMunicipality(trx, municipalityId))) municipalityId = null;
  if (!municipalityId && doc.municipality?.name)
    municipalityId = (await findMunicipalityByName(trx, doc.municipality.name))?.id ?? null;
  if (!municipalityId) {
    const name = doc.municipality?.name ?? '名称未設定の自治体';
    municipalityId = (await insertMunicipality(trx, { name, code: doc.municipality?.code ?? null }, now)).id;
  }
  return municipalityId;
}

/** The strategies written, and which one a document reference means (the main one by default). */
export interface WrittenStrategies {
  rows: StrategyTable[];
  mainId: string;
  strategyOf: (ref: string | null | undefined) => string;
}

/**
 * Strategies: the main one and any further periods (one named after the source when there is
 * none), each period that follows another of the document linked to it (`predecessor_id`).
 */
export async function writeStrategies(w: DocumentWrite, fallbackName: string): Promise<WrittenStrategies> {
  const { doc, now } = w;
  const strategyRefs = [...(doc.strategy ? [doc.strategy] : []), ...(doc.strategies ?? [])];
  if (strategyRefs.length === 0) strategyRefs.push({ id: '', name: fallbackName });
  const predecessors = periodPredecessors(strategyRefs);
  const strategyMap = new Map<string, string>();
  const rows: StrategyTable[] = [];
  for (const s of strategyRefs) {
    if (strategyMap.has(s.id)) continue;
    const row: StrategyTable = {
      id: newId(),
      municipality_id: w.municipalityId,
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
    rows.push(row);
  }
  for (const row of rows) {
    const pred = row.ref != null ? predecessors.get(row.ref) : undefined;
    if (pred != null) row.predecessor_id = strategyMap.get(pred) ?? null;
  }
  const mainId = rows[0]!.id;
  await insertMany(w.trx, 'strategies', rows);
  return { rows, mainId, strategyOf: (ref) => (ref != null && strategyMap.get(ref)) || mainId };
}

/** Narratives (前文, 目的, 概要...) of the nodes, in the order they are added. */
export function narrativeWriter(strategyOf: (ref: string | null | undefined) => string) {
  const rows: NarrativeTable[] = [];
  const add = (ownerType: string, ownerId: string, list: Narrative[] | undefined) => {
    for (const n of list ?? [])
      rows.push({
        id: newId(),
        strategy_id: strategyOf(n.strategyId),
        owner_type: ownerType,
        owner_id: ownerId,
        kind: n.kind,
        title: n.title ?? null,
        text: n.text,
        fiscal_year: n.fiscalYear ?? null,
        position: rows.length,
        provenance_json: toJson(n.provenance),
      });
  };
  return { rows, add };
}
export type Narratives = ReturnType<typeof narrativeWriter>;

/**
 * Tag sets: the document's, written now (by id or name); `tag` records a node's tags, adding a
 * tag used but not declared to its set (and a set used but not declared).
 */
export async function writeTagSets(w: DocumentWrite, mainId: string) {
  const { trx, now, municipalityId } = w;
  const tagSets = new Map<string, { id: string; tags: Map<string, string> }>();
  for (const ts of w.doc.tagSets) {
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
  return { taggings, tag };
}
export type Tagger = Awaited<ReturnType<typeof writeTagSets>>;

/** Departments (担当課) by name, created when new; `link` records a node's departments in order. */
export function departmentLinker(w: DocumentWrite) {
  const departmentIds = new Map<string, string>();
  const links: DepartmentLinkTable[] = [];
  const link = async (targetType: string, targetId: string, names: string[] | undefined) => {
    for (const [i, name] of (names ?? []).entries()) {
      let id = departmentIds.get(name);
      if (!id) {
        id = (await findOrCreateDepartment(w.trx, w.municipalityId, name, w.now)).id;
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
  return { links, link };
}
export type Linker = ReturnType<typeof departmentLinker>;
