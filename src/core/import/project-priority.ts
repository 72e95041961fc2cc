import { type AlignColumn, alignCells, alignRow } from './align.ts';
import { type Ctx, place, provenance, type SheetCell, type SheetRow, warn } from './context.ts';
import { addNarrative, findProjectByName, nextId, projectByCode } from './entities.ts';
import { markMapped, noteUnmapped, readAs } from './ledger.ts';
import { mergeList, splitList } from './project-fields.ts';
import type { Schema } from './segment.ts';
import { normalizeKey } from './text.ts';

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
