/**
 * Project tables (事務事業): the project matrix (projects × basic goals / viewpoints with ● marks,
 * SDG numbers over several cells, a 重点 column), the priority list linked to it by 一覧No., and
 * project sheets (個票: key–value blocks with 事業名 / 事業主体 / 期間 / 成果目標 / KPI /
 * 実績・予定). Legends (`1:住民の愛着心の深化 2:認知度の上昇`) name the tags of a group.
 */

import { toFigure } from '../figure.ts';
import type { Indicator, Project } from '../interchange.ts';
import { type AlignColumn, alignCells, alignRow } from './align.ts';
import {
  addNarrative,
  type Ctx,
  ensureGoal,
  ensureMeasure,
  ensureStrategy,
  ensureTag,
  entityById,
  findProjectByName,
  indicatorsNamed,
  isMapped,
  markMapped,
  nextId,
  noteUnmapped,
  place,
  projectByCode,
  provenance,
  readAs,
  type SheetCell,
  type SheetRow,
  splitCode,
  warn,
} from './context.ts';
import { readHeaderYear } from './header-year.ts';
import { splitDepartments } from './kpi-table.ts';
import { headerOf, kindOf } from './memo.ts';
import { type Column, groupKey, type Schema } from './segment.ts';
import {
  nameAndTarget,
  readSettingCell,
  readSettingGrid,
  type SettingLine,
  type SettingRow,
} from './setting-cells.ts';
import { normalizeKey } from './text.ts';

/**
 * Reads enumerations such as `1:産業振興により… 2:地域資源を…` into number → name.
 *
 * @example readEnumeration('1:住民の愛着心の深化 2:認知度の上昇') // Map { '1' => '住民の愛着心の深化', '2' => '認知度の上昇' }
 */
export function readEnumeration(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const t = text.normalize('NFKC');
  const re = /(?:^|\s)(\d{1,2})\s*[:.]\s*/gu;
  const hits: { n: string; start: number; end: number }[] = [];
  for (let m = re.exec(t); m; m = re.exec(t))
    hits.push({ n: m[1]!, start: m.index, end: m.index + m[0].length });
  hits.forEach((h, k) => {
    const next = hits[k + 1];
    const name = t.slice(h.end, next ? next.start : undefined).trim();
    if (name) out.set(h.n, name);
  });
  return out;
}

/** True when most data cells of a table are enumerations (a legend of tag numbers). */
export function isLegend(rows: SheetRow[]): boolean {
  if (rows.length > 3) return false;
  const cells = rows.flatMap((r) => r.cells);
  if (cells.length === 0) return false;
  return cells.filter((c) => readEnumeration(c.text).size >= 2).length >= Math.ceil(cells.length / 2);
}

/** Stores a legend: each header's enumeration. */
export function buildLegend(ctx: Ctx, schema: Schema, rows: SheetRow[]): void {
  for (const row of rows) {
    for (const cell of row.cells) {
      const col = [...schema.columns].reverse().find((c) => c.col <= cell.col) ?? schema.columns[0];
      const header = schema.rows[0]!.cells.find((h) => h.col === col?.col)?.text ?? col?.header ?? '';
      const en = readEnumeration(cell.text);
      if (en.size > 0) {
        ctx.legends.set(groupKey(header), en);
        if (col?.field === 'goal')
          for (const [n, name] of en) ensureGoal(ctx, `${n} ${name}`, cell.row, cell.col, n);
        else ensureTag(ctx, header, null);
        for (const [n, name] of en) if (col?.field !== 'goal') ensureTag(ctx, header, n, name);
        readAs(ctx, cell, `legend of ${header}`);
      } else noteUnmapped(ctx, cell, 'legend cell without numbered items');
    }
  }
}

function legendName(ctx: Ctx, group: string, tag: string): string | null {
  const k = groupKey(group);
  for (const [lk, en] of ctx.legends) {
    if (lk === k || lk.endsWith(k) || k.endsWith(lk)) {
      const n = en.get(tag);
      if (n) return n;
    }
  }
  return null;
}

/** `legendName` of a tag column, remembered in `cache` for the table being read. */
function columnLegend(
  ctx: Ctx,
  cache: Map<Column, string | null>,
  col: Column,
  group: string,
  tag: string,
): string | null {
  let name = cache.get(col);
  if (name === undefined) {
    name = legendName(ctx, group, tag);
    cache.set(col, name);
  }
  return name;
}

/** Builds projects from a project matrix. */
export function buildMatrixRows(ctx: Ctx, schema: Schema, rows: SheetRow[], example: boolean): void {
  const targets: AlignColumn[] = schema.columns.map((c) => ({ col: c.col, type: c.type, multi: c.multi }));
  // Legends do not change while a table is read: each tag column's legend name is looked up once.
  const legendNames = new Map<Column, string | null>();
  for (const row of rows) {
    const assign = alignRow(alignCells(ctx.memo, row.cells), targets);
    const by: { col: Column; cell: SheetCell }[] = [];
    let nameCell: SheetCell | undefined;
    let noCell: SheetCell | undefined;
    for (let i = 0; i < row.cells.length; i++) {
      const cell = row.cells[i]!;
      const j = assign[i]!;
      if (j < 0) {
        noteUnmapped(ctx, cell, 'no matching column');
        continue;
      }
      const col = schema.columns[j]!;
      by.push({ col, cell });
      if (col.field === 'projectName') nameCell ??= cell;
      else if (col.field === 'no') noCell ??= cell;
    }
    if (!nameCell) {
      for (const b of by) noteUnmapped(ctx, b.cell, 'matrix row without a project name');
      continue;
    }
    if (example) {
      // An example (表の見方, 記入例) is not imported: its cells are listed as unmapped.
      for (const c of row.cells) noteUnmapped(ctx, c, 'example table (記入例), not imported');
      continue;
    }
    const code = noCell ? noCell.text.normalize('NFKC').trim() : null;
    const name = nameCell.text.replace(/\s*\n\s*/g, '');
    let project = code != null ? projectByCode(ctx, code, name) : null;
    if (!project) {
      project = {
        id: nextId(ctx, 'project'),
        code,
        name,
        provenance: provenance(ctx, row.row, nameCell.col),
      };
      ctx.projects.push(project);
    }
    markMapped(ctx, nameCell, noCell);
    for (const { col, cell } of by) {
      if (col.field === 'projectName' || col.field === 'no') continue;
      const kind = kindOf(ctx.memo, cell.text);
      if (col.field === 'sdgs') {
        const nums = (cell.text.normalize('NFKC').match(/\d{1,2}/g) ?? [])
          .map(Number)
          .filter((n) => n >= 1 && n <= 17);
        if (nums.length > 0) {
          project.sdgs = [...new Set([...(project.sdgs ?? []), ...nums])].sort((a, b) => a - b);
          if (nums.length === 1 && String(nums[0]) === cell.text.trim()) markMapped(ctx, cell);
          else readAs(ctx, cell, `SDGs ${nums.join(', ')}`);
        } else noteUnmapped(ctx, cell, 'SDG column without a goal number');
        continue;
      }
      if (kind !== 'mark') {
        if (!readProjectText(ctx, project, col, cell)) noteUnmapped(ctx, cell, 'expected a mark (●)');
        continue;
      }
      if (col.field === 'priority') {
        project.priority = true;
        readAs(ctx, cell, 'priority');
        continue;
      }
      if (col.field === 'goal' && col.tag) {
        const g = ensureGoal(
          ctx,
          `${col.tag} ${columnLegend(ctx, legendNames, col, col.group ?? '', col.tag) ?? ''}`.trim(),
          cell.row,
          cell.col,
          col.tag,
        );
        project.goalIds = [...new Set([...(project.goalIds ?? []), g.id])];
        readAs(ctx, cell, `goal ${g.id}`);
      } else if (col.tag) {
        const t = ensureTag(
          ctx,
          col.group ?? col.header,
          col.tag,
          columnLegend(ctx, legendNames, col, col.group ?? col.header, col.tag),
        );
        addTag(project, t.setId, t.tagId!);
        readAs(ctx, cell, `tag ${t.tagId}`);
      } else {
        const t = ensureTag(ctx, col.header, '●');
        addTag(project, t.setId, t.tagId!);
        readAs(ctx, cell, `tag ${t.tagId}`);
      }
    }
  }
}

/**
 * A cell of a project list that is not a mark: summary, departments, bodies, period, measure or
 * goal named in words, or text under any other header (kept as the project's narrative under that
 * header). Returns false when the column holds marks only (a stray word there stays unmapped).
 */
function readProjectText(ctx: Ctx, project: Project, col: Column, cell: SheetCell): boolean {
  const text = cell.text;
  switch (col.field) {
    case 'priority':
    case 'viewpoint':
    case 'sdgs':
      return false;
    case 'goal': {
      if (col.tag) return false;
      const g = ensureGoal(ctx, text, cell.row, cell.col);
      project.goalIds = [...new Set([...(project.goalIds ?? []), g.id])];
      if (g.name === text) markMapped(ctx, cell);
      else readAs(ctx, cell, `goal ${g.id}`);
      return true;
    }
    case 'measure': {
      const m = ensureMeasure(ctx, text, cell.row, cell.col, ctx.current.goalId, ctx.current.parentMeasureId);
      project.measureId ??= m.id;
      if (m.name === text) markMapped(ctx, cell);
      else readAs(ctx, cell, `measure ${m.id}`);
      return true;
    }
    case 'department': {
      const deps = splitDepartments(text);
      project.departments = mergeList(project.departments, deps);
      if (deps.length === 1 && deps[0] === text) markMapped(ctx, cell);
      else readAs(ctx, cell, `departments ${deps.join(', ')}`);
      return true;
    }
    case 'bodies':
      project.bodies = mergeList(project.bodies, splitList(text));
      markMapped(ctx, cell);
      return true;
    case 'summary':
      if (!project.summary) {
        project.summary = text;
        markMapped(ctx, cell);
        return true;
      }
      break;
    case 'period': {
      const y = readHeaderYear(text);
      if (y?.year != null && !project.period) {
        project.period = { from: y.year, to: y.to, raw: text };
        markMapped(ctx, cell);
        return true;
      }
      break;
    }
    default:
      break;
  }
  addNarrative(
    ctx,
    { type: 'project', id: project.id },
    { kind: col.field, title: col.header, text, provenance: provenance(ctx, cell.row, cell.col) },
  );
  markMapped(ctx, cell);
  return true;
}

function addTag(project: Project, set: string, tag: string): void {
  project.tags ??= [];
  const tags = project.tags;
  if (!tags.some((t) => t.set === set && t.tag === tag)) tags.push({ set, tag });
}

/** Builds the priority list (重点施策一覧): each row names a project of the matrix by 一覧No. */
export function buildPriorityRows(ctx: Ctx, schema: Schema, rows: SheetRow[]): void {
  const targets: AlignColumn[] = schema.columns.map((c) => ({ col: c.col, type: c.type }));
  for (const row of rows) {
    const assign = alignRow(alignCells(ctx.memo, row.cells), targets);
    const f = new Map<string, SheetCell>();
    row.cells.forEach((cell, i) => {
      const j = assign[i]!;
      if (j >= 0) f.set(schema.columns[j]!.field, cell);
      else noteUnmapped(ctx, cell, 'no matching column');
    });
    const ref = f.get('listRef');
    const nameCell = f.get('projectName');
    const refCode = ref?.text.normalize('NFKC').trim() ?? null;
    let project = refCode ? projectByCode(ctx, refCode) : null;
    if (!project && nameCell) project = findProjectByName(ctx, nameCell.text, 0.85);
    if (!project) {
      if (!nameCell) {
        for (const c of row.cells) noteUnmapped(ctx, c, 'priority row without a project');
        continue;
      }
      project = {
        id: nextId(ctx, 'project'),
        code: refCode,
        name: nameCell.text,
        provenance: provenance(ctx, row.row, nameCell.col),
      };
      ctx.projects.push(project);
      warn(
        ctx,
        'PROJECT_NOT_IN_LIST',
        `一覧No.${refCode ?? '?'} の事業が取組事業一覧に見つかりません`,
        `Project of list No. ${refCode ?? '?'} not found in the project list`,
        place(ctx, row.row, ref?.col ?? nameCell.col, 'listRef'),
      );
    }
    project.priority = true;
    if (ctx.current.goalId) project.goalIds = [...new Set([...(project.goalIds ?? []), ctx.current.goalId])];
    const no = f.get('no');
    if (no) {
      ctx.priorityNo.set(no.text.normalize('NFKC').trim(), project.id);
      readAs(ctx, no, `priority list No. of ${project.id}`);
    }
    const summary = f.get('summary');
    if (summary) {
      if (!project.summary) project.summary = summary.text;
      else if (project.summary !== summary.text)
        addNarrative(
          ctx,
          { type: 'project', id: project.id },
          { kind: 'summary', text: summary.text, provenance: provenance(ctx, summary.row, summary.col) },
        );
    }
    const bodies = f.get('bodies') ?? f.get('department');
    if (bodies) project.bodies = mergeList(project.bodies, splitList(bodies.text));
    if (nameCell && normalizeKey(nameCell.text) !== normalizeKey(project.name))
      addNarrative(
        ctx,
        { type: 'project', id: project.id },
        {
          kind: 'name',
          title: '事業名',
          text: nameCell.text,
          provenance: provenance(ctx, nameCell.row, nameCell.col),
        },
      );
    markMapped(ctx, ...row.cells.filter((c, i) => assign[i]! >= 0 && c !== no));
  }
}

function splitList(text: string): string[] {
  return text
    .split(/[、,\n]|\s+(?=・)|^・|\s・/u)
    .map((s) => s.replace(/^・/u, '').trim())
    .filter(Boolean);
}

function mergeList(a: string[] | undefined, b: string[]): string[] {
  return [...new Set([...(a ?? []), ...b])];
}

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
  let grid: OpenGrid | null = null;
  const flush = () => {
    if (grid?.lines.length) {
      const read = readSettingGrid(grid.lines, grid.vertical);
      pendingIndicator = settingIndicators(ctx, project, grid.at, read) ?? pendingIndicator;
    }
    grid = null;
  };
  const goalCol = schema.columns.find((c) => c.field === 'goal');
  const yearCol = (c: SheetCell) => schema.columns.some((k) => k.col === c.col && k.year != null);
  for (const row of rows) {
    // Texts of an embedded 設定指標 table already read, which the rows after it may restate
    // (also in the next block: its 設定指標 | 実績 header starts one).
    let restated = ctx.current.settingTexts ?? null;
    let cells = [...row.cells];
    if (restated && cells.every((c) => restated!.has(clean(c.text)))) {
      for (const c of cells) readAs(ctx, c, 'restates the 設定指標 table read above');
      continue;
    }
    ctx.current.settingTexts = null;
    const open = gridHeader(cells);
    if (open) {
      flush();
      grid = open.grid;
      for (const c of open.labels) readAs(ctx, c, 'header of the 設定指標 | 実績 grid');
      cells = cells.filter((c) => !open.labels.includes(c));
    } else if (grid) {
      const g: OpenGrid = grid;
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
      cells = cells.filter((c) => !inGrid.includes(c));
    } else {
      // No header: a cell of indicators with targets beside one of their actuals (the same names,
      // or led by 実績) is a one-line grid.
      // The grid goes on in the rows below (its lines in the same two columns).
      const pair = actualPair(cells, yearCol);
      if (pair) {
        grid = {
          left: pair[0].col,
          right: pair[1].col,
          vertical: false,
          lines: [{ left: plainText(pair[0]), right: plainText(pair[1]) }],
          at: pair[0],
        };
        markMapped(ctx, ...pair);
        cells = cells.filter((c) => !pair.includes(c));
      }
    }
    if (cells.length === 0) continue;
    // A 設定指標 cell in one of the shapes setting-cells.ts reads (an embedded table, a flattened
    // one, or text with names, targets and dated actuals).
    const setting = cells.findIndex((c) => /設定指標|設定目標/u.test(c.raw ?? c.text));
    const settingRows = setting >= 0 ? readSettingCell(cells[setting]!.raw ?? cells[setting]!.text) : null;
    if (settingRows) {
      const cell = cells[setting]!;
      pendingIndicator = settingIndicators(ctx, project, cell, settingRows) ?? pendingIndicator;
      markMapped(ctx, cell);
      // The cell beside led by 実績 is the 実績 side of the same grid: its figure, if any, is the
      // actual of a lone indicator; its words restate the name.
      const beside = cells.find((c) => c.col === cell.col + 1);
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
        restated = new Set([
          ...settingRows.flatMap((r) =>
            [r.name, r.target, r.actual].filter((x): x is string => !!x).map(clean),
          ),
          '設定指標',
          '実績',
        ]);
        ctx.current.settingTexts = restated;
        for (const c of cells.slice(setting + 1))
          if (restated.has(clean(c.text)) || !c.text.trim()) readAs(ctx, c, 'restates the 設定指標 table');
      }
      cells = cells.filter((c) => !isMapped(ctx, c));
    }
    // Labelled indicator cells: `成果目標` | `認定農業者数 241経営体`.
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      const m = c.text.length <= 30 ? headerOf(ctx.memo, c.text) : null;
      if (
        m &&
        m.score >= 0.85 &&
        (m.field === 'outcomeTarget' || m.field === 'kpiName' || m.field === 'actual')
      ) {
        const next = cells[k + 1];
        readAs(ctx, c, 'label of the cell beside it');
        if (next && next.col - c.col <= 2 && !headerOf(ctx.memo, next.text)) {
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

/** An open 設定指標 | 実績 grid of a sheet block (see `readSettingGrid`). */
interface OpenGrid {
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
function gridCells(
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
function plainText(c: SheetCell): string {
  return clean((c.raw ?? c.text).replace(/<[^>]*>/g, ' '));
}

/**
 * A row that opens a 設定指標 | 実績 grid: a cell that is only the label 設定指標 (or 設定目標)
 * outside the year columns, with 実績 or nothing in the cell to its right. The grid's lines are
 * the cells of those two columns in the rows below.
 */
function gridHeader(cells: SheetCell[]): { grid: OpenGrid; labels: SheetCell[] } | null {
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
function actualPair(cells: SheetCell[], yearCol: (c: SheetCell) => boolean): [SheetCell, SheetCell] | null {
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
    case 'goal': {
      for (const line of text.split(/\n|(?<=つくる)\s+(?=\d)/u)) {
        const { code } = splitCode(line.trim());
        if (code && /^\d+$/.test(code)) {
          const g = ensureGoal(ctx, line.trim(), cell.row, cell.col, code);
          project.goalIds = [...new Set([...(project.goalIds ?? []), g.id])];
        }
      }
      return true;
    }
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
    case 'sdgs': {
      const nums = (text.normalize('NFKC').match(/(?:^|\s)(\d{1,2})(?=\s|$|[^\d%])/g) ?? [])
        .map((s) => Number(s.trim()))
        .filter((n) => n >= 1 && n <= 17);
      if (nums.length > 0)
        project.sdgs = [...new Set([...(project.sdgs ?? []), ...nums])].sort((a, b) => a - b);
      addSheetText(ctx, project, cell, col!.header);
      return true;
    }
    case 'viewpoint': {
      const en = readEnumeration(text.replace(/[A-Za-z]+\s*/g, ' '));
      for (const [n, name] of en) {
        const t = ensureTag(ctx, col!.header, n, name);
        addTag(project, t.setId, t.tagId!);
      }
      addSheetText(ctx, project, cell, col!.header);
      return true;
    }
    case 'planResult': {
      if (col!.year != null) {
        project.years ??= [];
        const years = project.years;
        const y = years.find((x) => x.fiscalYear === col!.year);
        if (y) y.plan = y.plan ? `${y.plan}\n${text}` : text;
        else years.push({ fiscalYear: col!.year, plan: text });
        return true;
      }
      break;
    }
    case 'kpiName':
    case 'outcomeTarget': {
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

const clean = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The indicators of a read 設定指標 cell, owned by the sheet's project: name, target and actual
 * (with its year when the cell names one). Returns the last, which figures in the cells after it
 * may still complete.
 */
function settingIndicators(
  ctx: Ctx,
  project: Project,
  cell: SheetCell,
  rows: SettingRow[],
): Indicator | null {
  const strategy = ensureStrategy(ctx, ctx.titleGeneration);
  const at = provenance(ctx, cell.row, cell.col);
  let last: Indicator | null = null;
  for (const r of rows) {
    const target = r.target ? toFigure(r.target, null, at) : null;
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

function addSheetText(ctx: Ctx, project: Project, cell: SheetCell, title: string | null): void {
  addNarrative(
    ctx,
    { type: 'project', id: project.id },
    { kind: 'sheet', title, text: cell.text, provenance: provenance(ctx, cell.row, cell.col) },
  );
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

/**
 * Splits `認定農業者数 241経営体` into name and value text; a cell without a number is all name.
 *
 * @example splitNameValue('新規就農者数 55人(累計)') // { name: '新規就農者数', value: '55人(累計)' }
 */
export function splitNameValue(text: string): { name: string; value: string | null } {
  const t = text.replace(/\s*\n\s*/g, ' ').trim();
  const m =
    /^(.*?\S)\s*((?:[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*)\s*[^\s\d]{0,12}(?:\s*[(（][^)）]{0,20}[)）])?(?:\/[^\s]{1,4})?)$/u.exec(
      t,
    );
  if (m?.[1] && !/[0-9０-９]$/u.test(m[1])) return { name: m[1].trim(), value: m[2]!.trim() };
  return { name: t, value: null };
}

/**
 * Splits the yearly texts of 実績・予定 rows into result and plan: the years up to the latest
 * year any dated actual of the document's project sheets names (`R2:13件`) are results, the later
 * ones plans. Without a dated actual the texts stay plans (nothing is guessed).
 *
 * @example // 設定指標 実績 … R2:13件 → 令和2年度 of every 実績・予定 row is a result, 令和3年度 on plans
 */
export function splitPlanResults(ctx: Ctx): void {
  if (!ctx.combinedYears?.size) return;
  let asOf: number | null = null;
  for (const ind of ctx.indicators) {
    if (ind.owner?.type !== 'project') continue;
    for (const a of ind.actuals)
      if (a.fiscalYear != null && (asOf == null || a.fiscalYear > asOf)) asOf = a.fiscalYear;
  }
  if (asOf == null) return;
  for (const id of ctx.combinedYears) {
    const project = entityById(ctx, 'projects', id);
    for (const y of project?.years ?? [])
      if (y.fiscalYear <= asOf && y.plan && !y.result) {
        y.result = y.plan;
        y.plan = null;
      }
  }
}

/**
 * A project's 担当課 from its 事業主体 when no department column names one: the bodies that are a
 * division of the municipality (`…課`, `…室`, also written `市 (…課)`); other bodies (associations,
 * committees) stay bodies only.
 *
 * @example // bodies ['伊万里市 (農業振興課)', 'JA'] → departments ['農業振興課']
 */
export function projectDepartments(ctx: Ctx): void {
  for (const p of ctx.projects) {
    if (p.departments?.length || !p.bodies?.length) continue;
    const found = p.bodies
      .map((b) => /[(（]\s*([^()（）]+?[課室])\s*[)）]\s*$/u.exec(b)?.[1] ?? b)
      .map((b) => b.trim())
      .filter((b) => /[課室]$/u.test(b) && b.length <= 20 && !/[\s、,]/u.test(b));
    if (found.length > 0) p.departments = [...new Set(found)];
  }
}
