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

import {
  FORMAT_NAME,
  FORMAT_VERSION,
  type Project,
  type StrategyDocument,
  type UnmappedCell,
} from '../interchange.ts';
import type { Issue } from '../issue.ts';
import { type CollapsedRow, unpackCollapsedRows } from './collapsed-rows.ts';
import {
  applyOverrides,
  type ColumnOverride,
  IGNORED_REASON,
  overridesFor,
  unappliedWarnings,
  withoutColumns,
} from './column-overrides.ts';
import { inferColumns } from './column-roles.ts';
import {
  type Ctx,
  createContext,
  ensureGoal,
  ensureTag,
  enterTable,
  entityById,
  isMapped,
  markMapped,
  noteUnmapped,
  place,
  readAs,
  type SheetCell,
  type SheetRow,
  type TableReport,
  tidyName,
  unmappedReason,
} from './context.ts';
import type { GridWorkbook } from './grid.ts';
import { blockReader } from './indicator-blocks.ts';
import type { KpiTableState } from './kpi-plan.ts';
import { ensureProject } from './kpi-project.ts';
import { buildKpiRows } from './kpi-table.ts';
import { lineMode, readLineRow } from './line-records.ts';
import { resolveLineage } from './lineage.ts';
import {
  EXCLUDED_REASON,
  groupView,
  type StructuredTable,
  splitStructured,
  structureFor,
  type TableStructure,
} from './manual-structure.ts';
import { kindOf } from './memo.ts';
import { buildNarrativeRows, handleFreeRow } from './narrative.ts';
import {
  buildLegend,
  buildMatrixRows,
  buildPriorityRows,
  buildProjectSheet,
  buildSheetRows,
  isLegend,
  projectDepartments,
  splitPlanResults,
} from './project-tables.ts';
import { markRepeatedGroups } from './repeated-groups.ts';
import { readNumberedHeading, readSection } from './section.ts';
import {
  detectHeader,
  headingLevel,
  isHeaderRow,
  isSingleHeaderCell,
  prepareRows,
  type Schema,
  sameTable,
} from './segment.ts';
import { strayRow } from './stray-rows.ts';
import { normalizeKey } from './text.ts';
import { checkYield, type YieldCounts } from './yield-check.ts';

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

/** Kinds of table recognition knows. */
export type TableKind =
  | 'kpi_list'
  | 'period_review'
  | 'project_matrix'
  | 'priority_list'
  | 'project_sheet'
  | 'project_detail'
  | 'narrative'
  | 'summary'
  | 'legend'
  | 'example'
  | 'unknown';

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
  const allRows: { index: number; file: string; sheet: string | null; rows: SheetRow[] }[] = [];
  sheets.forEach((sheet, index) => {
    const file = typeof sheet?.file === 'string' ? sheet.file : '';
    const name = typeof sheet?.name === 'string' ? sheet.name : null;
    ctx.sheet = { file, sheet: name, index };
    let rows: SheetRow[] = [];
    try {
      rows = prepareRows(sheet);
    } catch {
      rows = [];
    }
    allRows.push({ index, file, sheet: name, rows });
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
      const structure = structureFor(options.structures, file, name);
      if (structure) readStructured(ctx, rows, structure, overrides, applied);
      else readRows(ctx, rows, overrides, applied);
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
  });
  try {
    resolveLineage(ctx);
  } catch {
    // Lineage is best effort; indicators stay without it.
  }
  splitPlanResults(ctx);
  projectDepartments(ctx);
  if (overrides.length > 0) ctx.warnings.push(...unappliedWarnings(overrides, applied, ctx.tables));
  // Account for every non-empty cell.
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
  const strategies = [...ctx.strategies].sort((a, b) => (a.generation ?? 0) - (b.generation ?? 0));
  const main =
    strategies.find((s) => s.generation === ctx.titleGeneration) ?? strategies[strategies.length - 1] ?? null;
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

/** Reads rows as recognition finds them (collapsed rows unpacked, tables by their headers). */
function readRows(
  ctx: Ctx,
  rows: SheetRow[],
  overrides: readonly ColumnOverride[],
  applied: Set<ColumnOverride>,
) {
  if (rows.length === 0) return;
  const unpacked = unpackCollapsedRows(rows, ctx.memo);
  readSheet(ctx, unpacked.rows, overrides, applied);
  accountCollapsed(ctx, unpacked.collapsed);
}

/**
 * Reads a sheet with a table whose structure was given by hand: the rows above and below it as
 * usual, the table itself with the schema built from its header rows and column roles.
 */
function readStructured(
  ctx: Ctx,
  rows: SheetRow[],
  structure: TableStructure,
  overrides: readonly ColumnOverride[],
  applied: Set<ColumnOverride>,
): void {
  const t = splitStructured(rows, structure, ctx.memo);
  readRows(ctx, t.before, overrides, applied);
  ctx.current.projectId = null;
  for (const r of t.header)
    for (const c of r.cells) {
      if (t.usedHeaderCells.has(c)) markMapped(ctx, c);
      else noteUnmapped(ctx, c, 'header cell not understood');
    }
  const firstRow = t.header[0]?.row ?? t.data[0]?.row ?? structure.firstDataRow;
  const kind = classify(ctx, t.schema, t.data);
  const reported = new Map<number, TableReport['columns'][number]>();
  for (const c of t.schema.columns)
    reported.set(c.col, {
      column: c.col,
      header: c.group ? `${c.group} ${c.tag}` : c.header,
      field: c.field,
      ...(c.year != null ? { year: c.year } : {}),
      ...(t.overridden.has(c.col) ? { overridden: true } : {}),
      ...(t.groupOf.has(c.col) ? { group: t.groupOf.get(c.col) } : {}),
    });
  const headerText = (col: number) =>
    t.header.flatMap((r) => r.cells).find((c) => c.col === col && !c.copy)?.text ?? '';
  for (const col of t.ignored)
    reported.set(col, { column: col, header: headerText(col), field: 'ignore', overridden: true });
  if (t.viewpoint != null)
    reported.set(t.viewpoint, {
      column: t.viewpoint,
      header: headerText(t.viewpoint),
      field: 'viewpoint',
      overridden: true,
    });
  if (t.project != null)
    reported.set(t.project, {
      column: t.project,
      header: headerText(t.project),
      field: 'project',
      overridden: true,
    });
  const report: TableReport = {
    file: ctx.sheet.file,
    sheet: ctx.sheet.sheet,
    firstRow,
    lastRow: t.data[t.data.length - 1]?.row ?? firstRow,
    kind,
    columns: [...reported.values()].sort((a, b) => a.column - b.column),
    manual: {
      headerRows: t.header.map((r) => r.row),
      firstDataRow: structure.firstDataRow,
      excludedRows: t.excluded.map((r) => r.row),
    },
  };
  ctx.tables.push(report);
  enterTable(ctx, report);
  for (const r of t.excluded) for (const c of r.cells) noteUnmapped(ctx, c, EXCLUDED_REASON);
  const kept = withoutColumns(t.data, t.ignored);
  for (const c of kept.removed) noteUnmapped(ctx, c, IGNORED_REASON);
  const state: KpiTableState = {
    goalId: null,
    measureId: null,
    last: new Map(),
    role: ctx.current.role ?? null,
  };
  ctx.current.role = null;
  if (kind === 'kpi_list' || kind === 'period_review') buildStructuredKpi(ctx, t, kept.rows, state);
  else {
    const hierarchy = new Set([t.viewpoint, t.project].filter((c): c is number => c != null));
    const rest = withoutColumns(kept.rows, hierarchy);
    for (const c of rest.removed) noteUnmapped(ctx, c, 'hierarchy column outside an indicator table');
    buildTable(
      ctx,
      { schema: t.schema, kind, report, kpi: state, ignored: t.ignored },
      withoutCopies(rest.rows),
    );
  }
  enterTable(ctx, null);
  readRows(ctx, t.after, overrides, applied);
}

/**
 * Builds the indicators of a table with a given structure, row by row: one indicator per
 * repeated group, owned by the row's project (事業) when a project column is set, tagged with the
 * row's viewpoint (視点) when a viewpoint column is set. Blank hierarchy cells fill down.
 */
function buildStructuredKpi(ctx: Ctx, t: StructuredTable, rows: SheetRow[], shared: KpiTableState): void {
  const groups = t.groups.length > 0 ? t.groups : [0];
  const states = new Map<number, KpiTableState>();
  for (const g of groups) states.set(g, g === groups[0] ? shared : { ...shared, last: new Map() });
  const hierarchy = new Set([t.viewpoint, t.project].filter((c): c is number => c != null));
  let viewpoint: { setId: string; tagId: string | null } | null = null;
  let project: Project | null = null;
  for (const full of rows) {
    const at = (col: number | null) => (col == null ? undefined : full.cells.find((c) => c.col === col));
    const vpCell = at(t.viewpoint);
    if (vpCell) {
      viewpoint = ensureTag(ctx, '視点', normalizeKey(vpCell.text), tidyName(vpCell.text));
      markMapped(ctx, vpCell);
    }
    const row = hierarchy.size > 0 ? withoutColumns([full], hierarchy).rows[0] : full;
    const before = ctx.indicators.length;
    if (row)
      for (const g of groups) {
        const view = g === 0 ? { schema: t.schema, row } : groupView(t, row, g);
        buildKpiRows(ctx, view.schema, [view.row], states.get(g)!);
      }
    const made = ctx.indicators.slice(before);
    const state = states.get(groups[0]!)!;
    const pCell = at(t.project);
    if (pCell) {
      project = ensureProject(ctx, pCell, state);
      markMapped(ctx, pCell);
    }
    const departments = made.find((i) => i.departments?.length)?.departments;
    for (const ind of made) {
      if (project && ind.role !== 'numeric_target') ind.owner = { type: 'project', id: project.id };
      if (viewpoint?.tagId) ind.tags = [...(ind.tags ?? []), { set: viewpoint.setId, tag: viewpoint.tagId }];
      if (departments && !ind.departments?.length && t.groups.length > 1) ind.departments = [...departments];
    }
  }
}

interface OpenTable {
  schema: Schema;
  kind: TableKind;
  report: TableReport;
  kpi: KpiTableState;
  /** Columns ignored by the mapping: their data cells are listed unmapped. */
  ignored: ReadonlySet<number>;
}

/**
 * Reports the collapsed rows of a sheet: each original cell whose parts went into the document is
 * listed in the report of the table that read it (its text is not stored verbatim); a row whose
 * names did not split is named in an info warning.
 */
function accountCollapsed(ctx: Ctx, collapsed: CollapsedRow[]): void {
  for (const c of collapsed) {
    if (!c.unpacked) {
      ctx.warnings.push({
        code: 'COLLAPSED_ROW_KEPT',
        severity: 'info',
        message: `1行に${c.k}件の指標がまとめられているようですが、名称を${c.k}つに分けられないため文章として残しました`,
        messageEn: `This row seems to hold ${c.k} indicators in one row, but their names do not split into ${c.k}; it is kept as text`,
        place: place(ctx, c.row.row, c.nameCol ?? null),
        hint: '元の表で指標ごとに行を分けてから取り込んでください / split the row into one row per indicator in the source table',
      });
      continue;
    }
    const table =
      ctx.tables.find(
        (t) =>
          t.file === ctx.sheet.file &&
          t.sheet === ctx.sheet.sheet &&
          t.firstRow <= c.row.row &&
          c.row.row <= t.lastRow,
      ) ?? null;
    enterTable(ctx, table);
    for (const cell of c.row.cells) {
      const parts = c.parts?.get(cell) ?? [];
      if (parts.some((p) => isMapped(ctx, p))) readAs(ctx, cell, `collapsed row: ${c.k} indicators`);
      else {
        const reason = parts.map((p) => unmappedReason(ctx, p)).find((r) => r != null);
        noteUnmapped(ctx, cell, reason ?? 'collapsed row part not recognized');
      }
    }
  }
  enterTable(ctx, null);
}

function readSheet(
  ctx: Ctx,
  rows: SheetRow[],
  overrides: readonly ColumnOverride[],
  applied: Set<ColumnOverride>,
): void {
  let open: OpenTable | null = null;
  let i = 0;
  enterTable(ctx, null);
  const lines = lineMode(rows);
  const readBlock = blockReader(ctx, rows);
  while (i < rows.length) {
    const row = rows[i]!;
    if (lines && readLineRow(ctx, lines, row)) {
      open = null;
      i++;
      continue;
    }
    const block = row.cells.length <= 4 ? readBlock(i) : 0;
    if (block > 0) {
      open = null;
      i += block;
      continue;
    }
    if (isSeparatorRow(row)) {
      // A Markdown table rule (`---|---`): layout, not data.
      markMapped(ctx, ...row.cells);
      i++;
      continue;
    }
    if (headingLevel(row) > 0 || isSectionRow(row)) {
      freeRow(ctx, row);
      // A new section starts new tables (a header like the last one is not its repeat).
      if (isSectionRow(row) || (headingLevel(row) > 0 && headingLevel(row) <= 2)) open = null;
      i++;
      continue;
    }
    const schema = detectHeader(rows, i, ctx.memo);
    if (schema) {
      let j = i + schema.rows.length;
      const data: SheetRow[] = [];
      while (j < rows.length && !isBreak(ctx, rows, j, schema)) {
        if (isSeparatorRow(rows[j]!)) markMapped(ctx, ...rows[j]!.cells);
        else data.push(rows[j]!);
        j++;
      }
      inferColumns(ctx.memo, schema, data);
      markRepeatedGroups(schema);
      const repeat: boolean = open != null && sameTable(open.schema, schema) && open.kind !== 'project_sheet';
      const own: ReturnType<typeof applyOverrides> | null = repeat
        ? null
        : applyOverrides(
            schema,
            overridesFor(overrides, {
              file: ctx.sheet.file,
              sheet: ctx.sheet.sheet,
              index: ctx.tables.length,
              firstRow: schema.rows[0]!.row,
            }),
          );
      if (own) for (const o of own.applied) applied.add(o);
      const captions = new Set(schema.captions ?? []);
      const used = new Set<SheetCell>(captions);
      for (const c of schema.columns) if (c.headerCell) used.add(c.headerCell);
      for (const r of schema.rows)
        for (const c of r.cells) {
          if (used.has(c)) markMapped(ctx, c);
          else noteUnmapped(ctx, c, 'header cell not understood');
        }
      if (open && repeat) {
        // A header repeated after a page break: same table, positions from the repeat.
        open.schema = { ...open.schema, columns: reanchor(open.schema, schema), rows: schema.rows };
        open.report.lastRow = data[data.length - 1]?.row ?? schema.rows[schema.rows.length - 1]!.row;
      } else {
        const kind = classify(ctx, schema, data);
        open = {
          schema,
          kind,
          report: {
            file: ctx.sheet.file,
            sheet: ctx.sheet.sheet,
            firstRow: schema.rows[0]!.row,
            lastRow: data[data.length - 1]?.row ?? schema.rows[schema.rows.length - 1]!.row,
            kind,
            columns: [
              ...schema.columns.map((c) => ({
                column: c.col,
                header: c.group ? `${c.group} ${c.tag}` : c.header,
                field: own?.ignored.has(c.col) ? 'ignore' : c.field,
                ...(c.year != null ? { year: c.year } : {}),
                ...(own?.overridden.has(c.col) ? { overridden: true } : {}),
                ...(c.repeat != null ? { group: c.repeat } : {}),
              })),
              ...[...captions].map((c) => ({ column: c.col, header: c.text, field: 'caption' })),
            ].sort((a, b) => a.column - b.column),
            ...(schema.decisions?.length ? { decisions: schema.decisions } : {}),
          },
          kpi: { goalId: null, measureId: null, last: new Map(), role: ctx.current.role ?? null },
          ignored: own?.ignored ?? new Set(),
        };
        ctx.current.role = null;
        ctx.tables.push(open.report);
      }
      enterTable(ctx, open.report);
      const kept = withoutColumns(data, open.ignored);
      for (const c of kept.removed) noteUnmapped(ctx, c, IGNORED_REASON);
      buildTable(
        ctx,
        open,
        open.kind === 'kpi_list' || open.kind === 'period_review' ? kept.rows : withoutCopies(kept.rows),
      );
      enterTable(ctx, null);
      i = j;
      continue;
    }
    freeRow(ctx, row);
    // A title line naming a role (■数値目標) starts a new table too.
    if (ctx.current.role) open = null;
    i++;
  }
}

/** A row outside tables, without the copies of merged cells (their originals are read where they are). */
function freeRow(ctx: Ctx, row: SheetRow): void {
  const own = row.cells.some((c) => c.copy) ? { ...row, cells: row.cells.filter((c) => !c.copy) } : row;
  if (own.cells.length === 0) return;
  if (ctx.table && ctx.table.kind !== 'section') enterTable(ctx, null);
  handleFreeRow(ctx, own);
  if (ctx.table?.kind === 'section') ctx.table.lastRow = row.row;
}

function withoutCopies(rows: SheetRow[]): SheetRow[] {
  if (!rows.some((r) => r.cells.some((c) => c.copy))) return rows;
  const out: SheetRow[] = [];
  for (const r of rows) {
    const cells = r.cells.filter((c) => !c.copy);
    if (cells.length > 0) out.push(cells.length === r.cells.length ? r : { row: r.row, cells });
  }
  return out;
}

/** True for a row of rules only (`-----`, `===`), left by a Markdown table conversion. */
function isSeparatorRow(row: SheetRow): boolean {
  return row.cells.every((c) => /^[-=:|\s]{2,}$/u.test(c.text));
}

/** A section line (基本目標1 …, 【施策Ⅱ】 …) alone near the left edge of its row. */
function isSectionRow(row: SheetRow, firstCol = 1): boolean {
  const first = row.cells[0];
  if (!first || first.copy || first.col > firstCol + 1) return false;
  let own = 0;
  for (const c of row.cells) if (!c.copy) own++;
  return own <= 3 && readSection(first.text) != null;
}

/** A section line, or a numbered heading alone on its row (`(1) 移住・定住の促進`) inside a table. */
function isTableSectionRow(row: SheetRow, firstCol = 1): boolean {
  if (isSectionRow(row, firstCol)) return true;
  const own = row.cells.filter((c) => !c.copy);
  return own.length === 1 && own[0]!.col <= firstCol + 1 && readNumberedHeading(own[0]!.text) != null;
}

/** A footnote line under a table (`※ 実績値は各年度末時点`, `注1)`, `出典：`). */
function isNoteRow(row: SheetRow): boolean {
  const own = row.cells.filter((c) => !c.copy);
  if (own.length !== 1) return false;
  return /^(?:※|＊|\*|注\s*\d*\s*[:：)）.．]|[(（]注\s*\d*[)）]|出典\s*[:：]|資料\s*[:：])/u.test(
    own[0]!.text.normalize('NFKC').trim(),
  );
}

function isBreak(ctx: Ctx, rows: SheetRow[], j: number, schema: Schema): boolean {
  const row = rows[j]!;
  const memo = ctx.memo;
  if (headingLevel(row) > 0) return true;
  const firstCol = schema.columns[0]?.col ?? 1;
  if (isTableSectionRow(row, firstCol)) return !sectionInside(ctx, schema, rows, j);
  if (strayRow(row) && indicatorFigures(schema)) return !continuesAfterStray(ctx, rows, j);
  if (isNoteRow(row)) return true;
  if (isHeaderRow(row, memo)) return true;
  if (isSingleHeaderCell(row, memo) && rows[j + 1] && isSingleHeaderCell(rows[j + 1]!, memo)) return true;
  const prev = rows[j - 1];
  const gap = prev ? row.row - prev.row > 1 : false;
  if (row.cells.length === 1 && gap && kindOf(memo, row.cells[0]!.text) !== 'figure') return true;
  if (/^No\.?\s*\d+$/iu.test(row.cells[0]!.text.normalize('NFKC')) && row.cells.length === 1) return true;
  return false;
}

/** True for a table that names indicators and has figure columns. */
function indicatorFigures(schema: Schema): boolean {
  let names = false;
  let figures = false;
  for (const c of schema.columns) {
    if (c.field === 'kpiName' || c.field === 'numericTarget') names = true;
    else if (c.field === 'baseline' || c.field === 'target' || c.field === 'actual') figures = true;
  }
  return names && figures;
}

/**
 * True when the table goes on after the stray rows (page numbers, footnotes, bullets, budget
 * lines) starting at `rows[j]`: the first other row is a data row (two cells or more, one a
 * figure), not a header, heading or section line.
 */
function continuesAfterStray(ctx: Ctx, rows: SheetRow[], j: number): boolean {
  let k = j;
  while (k < rows.length && k - j < 8 && strayRow(rows[k]!)) k++;
  const next = rows[k];
  if (!next || next.cells.length < 2 || headingLevel(next) > 0 || isHeaderRow(next, ctx.memo)) return false;
  if (isSectionRow(next)) return false;
  for (const c of next.cells) {
    const kind = kindOf(ctx.memo, c.text);
    if (kind === 'figure' || kind === 'int' || kind === 'dash') return true;
  }
  return false;
}

/**
 * True when a section line at `rows[j]` opens a group of rows of the same indicator table
 * (`基本目標1 しごとをつくる` between KPI rows): the table names indicators and has figure columns,
 * and the first row after the section lines is a data row (two cells or more, one a number).
 */
function sectionInside(ctx: Ctx, schema: Schema, rows: SheetRow[], j: number): boolean {
  let names = false;
  let figures = false;
  for (const c of schema.columns) {
    if (c.field === 'kpiName' || c.field === 'numericTarget') names = true;
    else if (c.field === 'baseline' || c.field === 'target' || c.field === 'actual') figures = true;
  }
  if (!names || !figures) return false;
  const firstCol = schema.columns[0]?.col ?? 1;
  let k = j + 1;
  while (k < rows.length && k - j <= 3 && isTableSectionRow(rows[k]!, firstCol)) k++;
  const next = rows[k];
  if (!next || headingLevel(next) > 0 || isHeaderRow(next, ctx.memo) || isNoteRow(next)) return false;
  if (next.cells.length < 2) return false;
  for (const c of next.cells) {
    const kind = kindOf(ctx.memo, c.text);
    if (kind === 'figure' || kind === 'int' || kind === 'dash') return true;
  }
  return false;
}

function reanchor(base: Schema, repeat: Schema): Schema['columns'] {
  const pos = repeat.columns.map((c) => c.col);
  // Map the k-th column of the base header to the k-th of the repeat; keep sub-columns' offsets.
  const mains = base.columns.filter((c) => !c.tag);
  const shift = new Map<number, number>();
  mains.forEach((c, k) => {
    const p = pos[k];
    if (p != null) shift.set(c.col, p - c.col);
  });
  let last = 0;
  return base.columns.map((c) => {
    const d = shift.get(c.col);
    if (d != null) last = d;
    return { ...c, col: c.col + (d ?? last) };
  });
}

function classify(ctx: Ctx, schema: Schema, data: SheetRow[]): TableKind {
  const fields = new Set(schema.columns.map((c) => c.field));
  const has = (...f: string[]) => f.some((x) => fields.has(x as never));
  const gens = new Set(schema.columns.map((c) => c.generation).filter((g) => g != null));
  const figures = has('baseline', 'target', 'actual');
  const names = has('kpiName', 'numericTarget');
  if (ctx.current.projectId && !figures && !has('projectName')) return 'project_detail';
  if (isLegend(data)) return 'legend';
  if (schema.vertical && data.every((r) => r.cells.length === 1)) return 'narrative';
  if (ctx.current.headings.some((h) => /見方|記入例|記載例|見本|凡例/u.test(h)) && has('projectName'))
    return 'example';
  if (has('projectName') && has('bodies', 'period') && has('kpiName', 'outcomeTarget', 'relatedPlan'))
    return 'project_sheet';
  if (has('projectName') && has('listRef')) return 'priority_list';
  if (has('projectName') && (has('viewpoint', 'sdgs', 'priority') || schema.columns.some((c) => c.tag)))
    return 'project_matrix';
  if (ctx.current.projectId && !figures) return 'project_detail';
  if (ctx.current.projectId && has('kpiName', 'actual') && !has('baseline')) return 'project_detail';
  // A list of projects with their own KPIs and figures (事業名 | KPI | 基準値 | 目標値).
  if (has('projectName') && names && figures) return gens.size > 1 ? 'period_review' : 'kpi_list';
  if (has('status') && has('count') && !figures) return 'summary';
  const firstName = schema.columns.find((c) => c.field === 'kpiName' || c.field === 'numericTarget');
  const narrativeFirst = schema.columns.find((c) =>
    ['measure', 'summary', 'mainActions', 'overall'].includes(c.field),
  );
  if (
    narrativeFirst &&
    firstName &&
    narrativeFirst.col < firstName.col &&
    has('summary', 'mainActions', 'overall')
  )
    return 'narrative';
  if (names && figures) return gens.size > 1 ? 'period_review' : 'kpi_list';
  if (has('measure', 'summary', 'mainActions', 'overall', 'digital', 'commentary')) return 'narrative';
  if (names) return 'kpi_list';
  return 'unknown';
}

function buildTable(ctx: Ctx, open: OpenTable, data: SheetRow[]): void {
  const { schema, kind } = open;
  switch (kind) {
    case 'kpi_list':
    case 'period_review':
      buildKpiRows(ctx, schema, data, open.kpi);
      break;
    case 'legend':
      buildLegend(ctx, schema, data);
      break;
    case 'project_matrix':
      buildMatrixRows(ctx, schema, data, false);
      break;
    case 'example':
      buildMatrixRows(ctx, schema, data, true);
      if (data.length > 0)
        ctx.warnings.push({
          code: 'EXAMPLE_TABLE_SKIPPED',
          severity: 'info',
          message: '記入例・表の見方として示された表は取り込みませんでした',
          messageEn: 'A table shown as an example (表の見方) was not imported',
          place: { file: ctx.sheet.file, sheet: ctx.sheet.sheet, row: schema.rows[0]!.row },
          hint: null,
        });
      break;
    case 'priority_list':
      buildPriorityRows(ctx, schema, data);
      break;
    case 'project_sheet':
      buildProjectSheet(ctx, schema, data);
      break;
    case 'project_detail': {
      const id = ctx.current.projectId;
      const project = id != null ? entityById(ctx, 'projects', id) : undefined;
      if (project) buildSheetRows(ctx, schema, data, project);
      break;
    }
    case 'narrative':
      buildNarrativeRows(ctx, schema, data);
      break;
    case 'summary':
      for (const r of data) {
        const first = r.cells[0];
        if (
          first &&
          (normalizeKey(first.text) === '合計' ||
            kindOf(ctx.memo, first.text) === 'status' ||
            r.cells.length <= 3)
        )
          for (const c of r.cells) readAs(ctx, c, 'summary (counts are computed again from the indicators)');
        else for (const c of r.cells) noteUnmapped(ctx, c, 'summary row not understood');
      }
      break;
    default:
      for (const r of data) for (const c of r.cells) noteUnmapped(ctx, c, 'table not recognized');
  }
}
