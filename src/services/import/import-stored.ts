import type { ColumnOverride } from '../../core/import/column-overrides.ts';
import type { GridWorkbook } from '../../core/import/grid.ts';
import type { TableStructure } from '../../core/import/override-fields.ts';
import type { Issue } from '../../core/issue.ts';

/*
 * What an import keeps beside its document, and the preview shown from it: plain data, no storage,
 * so that a large upload's preview is built in the worker that read the file (upload-reading.ts)
 * and the server's thread only stores and sends text it was handed.
 */

/** The template a preview was recognized with, and the row shift it was found at. */
export type TemplateUse = { id: string | null; name: string; shift: number };

/**
 * What is stored beside the document: the report shown, the issues, and for an uploaded file the
 * cells read from it (`source`) with the reading issues, so recognition can run again with
 * corrected column mappings without the file being sent again.
 */
export interface StoredReport {
  report?: unknown;
  issues?: Issue[];
  readIssues?: Issue[];
  overrides?: ColumnOverride[];
  structures?: TableStructure[];
  template?: TemplateUse | null;
  templates?: TemplateUse[];
  source?: GridWorkbook;
}

/** The first rows and columns of a sheet, as cells of text. */
export interface GridPreview {
  file: string;
  sheet: string | null;
  rows: { row: number; cells: string[] }[];
  /** Rows of the sheet in all (those shown are the first). */
  totalRows: number;
}

/** What a preview shows of its stored report (ImportPreview without the record's own fields). */
export interface PreviewParts {
  /** Counts, coverage, the tables found (the mapping) and warnings with their place. */
  report: unknown;
  issues: Issue[];
  /** The corrections of the column mapping this preview was recognized with. */
  overrides: ColumnOverride[];
  /** True when the mapping can be adjusted (the preview was recognized from a file). */
  adjustable: boolean;
  /**
   * An error that blocks the commit (NO_INDICATORS: recognition found no indicator; the message
   * names what it found instead), or null. Commit refuses with the same code.
   */
  blocking: Issue | null;
  /** Tables whose structure was set by hand (header rows, data rows, column roles). */
  structures: TableStructure[];
  /** The template this preview was recognized with, and the row shift it was found at. */
  template: TemplateUse | null;
  /** The municipality's templates whose header signature fits the file (none applied silently). */
  templates: TemplateUse[];
  /** The first rows of each sheet as read, to choose header and data rows (adjustable previews). */
  grid: GridPreview[];
}

/** A preview ready to store and show: the document and the report as JSON text, and the parts. */
export interface BuiltPreview {
  documentJson: string;
  reportJson: string;
  parts: PreviewParts;
}

/** Rows, columns and characters per cell the preview grid shows. */
const GRID_ROWS = 60;
const GRID_COLUMNS = 30;
const GRID_CELL = 60;

function gridOf(source: GridWorkbook | undefined): GridPreview[] {
  if (!source) return [];
  return source.sheets.map((s) => ({
    file: s.file,
    sheet: s.name,
    totalRows: s.rows.length,
    rows: s.rows.slice(0, GRID_ROWS).map((r) => {
      const cells = r.cells
        .slice(0, GRID_COLUMNS)
        .map((c) => (typeof c === 'string' ? c.trim().slice(0, GRID_CELL) : ''));
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      return { row: r.row, cells };
    }),
  }));
}

/** The issue that blocks committing a recognized file (no indicator came out), if any. */
export function blockingIssue(report: StoredReport | null): Issue | null {
  return report?.issues?.find((i) => i.code === 'NO_INDICATORS' && i.severity === 'error') ?? null;
}

/** What the preview of a stored report shows. */
export function previewParts(report: StoredReport | null): PreviewParts {
  return {
    report: report?.report ?? null,
    issues: report?.issues ?? [],
    overrides: report?.overrides ?? [],
    adjustable: report?.source != null,
    blocking: blockingIssue(report),
    structures: report?.structures ?? [],
    template: report?.template ?? null,
    templates: report?.templates ?? [],
    grid: gridOf(report?.source),
  };
}

/** The preview parts of a stored report's JSON text (read in a worker for a large upload). */
export function partsOfJson(input: { reportJson: string | null }): PreviewParts {
  return previewParts(input.reportJson == null ? null : (JSON.parse(input.reportJson) as StoredReport));
}

/** A document and its stored report as the text to store and the preview to show. */
export function buildPreview(document: unknown, stored: StoredReport): BuiltPreview {
  return {
    documentJson: JSON.stringify(document),
    reportJson: JSON.stringify(stored),
    parts: previewParts(stored),
  };
}
