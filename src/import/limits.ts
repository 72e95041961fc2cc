/**
 * Explicit limits of the file adapters. Past a limit the adapter returns an error Issue naming
 * the place (file, sheet, row, column) instead of running out of memory or time.
 *
 * | limit | default | why |
 * | --- | --- | --- |
 * | maxFileBytes | 200 MB | a KPI workbook is a few MB; anything larger is a mistake or an attack |
 * | maxUncompressedBytes | 200 MB | zip bomb: the XML parts an XLSX would inflate, summed from the zip directory and counted again while inflating |
 * | maxCompressionRatio | 100 | zip bomb: uncompressed / compressed of one part (Apache POI's default), checked once a part exceeds `ratioGraceBytes` |
 * | ratioGraceBytes | 1 MB | small parts may compress very well (empty styled rows) and are harmless |
 * | maxZipEntries | 10,000 | a workbook with more parts than that is not a KPI table |
 * | maxRows | 1,048,576 | Excel's row limit |
 * | maxColumns | 16,384 | Excel's column limit (XFD) |
 * | maxCells | 10,000,000 | cell places held for one workbook (a row holds every place up to its last cell): one cell per row far to the right would otherwise cost 16,384 places a row within the byte limits |
 * | maxCellChars | 32,767 | Excel's limit on the text of one cell |
 * | maxRowBytes | 16 MB | one CSV record; stops a quote left open from swallowing the rest of the file |
 * | maxSheets | 1,000 | |
 * | maxIssuesPerKind | 20 | warnings of one kind per file beyond this are summarised in one line |
 * | maxJsonBytes | 512 MB | one JSON document (a database dump to restore): about the longest string JavaScript holds |
 *
 * @example readFiles(['kpi.csv'], { limits: { ...DEFAULT_LIMITS, maxFileBytes: 10 * 2 ** 20 } })
 */
export interface ImportLimits {
  maxFileBytes: number;
  maxUncompressedBytes: number;
  maxCompressionRatio: number;
  ratioGraceBytes: number;
  maxZipEntries: number;
  maxRows: number;
  maxColumns: number;
  maxCells: number;
  maxCellChars: number;
  maxRowBytes: number;
  maxSheets: number;
  maxIssuesPerKind: number;
  maxJsonBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxFileBytes: 200 * 2 ** 20,
  maxUncompressedBytes: 200 * 2 ** 20,
  maxCompressionRatio: 100,
  ratioGraceBytes: 2 ** 20,
  maxZipEntries: 10_000,
  maxRows: 1_048_576,
  maxColumns: 16_384,
  maxCells: 10_000_000,
  maxCellChars: 32_767,
  maxRowBytes: 16 * 2 ** 20,
  maxSheets: 1_000,
  maxIssuesPerKind: 20,
  maxJsonBytes: 512 * 2 ** 20 - 64,
});

/**
 * The limits of an uploaded data-entry workbook (入力用ブック): the importer's, with a tighter
 * budget for what one department's workbook can hold. Its two sheets have a row per indicator and
 * about 20 columns, its XML a few MB at most; the budget keeps the cells of a crafted workbook
 * that declares honest sizes within ~10 MB per sheet (rows × columns × a pointer), while a
 * crafted one that declares huge sizes is refused from its directory as any import is.
 *
 * | limit | entry workbook | importer |
 * | --- | --- | --- |
 * | maxUncompressedBytes | 32 MB | 200 MB |
 * | maxRows | 10,000 | 1,048,576 |
 * | maxColumns | 128 | 16,384 |
 * | maxCellChars | 65,536 | 32,767 |
 *
 * (The hidden sheet keeps a row's exported commentary ①②③, up to 20,000 characters each, as JSON
 * in one cell.)
 */
export const ENTRY_WORKBOOK_LIMITS: Readonly<ImportLimits> = Object.freeze({
  ...DEFAULT_LIMITS,
  maxUncompressedBytes: 32 * 2 ** 20,
  maxRows: 10_000,
  maxColumns: 128,
  maxCellChars: 65_536,
});

/** Defaults overridden by the given values. */
export function withLimits(overrides?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** `209715200` → `200 MB` (and GB, KB, B) for messages. */
export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${Math.round((n / 2 ** 30) * 10) / 10} GB`;
  if (n >= 2 ** 20) return `${Math.round((n / 2 ** 20) * 10) / 10} MB`;
  if (n >= 2 ** 10) return `${Math.round((n / 2 ** 10) * 10) / 10} KB`;
  return `${n} B`;
}
