/**
 * Where an import goes (取込先) and what it changes: the choices offered before a commit (the
 * municipalities and strategies the caller may import into), the plan of a choice (the strategies
 * created, updated or left out, and for an update which indicators and figures are new, changed or
 * the same). Writing the plan inside the commit's transaction is import-apply.ts.
 */
import type { Kysely } from 'kysely';
import {
  type ImportTarget,
  type ProposedStrategy,
  proposeStrategies,
} from '../../core/import/import-target.ts';
import { type ExistingIndicator, planUpdate, type UpdatePlan } from '../../core/import/update-plan.ts';
import type { Indicator, StrategyDocument } from '../../core/interchange.ts';
import { listStrategyRowsOf } from '../../store/import-targets.ts';
import { listIndicatorRows } from '../../store/indicators.ts';
import { getMunicipality, listMunicipalities } from '../../store/municipalities.ts';
import { listObservationRows, toFigure } from '../../store/observations.ts';
import type { Database, ObservationTable } from '../../store/schema.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import type { RequestContext } from '../context.ts';
import { type AppError, invalid } from '../errors.ts';

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
export function refOf(proposals: ProposedStrategy[], ind: Indicator): string {
  const known = new Set(proposals.map((p) => p.ref));
  return ind.strategyId != null && known.has(ind.strategyId) ? ind.strategyId : proposals[0]!.ref;
}

/** Stored indicators of a strategy with their figures, as the update plan compares them. */
export async function existingIndicators(db: Executor, strategyId: string): Promise<ExistingIndicator[]> {
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

/** A step of the plan: its result, or an error naming the field of the choice that cannot be followed. */
type Step<T> = { ok: true; value: T } | { ok: false; error: AppError };

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
  const chosen = await planMunicipality(db, ctx, importMunicipalityId, doc, t);
  if (!chosen.ok) return chosen;
  const municipality = chosen.value;
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
    const planned = await planStrategy(db, doc, t, proposals, stored, p, k);
    if (!planned.ok) return planned;
    strategies.push(planned.value);
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
 * The municipality imported into: the one chosen (found and writable by the caller), a new one
 * (an administrator only), or else the import's own or the caller's, or a new one named by the
 * document.
 */
async function planMunicipality(
  db: Executor,
  ctx: RequestContext,
  importMunicipalityId: string | null,
  doc: StrategyDocument,
  t: ImportTarget,
): Promise<Step<ImportPlan['municipality']>> {
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
    return { ok: true, value: { id: m.id, name: m.name, code: m.code, isNew: false } };
  }
  if (t.municipality && 'name' in t.municipality) {
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
    return {
      ok: true,
      value: { id: null, name: t.municipality.name, code: t.municipality.code ?? null, isNew: true },
    };
  }
  const own = importMunicipalityId ?? ctx.municipalityId;
  const m = own ? await getMunicipality(db, own) : null;
  return {
    ok: true,
    value: m
      ? { id: m.id, name: m.name, code: m.code, isNew: false }
      : {
          id: null,
          name: doc.municipality?.name ?? '名称未設定の自治体',
          code: doc.municipality?.code ?? null,
          isNew: true,
        },
  };
}

/**
 * One strategy period of the document (the `k`th proposal) with its choice applied: its name and
 * period, and whether it is left out, updates a stored strategy (with the update plan) or is created.
 */
async function planStrategy(
  db: Executor,
  doc: StrategyDocument,
  t: ImportTarget,
  proposals: ProposedStrategy[],
  stored: TargetStrategy[],
  p: ProposedStrategy,
  k: number,
): Promise<Step<PlannedStrategy>> {
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
  if (choice?.skip) return { ok: true, value: { ...planned, action: 'skip' } };
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
  return { ok: true, value: planned };
}

/** The database type, for callers composing these in a transaction. */
export type Db = Kysely<Database>;
