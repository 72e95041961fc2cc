import type { Project } from '../interchange.ts';
import { type AlignColumn, alignCells, alignRow } from './align.ts';
import { type Ctx, provenance, type SheetCell, type SheetRow } from './context.ts';
import { splitDepartments } from './department-cells.ts';
import { addNarrative, ensureGoal, ensureMeasure, ensureTag, nextId, projectByCode } from './entities.ts';
import { readHeaderYear } from './header-year.ts';
import { markMapped, noteUnmapped, readAs } from './ledger.ts';
import { kindOf } from './memo.ts';
import { addTag, mergeList, splitList } from './project-fields.ts';
import { columnLegend } from './project-legend.ts';
import type { Column, Schema } from './segment.ts';

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
