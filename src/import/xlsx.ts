import type yauzl from 'yauzl';
import type { GridSheet } from '../core/import/grid.ts';
import type { Result } from '../core/issue.ts';
import type { ByteSource } from './byte-source.ts';
import { IssueSink, importIssue } from './import-issues.ts';
import { DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import {
  REL_OFFICE_DOCUMENT,
  REL_SHARED_STRINGS,
  REL_STYLES,
  REL_WORKSHEET,
  readRels,
  readSharedStrings,
  readStyles,
  readWorkbook,
  resolvePath,
} from './xlsx/parts.ts';
import { readSheet } from './xlsx/sheet.ts';
import { checkSizes, corrupt, Inflater, openZip, readDirectory, XlsxFailure } from './xlsx/zip.ts';

/**
 * XLSX → GridSheets, streamed: the zip directory is read first (yauzl, random access through a
 * ByteSource), the sizes it declares are checked against the limits before anything is inflated,
 * then each XML part is inflated and parsed as a stream (saxes) — no part and no sheet is ever
 * held whole in memory, only the resulting cells.
 *
 * Every sheet is read; merged ranges become GridMerge with the value in the top-left cell only;
 * cells are the text Excel displays (number formats, dates, Japanese era dates, rich text
 * flattened without furigana, formulas as their cached result).
 *
 * The layers: ./xlsx/zip.ts (directory, declared sizes, counted inflating), ./xlsx/parts.ts
 * (relationships, workbook, shared strings, styles), ./xlsx/sheet.ts (one worksheet → cells).
 *
 * Why not ExcelJS: its streaming WorkbookReader does not report merged cells (exceljs issue
 * #3000), and it could not be installed here (a transitive dependency is not served).
 */
export interface XlsxOptions {
  limits?: ImportLimits;
  /** Read only the sheets of these names (the others are never inflated); every sheet when absent. */
  sheets?: readonly string[];
  /**
   * Numbers in General cells at their full value (`123456789012`, `0.3`) instead of Excel's
   * 11-digit display (`1.23457E+11`): for figures typed into a workbook that is read back.
   */
  fullPrecision?: boolean;
}

interface SheetRef {
  name: string;
  path: string;
}

/**
 * Reads every worksheet of an XLSX (or those named in `options.sheets`).
 *
 * @example
 * const src = await fileSource('kpi.xlsx');
 * const result = await readXlsx(src, 'kpi.xlsx'); // { ok: true, value: [{ name: 'KPI', rows, merges }] }
 * await src.close();
 */
export async function readXlsx(
  source: ByteSource,
  file: string,
  options: XlsxOptions = {},
): Promise<Result<GridSheet[]>> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const sink = new IssueSink(limits.maxIssuesPerKind);
  let zip: yauzl.ZipFile | null = null;
  try {
    zip = await openZip(source, file);
    const entries = await readDirectory(zip, file, limits);
    checkSizes(entries, file, limits);
    const inflater = new Inflater(zip, file, limits);

    const rootRels = entries.get('_rels/.rels');
    let workbookPath = 'xl/workbook.xml';
    if (rootRels) {
      const rels = await readRels(inflater, rootRels);
      const office = rels.find((r) => REL_OFFICE_DOCUMENT.test(r.type));
      if (office) workbookPath = resolvePath('', office.target);
    }
    const workbookEntry = entries.get(workbookPath);
    if (!workbookEntry) throw new XlsxFailure(importIssue('XLSX_NOT_WORKBOOK', { file }));
    const workbook = await readWorkbook(inflater, workbookEntry);
    const dir = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
    const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
    const relsEntry = entries.get(relsPath);
    const rels = relsEntry ? await readRels(inflater, relsEntry) : [];
    const relById = new Map(rels.map((r) => [r.id, r]));

    const sheets: SheetRef[] = [];
    for (const s of workbook.sheets) {
      const rel = relById.get(s.rid);
      if (rel && !REL_WORKSHEET.test(rel.type)) continue; // chart sheets, dialog sheets, macros
      const path = rel ? resolvePath(dir, rel.target) : `${dir}worksheets/sheet${sheets.length + 1}.xml`;
      if (entries.has(path)) sheets.push({ name: s.name, path });
    }
    if (sheets.length > limits.maxSheets) {
      throw new XlsxFailure(
        importIssue('TOO_MANY_SHEETS', { file }, { count: sheets.length, limit: limits.maxSheets }),
      );
    }

    const ssRel = rels.find((r) => REL_SHARED_STRINGS.test(r.type));
    const ssEntry = entries.get(ssRel ? resolvePath(dir, ssRel.target) : `${dir}sharedStrings.xml`);
    const sharedStrings = ssEntry ? await readSharedStrings(inflater, ssEntry) : [];
    const stylesRel = rels.find((r) => REL_STYLES.test(r.type));
    const stylesEntry = entries.get(stylesRel ? resolvePath(dir, stylesRel.target) : `${dir}styles.xml`);
    const formats = stylesEntry ? await readStyles(inflater, stylesEntry) : [];

    const out: GridSheet[] = [];
    const budget = { cells: 0 };
    for (const ref of sheets) {
      if (options.sheets && !options.sheets.includes(ref.name)) continue;
      const entry = entries.get(ref.path)!;
      out.push(
        await readSheet(inflater, entry, {
          file,
          sheet: ref.name,
          sharedStrings,
          formats,
          date1904: workbook.date1904,
          fullPrecision: options.fullPrecision ?? false,
          limits,
          sink,
          budget,
        }),
      );
    }
    if (!sink.hasError && out.every((s) => s.rows.length === 0))
      sink.add(importIssue('FILE_NO_CELLS', { file }));
    const issues = sink.finish();
    return sink.hasError ? { ok: false, issues } : { ok: true, value: out, issues };
  } catch (err) {
    const issue = err instanceof XlsxFailure ? err.issue : corrupt(file, err);
    return { ok: false, issues: [...sink.finish(), issue] };
  } finally {
    zip?.close();
  }
}
