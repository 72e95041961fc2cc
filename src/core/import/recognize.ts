/**
 * Import recognition (取込の認識): a cell grid → an interchange document and an import report.
 * Sheets are segmented into tables by header detection (lexicon score), each table classified
 * (KPI list, period review, project matrix, priority list, project sheet, narrative block,
 * summary, legend), its columns mapped, entities built with ids and provenance, and every
 * non-empty cell accounted for (mapped, or listed in `document.unmapped` with a reason).
 *
 * Generic by construction: no code path names a city, a file or a sentence; header words live in
 * the lexicon. Never throws: a failure inside one sheet becomes an issue and that sheet's cells are
 * reported unmapped.
 */

import { FORMAT_NAME, FORMAT_VERSION, type StrategyDocument, type UnmappedCell } from '../interchange.ts';
import type { Issue } from '../issue.ts';
import { periodPredecessors } from '../period-chain.ts';
import { type ColumnOverride, unappliedWarnings } from './column-overrides.ts';
import { type Ctx, createContext, type SheetRow, type TableReport } from './context.ts';
import { ensureGoal } from './entities.ts';
import type { GridSheet, GridWorkbook } from './grid.ts';
import { isMapped, noteUnmapped, unmappedReason } from './ledger.ts';
import { resolveLineage } from './lineage.ts';
import { structureFor, type TableStructure } from './manual-structure.ts';
import { narrativePeriods } from './narrative-periods.ts';
import { projectDepartments, splitPlanResults } from './project-tables.ts';
import { readSection } from './section.ts';
import { prepareRows } from './segment.ts';
import { readRows } from './sheet-reader.ts';
import { readStructured } from './structured-table.ts';
import { checkYield, type ReadSheet, type YieldCounts } from './yield-check.ts';

export type { TableKind } from './table-kinds.ts';

/** Options of recognition. */
export interface RecognizeOptions {
  /** Coverage below this ratio adds a warning (default 0.9). */
  minCoverage?: number;
  /** Corrections of the column mapping made in the import wizard (see column-overrides.ts). */
  columnOverrides?: ColumnOverride[];
  /**
   * Tables whose structure the person importing set by hand: header rows, data rows, excluded
   * rows, column roles with repeated groups and hierarchy columns (see manual-structure.ts). At
   * most one per sheet; the rest of the sheet is recognized as usual.
   */
  structures?: TableStructure[];
}

/** The import report: counts, coverage, tables found and warnings with their place. */
export interface ImportReport {
  counts: { goals: number; measures: number; projects: number; indicators: number; figures: number };
  /**
   * Cells mapped out of the non-empty ones; of the mapped, `narrativeCells` were kept as narrative
   * text; `figureRows` rows carry figures and `figureRowsRead` of them gave data (yield-check.ts).
   */
  coverage: { mappedCells: number; nonEmptyCells: number; ratio: number } & Partial<YieldCounts>;
  tables: TableReport[];
  warnings: Issue[];
}

/** What `recognize` returns. */
export interface RecognizeResult {
  document: StrategyDocument;
  report: ImportReport;
  issues: Issue[];
}

/**
 * Recognizes a workbook.
 *
 * @example
 * const { document, report } = recognize({ sheets: [{ file: 'kpi.csv', name: null, merges: [], rows: [
 *   { row: 1, cells: ['KPI', '基準値', '目標値'] }, { row: 2, cells: ['新規求人数', '1,563件', '1,602件'] } ] }],
 *   encodings: {} });
 * document.indicators[0].baseline.value // 1563
 * report.coverage.ratio // 1
 */
export function recognize(workbook: GridWorkbook, options: RecognizeOptions = {}): RecognizeResult {
  const ctx = createContext();
  const issues: Issue[] = [];
  const overrides = Array.isArray(options.columnOverrides) ? options.columnOverrides : [];
  const applied = new Set<ColumnOverride>();
  const sheets = Array.isArray(workbook?.sheets) ? workbook.sheets : [];
  const allRows: ReadSheet[] = [];
  sheets.forEach((sheet, index) => {
    allRows.push(readWorkbookSheet(ctx, sheet, index, { ...options, overrides, applied }, issues));
  });
  try {
    resolveLineage(ctx);
  } catch {
    // Lineage is best effort; indicators stay without it.
  }
  splitPlanResults(ctx);
  projectDepartments(ctx);
  if (overrides.length > 0) ctx.warnings.push(...unappliedWarnings(overrides, applied, ctx.tables));
  const { unmapped, nonEmpty, mapped } = accountCells(ctx, allRows);
  const ratio = nonEmpty === 0 ? 1 : mapped / nonEmpty;
  if (ratio < (options.minCoverage ?? 0.9) && nonEmpty > 0) {
    ctx.warnings.push({
      code: 'LOW_COVERAGE',
      severity: 'warning',
      message: `取り込めたセルは${Math.round(ratio * 1000) / 10}%です。未対応のセル一覧を確認してください`,
      messageEn: `Only ${Math.round(ratio * 1000) / 10}% of the cells were recognized; check the unmapped cells`,
      place: allRows[0] ? { file: allRows[0].file, sheet: allRows[0].sheet } : null,
      hint: null,
    });
  }
  const document = assembleDocument(ctx, workbook, allRows, unmapped);
  const yieldCounts = checkYield(ctx, allRows, document, ctx.warnings, issues);
  const figures = ctx.indicators.reduce(
    (n, i) => n + (i.baseline ? 1 : 0) + (i.target ? 1 : 0) + i.actuals.length + (i.milestones?.length ?? 0),
    0,
  );
  return {
    document,
    report: {
      counts: {
        goals: ctx.goals.length,
        measures: ctx.measures.length,
        projects: ctx.projects.length,
        indicators: ctx.indicators.length,
        figures,
      },
      coverage: { mappedCells: mapped, nonEmptyCells: nonEmpty, ratio, ...yieldCounts },
      tables: ctx.tables,
      warnings: ctx.warnings,
    },
    issues: [...issues, ...ctx.issues],
  };
}

/** How one sheet is read: the hand-set structures, and the column corrections with those applied so far. */
interface SheetReading {
  structures?: TableStructure[];
  overrides: readonly ColumnOverride[];
  applied: Set<ColumnOverride>;
}

/**
 * Reads one sheet of the workbook: its rows prepared, the goal its name names (`基本目標2 ひとの流れ`), then its rows (with the table whose structure was given by hand, if any). A failure
 * becomes an issue and the sheet's cells are reported unmapped.
 */
function readWorkbookSheet(
  ctx: Ctx,
  sheet: GridSheet,
  index: number,
  reading: SheetReading,
  issues: Issue[],
): ReadSheet {
  const file = typeof sheet?.file === 'string' ? sheet.file : '';
  const name = typeof sheet?.name === 'string' ? sheet.name : null;
  ctx.sheet = { file, sheet: name, index };
  let rows: SheetRow[] = [];
  try {
    rows = prepareRows(sheet);
  } catch {
    rows = [];
  }
  ctx.current = {
    goalId: null,
    measureId: null,
    parentMeasureId: null,
    projectId: null,
    headings: [],
    pendingNo: null,
  };
  // A sheet named for a basic goal (`基本目標2 ひとの流れ`): its rows belong to that goal.
  const section = name ? readSection(name) : null;
  if (section?.field === 'goal') {
    const goal = ensureGoal(
      ctx,
      `${section.code} ${section.rest}`.trim(),
      rows[0]?.row ?? 1,
      null,
      section.code,
    );
    if (section.rest && (!goal.name || goal.name === goal.code)) goal.name = section.rest;
    ctx.current.goalId = goal.id;
  }
  try {
    const structure = structureFor(reading.structures, file, name);
    if (structure) readStructured(ctx, rows, structure, reading.overrides, reading.applied);
    else readRows(ctx, rows, reading.overrides, reading.applied);
  } catch (e) {
    issues.push({
      code: 'RECOGNIZE_FAILED',
      severity: 'error',
      message: 'このシートの読み取り中に問題が発生しました。未対応のセルとして報告します',
      messageEn: `Recognition of this sheet failed (${e instanceof Error ? e.message : String(e)}); its cells are reported unmapped`,
      place: { file, sheet: name },
      hint: null,
    });
    for (const r of rows) for (const c of r.cells) noteUnmapped(ctx, c, 'sheet could not be read');
  }
  return { index, file, sheet: name, rows };
}

/** Accounts for every non-empty cell: mapped, or listed unmapped with its reason. */
function accountCells(
  ctx: Ctx,
  allRows: ReadSheet[],
): { unmapped: UnmappedCell[]; nonEmpty: number; mapped: number } {
  const unmapped: UnmappedCell[] = [];
  let nonEmpty = 0;
  let mapped = 0;
  for (const s of allRows) {
    ctx.sheet = { file: s.file, sheet: s.sheet, index: s.index };
    for (const r of s.rows)
      for (const c of r.cells) {
        if (c.copy) continue;
        nonEmpty++;
        if (isMapped(ctx, c)) mapped++;
        else
          unmapped.push({
            file: s.file,
            sheet: s.sheet,
            row: c.row,
            column: c.col,
            raw: c.raw,
            reason: unmappedReason(ctx, c) ?? 'not recognized',
          });
      }
  }
  return { unmapped, nonEmpty, mapped };
}

/** The interchange document of the run: the strategy of the title's period first among its periods. */
function assembleDocument(
  ctx: Ctx,
  workbook: GridWorkbook,
  allRows: ReadSheet[],
  unmapped: UnmappedCell[],
): StrategyDocument {
  const sorted = [...ctx.strategies].sort((a, b) => (a.generation ?? 0) - (b.generation ?? 0));
  // A period that follows another of the document names it (第3期 → 第2期).
  const chain = periodPredecessors(sorted);
  const strategies = sorted.map((s) => (chain.has(s.id) ? { ...s, predecessorId: chain.get(s.id)! } : s));
  const main =
    strategies.find((s) => s.generation === ctx.titleGeneration) ?? strategies[strategies.length - 1] ?? null;
  const finished = main ? chain.get(main.id) : undefined;
  if (main && finished)
    for (const node of [...ctx.goals, ...ctx.measures, ...ctx.projects])
      if (node.narratives?.length) node.narratives = narrativePeriods(node.narratives, finished, main.id);
  const document: StrategyDocument = {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    municipality: ctx.municipality ? { name: ctx.municipality, code: null } : null,
    strategy: main,
    strategies,
    goals: ctx.goals,
    measures: ctx.measures,
    projects: ctx.projects,
    tagSets: ctx.tagSets,
    indicators: ctx.indicators,
    unmapped,
    sources: [...new Set(allRows.map((r) => r.file))].map((file) => ({
      file,
      encoding: workbook?.encodings?.[file] ?? null,
      sheets: allRows.filter((r) => r.file === file && r.sheet != null).map((r) => r.sheet as string),
    })),
  };
  if (ctx.narratives.length > 0) document.narratives = ctx.narratives;
  return document;
}
