/**
 * The working state of one recognition run: the document being built, the cell ledger (which
 * non-empty cell was mapped), issues, and the hierarchy context (current goal, measure, project)
 * carried from row to row. Plain data and functions; one context per `recognize` call.
 */

import type { Goal, Indicator, Measure, Narrative, Project, Strategy, TagSet } from '../interchange.ts';
import type { Issue, Place } from '../issue.ts';
import { createMemo, keyOf, type Memo } from './memo.ts';
import { bigrams, diceOfBigrams, normalizeKey } from './text.ts';

/** A non-blank cell with its place, original text and cleaned text. */
export interface SheetCell {
  row: number;
  col: number;
  raw: string;
  text: string;
  /**
   * Set on a cell that is not in the file but repeats the value of a merged range (the adapter
   * leaves it in the top-left cell only): recognition reads it as if written there, and the ledger
   * ignores it (the original cell is accounted for at its own place).
   */
  copy?: true;
  /**
   * Set on a part of a collapsed row's cell (collapsed-rows.ts): 0 for its header word, i for the
   * i-th value. A part has the place of its cell but a ledger entry of its own; the original cell
   * is accounted for once, as mapped when one of its parts was.
   */
  part?: number;
}

/** A row of non-blank cells, in column order. */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

/** One table found in a sheet, as the import report lists it. */
export interface TableReport {
  file: string;
  sheet: string | null;
  firstRow: number;
  lastRow: number;
  kind: string;
  /**
   * The mapping of columns: header → field (`ignore` when the mapping ignores it), the year of a
   * year column, and `overridden` when the person importing set the field (column-overrides.ts).
   */
  columns: {
    column: number;
    header: string;
    field: string;
    year?: number;
    overridden?: boolean;
    /** Repeated column group (1, 2, …) set in a manual structure. */
    group?: number;
  }[];
  /** Set when the person importing gave the table's structure (manual-structure.ts). */
  manual?: { headerRows: number[]; firstDataRow: number; excludedRows: number[] };
  /**
   * The mapping of values beside the mapping of columns: each distinct cell text the table read
   * into something other than itself (`○` as a tag, `1 安定した雇用` as goal 1, `KPI` as the role,
   * `－` as no value, a section row as a goal), with what it became. Texts kept verbatim in the
   * document are not repeated here.
   */
  values?: TableValue[];
  /**
   * Decisions recognition took on this table beyond reading header words (a header row found,
   * repeated column groups, a column's role from its content), each with its place and reason.
   */
  decisions?: { row: number | null; column: number | null; what: string; because: string }[];
}

/** A cell text read into something other than itself (see `TableReport.values`). */
export interface TableValue {
  column: number;
  raw: string;
  as: string;
}

/** The sheet being read. */
export interface SheetInfo {
  file: string;
  sheet: string | null;
  index: number;
}

/** A lineage marker written in a cell: 削除, 2(4)から移動, 2(1)へ移動, 新規. */
export interface LineageMarker {
  change: 'deleted' | 'moved_from' | 'moved_to' | 'new' | 'changed';
  raw: string;
  /** Code of the measure named in the marker (`2(4)`). */
  code: string | null;
  /** Text after the marker (an indicator name written in the same cell). */
  rest: string;
}

/** A request to link an indicator of a newer period to its predecessor once all rows are read. */
export interface LineageRequest {
  indicatorId: string;
  generation: number | null;
  marker: LineageMarker | null;
  sameRowOldId: string | null;
  measureId: string | null;
}

/** Mutable state of a recognition run. */
export interface Ctx {
  sheet: SheetInfo;
  goals: Goal[];
  measures: Measure[];
  projects: Project[];
  tagSets: TagSet[];
  indicators: Indicator[];
  strategies: Strategy[];
  /** Front matter and headings that belong to no goal, measure or project. */
  narratives: Narrative[];
  municipality: string | null;
  titleGeneration: number | null;
  /** Ledger of mapped cells and reasons for unmapped ones, by cell key (see `isMapped`). */
  mapped: Set<number | string>;
  reasons: Map<number | string, string>;
  nonEmpty: number;
  issues: Issue[];
  warnings: Issue[];
  tables: TableReport[];
  /** The table being read (its report receives the value readings), or null outside tables. */
  table: TableReport | null;
  /** Distinct readings already listed in the current table's report (`column raw`). */
  tableValues: Set<string>;
  /** Legends: normalized group header → tag number → name (`1:住民の愛着心の深化`). */
  legends: Map<string, Map<string, string>>;
  current: {
    goalId: string | null;
    measureId: string | null;
    parentMeasureId: string | null;
    projectId: string | null;
    headings: string[];
    /** `No. 14` seen before a project sheet. */
    pendingNo: string | null;
    /** Role named by a title line (`■数値目標`) for the indicators of the next table. */
    role?: Indicator['role'] | null;
    /** Texts of the embedded 設定指標 table just read, which the next rows may restate. */
    settingTexts?: Set<string> | null;
  };
  /** Priority list number → project id (重点施策一覧 No. → 取組事業一覧). */
  priorityNo: Map<string, string>;
  /** Projects whose yearly texts came from a 実績・予定 row (split into result and plan at the end). */
  combinedYears?: Set<string>;
  /** Indicators of a newer period to link to their predecessors at the end. */
  lineage: LineageRequest[];
  counters: Record<string, number>;
  /** Readings of cell texts remembered for this run. */
  memo: Memo;
  /** Lineage markers (削除, 2(4)から移動) read from cell texts, remembered for this run. */
  markers: Map<string, LineageMarker | false>;
  /** Lookup indexes over the lists above (which only ever grow), brought up to date on use. */
  index: CtxIndex;
}

/**
 * Indexes over the context's lists, so that finding a goal, measure, project, tag set or
 * indicator does not scan (and re-normalize) the whole list on every row. Each index records how
 * many list entries it has taken in and takes in the rest when next used; the keys are fields that
 * never change once an entry is in its list. First entries win, as `Array.find` would.
 */
export interface CtxIndex {
  goals: number;
  goalByCode: Map<unknown, Goal>;
  measures: number;
  measureByKey: Map<string, Measure>;
  projects: number;
  /** Positions in `ctx.projects` of the projects with a code. */
  projectsByCode: Map<unknown, number[]>;
  /** normalizeKey of each project's name, by position in `ctx.projects`, and its bigrams. */
  projectKeys: string[];
  projectGrams: (number[] | undefined)[];
  tagSets: number;
  tagSetByKey: Map<string, TagSet>;
  indicators: number;
  indicatorsByKey: Map<string, Indicator[]>;
  lineage: number;
  lineageById: Map<string, LineageRequest>;
  /** Goals, measures and projects by id (ids never change), with how many of each were taken in. */
  byId: Map<string, Goal | Measure | Project>;
  idsTaken: { goals: number; measures: number; projects: number };
}

function createIndex(): CtxIndex {
  return {
    goals: 0,
    goalByCode: new Map(),
    measures: 0,
    measureByKey: new Map(),
    projects: 0,
    projectsByCode: new Map(),
    projectKeys: [],
    projectGrams: [],
    tagSets: 0,
    tagSetByKey: new Map(),
    indicators: 0,
    indicatorsByKey: new Map(),
    lineage: 0,
    lineageById: new Map(),
    byId: new Map(),
    idsTaken: { goals: 0, measures: 0, projects: 0 },
  };
}

/** Creates an empty context. */
export function createContext(): Ctx {
  return {
    sheet: { file: '', sheet: null, index: 0 },
    goals: [],
    measures: [],
    projects: [],
    tagSets: [],
    indicators: [],
    strategies: [],
    narratives: [],
    municipality: null,
    titleGeneration: null,
    mapped: new Set(),
    reasons: new Map(),
    nonEmpty: 0,
    issues: [],
    warnings: [],
    tables: [],
    table: null,
    tableValues: new Set(),
    legends: new Map(),
    current: {
      goalId: null,
      measureId: null,
      parentMeasureId: null,
      projectId: null,
      headings: [],
      pendingNo: null,
    },
    priorityNo: new Map(),
    lineage: [],
    counters: {},
    memo: createMemo(),
    markers: new Map(),
    index: createIndex(),
  };
}

/** Next id of a kind: `goal-1`, `ind-12`. */
export function nextId(ctx: Ctx, kind: string): string {
  const n = (ctx.counters[kind] ?? 0) + 1;
  ctx.counters[kind] = n;
  return `${kind}-${n}`;
}

/**
 * Ledger key of a cell: a number for the usual sheet, row and column (sheet < 1024, row < 2^31,
 * column < 2048: one distinct integer each, below 2^53), else the text `sheet:row:column`.
 */
function key(ctx: Ctx, row: number, col: number, part?: number): number | string {
  const s = ctx.sheet.index;
  if (part != null) return `${s}:${row}:${col}:${part}`;
  if (
    s >= 0 &&
    s < 1024 &&
    row >= 0 &&
    row < 2147483648 &&
    col >= 0 &&
    col < 2048 &&
    Number.isInteger(s) &&
    Number.isInteger(row) &&
    Number.isInteger(col)
  )
    return (s * 2147483648 + row) * 2048 + col;
  return `${s}:${row}:${col}`;
}

/** Marks cells as mapped into the model (copies of merged cells are not in the ledger). */
export function markMapped(ctx: Ctx, ...cells: (SheetCell | null | undefined)[]): void {
  for (const c of cells) if (c && !c.copy) ctx.mapped.add(key(ctx, c.row, c.col, c.part));
}

/**
 * Marks a cell as mapped and lists, in the current table's report, what its text was read as
 * (once per column and text): for cells whose text does not itself go into the document.
 * Outside a table the reading is listed in a report entry of kind `section` for its row.
 *
 * @example readAs(ctx, cell, 'tag 基本目標:2') // report: { column: 4, raw: '○', as: 'tag 基本目標:2' }
 */
export function readAs(ctx: Ctx, cell: SheetCell, as: string): void {
  if (cell.copy) return;
  markMapped(ctx, cell);
  let table = ctx.table;
  if (!table) {
    table = {
      file: ctx.sheet.file,
      sheet: ctx.sheet.sheet,
      firstRow: cell.row,
      lastRow: cell.row,
      kind: 'section',
      columns: [],
    };
    ctx.tables.push(table);
    ctx.table = table;
    ctx.tableValues = new Set();
  }
  const k = `${cell.col}\u0000${cell.raw}\u0000${as}`;
  if (ctx.tableValues.has(k)) return;
  ctx.tableValues.add(k);
  table.values ??= [];
  table.values.push({ column: cell.col, raw: cell.raw, as });
}

/** Sets the table whose report receives value readings (null: outside tables). */
export function enterTable(ctx: Ctx, table: TableReport | null): void {
  if (ctx.table === table) return;
  ctx.table = table;
  ctx.tableValues = new Set();
  if (table?.values)
    for (const v of table.values) ctx.tableValues.add(`${v.column}\u0000${v.raw}\u0000${v.as}`);
}

/** True when the cell has been mapped. */
export function isMapped(ctx: Ctx, c: SheetCell): boolean {
  return ctx.mapped.has(key(ctx, c.row, c.col, c.part));
}

/** Notes why a cell is left unmapped (kept if the cell is never mapped). */
export function noteUnmapped(ctx: Ctx, c: SheetCell, reason: string): void {
  if (c.copy) return;
  const k = key(ctx, c.row, c.col, c.part);
  if (!ctx.reasons.has(k)) ctx.reasons.set(k, reason);
}

/** Reason recorded for an unmapped cell, if any. */
export function unmappedReason(ctx: Ctx, c: SheetCell): string | undefined {
  return ctx.reasons.get(key(ctx, c.row, c.col, c.part));
}

/** Provenance of a cell in the current sheet. */
export function provenance(ctx: Ctx, row: number, col?: number | null) {
  return { file: ctx.sheet.file, sheet: ctx.sheet.sheet, row, column: col ?? null };
}

/** Place of a cell in the current sheet, for issues. */
export function place(ctx: Ctx, row: number, col?: number | null, field?: string | null): Place {
  return { file: ctx.sheet.file, sheet: ctx.sheet.sheet, row, column: col ?? null, field: field ?? null };
}

/** Adds a warning with its place. */
export function warn(
  ctx: Ctx,
  code: string,
  message: string,
  messageEn: string,
  where: Place,
  hint: string | null = null,
): void {
  ctx.warnings.push({ code, severity: 'warning', message, messageEn, place: where, hint });
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
