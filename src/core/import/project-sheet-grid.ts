/**
 * The 設定指標 | 実績 grid of a project sheet (個票) spread over the sheet's cells: where it opens
 * (a header pair, a header written down one column, or indicators beside their actuals without
 * a header), which cells of the rows below are its lines (rows a PDF conversion shifted read in
 * place), and the indicators it gives the sheet's project.
 */
import { toFigure } from '../figure.ts';
import type { Indicator, Project } from '../interchange.ts';
import { type Ctx, provenance, type SheetCell } from './context.ts';
import { ensureStrategy, indicatorsNamed, nextId } from './entities.ts';
import { isMapped, markMapped, readAs } from './ledger.ts';
import {
  nameAndTarget,
  readSettingCell,
  returnActualFigure,
  type SettingLine,
  type SettingRow,
} from './setting-cells.ts';
import { placeByYears, splitByYearlyItems, type YearlyCells } from './setting-years.ts';

/** An open 設定指標 | 実績 grid of a sheet block (see `readSettingGrid`). */
export interface OpenGrid {
  left: number;
  right: number;
  vertical: boolean;
  lines: SettingLine[];
  at: SheetCell;
}

/**
 * The cells of a row in an open grid's two columns, left first; a row a PDF conversion shifted
 * right by one (nothing under 設定指標, its cells one column on) is read as if in place.
 */
export function gridCells(
  cells: SheetCell[],
  g: OpenGrid,
  yearCol: (c: SheetCell) => boolean,
): { left: SheetCell | null; right: SheetCell | null } {
  const at = (col: number) => cells.find((c) => c.col === col) ?? null;
  // The header pair shifted right by a PDF conversion, the lines below in place: re-anchor on
  // the first line.
  if (g.lines.length === 0 && !at(g.right) && at(g.left) && at(g.left - 1) && !yearCol(at(g.left - 1)!)) {
    g.left -= 1;
    g.right -= 1;
  }
  const left = at(g.left);
  const right = at(g.right);
  const shifted = at(g.right + 1);
  // A cell past the grid's two columns: the row is shifted right by one.
  if (shifted && right) return { left: right, right: shifted };
  if (left) return { left, right };
  if (right && shifted) return { left: right, right: shifted };
  // One cell one column on: a name or a column grid's line shifted, else an actual alone.
  if (right && (g.vertical || !/[0-9０-９]/u.test(plainText(right)))) return { left: right, right: null };
  return { left: null, right };
}

/** A cell's text without markup, spaces folded. */
export function plainText(c: SheetCell): string {
  return clean((c.raw ?? c.text).replace(/<[^>]*>/g, ' '));
}

/**
 * A row that opens a 設定指標 | 実績 grid: a cell that is only the label 設定指標 (or 設定目標)
 * outside the year columns, with 実績 or nothing in the cell to its right. The grid's lines are
 * the cells of those two columns in the rows below.
 */
export function gridHeader(cells: SheetCell[]): { grid: OpenGrid; labels: SheetCell[] } | null {
  const label = cells.find((c) => /^(?:設定指標|設定目標)$/u.test(plainText(c)));
  if (!label) return null;
  const next = cells.find((c) => c.col === label.col + 1);
  if (next && !/^実績$/u.test(plainText(next))) return null;
  return {
    grid: { left: label.col, right: label.col + 1, vertical: false, lines: [], at: label },
    labels: next ? [label, next] : [label],
  };
}

/**
 * Two neighbouring cells outside the year columns where the left names indicators with their
 * targets and the right gives their actuals: led by 実績 (`実績 0回 0回`) or under the same name
 * (`年間利用団体数 1,500団体` | `年間利用団体数 124団体`).
 */
export function actualPair(
  cells: SheetCell[],
  yearCol: (c: SheetCell) => boolean,
): [SheetCell, SheetCell] | null {
  for (let k = 0; k + 1 < cells.length; k++) {
    const a = cells[k]!;
    const b = cells[k + 1]!;
    if (b.col !== a.col + 1 || yearCol(a) || yearCol(b)) continue;
    const left = plainText(a);
    const right = plainText(b);
    if (!/[0-9０-９]/u.test(left) || !/[0-9０-９]/u.test(right) || /設定指標|設定目標/u.test(left)) continue;
    const la = nameAndTarget(left);
    if (!la.target || la.name === left) continue;
    if (/^実績\s*\S/u.test(right)) return [a, b];
    const rb = nameAndTarget(right);
    if (rb.target && rb.name === la.name) return [a, b];
  }
  return null;
}

export const clean = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The indicators of a read 設定指標 cell, owned by the sheet's project: name, target and actual
 * (with its year when the cell names one). Returns the last, which figures in the cells after it
 * may still complete.
 */
export function settingIndicators(
  ctx: Ctx,
  project: Project,
  cell: SheetCell,
  rows: SettingRow[],
): Indicator | null {
  const strategy = ensureStrategy(ctx, ctx.titleGeneration);
  const at = provenance(ctx, cell.row, cell.col);
  let last: Indicator | null = null;
  for (const r of rows) {
    const target = r.target
      ? toFigure(r.target, r.targetYear != null ? { year: r.targetYear, basis: 'fiscal' } : null, at)
      : null;
    const existing = indicatorsNamed(ctx, 'project_indicator', r.name).find(
      (i) =>
        i.owner?.type === 'project' &&
        i.owner.id === project.id &&
        (i.target?.raw ?? null) === (target?.raw ?? null),
    );
    const ind: Indicator = existing ?? {
      id: nextId(ctx, 'ind'),
      name: r.name,
      role: 'project_indicator',
      owner: { type: 'project', id: project.id },
      strategyId: strategy.id,
      target,
      actuals: [],
      provenance: at,
    };
    if (r.actual && !ind.actuals.some((a) => a.raw === r.actual))
      ind.actuals.push(
        toFigure(r.actual, r.actualYear != null ? { year: r.actualYear, basis: 'fiscal' } : null, at),
      );
    if (!existing) {
      if (ind.target?.unit) ind.unit = ind.target.unit;
      ctx.indicators.push(ind);
    }
    last = ind;
  }
  return last;
}

/**
 * Takes the cells of a sheet row that belong to a 設定指標 | 実績 grid: a header opens one (the
 * grid before it is complete: `flush`), the rows below give its lines, and without a header a cell
 * of indicators beside their actuals opens one. Returns the row's other cells.
 */
export function takeGridCells(
  ctx: Ctx,
  state: { grid: OpenGrid | null },
  row: SheetCell[],
  yearCol: (c: SheetCell) => boolean,
  flush: () => void,
): SheetCell[] {
  let cells = row;
  const open = gridHeader(cells);
  if (open) {
    flush();
    state.grid = open.grid;
    for (const c of open.labels) readAs(ctx, c, 'header of the 設定指標 | 実績 grid');
    return cells.filter((c) => !open.labels.includes(c));
  }
  const g = state.grid;
  if (g) {
    const { left, right } = gridCells(cells, g, yearCol);
    const inGrid = [left, right].filter((c): c is SheetCell => c != null);
    if (g.lines.length === 0 && left && !right && /^実績$/u.test(plainText(left))) {
      // 設定指標 above 実績 in one column: the grid is written down that column.
      g.vertical = true;
      readAs(ctx, left, 'header of the 設定指標 | 実績 grid');
    } else if (inGrid.length > 0) {
      g.lines.push({
        left: left ? plainText(left) : '',
        right: right ? plainText(right) : '',
        context: cells.filter((c) => !inGrid.includes(c)).map(plainText),
      });
      for (const c of inGrid) markMapped(ctx, c);
    }
    return cells.filter((c) => !inGrid.includes(c));
  }
  // No header: a cell of indicators with targets beside one of their actuals (the same names, or
  // led by 実績) opens a grid; it goes on in the rows below (its lines in the same two columns).
  const pair = actualPair(cells, yearCol);
  if (pair) {
    state.grid = {
      left: pair[0].col,
      right: pair[1].col,
      vertical: false,
      lines: [{ left: plainText(pair[0]), right: plainText(pair[1]) }],
      at: pair[0],
    };
    markMapped(ctx, ...pair);
    cells = cells.filter((c) => !pair.includes(c));
  }
  return cells;
}

/**
 * A 設定指標 cell of the row in one of the shapes setting-cells.ts reads (an embedded table, a
 * flattened one, or text with names, targets and dated actuals): its indicators, the 実績 cell
 * beside it, and (after an embedded table) the texts the next cells and rows restate. What the
 * cell alone leaves open (two figures in an order that cannot be told, several names in one
 * text) the yearly cells of the same row may settle (setting-years.ts). Null when the row has
 * none; else the row's cells left and the indicator later figures may complete.
 */
export function readSettingCellOf(
  ctx: Ctx,
  project: Project,
  cells: SheetCell[],
  pending: Indicator | null,
  yearly?: YearlyCells,
): { cells: SheetCell[]; pending: Indicator | null } | null {
  const setting = cells.findIndex((c) => /設定指標|設定目標/u.test(c.raw ?? c.text));
  let settingRows = setting >= 0 ? readSettingCell(cells[setting]!.raw ?? cells[setting]!.text) : null;
  if (!settingRows) return null;
  if (yearly && yearly.years.length > 0) {
    for (const r of settingRows) placeByYears(r, yearly);
    if (settingRows.length === 1) settingRows = splitByYearlyItems(settingRows[0]!, yearly) ?? settingRows;
  }
  const cell = cells[setting]!;
  // The cell beside led by 実績 is the 実績 side of the same grid: its figure, if any, is the
  // actual of a lone indicator; its words restate the name (and may show that the lone
  // indicator's name took the 実績's figure: `returnActualFigure`).
  const beside = cells.find((c) => c.col === cell.col + 1);
  if (beside && settingRows.length === 1 && /^実績/u.test(plainText(beside)))
    returnActualFigure(settingRows[0]!, plainText(beside));
  const pendingIndicator = settingIndicators(ctx, project, cell, settingRows) ?? pending;
  markMapped(ctx, cell);
  if (beside && /^実績/u.test(plainText(beside))) {
    const actual = /[0-9０-９]/u.test(plainText(beside).replace(/[(（【[][^)）】\]]*[)）】\]]/gu, ''))
      ? nameAndTarget(plainText(beside).replace(/^実績\s*/u, '')).target
      : null;
    if (actual && settingRows.length === 1 && pendingIndicator && pendingIndicator.actuals.length === 0)
      pendingIndicator.actuals.push(toFigure(actual, null, provenance(ctx, beside.row, beside.col)));
    readAs(ctx, beside, 'the 実績 side of the 設定指標 cell beside it');
  }
  if (/^\s*<table\b/iu.test(cell.raw ?? cell.text)) {
    // The cells after an embedded table repeat its contents flattened, and so may the rows below.
    const restated = new Set([
      ...settingRows.flatMap((r) => [r.name, r.target, r.actual].filter((x): x is string => !!x).map(clean)),
      '設定指標',
      '実績',
    ]);
    ctx.current.settingTexts = restated;
    for (const c of cells.slice(setting + 1))
      if (restated.has(clean(c.text)) || !c.text.trim()) readAs(ctx, c, 'restates the 設定指標 table');
  }
  return { cells: cells.filter((c) => !isMapped(ctx, c)), pending: pendingIndicator };
}
