/**
 * The working state of one recognition run: the document being built, the cell ledger (which
 * non-empty cell was mapped), issues, and the hierarchy context (current goal, measure, project)
 * carried from row to row. Plain data and functions; one context per `recognize` call. The
 * ledger's functions are in ledger.ts, the entity registry's (find or create a goal, measure,
 * project, tag, strategy) in entities.ts; here the state itself, places and warnings.
 */

import type { Goal, Indicator, Measure, Narrative, Project, Strategy, TagSet } from '../interchange.ts';
import type { Issue, Place } from '../issue.ts';
import { createMemo, type Memo } from './memo.ts';

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
