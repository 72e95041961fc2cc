/**
 * What the rows of a KPI table share: the fill-down state carried across page-break repeats, the
 * plan of its columns (generations, alignment targets) computed once per schema, the field groups
 * rows are read by, and the lookups of a row's cells by column.
 */

import type { Indicator } from '../interchange.ts';
import type { AlignColumn } from './align.ts';
import type { SheetCell } from './context.ts';
import type { HeaderField } from './header-lexicon.ts';
import { kindOf, type Memo } from './memo.ts';
import type { Column, Schema } from './segment.ts';

/** Fill-down state of a KPI table, carried across its page-break repeats. */
export interface KpiTableState {
  goalId: string | null;
  measureId: string | null;
  last: Map<number | null, Indicator>;
  /** Role of the table's indicators named by the title line above it (■数値目標), if any. */
  role?: Indicator['role'] | null;
  /** The project (事業) of the rows below, in a table with a project column (filled down). */
  projectId?: string | null;
}

export const FIGURE_FIELDS = new Set<HeaderField>(['baseline', 'target', 'actual']);
/** Fields whose value a cell merged over several rows gives to each of them. */
export const FILLED = new Set<HeaderField>([
  'goal',
  'projectName',
  'measure',
  'department',
  'bodies',
  'unit',
  'role',
  'baselineYear',
  'targetYear',
  'year',
]);
/** Fields that qualify the figures of their row, read before them. */
export const ROW_FIELDS = new Set<HeaderField>(['unit', 'role', 'baselineYear', 'targetYear', 'year']);

/** What every row of a KPI table shares, computed once per schema. */
export function planOf(schema: Schema): KpiPlan {
  const gens = [...new Set(schema.columns.map((c) => c.generation))];
  // Per schema, not per row: the columns of each generation and the alignment targets.
  const colsOfGen = gens.map((gen) => schema.columns.filter((c) => c.generation === gen));
  const targets: AlignColumn[] = schema.columns.map((c) => ({ col: c.col, type: c.type, multi: c.multi }));
  const sorted = gens.filter((g) => g != null).sort((a, b) => (a as number) - (b as number));
  const oldGen = sorted[0] ?? null;
  const newGen = sorted.length > 1 ? sorted[sorted.length - 1]! : null;
  const roles = schema.columns.some((c) => c.field === 'role');
  const yearColumn = schema.columns.some((c) => c.field === 'year');
  return { gens, colsOfGen, targets, oldGen, newGen, roles, yearColumn };
}

/** What every row of a KPI table shares: its generations, their columns, alignment targets. */
export interface KpiPlan {
  gens: (number | null)[];
  colsOfGen: Column[][];
  targets: AlignColumn[];
  oldGen: number | null;
  newGen: number | null;
  /** The table has a column of indicator roles (区分: 数値目標 / KPI). */
  roles: boolean;
  /** The table has a column of years (one row per indicator and year). */
  yearColumn: boolean;
}

/** The column a cell at `col` falls under: the last one starting at or before it, else the first. */
export function ownerColumn(schema: Schema, col: number): Column | undefined {
  const columns = schema.columns;
  for (let k = columns.length - 1; k >= 0; k--) if (columns[k]!.col <= col) return columns[k];
  return columns[0];
}

export function isDash(memo: Memo, c: SheetCell | undefined): boolean {
  return !!c && kindOf(memo, c.text) === 'dash';
}

/** The first column of a field among `cols`. */
export function firstOf(cols: Column[], field: HeaderField): Column | undefined {
  for (const c of cols) if (c.field === field) return c;
  return undefined;
}

export function cellOf(byCol: Map<Column, SheetCell>, c: Column | undefined): SheetCell | undefined {
  return c ? byCol.get(c) : undefined;
}
