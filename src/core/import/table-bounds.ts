/**
 * Where a table ends: a heading, a section line (unless the indicator table goes on under it), a
 * footnote, a new header, a gap before a lone cell; stray rows (page numbers, budget lines) end it
 * only when no data row follows. A header repeated after a page break continues the table above
 * (reanchor).
 */

import type { Ctx, SheetRow } from './context.ts';
import { kindOf } from './memo.ts';
import { readNumberedHeading, readSection } from './section.ts';
import { headingLevel, isHeaderRow, isSingleHeaderCell, type Schema } from './segment.ts';
import { strayRow } from './stray-rows.ts';

/** True for a row of rules only (`-----`, `===`), left by a Markdown table conversion. */
export function isSeparatorRow(row: SheetRow): boolean {
  return row.cells.every((c) => /^[-=:|\s]{2,}$/u.test(c.text));
}

/** A section line (基本目標1 …, 【施策Ⅱ】 …) alone near the left edge of its row. */
export function isSectionRow(row: SheetRow, firstCol = 1): boolean {
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

/** True when the row at `rows[j]` ends the table of `schema`. */
export function isBreak(ctx: Ctx, rows: SheetRow[], j: number, schema: Schema): boolean {
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

/** The columns of a table at the positions of its header repeated after a page break. */
export function reanchor(base: Schema, repeat: Schema): Schema['columns'] {
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
