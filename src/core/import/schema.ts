/**
 * The schema of a table as recognition reads it: its header rows, its columns (field, type,
 * year, group) and the decisions that gave columns their roles. Types only.
 */
import type { SheetCell, SheetRow } from './context.ts';
import type { ColumnType, HeaderField } from './header-lexicon.ts';

/** One column of a table schema. */
export interface Column {
  col: number;
  field: HeaderField;
  type: ColumnType;
  header: string;
  headerCell: SheetCell | null;
  year: number | null;
  yearTo: number | null;
  date: string | null;
  basis: 'fiscal' | 'calendar';
  generation: number | null;
  /** A second field stacked under the first (数値目標 over 具体的な施策 in the same column). */
  alt?: HeaderField;
  /** Group header and tag number for a column of marks under a group (基本目標 → 1 2 3 4). */
  group?: string;
  tag?: string;
  multi?: boolean;
  /** Unit the header gives to plain numbers of the column (`目標値(%)`). */
  unit?: string | null;
  /** A header cell the lexicon does not know: its cells are kept as notes under that header. */
  other?: true;
  /** A column headed for baseline and target together (`現状値・目標値`): a cell may hold both. */
  pair?: true;
  /**
   * The repeated column group the column belongs to (1, 2, …) in a wide row of several KPIs side
   * by side (指標名 / 基準値 / 目標値 written again for each); unset for columns the groups share.
   */
  repeat?: number;
  /** A name column whose cells hold a figure after the name (`就業相談者数 100人`): its field. */
  withValue?: 'baseline' | 'target';
  /**
   * A column whose label the header lost, completed from the same table's other headers (it has
   * no header cell of its own; see lost-label.ts).
   */
  lost?: true;
}

/** A header block and the columns it defines. */
export interface Schema {
  rows: SheetRow[];
  columns: Column[];
  /** Field sequence of the main header row, to recognise a header repeated after a page break. */
  signature: string;
  vertical: boolean;
  /**
   * Header cells that name no column of their own: group headers over the columns they span
   * (`実績値` over R2 R3 R4, `重要業績評価指標 (KPI)` over `第2期 KPI`) and period captions
   * (`【第2期(R2-6)】`). The report lists them beside the columns.
   */
  captions?: SheetCell[];
  /** Why columns got the roles they have where the header alone did not say (see `Decision`). */
  decisions?: Decision[];
}

/**
 * One recognition decision with its place, as the import preview shows it: `what` was decided
 * (`column 3 is the target`) and `because` of what (`its header names the KPI and 95% of its
 * cells are figures`). Rows and columns are 1-based, null when the decision is about a table.
 */
export interface Decision {
  row: number | null;
  column: number | null;
  what: string;
  because: string;
}
