/**
 * The cell grid: what file adapters (src/import) hand to recognition (src/core/import).
 * Adapters turn bytes into sheets of text cells; recognition never sees bytes or encodings.
 *
 * Rows and columns are 1-based, as a spreadsheet shows them and as messages name them.
 *
 * @example
 * const sheet: GridSheet = {
 *   file: 'kpi.csv', name: null,
 *   rows: [{ row: 1, cells: ['基本目標', 'KPI', '基準値'] }, { row: 2, cells: ['1', '新規求人数', '1,563件'] }],
 *   merges: [],
 * };
 */
export interface GridSheet {
  /** File name as the user gave it (no directory), for messages and provenance. */
  file: string;
  /** Sheet name for workbooks; null for CSV/TSV/TXT. */
  name: string | null;
  /**
   * Non-empty rows in order; `cells[i]` is column i + 1, null or '' when empty. Cell text is as
   * found in the file (values formatted as displayed for XLSX), untrimmed.
   */
  rows: GridRow[];
  /** Merged ranges (XLSX). The adapter leaves the value in the top-left cell only. */
  merges: GridMerge[];
}

export interface GridRow {
  row: number;
  cells: (string | null)[];
}

export interface GridMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** All sheets read from one or more files, with what the adapter noticed on the way. */
export interface GridWorkbook {
  sheets: GridSheet[];
  /** Encoding detected or forced, per file (`utf-8`, `shift_jis`, `utf-16le`), null for XLSX. */
  encodings: Record<string, string | null>;
}
