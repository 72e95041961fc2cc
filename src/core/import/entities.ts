/**
 * The entity registry of a recognition run: find or create a goal, measure, project, tag set and
 * tag, or strategy (by code, name or generation), with ids in order of creation; lookups by id,
 * name and code over lists that only grow (kept fast by the indexes of the context); the names
 * as cells write them (tidied, with a leading code split off); narratives attached to their owner.
 */

import type { Goal, Indicator, Measure, Narrative, Project, Strategy } from '../interchange.ts';
import { type Ctx, type CtxIndex, type LineageRequest, provenance } from './context.ts';
import { keyOf } from './memo.ts';
import { bigrams, diceOfBigrams, normalizeKey } from './text.ts';

/** Next id of a kind: `goal-1`, `ind-12`. */
export function nextId(ctx: Ctx, kind: string): string {
  const n = (ctx.counters[kind] ?? 0) + 1;
  ctx.counters[kind] = n;
  return `${kind}-${n}`;
}

/**
 * Tidies a name broken over lines by a PDF conversion: line breaks and spaces between two
 * Japanese characters are removed, other runs of spaces become one.
 *
 * @example tidyName('ひとの流れの 創出') // 'ひとの流れの創出'
 */
export function tidyName(text: string): string {
  return text
    .trim()
    .replace(
      /([\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60])[\s\u3000]+(?=[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60])/gu,
      '$1',
    )
    .replace(/\s+/g, ' ');
}

/** Splits a leading code from a name: `1-1 安定した雇用` → ['1-1', '安定した雇用'], `①地域` → ['①', '地域']. */
export function splitCode(text: string): { code: string | null; name: string } {
  const t = text.trim();
  const m =
    /^([①-⑳❶-❿]|[0-9０-９]+(?:[-‐−ー－.．][0-9０-９]+)*(?:\([0-9０-９]+\))?[.．:：、)）]?)\s*(.*)$/su.exec(t);
  if (m?.[2]?.trim()) {
    const code = m[1]!.replace(/[.．:：、)）]$/u, '');
    return { code: /^[①-⑳❶-❿]$/u.test(code) ? code : code.normalize('NFKC'), name: tidyName(m[2]) };
  }
  return { code: null, name: tidyName(t) };
}

/** Finds or creates a goal from a cell (`1-1 安定した雇用の創出`, `基本目標1`), by code or name. */
export function ensureGoal(
  ctx: Ctx,
  text: string,
  row: number,
  col: number | null,
  code?: string | null,
): Goal {
  const bare = text.replace(/^基本目標\s*/u, '').trim();
  const split = splitCode(bare);
  // A cell holding only a number (`1`, `２`, `①`) names the goal by its code.
  if (split.code == null && /^(?:[0-9０-９]{1,3}|[①-⑳])$/u.test(bare))
    split.code = /^[①-⑳]$/u.test(bare) ? bare : bare.normalize('NFKC');
  const c = code ?? split.code;
  const name = split.name || text;
  let found: Goal | undefined;
  if (c != null) found = goalByCode(ctx, c);
  else {
    const k = normalizeKey(name);
    found = ctx.goals.find((g) => normalizeKey(g.name) === k);
  }
  if (found) {
    if ((!found.name || found.name === found.code) && name) found.name = name;
    return found;
  }
  const goal: Goal = { id: nextId(ctx, 'goal'), code: c, name, provenance: provenance(ctx, row, col) };
  ctx.goals.push(goal);
  return goal;
}

/** The first goal with a code (goals keep their code once made). */
function goalByCode(ctx: Ctx, code: unknown): Goal | undefined {
  const ix = ctx.index;
  for (; ix.goals < ctx.goals.length; ix.goals++) {
    const g = ctx.goals[ix.goals]!;
    if (!ix.goalByCode.has(g.code)) ix.goalByCode.set(g.code, g);
  }
  return ix.goalByCode.get(code);
}

function measureKey(goalId: string | null, parentId: string | null, nameKey: string): string {
  return `${goalId == null ? '\u0001' : `=${goalId}`}\u0000${parentId == null ? '\u0001' : `=${parentId}`}\u0000${nameKey}`;
}

/** Finds or creates a measure under a goal (and a parent measure), by code and name. */
export function ensureMeasure(
  ctx: Ctx,
  text: string,
  row: number,
  col: number | null,
  goalId: string | null,
  parentId: string | null,
): Measure {
  const { code, name } = splitCode(text);
  const ix = ctx.index;
  for (; ix.measures < ctx.measures.length; ix.measures++) {
    const m = ctx.measures[ix.measures]!;
    const mk = measureKey(m.goalId ?? null, m.parentId ?? null, normalizeKey(m.name));
    if (!ix.measureByKey.has(mk)) ix.measureByKey.set(mk, m);
  }
  const found = ix.measureByKey.get(measureKey(goalId, parentId, normalizeKey(name)));
  if (found) return found;
  const measure: Measure = {
    id: nextId(ctx, 'measure'),
    goalId,
    parentId,
    code,
    name: name || text,
    provenance: provenance(ctx, row, col),
  };
  ctx.measures.push(measure);
  return measure;
}

/** Finds the project whose name is most like `name` (above `threshold`). */
export function findProjectByName(ctx: Ctx, name: string, threshold = 0.8): Project | null {
  let best: Project | null = null;
  let bestScore = threshold;
  const k = normalizeKey(name);
  const ix = syncProjects(ctx);
  let grams: number[] | null = null;
  // Names that both hold numbers, different ones (`…事業1` / `…事業10`), name different projects.
  const digits = (key: string) => key.match(/\d+/g)?.join(',') ?? '';
  const own = digits(k);
  for (let i = 0; i < ctx.projects.length; i++) {
    const p = ctx.projects[i]!;
    const pk = ix.projectKeys[i]!;
    let s: number;
    if (pk === k) s = 1;
    else if (own && digits(pk) && own !== digits(pk)) s = 0;
    else if (pk.includes(k) || k.includes(pk)) s = 0.9;
    // similarity(p.name, name): neither key is empty here (an empty one is included in the other).
    else if (pk.length < 2 || k.length < 2) s = 0;
    else {
      const mine = ix.projectGrams[i] ?? bigrams(pk);
      ix.projectGrams[i] = mine;
      grams ??= bigrams(k);
      s = diceOfBigrams(mine, grams);
    }
    if (s > bestScore || (s === 1 && bestScore < 1)) {
      best = p;
      bestScore = s;
    }
  }
  return best;
}

/** Brings the project indexes up to date (projects keep their code and name once made). */
function syncProjects(ctx: Ctx): CtxIndex {
  const ix = ctx.index;
  for (; ix.projects < ctx.projects.length; ix.projects++) {
    const p = ctx.projects[ix.projects]!;
    ix.projectKeys.push(normalizeKey(p.name));
    const list = ix.projectsByCode.get(p.code);
    if (list) list.push(ix.projects);
    else ix.projectsByCode.set(p.code, [ix.projects]);
  }
  return ix;
}

/**
 * The first project with a code and, when `name` is given, the same normalized name.
 *
 * @example projectByCode(ctx, '12', '保育事業') // the project listed as No. 12 保育事業, or null
 */
export function projectByCode(ctx: Ctx, code: string, name?: string): Project | null {
  const ix = syncProjects(ctx);
  const list = ix.projectsByCode.get(code);
  if (!list) return null;
  if (name === undefined) return ctx.projects[list[0]!] ?? null;
  const k = normalizeKey(name);
  for (const at of list) if (ix.projectKeys[at] === k) return ctx.projects[at]!;
  return null;
}

/**
 * Indicators of a role with a name, in the order they were made (names and roles never change).
 *
 * @example indicatorsNamed(ctx, 'kpi', '新規求人数') // [the KPI named 新規求人数, ...]
 */
export function indicatorsNamed(ctx: Ctx, role: Indicator['role'], name: string): Indicator[] {
  const ix = ctx.index;
  for (; ix.indicators < ctx.indicators.length; ix.indicators++) {
    const i = ctx.indicators[ix.indicators]!;
    const k = `${i.role}\u0000${normalizeKey(i.name)}`;
    const list = ix.indicatorsByKey.get(k);
    if (list) list.push(i);
    else ix.indicatorsByKey.set(k, [i]);
  }
  return ix.indicatorsByKey.get(`${role}\u0000${normalizeKey(name)}`) ?? [];
}

/**
 * The lineage request made for an indicator, if any.
 *
 * @example lineageOf(ctx, 'ind-3')?.generation // 3
 */
export function lineageOf(ctx: Ctx, indicatorId: string): LineageRequest | undefined {
  const ix = ctx.index;
  for (; ix.lineage < ctx.lineage.length; ix.lineage++) {
    const r = ctx.lineage[ix.lineage]!;
    if (!ix.lineageById.has(r.indicatorId)) ix.lineageById.set(r.indicatorId, r);
  }
  return ix.lineageById.get(indicatorId);
}

/** Finds or creates a tag set by its name; adds the tag when given. Returns the set and tag ids. */
export function ensureTag(
  ctx: Ctx,
  setName: string,
  tagKey: string | null,
  tagName?: string | null,
): { setId: string; tagId: string | null } {
  const nk = keyOf(ctx.memo, setName);
  const ix = ctx.index;
  for (; ix.tagSets < ctx.tagSets.length; ix.tagSets++) {
    const ts = ctx.tagSets[ix.tagSets]!;
    const k = normalizeKey(ts.name);
    if (!ix.tagSetByKey.has(k)) ix.tagSetByKey.set(k, ts);
  }
  let set = ix.tagSetByKey.get(nk);
  if (!set) {
    set = { id: nextId(ctx, 'tagset'), name: setName.trim(), tags: [] };
    ctx.tagSets.push(set);
  }
  if (tagKey == null) return { setId: set.id, tagId: null };
  const tagId = `${set.id}:${tagKey}`;
  const existing = set.tags.find((t) => t.id === tagId);
  if (!existing) set.tags.push({ id: tagId, name: tagName ?? tagKey });
  else if (tagName && existing.name === tagKey) existing.name = tagName;
  return { setId: set.id, tagId };
}

/** Finds or creates the strategy of a generation (第N期). */
export function ensureStrategy(ctx: Ctx, generation: number | null, name?: string | null): Strategy {
  const found = ctx.strategies.find((s) => (s.generation ?? null) === generation);
  if (found) {
    if (name && found.name.startsWith('第') && found.name.length <= 4) found.name = name;
    return found;
  }
  const s: Strategy = {
    id: generation != null ? `strategy-${generation}` : nextId(ctx, 'strategy'),
    name: name ?? (generation != null ? `第${generation}期` : '総合戦略'),
    generation,
    period: null,
  };
  ctx.strategies.push(s);
  return s;
}

interface Entities {
  goals: Goal;
  measures: Measure;
  projects: Project;
}

/**
 * The first goal, measure or project with an id (as `ctx[list].find` would give).
 *
 * @example entityById(ctx, 'projects', 'project-3')?.name // the name of project-3, or undefined
 */
export function entityById<K extends keyof Entities>(ctx: Ctx, list: K, id: string): Entities[K] | undefined {
  const ix = ctx.index;
  const items = ctx[list] as Entities[K][];
  for (; ix.idsTaken[list] < items.length; ix.idsTaken[list]++) {
    const e = items[ix.idsTaken[list]]!;
    const k = `${list}\u0000${e.id}`;
    if (!ix.byId.has(k)) ix.byId.set(k, e);
  }
  return ix.byId.get(`${list}\u0000${id}`) as Entities[K] | undefined;
}

/** Adds a narrative to a goal, measure or project (or to the document's front matter). */
export function addNarrative(
  ctx: Ctx,
  target: { type: 'goal' | 'measure' | 'project'; id: string } | null,
  narrative: Narrative,
): void {
  let list: Narrative[] | undefined;
  if (target?.type === 'goal') {
    const g = entityById(ctx, 'goals', target.id);
    if (g) list = g.narratives ??= [];
  } else if (target?.type === 'measure') {
    const m = entityById(ctx, 'measures', target.id);
    if (m) list = m.narratives ??= [];
  } else if (target?.type === 'project') {
    const p = entityById(ctx, 'projects', target.id);
    if (p) list = p.narratives ??= [];
  }
  (list ?? ctx.narratives).push(narrative);
}

/** The entity narratives of the current position attach to: project, measure, goal or none. */
export function currentOwner(ctx: Ctx): { type: 'goal' | 'measure' | 'project'; id: string } | null {
  if (ctx.current.projectId) return { type: 'project', id: ctx.current.projectId };
  if (ctx.current.measureId) return { type: 'measure', id: ctx.current.measureId };
  if (ctx.current.parentMeasureId) return { type: 'measure', id: ctx.current.parentMeasureId };
  if (ctx.current.goalId) return { type: 'goal', id: ctx.current.goalId };
  return null;
}
