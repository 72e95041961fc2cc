/**
 * Writing an import plan (import-target.ts) inside the commit's transaction: the new
 * municipality, the strategies to create (through writeDocument) and the updates of stored
 * strategies, one writer per entity (new indicators, their figures, their department links, the
 * strategy's audit entry). Nothing stored is removed.
 */
import { type FigureChange as PlannedFigure, planUpdate } from '../../core/import/update-plan.ts';
import type { Figure, Indicator, StrategyDocument } from '../../core/interchange.ts';
import { findOrCreateDepartment } from '../../store/departments.ts';
import type { FigureChange } from '../../store/figure-versions.ts';
import { newId } from '../../store/ids.ts';
import { linkStrategy, nextPosition, setObservationYear } from '../../store/import-targets.ts';
import { newIndicatorRow } from '../../store/indicators.ts';
import { insertMunicipality } from '../../store/municipalities.ts';
import {
  insertObservations,
  listObservationRows,
  type ObservationKind,
  observationRow,
  toFigure,
  updateObservation,
} from '../../store/observations.ts';
import type { IndicatorTable, ObservationTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import { type Executor, insertMany } from '../../store/versioned.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { guardYearWrite } from '../rounds/round-guard.ts';
import { type Change, recordChange } from '../versioned-write.ts';
import { type ImportSummary, writeDocument } from './import-document.ts';
import { ownerResolver } from './import-owners.ts';
import { existingIndicators, type ImportPlan, type PlannedStrategy, refOf } from './import-target.ts';

/**
 * Writes a document as planned, in the caller's transaction: the new municipality, the strategies
 * to create (with their names and periods, linked to their predecessors), and the updates of
 * existing strategies (new indicators, new and changed figures; nothing stored is removed).
 */
export async function writePlanned(
  trx: Executor,
  ctx: RequestContext,
  doc: StrategyDocument,
  plan: ImportPlan,
  options: { source?: string; importId?: string },
): Promise<ImportSummary & { plan: ImportPlan }> {
  const now = nowIso(ctx);
  let municipalityId = plan.municipality.id;
  if (!municipalityId)
    municipalityId = (
      await insertMunicipality(trx, { name: plan.municipality.name, code: plan.municipality.code }, now)
    ).id;
  const proposals = plan.strategies;
  const ids = new Map<string, string>();
  const summary = await writeCreated(trx, ctx, municipalityId, doc, plan, options, ids);
  const counts = { indicators: 0, observations: 0, changed: 0 };
  for (const s of proposals) {
    if (s.action !== 'update' || !s.into) continue;
    ids.set(s.ref, s.into.id);
    const incoming = doc.indicators.filter((i) => refOf(proposals, i) === s.ref);
    const r = await applyUpdate(
      trx,
      ctx,
      municipalityId,
      s.into.id,
      doc,
      incoming,
      s,
      plan.unmatched,
      options,
    );
    counts.indicators += r.indicators;
    counts.observations += r.observations;
    counts.changed += r.changed;
  }
  await linkPlanned(trx, proposals, ids, now);
  const main = proposals.find((s) => s.action !== 'skip')!;
  const strategyIds = proposals.map((s) => ids.get(s.ref)).filter((x): x is string => x != null);
  const base = summary ?? {
    municipalityId,
    strategyId: ids.get(main.ref)!,
    strategyIds,
    counts: { goals: 0, measures: 0, projects: 0, indicators: 0, observations: 0, commentary: 0, tagSets: 0 },
    issues: [],
  };
  return {
    ...base,
    strategyId: ids.get(main.ref) ?? base.strategyId,
    strategyIds,
    counts: {
      ...base.counts,
      indicators: base.counts.indicators + counts.indicators,
      observations: base.counts.observations + counts.observations,
    },
    plan,
  };
}

/**
 * The strategies to create, written as one document (their names and periods as planned); their
 * stored ids are noted in `ids` by reference. Null when none is created.
 */
async function writeCreated(
  trx: Executor,
  ctx: RequestContext,
  municipalityId: string,
  doc: StrategyDocument,
  plan: ImportPlan,
  options: { source?: string; importId?: string },
  ids: Map<string, string>,
): Promise<ImportSummary | null> {
  const proposals = plan.strategies;
  const creating = proposals.filter((s) => s.action === 'create');
  if (creating.length === 0) return null;
  const keep = new Set(creating.map((s) => s.ref));
  const asDoc = (s: PlannedStrategy) => ({
    id: s.ref,
    name: s.name,
    generation: s.generation,
    period: { from: s.periodFrom, to: s.periodTo },
    predecessorId: s.predecessorRef != null && keep.has(s.predecessorRef) ? s.predecessorRef : null,
  });
  const part: StrategyDocument = {
    ...doc,
    municipality: { name: plan.municipality.name, code: plan.municipality.code },
    strategy: asDoc(creating[0]!),
    strategies: creating.map(asDoc),
    indicators: doc.indicators.filter((i) => keep.has(refOf(proposals, i))),
  };
  const summary = await writeDocument(trx, { ...ctx, municipalityId }, part, options);
  for (const sid of summary.strategyIds) {
    const w = await getStrategy(trx, sid);
    if (w) ids.set(w.ref ?? '', w.id);
  }
  return summary;
}

/** Links created strategies to their predecessors and gives updated ones without a period theirs. */
async function linkPlanned(
  trx: Executor,
  proposals: PlannedStrategy[],
  ids: Map<string, string>,
  now: string,
): Promise<void> {
  for (const s of proposals) {
    const id = ids.get(s.ref);
    if (!id) continue;
    const pred = s.predecessorRef != null ? ids.get(s.predecessorRef) : undefined;
    if (pred && s.action === 'create') await linkStrategy(trx, id, { predecessorId: pred }, now);
    if (s.action === 'update' && s.into && s.into.periodFrom == null && s.into.periodTo == null)
      await linkStrategy(trx, id, { periodFrom: s.periodFrom, periodTo: s.periodTo }, now);
  }
}

/** One update of a stored strategy in progress: what it reads once and what it collects. */
interface UpdateRun {
  trx: Executor;
  now: string;
  municipalityId: string;
  strategyId: string;
  importId: string | null;
  importChange: FigureChange;
  /** The strategy's stored figures before the update. */
  stored: ObservationTable[];
  owners: Awaited<ReturnType<typeof ownerResolver>>;
  position: number;
  indicatorRows: IndicatorTable[];
  observations: ObservationTable[];
  links: { name: string; indicatorId: string; position: number }[];
  audits: Change[];
  changed: number;
}

/** Applies an update plan to one stored strategy. */
async function applyUpdate(
  trx: Executor,
  ctx: RequestContext,
  municipalityId: string,
  strategyId: string,
  doc: StrategyDocument,
  incoming: Indicator[],
  s: PlannedStrategy,
  unmatched: 'add' | 'skip',
  options: { source?: string; importId?: string },
): Promise<{ indicators: number; observations: number; changed: number }> {
  const now = nowIso(ctx);
  const importChange: FigureChange = {
    at: now,
    actor: ctx.actor,
    source: 'import',
    reason: options.source ?? null,
  };
  // The plan was shown before; compute it again inside the transaction so it is what is written.
  const plan = planUpdate(await existingIndicators(trx, strategyId), incoming);
  const stored = await listObservationRows(trx, { strategyId });
  const byRef = new Map(incoming.map((i) => [i.id, i] as const));
  const owners = await ownerResolver(trx, strategyId, doc, now);
  const run: UpdateRun = {
    trx,
    now,
    municipalityId,
    strategyId,
    importId: options.importId ?? null,
    importChange,
    stored,
    owners,
    position: await nextPosition(trx, 'indicators', strategyId),
    indicatorRows: [],
    observations: [],
    links: [],
    audits: [],
    changed: 0,
  };
  for (const change of plan.indicators) {
    const ind = byRef.get(change.ref)!;
    let indicatorId = change.existingId;
    if (!indicatorId) {
      if (unmatched === 'skip') continue;
      indicatorId = await addIndicator(run, ind);
    }
    for (const f of change.figures) {
      if (f.change === 'unchanged') continue;
      await applyFigure(run, ind, indicatorId, change.existingId != null, f);
    }
  }
  await insertMany(trx, 'indicators', run.indicatorRows);
  await insertObservations(trx, run.observations, importChange);
  await linkDepartments(run);
  run.audits.push({
    municipalityId,
    strategyId,
    entityType: 'strategy',
    entityId: strategyId,
    action: 'import',
    before: null,
    after: {
      name: s.name,
      update: plan.counts,
      source: options.source ?? null,
      importId: run.importId,
    },
  });
  await recordChange(trx, ctx, now, run.audits);
  return {
    indicators: run.indicatorRows.length,
    observations: run.observations.length,
    changed: run.changed,
  };
}

/** A new indicator of the document: its row (under its owner, at the end) and its department links. */
async function addIndicator(run: UpdateRun, ind: Indicator): Promise<string> {
  const indicatorId = newId();
  const owner = await run.owners(ind);
  run.indicatorRows.push(
    newIndicatorRow(
      ind,
      { id: indicatorId, strategyId: run.strategyId, owner, position: run.position++ },
      run.now,
    ),
  );
  for (const [k, name] of (ind.departments ?? []).entries())
    run.links.push({ name, indicatorId, position: k });
  run.audits.push({
    municipalityId: run.municipalityId,
    strategyId: run.strategyId,
    indicatorId,
    entityType: 'indicator',
    entityId: indicatorId,
    action: 'import',
    before: null,
    after: { ref: ind.id, name: ind.name, unit: ind.unit ?? null, importId: run.importId },
  });
  return indicatorId;
}

/**
 * One new or changed figure of an indicator: a stored actual of a year in a reporting round is
 * guarded first; a changed figure is updated as a new version, a new one added.
 */
async function applyFigure(
  run: UpdateRun,
  ind: Indicator,
  indicatorId: string,
  existing: boolean,
  f: PlannedFigure,
): Promise<void> {
  if (f.kind === 'actual' && f.fiscalYear != null && existing)
    await guardYearWrite(
      run.trx,
      {
        strategyId: run.strategyId,
        fiscalYear: f.fiscalYear,
        indicatorIds: [indicatorId],
        what: '取込による実績値',
        departmentData: false,
      },
      run.now,
    );
  const figure: Figure | null | undefined =
    f.kind === 'baseline'
      ? ind.baseline
      : f.kind === 'target'
        ? ind.target
        : ind.actuals.find((a) => a.fiscalYear === f.fiscalYear);
  if (!figure) return;
  const kind: ObservationKind = f.kind;
  const old =
    f.change === 'changed'
      ? run.stored.find(
          (o) =>
            o.indicator_id === indicatorId &&
            o.kind === kind &&
            (kind !== 'actual' || o.fiscal_year === f.fiscalYear),
        )
      : undefined;
  if (old) await updateFigure(run, indicatorId, old, figure);
  else addFigure(run, indicatorId, kind, figure);
}

/** A changed figure: a new version of the stored one (its year first for a baseline or target). */
async function updateFigure(
  run: UpdateRun,
  indicatorId: string,
  old: ObservationTable,
  figure: Figure,
): Promise<void> {
  // The year first, so that the recorded version shows where the figure now stands.
  if (old.kind !== 'actual' && old.fiscal_year !== (figure.fiscalYear ?? null))
    await setObservationYear(run.trx, old.id, figure.fiscalYear ?? null);
  const r = await updateObservation(run.trx, old.id, old.version, figure, run.importChange);
  if (!r.ok) return;
  run.changed++;
  run.audits.push({
    municipalityId: run.municipalityId,
    strategyId: run.strategyId,
    indicatorId,
    entityType: 'observation',
    entityId: old.id,
    action: 'update',
    before: toFigure(old),
    after: { ...toFigure(r.row), importId: run.importId },
  });
}

/** A new figure, after the stored ones of its kind (inserted with the others at the end). */
function addFigure(run: UpdateRun, indicatorId: string, kind: ObservationKind, figure: Figure): void {
  const position = run.stored.filter((o) => o.indicator_id === indicatorId && o.kind === kind).length;
  const row = observationRow(figure, { indicatorId, strategyId: run.strategyId, kind, position }, run.now);
  run.observations.push(row);
  run.audits.push({
    municipalityId: run.municipalityId,
    strategyId: run.strategyId,
    indicatorId,
    entityType: 'observation',
    entityId: row.id,
    action: 'create',
    before: null,
    after: { ...figure, importId: run.importId },
  });
}

/** The department links of the new indicators (a department named for the first time is added). */
async function linkDepartments(run: UpdateRun): Promise<void> {
  const departmentIds = new Map<string, string>();
  const linkRows = [];
  for (const l of run.links) {
    let id = departmentIds.get(l.name);
    if (!id) {
      id = (await findOrCreateDepartment(run.trx, run.municipalityId, l.name, run.now)).id;
      departmentIds.set(l.name, id);
    }
    linkRows.push({
      id: newId(),
      department_id: id,
      target_type: 'indicator',
      target_id: l.indicatorId,
      position: l.position,
    });
  }
  await insertMany(run.trx, 'department_links', linkRows);
}
