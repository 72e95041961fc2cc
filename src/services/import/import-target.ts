/**
 * Where an import goes (取込先) and what it changes: the choices offered before a commit (the
 * municipalities and strategies the caller may import into), the plan of a choice (the strategies
 * created, updated or left out, and for an update which indicators and figures are new, changed or
 * the same), and writing exactly that plan inside the commit's transaction.
 */
import type { Kysely } from 'kysely';
import {
  type ImportTarget,
  type ProposedStrategy,
  proposeStrategies,
} from '../../core/import/import-target.ts';
import {
  type ExistingIndicator,
  nameKey,
  planUpdate,
  type UpdatePlan,
} from '../../core/import/update-plan.ts';
import type { Figure, Indicator, StrategyDocument } from '../../core/interchange.ts';
import { findOrCreateDepartment } from '../../store/departments.ts';
import type { FigureChange } from '../../store/figure-versions.ts';
import { newId } from '../../store/ids.ts';
import {
  linkStrategy,
  listGoalRows,
  listMeasureRows,
  listProjectRows,
  listStrategyRowsOf,
  nextPosition,
  setObservationYear,
} from '../../store/import-targets.ts';
import { listIndicatorRows, newIndicatorRow } from '../../store/indicators.ts';
import { toJson } from '../../store/json.ts';
import { getMunicipality, insertMunicipality, listMunicipalities } from '../../store/municipalities.ts';
import {
  insertObservations,
  listObservationRows,
  type ObservationKind,
  observationRow,
  toFigure,
  updateObservation,
} from '../../store/observations.ts';
import type { Database, IndicatorTable, ObservationTable } from '../../store/schema.ts';
import { getStrategy } from '../../store/strategies.ts';
import { type Executor, insertMany } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import { type AppError, invalid } from '../errors.ts';
import { guardYearWrite } from '../rounds/round-guard.ts';
import { type Change, recordChange } from '../versioned-write.ts';
import { type ImportSummary, writeDocument } from './import-document.ts';

/** A strategy the caller may import into. */
export interface TargetStrategy {
  id: string;
  name: string;
  periodFrom: number | null;
  periodTo: number | null;
}

/** The municipalities (with their strategies) the caller may import into. */
export interface ImportChoices {
  municipalities: { id: string; name: string; code: string | null; strategies: TargetStrategy[] }[];
  /** Only an administrator creates a municipality. */
  canCreateMunicipality: boolean;
}

/** One strategy period of the document and what the commit does with it. */
export interface PlannedStrategy extends ProposedStrategy {
  action: 'create' | 'update' | 'skip';
  into: TargetStrategy | null;
  /** For an update: what changes (null otherwise). */
  update: UpdatePlan | null;
}

/** What a commit with these choices will do. */
export interface ImportPlan {
  municipality: { id: string | null; name: string; code: string | null; isNew: boolean };
  strategies: PlannedStrategy[];
  unmatched: 'add' | 'skip';
}

const strategyOfRow = (r: {
  id: string;
  name: string;
  period_from: number | null;
  period_to: number | null;
}): TargetStrategy => ({ id: r.id, name: r.name, periodFrom: r.period_from, periodTo: r.period_to });

/** The municipalities and strategies the caller may import into (their own; all for an administrator). */
export async function importChoices(db: Executor, ctx: RequestContext): Promise<ImportChoices> {
  const all = ctx.municipalityId
    ? [await getMunicipality(db, ctx.municipalityId)].filter((m) => m != null)
    : await listMunicipalities(db);
  const municipalities: ImportChoices['municipalities'] = [];
  for (const m of all) {
    if (authorize(ctx, 'write', { municipalityId: m.id })) continue;
    const strategies = (await listStrategyRowsOf(db, m.id)).map(strategyOfRow);
    municipalities.push({ id: m.id, name: m.name, code: m.code, strategies });
  }
  return {
    municipalities,
    canCreateMunicipality: ctx.municipalityId == null && !authorize(ctx, 'admin', { municipalityId: null }),
  };
}

/** The strategy a document indicator belongs to (unknown or absent: the document's first). */
function refOf(proposals: ProposedStrategy[], ind: Indicator): string {
  const known = new Set(proposals.map((p) => p.ref));
  return ind.strategyId != null && known.has(ind.strategyId) ? ind.strategyId : proposals[0]!.ref;
}

/** Stored indicators of a strategy with their figures, as the update plan compares them. */
async function existingIndicators(db: Executor, strategyId: string): Promise<ExistingIndicator[]> {
  const rows = await listIndicatorRows(db, strategyId);
  const obs = await listObservationRows(db, { strategyId });
  const byInd = new Map<string, ObservationTable[]>();
  for (const o of obs) {
    const list = byInd.get(o.indicator_id);
    if (list) list.push(o);
    else byInd.set(o.indicator_id, [o]);
  }
  return rows.map((r) => {
    const own = byInd.get(r.id) ?? [];
    const one = (kind: string) => {
      const o = own.find((x) => x.kind === kind);
      return o ? toFigure(o) : null;
    };
    return {
      id: r.id,
      name: r.name,
      baseline: one('baseline'),
      target: one('target'),
      actuals: own.filter((o) => o.kind === 'actual').map(toFigure),
    };
  });
}

/**
 * Resolves the choices against the database: the municipality (checked and authorized), each
 * strategy's action, name and period, and the update plans. A strategy whose name is already a
 * strategy of the municipality updates it unless the choice says `into: null`. Returns an error
 * naming the field for a choice that cannot be followed.
 */
export async function planTarget(
  db: Executor,
  ctx: RequestContext,
  importMunicipalityId: string | null,
  doc: StrategyDocument,
  target: ImportTarget | undefined,
): Promise<{ ok: true; plan: ImportPlan } | { ok: false; error: AppError }> {
  const t = target ?? {};
  let municipality: ImportPlan['municipality'];
  if (t.municipality && 'id' in t.municipality) {
    const m = await getMunicipality(db, t.municipality.id);
    if (!m)
      return {
        ok: false,
        error: {
          ...invalid(
            'target.municipality.id',
            '指定した自治体が見つかりません',
            'The municipality was not found',
          ),
          code: 'NOT_FOUND',
        },
      };
    const denied = authorize(ctx, 'write', { municipalityId: m.id });
    if (denied) return { ok: false, error: { ...denied, place: { field: 'target.municipality.id' } } };
    municipality = { id: m.id, name: m.name, code: m.code, isNew: false };
  } else if (t.municipality && 'name' in t.municipality) {
    const denied =
      ctx.municipalityId != null ? true : authorize(ctx, 'admin', { municipalityId: null }) != null;
    if (denied)
      return {
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message:
            '新しい自治体を作れるのは管理者だけです。自分の自治体に取り込むか、管理者に依頼してください',
          messageEn:
            'Only an administrator creates a municipality; import into your own municipality or ask an administrator',
          place: { field: 'target.municipality.name' },
        },
      };
    municipality = { id: null, name: t.municipality.name, code: t.municipality.code ?? null, isNew: true };
  } else {
    const own = importMunicipalityId ?? ctx.municipalityId;
    const m = own ? await getMunicipality(db, own) : null;
    municipality = m
      ? { id: m.id, name: m.name, code: m.code, isNew: false }
      : {
          id: null,
          name: doc.municipality?.name ?? '名称未設定の自治体',
          code: doc.municipality?.code ?? null,
          isNew: true,
        };
  }
  const stored = municipality.id ? (await listStrategyRowsOf(db, municipality.id)).map(strategyOfRow) : [];
  const proposals = proposeStrategies(doc);
  const unknown = (t.strategies ?? []).findIndex((c) => !proposals.some((p) => p.ref === c.ref));
  if (unknown >= 0)
    return {
      ok: false,
      error: invalid(
        `target.strategies[${unknown}].ref`,
        `取り込む文書に総合戦略「${t.strategies![unknown]!.ref}」がありません。取込先の案を読み込み直してください`,
        `The document has no strategy '${t.strategies![unknown]!.ref}'; load the proposed targets again`,
      ),
    };
  const strategies: PlannedStrategy[] = [];
  for (const [k, p] of proposals.entries()) {
    const choice = t.strategies?.find((s) => s.ref === p.ref);
    const field = `target.strategies[${t.strategies?.indexOf(choice!) ?? k}]`;
    const name = choice?.name ?? p.name;
    const periodFrom = choice?.periodFrom !== undefined ? choice.periodFrom : p.periodFrom;
    const periodTo = choice?.periodTo !== undefined ? choice.periodTo : p.periodTo;
    if (periodFrom != null && periodTo != null && periodFrom > periodTo)
      return {
        ok: false,
        error: invalid(
          `${field}.periodFrom`,
          `「${name}」の期間の始まり (${periodFrom}年度) が終わり (${periodTo}年度) より後です`,
          `The period of '${name}' starts (FY${periodFrom}) after it ends (FY${periodTo})`,
        ),
      };
    const planned: PlannedStrategy = {
      ...p,
      name,
      periodFrom,
      periodTo,
      action: 'create',
      into: null,
      update: null,
    };
    if (choice?.skip) planned.action = 'skip';
    else {
      let into: TargetStrategy | undefined;
      if (choice?.into) {
        into = stored.find((s) => s.id === choice.into);
        if (!into)
          return {
            ok: false,
            error: invalid(
              `${field}.into`,
              '更新先の総合戦略がこの自治体にありません。自治体と総合戦略を選び直してください',
              'The strategy to update is not one of this municipality’s; choose the municipality and strategy again',
            ),
          };
      } else if (choice?.into === undefined) into = stored.find((s) => s.name === name);
      if (into) {
        planned.action = 'update';
        planned.into = into;
        const incoming = doc.indicators.filter((i) => refOf(proposals, i) === p.ref);
        planned.update = planUpdate(await existingIndicators(db, into.id), incoming);
      }
    }
    strategies.push(planned);
  }
  if (strategies.every((s) => s.action === 'skip'))
    return {
      ok: false,
      error: invalid(
        'target.strategies',
        'すべての期間を取り込まない設定になっています。少なくとも1つの総合戦略を取り込んでください',
        'Every period is left out; import at least one strategy',
      ),
    };
  return { ok: true, plan: { municipality, strategies, unmatched: t.unmatched ?? 'add' } };
}

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
  const creating = proposals.filter((s) => s.action === 'create');
  const ids = new Map<string, string>();
  let summary: ImportSummary | null = null;
  if (creating.length > 0) {
    const keep = new Set(creating.map((s) => s.ref));
    const asDoc = (s: PlannedStrategy) => ({
      id: s.ref,
      name: s.name,
      generation: s.generation,
      period: { from: s.periodFrom, to: s.periodTo },
    });
    const part: StrategyDocument = {
      ...doc,
      municipality: { name: plan.municipality.name, code: plan.municipality.code },
      strategy: asDoc(creating[0]!),
      strategies: creating.map(asDoc),
      indicators: doc.indicators.filter((i) => keep.has(refOf(proposals, i))),
    };
    summary = await writeDocument(trx, { ...ctx, municipalityId }, part, options);
    for (const sid of summary.strategyIds) {
      const w = await getStrategy(trx, sid);
      if (w) ids.set(w.ref ?? '', w.id);
    }
  }
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
  for (const s of proposals) {
    const id = ids.get(s.ref);
    if (!id) continue;
    const pred = s.predecessorRef != null ? ids.get(s.predecessorRef) : undefined;
    if (pred && s.action === 'create') await linkStrategy(trx, id, { predecessorId: pred }, now);
    if (s.action === 'update' && s.into && s.into.periodFrom == null && s.into.periodTo == null)
      await linkStrategy(trx, id, { periodFrom: s.periodFrom, periodTo: s.periodTo }, now);
  }
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
  let position = await nextPosition(trx, 'indicators', strategyId);
  const indicatorRows: IndicatorTable[] = [];
  const observations: ObservationTable[] = [];
  const audits: Change[] = [];
  let changed = 0;
  const links: { name: string; indicatorId: string; position: number }[] = [];
  for (const change of plan.indicators) {
    const ind = byRef.get(change.ref)!;
    let indicatorId = change.existingId;
    if (!indicatorId) {
      if (unmatched === 'skip') continue;
      indicatorId = newId();
      const owner = await owners(ind);
      indicatorRows.push(
        newIndicatorRow(ind, { id: indicatorId, strategyId, owner, position: position++ }, now),
      );
      for (const [k, name] of (ind.departments ?? []).entries())
        links.push({ name, indicatorId, position: k });
      audits.push({
        municipalityId,
        strategyId,
        indicatorId,
        entityType: 'indicator',
        entityId: indicatorId,
        action: 'import',
        before: null,
        after: { ref: ind.id, name: ind.name, unit: ind.unit ?? null, importId: options.importId ?? null },
      });
    }
    for (const f of change.figures) {
      if (f.change === 'unchanged') continue;
      if (f.kind === 'actual' && f.fiscalYear != null && change.existingId)
        await guardYearWrite(
          trx,
          {
            strategyId,
            fiscalYear: f.fiscalYear,
            indicatorIds: [indicatorId],
            what: '取込による実績値',
            departmentData: false,
          },
          now,
        );
      const figure: Figure | null | undefined =
        f.kind === 'baseline'
          ? ind.baseline
          : f.kind === 'target'
            ? ind.target
            : ind.actuals.find((a) => a.fiscalYear === f.fiscalYear);
      if (!figure) continue;
      const kind: ObservationKind = f.kind;
      const old =
        f.change === 'changed'
          ? stored.find(
              (o) =>
                o.indicator_id === indicatorId &&
                o.kind === kind &&
                (kind !== 'actual' || o.fiscal_year === f.fiscalYear),
            )
          : undefined;
      if (old) {
        // The year first, so that the recorded version shows where the figure now stands.
        if (kind !== 'actual' && old.fiscal_year !== (figure.fiscalYear ?? null))
          await setObservationYear(trx, old.id, figure.fiscalYear ?? null);
        const r = await updateObservation(trx, old.id, old.version, figure, importChange);
        if (r.ok) {
          changed++;
          audits.push({
            municipalityId,
            strategyId,
            indicatorId,
            entityType: 'observation',
            entityId: old.id,
            action: 'update',
            before: toFigure(old),
            after: { ...toFigure(r.row), importId: options.importId ?? null },
          });
        }
        continue;
      }
      const position = stored.filter((o) => o.indicator_id === indicatorId && o.kind === kind).length;
      const row = observationRow(figure, { indicatorId, strategyId, kind, position }, now);
      observations.push(row);
      audits.push({
        municipalityId,
        strategyId,
        indicatorId,
        entityType: 'observation',
        entityId: row.id,
        action: 'create',
        before: null,
        after: { ...figure, importId: options.importId ?? null },
      });
    }
  }
  await insertMany(trx, 'indicators', indicatorRows);
  await insertObservations(trx, observations, importChange);
  const departmentIds = new Map<string, string>();
  const linkRows = [];
  for (const l of links) {
    let id = departmentIds.get(l.name);
    if (!id) {
      id = (await findOrCreateDepartment(trx, municipalityId, l.name, now)).id;
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
  await insertMany(trx, 'department_links', linkRows);
  audits.push({
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
      importId: options.importId ?? null,
    },
  });
  await recordChange(trx, ctx, now, audits);
  return { indicators: indicatorRows.length, observations: observations.length, changed };
}

/**
 * Finds the stored goal, measure or project a new indicator belongs to, by the names of its owner
 * in the document; a goal or measure the strategy does not have yet is added.
 */
async function ownerResolver(trx: Executor, strategyId: string, doc: StrategyDocument, now: string) {
  const goals = await listGoalRows(trx, strategyId);
  const measures = await listMeasureRows(trx, strategyId);
  const projects = await listProjectRows(trx, strategyId);
  let goalPos = await nextPosition(trx, 'goals', strategyId);
  let measurePos = await nextPosition(trx, 'measures', strategyId);
  const goalId = async (ref: string | null | undefined): Promise<string | null> => {
    const g = doc.goals.find((x) => x.id === ref);
    if (!g) return null;
    const found = goals.find(
      (x) => nameKey(x.name) === nameKey(g.name) && (x.code ?? null) === (g.code ?? null),
    );
    if (found) return found.id;
    const row = {
      id: newId(),
      strategy_id: strategyId,
      ref: g.id,
      code: g.code ?? null,
      name: g.name,
      description: g.description ?? null,
      position: goalPos++,
      provenance_json: toJson(g.provenance),
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await insertMany(trx, 'goals', [row]);
    goals.push(row);
    return row.id;
  };
  const measureId = async (ref: string | null | undefined): Promise<string | null> => {
    const m = doc.measures.find((x) => x.id === ref);
    if (!m) return null;
    const gid = await goalId(m.goalId);
    const found = measures.find(
      (x) => nameKey(x.name) === nameKey(m.name) && (gid == null || x.goal_id === gid),
    );
    if (found) return found.id;
    const row = {
      id: newId(),
      strategy_id: strategyId,
      goal_id: gid,
      parent_id: m.parentId ? await measureId(m.parentId) : null,
      ref: m.id,
      code: m.code ?? null,
      name: m.name,
      summary: m.summary ?? null,
      position: measurePos++,
      provenance_json: toJson(m.provenance),
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await insertMany(trx, 'measures', [row]);
    measures.push(row);
    return row.id;
  };
  return async (ind: Indicator): Promise<{ type: 'goal' | 'measure' | 'project'; id: string } | null> => {
    if (!ind.owner) return null;
    if (ind.owner.type === 'goal') {
      const id = await goalId(ind.owner.id);
      return id ? { type: 'goal', id } : null;
    }
    if (ind.owner.type === 'measure') {
      const id = await measureId(ind.owner.id);
      return id ? { type: 'measure', id } : null;
    }
    const p = doc.projects.find((x) => x.id === ind.owner!.id);
    const found = p ? projects.find((x) => nameKey(x.name) === nameKey(p.name)) : undefined;
    if (found) return { type: 'project', id: found.id };
    const mid = p ? await measureId(p.measureId) : null;
    return mid ? { type: 'measure', id: mid } : null;
  };
}

/** The database type, for callers composing these in a transaction. */
export type Db = Kysely<Database>;
