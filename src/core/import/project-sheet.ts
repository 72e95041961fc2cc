/**
 * Project sheets (個票): key–value blocks with 事業名 / 事業主体 / 期間 / 成果目標 / KPI /
 * 実績・予定, and the 設定指標 of the project in the shapes setting-cells.ts and
 * project-sheet-grid.ts read.
 */
import { toFigure } from '../figure.ts';
import type { Indicator, Project } from '../interchange.ts';
import { type AlignColumn, alignCells, alignRow } from './align.ts';
import { type Ctx, place, provenance, type SheetCell, type SheetRow, warn } from './context.ts';
import {
  addNarrative,
  ensureGoal,
  ensureStrategy,
  ensureTag,
  entityById,
  findProjectByName,
  indicatorsNamed,
  nextId,
  splitCode,
} from './entities.ts';
import { readHeaderYear } from './header-year.ts';
import { isMapped, markMapped, readAs } from './ledger.ts';
import { headerOf, kindOf } from './memo.ts';
import { addTag, mergeList, splitList } from './project-fields.ts';
import { readEnumeration } from './project-legend.ts';
import {
  clean,
  type OpenGrid,
  readSettingCellOf,
  settingIndicators,
  takeGridCells,
} from './project-sheet-grid.ts';
import type { Column, Schema } from './segment.ts';
import { readSettingCell, readSettingGrid } from './setting-cells.ts';
import type { YearlyCells } from './setting-years.ts';
import { indicatorLabels, namedFigures, splitNameValue } from './sheet-name-value.ts';
import { normalizeKey } from './text.ts';

/**
 * Starts a project sheet (個票): finds the project it describes (by name, else by the `No. N` line
 * through the priority list), reads goal / plan / name / bodies / period and the labelled
 * indicator cells (成果目標 … / 重要業績評価指標(KPI) …).
 */
export function buildProjectSheet(ctx: Ctx, schema: Schema, rows: SheetRow[]): void {
  const nameCol = schema.columns.find((c) => c.field === 'projectName');
  let project: Project | null = null;
  const first = rows[0];
  if (first && nameCol) {
    const names = rows
      .flatMap((r) => r.cells)
      .filter((c) => Math.abs(c.col - nameCol.col) <= 1 && kindOf(ctx.memo, c.text) === 'label');
    for (const n of names) {
      project = findProjectByName(ctx, n.text, 0.7);
      if (project) break;
    }
  }
  if (!project && ctx.current.pendingNo) {
    const id = ctx.priorityNo.get(ctx.current.pendingNo);
    project = id != null ? (entityById(ctx, 'projects', id) ?? null) : null;
  }
  ctx.current.pendingNo = null;
  ctx.current.settingTexts = null;
  if (!project) {
    // The cell under the name header or a neighbour (a row or header shifted by a PDF
    // conversion): a name before a numbered one (`1-2 …` is the measure beside it), the nearest first.
    const n = (rows[0]?.cells ?? [])
      .filter((c) => nameCol && Math.abs(c.col - nameCol.col) <= 1)
      .map((c) => ({ c, rank: (splitCode(c.text).code ? 2 : 0) + Math.abs(c.col - nameCol!.col) }))
      .sort((a, b) => a.rank - b.rank)[0]?.c;
    project = {
      id: nextId(ctx, 'project'),
      code: null,
      name: n?.text ?? '（事業名未記載）',
      provenance: provenance(ctx, rows[0]?.row ?? schema.rows[0]!.row, n?.col ?? null),
    };
    ctx.projects.push(project);
    warn(
      ctx,
      'PROJECT_SHEET_UNMATCHED',
      '個票の事業が事業一覧に見つからないため、新しい事業として読み込みました',
      'The project of this sheet is not in the project list; it was read as a new project',
      place(ctx, schema.rows[0]!.row, nameCol?.col ?? null, 'projectName'),
    );
  }
  ctx.current.projectId = project.id;
  buildSheetRows(ctx, schema, rows, project);
}

/** Reads the rows of a block inside a project sheet (key–value rows, 事業内容, 実績・予定, 設定指標). */
export function buildSheetRows(ctx: Ctx, schema: Schema, rows: SheetRow[], project: Project): void {
  // A 実績・予定 row holds results for the years past and plans after: split at the end.
  if (
    schema.columns.some((c) => c.year != null) &&
    schema.rows.some((r) =>
      r.cells.some((c) => /実績/u.test(c.text) && /予定/u.test(c.text) && c.text.length <= 12),
    )
  ) {
    ctx.combinedYears ??= new Set();
    ctx.combinedYears.add(project.id);
  }
  const targets: AlignColumn[] = schema.columns.map((c) => ({ col: c.col, type: c.type }));
  let pendingIndicator: Indicator | null = null;
  // A 設定指標 | 実績 grid spread over the sheet's cells: its two columns and the lines read so far.
  const state: { grid: OpenGrid | null } = { grid: null };
  const flush = () => {
    if (state.grid?.lines.length) {
      const read = readSettingGrid(state.grid.lines, state.grid.vertical);
      pendingIndicator = settingIndicators(ctx, project, state.grid.at, read) ?? pendingIndicator;
    }
    state.grid = null;
  };
  const goalCol = schema.columns.find((c) => c.field === 'goal');
  const yearCol = (c: SheetCell) => schema.columns.some((k) => k.col === c.col && k.year != null);
  for (const row of rows) {
    // Texts of an embedded 設定指標 table already read, which the rows after it may restate
    // (also in the next block: its 設定指標 | 実績 header starts one).
    const restated = ctx.current.settingTexts ?? null;
    let cells = [...row.cells];
    if (restated && cells.every((c) => restated!.has(clean(c.text)))) {
      for (const c of cells) readAs(ctx, c, 'restates the 設定指標 table read above');
      continue;
    }
    ctx.current.settingTexts = null;
    cells = takeGridCells(ctx, state, cells, yearCol, flush);
    if (cells.length === 0) continue;
    // A 設定指標 cell in one of the shapes setting-cells.ts reads (an embedded table, a flattened
    // one, or text with names, targets and dated actuals).
    const read = readSettingCellOf(
      ctx,
      project,
      cells,
      pendingIndicator,
      yearlyCells(schema, cells, project),
    );
    if (read) {
      pendingIndicator = read.pending;
      cells = read.cells;
    }
    // Labelled indicator cells: `成果目標` | `認定農業者数 241経営体`.
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      const several = readLabelledParts(ctx, project, c, cells[k + 1]);
      if (several) {
        pendingIndicator = several;
        k++;
        continue;
      }
      const m = c.text.length <= 30 ? headerOf(ctx.memo, c.text) : null;
      if (
        m &&
        m.score >= 0.85 &&
        (m.field === 'outcomeTarget' || m.field === 'kpiName' || m.field === 'actual')
      ) {
        const next = cells[k + 1];
        readAs(ctx, c, 'label of the cell beside it');
        if (next && besideLabel(ctx, cells, c, next)) {
          if (m.field === 'actual' && pendingIndicator)
            pendingIndicator.actuals.push(toFigure(next.text, null, provenance(ctx, next.row, next.col)));
          else if (m.field !== 'actual') {
            if (kindOf(ctx.memo, next.text) !== 'dash')
              pendingIndicator = sheetIndicator(
                ctx,
                project,
                next,
                m.field === 'outcomeTarget' ? 'numeric_target' : 'kpi',
              );
          } else addSheetText(ctx, project, next, c.text);
          if (kindOf(ctx.memo, next.text) === 'dash') readAs(ctx, next, 'no value');
          else markMapped(ctx, next);
          k++;
        }
      }
    }
    cells = cells.filter((c) => !isMapped(ctx, c));
    if (cells.length === 0) continue;
    const assign = alignRow(alignCells(ctx.memo, cells), targets);
    cells.forEach((cell, i) => {
      if (kindOf(ctx.memo, cell.text) === 'dash') {
        readAs(ctx, cell, 'no value');
        return;
      }
      const col = assign[i]! >= 0 ? schema.columns[assign[i]!] : undefined;
      const used = applySheetCell(ctx, project, col, cell, pendingIndicator, goalCol);
      if (used !== true) pendingIndicator = used;
      markMapped(ctx, cell);
    });
  }
  flush();
}

/**
 * The cells of a row under the sheet's year columns (実績・予定: 令和2年度 …), with the last year of
 * the project's period (else of the year columns): the evidence a 設定指標 cell of the row is read
 * against.
 */
function yearlyCells(schema: Schema, cells: SheetCell[], project: Project): YearlyCells {
  const years: YearlyCells['years'] = [];
  for (const c of cells) {
    const year = schema.columns.find((k) => k.col === c.col && k.year != null)?.year;
    const text = (c.raw ?? c.text)
      .replace(/<\/(?:p|li|div)>|<br\s*\/?>/giu, '\n')
      .replace(/<[^>]*>/g, ' ')
      .replace(/[\u00a0 \t]+/gu, ' ')
      .trim();
    if (year != null) years.push({ year, text });
  }
  const columns = schema.columns.flatMap((k) => (k.year != null ? [k.year] : []));
  const finalYear = project.period?.to ?? (columns.length > 0 ? Math.max(...columns) : null);
  return { years, finalYear };
}

/**
 * Whether `next` is the value of the label cell `label`: the cell after it, not a label itself (a
 * strong header match; a name that merely holds a header word is a value), next to it or, when
 * the row holds nothing but the two, however far a PDF conversion moved it.
 */
function besideLabel(ctx: Ctx, cells: SheetCell[], label: SheetCell, next: SheetCell): boolean {
  if ((headerOf(ctx.memo, next.text)?.score ?? 0) >= 0.85) return false;
  return next.col - label.col <= 2 || cells.length === 2;
}

function applySheetCell(
  ctx: Ctx,
  project: Project,
  col: Column | undefined,
  cell: SheetCell,
  pending: Indicator | null,
  goalCol?: Column,
): Indicator | true {
  const text = cell.text;
  const field = col?.field;
  if (kindOf(ctx.memo, text) === 'dash') return true;
  const range = text.length <= 16 ? readHeaderYear(text) : null;
  if (range?.year != null && range.to != null && range.to > range.year) {
    // A period (`R2 ~ R6`): the project's, or (a second sheet of it) the same one again.
    if (!project.period) project.period = { from: range.year, to: range.to, raw: text };
    else if (project.period.from !== range.year || project.period.to !== range.to)
      addSheetText(ctx, project, cell, col?.header ?? null);
    return true;
  }
  // A numbered line without a figure in an indicator column (`2. …をつくる`): the goal cell of
  // the row spilled over; read as a goal where the sheet has a goal column.
  if (
    (field === 'kpiName' || field === 'outcomeTarget') &&
    /^\d{1,2}\s*[.．]\s*\D+$/u.test(text.normalize('NFKC').trim())
  ) {
    if (goalCol) return applySheetCell(ctx, project, goalCol, cell, pending);
  }
  switch (field) {
    case 'goal':
      applyGoalCell(ctx, project, cell);
      return true;
    case 'relatedPlan': {
      const t = ensureTag(ctx, col!.header, normalizeKey(text), text);
      addTag(project, t.setId, t.tagId!);
      return true;
    }
    case 'bodies':
    case 'department':
      project.bodies = mergeList(project.bodies, splitList(text));
      return true;
    case 'period': {
      const y = readHeaderYear(text);
      if (y?.year != null) {
        project.period = { from: y.year, to: y.to, raw: text };
        return true;
      }
      break;
    }
    case 'summary':
      if (!project.summary) project.summary = text;
      else addSheetText(ctx, project, cell, col!.header);
      return true;
    case 'sdgs':
      applySdgsCell(ctx, project, col!, cell);
      return true;
    case 'viewpoint':
      applyViewpointCell(ctx, project, col!, cell);
      return true;
    case 'planResult': {
      if (col!.year != null) {
        addPlan(project, col!.year, text);
        return true;
      }
      break;
    }
    case 'kpiName':
    case 'outcomeTarget':
      return applyIndicatorCell(ctx, project, col, cell, pending);
    case 'actual': {
      if (pending && kindOf(ctx.memo, text) === 'figure') {
        pending.actuals.push(toFigure(text, null, provenance(ctx, cell.row, cell.col)));
        return true;
      }
      break;
    }
    default:
      break;
  }
  addSheetText(ctx, project, cell, col?.header ?? null);
  return true;
}

/** A cell of an indicator column: a named indicator, several in one cell, or the figure of the one before. */
function applyIndicatorCell(
  ctx: Ctx,
  project: Project,
  col: Column | undefined,
  cell: SheetCell,
  pending: Indicator | null,
): Indicator | true {
  const text = cell.text;
  const label = /^(設定指標|設定目標|成果指標|活動指標)\s*/u.exec(text);
  let rest = label ? text.slice(label[0].length).trim() : text;
  if (!rest) return true;
  // `① 1件` beside `①名称 10件`: the figure of an item of the cell before.
  const item = /^[①-⑳]\s*(.+)$/u.exec(rest);
  if (item && kindOf(ctx.memo, item[1]!) === 'figure') {
    if (!pending) {
      // A bare figure with no indicator to give it to names nothing: kept as the sheet's text.
      addSheetText(ctx, project, cell, col?.header ?? null);
      return true;
    }
    rest = item[1]!;
  }
  // A bare figure completes the indicator before it; `名称 130件/年` is an indicator of its own.
  if (kindOf(ctx.memo, rest) === 'figure' && pending && splitNameValue(rest).value == null) {
    if (!pending.target) pending.target = toFigure(rest, null, provenance(ctx, cell.row, cell.col));
    else pending.actuals.push(toFigure(rest, null, provenance(ctx, cell.row, cell.col)));
    return true;
  }
  // Several indicators in one cell (`①名称A 6団体 ②名称B 3件`): each with its own target.
  const listed = readSettingCell(`設定指標 ${rest}`);
  if (
    listed &&
    listed.length > 1 &&
    listed.every(
      (r) => r.target != null && /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u.test(r.name),
    )
  )
    return settingIndicators(ctx, project, cell, listed) ?? true;
  return sheetIndicator(ctx, project, { ...cell, text: rest }, 'project_indicator');
}

/** The goals a cell names by number (`1. …をつくる 2. …`), one per line. */
function applyGoalCell(ctx: Ctx, project: Project, cell: SheetCell): void {
  for (const line of cell.text.split(/\n|(?<=つくる)\s+(?=\d)/u)) {
    const { code } = splitCode(line.trim());
    if (code && /^\d+$/.test(code)) {
      const g = ensureGoal(ctx, line.trim(), cell.row, cell.col, code);
      project.goalIds = [...new Set([...(project.goalIds ?? []), g.id])];
    }
  }
}

/** The SDGs goals (1–17) a cell lists; the cell is kept as the sheet's text too. */
function applySdgsCell(ctx: Ctx, project: Project, col: Column, cell: SheetCell): void {
  const nums = (cell.text.normalize('NFKC').match(/(?:^|\s)(\d{1,2})(?=\s|$|[^\d%])/g) ?? [])
    .map((s) => Number(s.trim()))
    .filter((n) => n >= 1 && n <= 17);
  if (nums.length > 0) project.sdgs = [...new Set([...(project.sdgs ?? []), ...nums])].sort((a, b) => a - b);
  addSheetText(ctx, project, cell, col.header);
}

/** The viewpoints a cell enumerates, as tags of the column's tag set; kept as text too. */
function applyViewpointCell(ctx: Ctx, project: Project, col: Column, cell: SheetCell): void {
  const en = readEnumeration(cell.text.replace(/[A-Za-z]+\s*/g, ' '));
  for (const [n, name] of en) {
    const t = ensureTag(ctx, col.header, n, name);
    addTag(project, t.setId, t.tagId!);
  }
  addSheetText(ctx, project, cell, col.header);
}

/** A year's plan text (計画 of 実績・予定), appended to what the year already has. */
function addPlan(project: Project, fiscalYear: number, text: string): void {
  project.years ??= [];
  const y = project.years.find((x) => x.fiscalYear === fiscalYear);
  if (y) y.plan = y.plan ? `${y.plan}\n${text}` : text;
  else project.years.push({ fiscalYear, plan: text });
}

export function addSheetText(ctx: Ctx, project: Project, cell: SheetCell, title: string | null): void {
  addNarrative(
    ctx,
    { type: 'project', id: project.id },
    { kind: 'sheet', title, text: cell.text, provenance: provenance(ctx, cell.row, cell.col) },
  );
}

/**
 * A cell of several indicator labels beside a cell of as many `名称 数値` one after another
 * (`成果目標 重要業績評価指標(KPI)` | `観光客数 1,000人 タグ数 25万件 (累計)`: a PDF conversion
 * joined two rows): each label gives the indicator of the same place, in order. Null (nothing
 * read) unless the cell beside cuts into exactly that many named figures in one way only.
 */
function readLabelledParts(
  ctx: Ctx,
  project: Project,
  label: SheetCell,
  next: SheetCell | undefined,
): Indicator | null {
  if (!next || next.col - label.col > 2 || label.text.length > 40) return null;
  const fields = indicatorLabels(ctx.memo, label.text);
  const parts = fields ? namedFigures(next.text, fields.length) : null;
  if (!fields || !parts) return null;
  readAs(ctx, label, 'labels of the cell beside it, one per indicator');
  let last: Indicator | null = null;
  parts.forEach((text, i) => {
    const role = fields[i] === 'outcomeTarget' ? 'numeric_target' : 'kpi';
    last = sheetIndicator(ctx, project, { ...next, text }, role);
  });
  markMapped(ctx, next);
  return last;
}

/**
 * An indicator written as `名称 数値` in one cell (`新規就農者数 55人(累計)`): the name is the text
 * before the last number-led token; the number is the target.
 */
function sheetIndicator(ctx: Ctx, project: Project, cell: SheetCell, role: Indicator['role']): Indicator {
  const { name, value } = splitNameValue(cell.text);
  const strategy = ensureStrategy(ctx, ctx.titleGeneration);
  const existing = indicatorsNamed(ctx, role, name).find((i) => (i.target?.raw ?? null) === value);
  if (existing) return existing;
  const ind: Indicator = {
    id: nextId(ctx, 'ind'),
    name,
    role,
    owner: { type: 'project', id: project.id },
    strategyId: strategy.id,
    target: value ? toFigure(value, null, provenance(ctx, cell.row, cell.col)) : null,
    actuals: [],
    provenance: provenance(ctx, cell.row, cell.col),
  };
  if (ind.target?.unit) ind.unit = ind.target.unit;
  ctx.indicators.push(ind);
  return ind;
}
