/**
 * The kinds of table recognition knows: which kind a table is, from the fields of its columns
 * and where it stands (classify), and the builder each kind's rows go to (buildTable).
 */

import type { Ctx, SheetRow, TableReport } from './context.ts';
import { entityById } from './entities.ts';
import type { KpiTableState } from './kpi-plan.ts';
import { buildKpiRows } from './kpi-table.ts';
import { noteUnmapped, readAs } from './ledger.ts';
import { kindOf } from './memo.ts';
import { buildNarrativeRows } from './narrative.ts';
import {
  buildLegend,
  buildMatrixRows,
  buildPriorityRows,
  buildProjectSheet,
  buildSheetRows,
  isLegend,
} from './project-tables.ts';
import type { Schema } from './segment.ts';
import { normalizeKey } from './text.ts';

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

export interface OpenTable {
  schema: Schema;
  kind: TableKind;
  report: TableReport;
  kpi: KpiTableState;
  /** Columns ignored by the mapping: their data cells are listed unmapped. */
  ignored: ReadonlySet<number>;
}

/** The kind of a table, from the fields of its columns, its data and where it stands. */
export function classify(ctx: Ctx, schema: Schema, data: SheetRow[]): TableKind {
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

/** Builds the rows of a table with the builder of its kind. */
export function buildTable(ctx: Ctx, open: OpenTable, data: SheetRow[]): void {
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
