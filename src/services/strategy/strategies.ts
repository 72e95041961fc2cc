import type { Kysely } from 'kysely';
import { fiscalYearAt } from '../../core/fiscal-year.ts';
import { type FiscalPeriod, type StrategyTimeline, strategyTimeline } from '../../core/strategy-timeline.ts';
import { type IndicatorRecord, listIndicatorsPage } from '../../store/indicators.ts';
import {
  getMunicipality,
  insertMunicipality,
  listMunicipalities,
  type Municipality,
  municipalityIdsNamed,
  renameMunicipality,
  toMunicipality,
} from '../../store/municipalities.ts';
import type { Database } from '../../store/schema.ts';
import {
  figureYearsOf,
  getStrategy,
  listStrategies,
  listStrategiesIn,
  listStrategiesOf,
  type StrategyRecord,
  toStrategy,
  updateStrategyFields,
} from '../../store/strategies.ts';
import { getUserPreferences, setUserPreferences } from '../../store/users.ts';
import type { Executor } from '../../store/versioned.ts';
import { authorize } from '../access.ts';
import { nowIso, type RequestContext } from '../context.ts';
import {
  type AppError,
  catchRollback,
  fail,
  invalid,
  notFound,
  type Outcome,
  ok,
  Rollback,
  versionConflict,
} from '../errors.ts';
import { applied, recordChange } from '../versioned-write.ts';

const STRATEGY = '総合戦略 (strategy)';
const MUNICIPALITY = '自治体 (municipality)';

/**
 * A strategy as the screens show it: the stored record, its timeline (period, as-of year, the years
 * that take figures, each with where it came from) and where it stands today.
 */
export interface StrategyView extends StrategyRecord {
  municipalityName: string;
  timeline: StrategyTimeline;
  /** Relative to today's fiscal year: not started yet, running, or ended. */
  state: 'planned' | 'current' | 'ended';
}

/** A municipality with its strategies (the header picker and the strategies screen). */
export interface MunicipalityView extends Municipality {
  strategies: StrategyView[];
}

async function viewsOf(
  db: Executor,
  ctx: RequestContext,
  records: StrategyRecord[],
  municipalityName: (id: string) => string,
): Promise<StrategyView[]> {
  const years = await figureYearsOf(
    db,
    records.map((r) => r.id),
  );
  const today = fiscalYearAt(ctx.now());
  const none = { firstBaseline: null, lastTarget: null, firstActual: null, lastUsableActual: null };
  return records
    .map((r) => {
      const timeline = strategyTimeline(r, years.get(r.id) ?? none, today);
      const { from, to } = timeline.period;
      const state: StrategyView['state'] = today < from ? 'planned' : today > to ? 'ended' : 'current';
      return { ...r, municipalityName: municipalityName(r.municipalityId), timeline, state };
    })
    .sort((a, b) => b.timeline.period.from - a.timeline.period.from || a.name.localeCompare(b.name, 'ja'));
}

/**
 * One strategy with its timeline. The as-of year is never null: the latest year with figures, or
 * the year before the period for a strategy without figures yet (DESIGN §9).
 */
export async function strategyView(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
): Promise<Outcome<StrategyView>> {
  const s = await getStrategy(db, id);
  if (!s) return fail(notFound(STRATEGY, id));
  const denied = authorize(ctx, 'read', { municipalityId: s.municipalityId });
  if (denied) return fail(denied);
  const m = await getMunicipality(db, s.municipalityId);
  const [view] = await viewsOf(db, ctx, [s], () => m?.name ?? '');
  return ok(view as StrategyView);
}

/** One page of the strategies of the caller's municipality (all of them for an administrator). */
export async function strategiesPage(
  db: Kysely<Database>,
  ctx: RequestContext,
  q: { offset: number; limit: number },
): Promise<{ items: StrategyRecord[]; total: number }> {
  return listStrategies(db, { municipalityId: ctx.municipalityId, ...q });
}

/** One page of the indicators of a strategy, optionally those whose name contains `q`. */
export async function strategyIndicatorsPage(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  q: { offset: number; limit: number; q?: string | undefined },
): Promise<Outcome<{ items: IndicatorRecord[]; total: number }>> {
  const s = await getStrategy(db, id);
  if (!s) return fail(notFound(STRATEGY, id));
  const denied = authorize(ctx, 'read', { municipalityId: s.municipalityId });
  if (denied) return fail(denied);
  return ok(await listIndicatorsPage(db, { strategyId: id, ...q }));
}

/** The default evaluation year of a strategy (its timeline's as-of year), or null when it does not exist. */
export async function defaultAsOf(db: Executor, ctx: RequestContext, id: string): Promise<number | null> {
  const s = await getStrategy(db, id);
  if (!s) return null;
  const [view] = await viewsOf(db, ctx, [s], () => '');
  return view?.timeline.asOf ?? null;
}

/**
 * The municipalities the caller may see (an administrator: all; anyone else: their own), each
 * with its strategies, newest period first.
 */
export async function municipalitiesWithStrategies(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<Outcome<MunicipalityView[]>> {
  const denied = authorize(ctx, 'read', { municipalityId: ctx.municipalityId });
  if (denied) return fail(denied);
  const all = ctx.municipalityId
    ? [await getMunicipality(db, ctx.municipalityId)].filter((m): m is Municipality => m !== null)
    : await listMunicipalities(db);
  const ids = all.map((m) => m.id);
  const strategies = await listStrategiesIn(db, ids);
  const names = new Map(all.map((m) => [m.id, m.name]));
  const views = await viewsOf(db, ctx, strategies, (id) => names.get(id) ?? '');
  return ok(
    all
      .map((m) => ({ ...m, strategies: views.filter((v) => v.municipalityId === m.id) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.id.localeCompare(b.id)),
  );
}

/** The strategies of one municipality with their periods and states. */
export async function municipalityStrategies(
  db: Kysely<Database>,
  ctx: RequestContext,
  municipalityId: string,
): Promise<Outcome<StrategyView[]>> {
  const denied = authorize(ctx, 'read', { municipalityId });
  if (denied) return fail(denied);
  const m = await getMunicipality(db, municipalityId);
  if (!m) return fail(notFound(MUNICIPALITY, municipalityId));
  return ok(await viewsOf(db, ctx, await listStrategiesOf(db, municipalityId), () => m.name));
}

function adminOnly(ctx: RequestContext): AppError | null {
  if (ctx.principal === 'system' || (ctx.principal === 'user' && ctx.role === 'admin')) return null;
  return {
    code: 'FORBIDDEN',
    message: '自治体の作成と名称変更は管理者だけが行えます',
    messageEn: 'Only an administrator may create or rename a municipality',
    place: null,
  };
}

const cleanName = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ');

async function nameTaken(db: Executor, name: string, except: string | null): Promise<AppError | null> {
  const ids = await municipalityIdsNamed(db, name);
  if (ids.every((id) => id === except)) return null;
  return {
    code: 'ALREADY_EXISTS',
    message: `自治体「${name}」は既にあります。別の名前にしてください`,
    messageEn: `A municipality is already called '${name}'; choose another name`,
    place: { field: 'name' },
  };
}

/** Creates a municipality (administrators only); its name must be new. Audited. */
export async function createMunicipality(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: { name: string; code?: string | null | undefined },
): Promise<Outcome<Municipality>> {
  const denied = adminOnly(ctx);
  if (denied) return fail(denied);
  const name = cleanName(input.name);
  if (!name) return fail(invalid('name', '自治体名を入力してください', 'Enter the municipality’s name'));
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const taken = await nameTaken(trx, name, null);
      if (taken) throw new Rollback(taken);
      const now = nowIso(ctx);
      const m = await insertMunicipality(trx, { name, code: input.code?.trim() || null }, now);
      await recordChange(trx, ctx, now, {
        municipalityId: m.id,
        entityType: 'municipality',
        entityId: m.id,
        action: 'create',
        after: m,
      });
      return m;
    }),
  );
}

/**
 * Edits a municipality with a version check. Audited. Its name and 団体コード are the
 * administrators' (a planner sending them unchanged is fine); the name of its planning division
 * (企画政策課, 経営戦略課… used in the messages departments read; null or blank: not set) is also
 * its planners' (the route lets whoever may change the municipality's settings).
 */
export async function renameMunicipalityChecked(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  input: {
    name?: string | undefined;
    code?: string | null | undefined;
    planningDivision?: string | null | undefined;
  },
): Promise<Outcome<Municipality>> {
  const name = input.name === undefined ? undefined : cleanName(input.name);
  if (name === '')
    return fail(invalid('name', '自治体名を入力してください', 'Enter the municipality’s name'));
  return catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getMunicipality(trx, id);
      if (!before) throw new Rollback(notFound(MUNICIPALITY, id));
      const code = input.code === undefined ? before.code : input.code?.trim() || null;
      const newName = name ?? before.name;
      const denied =
        newName !== before.name || code !== before.code
          ? adminOnly(ctx)
          : authorize(ctx, 'settings.write', { municipalityId: id });
      if (denied) throw new Rollback(denied);
      if (before.version !== version) throw new Rollback(versionConflict(MUNICIPALITY, version, before));
      if (newName !== before.name) {
        const taken = await nameTaken(trx, newName, id);
        if (taken) throw new Rollback(taken);
      }
      const planningDivision =
        input.planningDivision === undefined
          ? before.planningDivision
          : cleanName(input.planningDivision ?? '') || null;
      const now = nowIso(ctx);
      const r = await renameMunicipality(trx, id, version, { name: newName, code, planningDivision }, now);
      const after = applied(r, MUNICIPALITY, id, version, toMunicipality);
      await recordChange(trx, ctx, now, {
        municipalityId: id,
        entityType: 'municipality',
        entityId: id,
        action: 'update',
        before,
        after,
      });
      return after;
    }),
  );
}

/** What a planner sets on a strategy: its name, period (from–to fiscal year) and as-of year. */
export interface StrategySettings {
  name: string;
  /** null: derived from the figures (the year after the earliest baseline to the last target), re-derived as they change. */
  period: { from: number; to: number } | null;
  /** null: derived (the latest year with figures, else the year before the period). */
  asOf: number | null;
}

function checkSettings(input: { period: FiscalPeriod; asOf: number | null }): AppError | null {
  const { from, to } = input.period;
  if (from > to)
    return invalid(
      'period.to',
      `計画期間の終わり (${to}年度) が始まり (${from}年度) より前です。終わりを始まり以降にしてください`,
      `The period ends (FY${to}) before it starts (FY${from}); make the end the start or later`,
    );
  if (to - from > 20)
    return invalid(
      'period.to',
      `計画期間が ${to - from + 1} 年あります。21年以内にしてください`,
      `The period spans ${to - from + 1} years; keep it within 21 years`,
    );
  if (input.asOf !== null && (input.asOf < from - 1 || input.asOf > to))
    return invalid(
      'asOf',
      `評価年度 (${input.asOf}年度) が計画期間 (${from}–${to}年度) の外です。${from - 1}年度から${to}年度の間にしてください`,
      `The as-of year (FY${input.asOf}) is outside the period (FY${from}–${to}); choose FY${from - 1} to FY${to}`,
    );
  return null;
}

/**
 * Sets a strategy's name, period and as-of year (planners), with a version check (a stale version
 * answers VERSION_CONFLICT with the current strategy). Audited; the strategy's revision grows, so
 * the tree and the evaluations follow.
 */
export async function updateStrategySettings(
  db: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  version: number,
  input: StrategySettings,
): Promise<Outcome<StrategyView>> {
  const name = cleanName(input.name);
  if (!name) return fail(invalid('name', '戦略の名称を入力してください', 'Enter the strategy’s name'));
  if (input.period) {
    const bad = checkSettings({ period: input.period, asOf: input.asOf });
    if (bad) return fail(bad);
  }
  const r = await catchRollback(() =>
    db.transaction().execute(async (trx) => {
      const before = await getStrategy(trx, id);
      if (!before) throw new Rollback(notFound(STRATEGY, id));
      const denied = authorize(ctx, 'admin', { municipalityId: before.municipalityId });
      if (denied) throw new Rollback(denied);
      if (before.version !== version) throw new Rollback(versionConflict(STRATEGY, version, before));
      if (!input.period) {
        // A derived period: the as-of year is checked against the period the figures give now.
        const [view] = await viewsOf(
          trx,
          ctx,
          [{ ...before, period: { from: null, to: null }, asOf: null }],
          () => '',
        );
        const bad = view && checkSettings({ period: view.timeline.period, asOf: input.asOf });
        if (bad) throw new Rollback(bad);
      }
      const now = nowIso(ctx);
      const u = await updateStrategyFields(
        trx,
        id,
        version,
        {
          name,
          periodFrom: input.period?.from ?? null,
          periodTo: input.period?.to ?? null,
          asOf: input.asOf,
        },
        now,
      );
      const after = applied(u, STRATEGY, id, version, toStrategy);
      const pick = (s: StrategyRecord) => ({
        name: s.name,
        period: s.period,
        asOf: s.asOf,
        version: s.version,
      });
      await recordChange(
        trx,
        ctx,
        now,
        {
          municipalityId: before.municipalityId,
          strategyId: id,
          entityType: 'strategy',
          entityId: id,
          action: 'update',
          before: pick(before),
          after: pick(after),
        },
        { revision: false },
      );
      return after;
    }),
  );
  return r.ok ? strategyView(db, ctx, id) : r;
}

/** A person's preferences: the strategy last chosen in the header picker. */
export interface Preferences {
  strategyId: string | null;
}

function personOf(ctx: RequestContext): string | AppError {
  if (ctx.principal === 'user' && ctx.actor.id) return ctx.actor.id;
  return {
    code: 'FORBIDDEN',
    message: '設定はサインインした人ごとに保存されます',
    messageEn: 'Preferences belong to a signed-in person',
    place: null,
  };
}

/**
 * The caller's preferences. A remembered strategy the caller may no longer read (deleted, or of
 * another municipality) reads as none.
 */
export async function preferencesOf(
  db: Kysely<Database>,
  ctx: RequestContext,
): Promise<Outcome<Preferences>> {
  const who = personOf(ctx);
  if (typeof who !== 'string') return fail(who);
  const stored = await getUserPreferences(db, who);
  const id = typeof stored.strategyId === 'string' ? stored.strategyId : null;
  const s = id ? await getStrategy(db, id) : null;
  const readable = s && !authorize(ctx, 'read', { municipalityId: s.municipalityId });
  return ok({ strategyId: readable ? s.id : null });
}

/** Remembers the strategy the caller chose (it must be one the caller may read). */
export async function setPreferences(
  db: Kysely<Database>,
  ctx: RequestContext,
  input: Preferences,
): Promise<Outcome<Preferences>> {
  const who = personOf(ctx);
  if (typeof who !== 'string') return fail(who);
  if (input.strategyId) {
    const s = await getStrategy(db, input.strategyId);
    if (!s) return fail({ ...notFound(STRATEGY, input.strategyId), place: { field: 'strategyId' } });
    const denied = authorize(ctx, 'read', { municipalityId: s.municipalityId });
    if (denied) return fail(denied);
  }
  const stored = await getUserPreferences(db, who);
  await setUserPreferences(db, who, { ...stored, strategyId: input.strategyId });
  return ok({ strategyId: input.strategyId });
}
