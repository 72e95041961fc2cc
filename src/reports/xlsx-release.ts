import type ExcelJS from 'exceljs';

/*
 * ExcelJS's streaming workbook (4.4.0) keeps every worksheet writer it made in its `_worksheets`
 * until the workbook is committed, and a committed writer still holds everything it wrote with:
 * its part's stream, which keeps the zip's pipe to it, whose error listener keeps the zip entry's
 * deflate stream with its 16 KB output buffer (and the same for the sheet's comments, drawing and
 * rels parts), its columns, rels and comments writers, data validations… Measured on project
 * sheets (one worksheet per project, full collection every 100 worksheets): +12.8 MB heap and
 * +22.1 MB buffers held at 1,000 worksheets, about 33 KB per committed worksheet, all of it freed
 * only at the workbook's commit.
 *
 * At the workbook's commit ExcelJS reads of a committed worksheet only what {@link CommittedSheet}
 * keeps (workbook-writer.js: `_commitWorksheets` skips it as `committed`; `addContentTypes` and
 * `addWorkbookRels` take its `id` and set its `rId`; `addApp` its `name`; `addWorkbook` its `id`,
 * `name`, `state`, `rId` and, through workbook-xform.js's `prepare`, the print area and titles of
 * its `pageSetup`, which become the workbook's defined names). Its part is finished and handed to
 * the zip at `commit()`, which holds what it has not yet written on its own.
 */

/** What the workbook's commit reads of a committed worksheet. */
export interface CommittedSheet {
  id: number;
  name: string;
  state: string;
  committed: true;
  pageSetup: { printArea?: string; printTitlesRow?: string; printTitlesColumn?: string };
}

/** The part of ExcelJS's streaming writers this relies on. */
interface WriterInternals {
  _worksheets?: unknown[];
}
interface SheetInternals {
  id: number;
  name: string;
  state: string;
  committed: boolean;
  pageSetup: Partial<ExcelJS.PageSetup>;
}

/**
 * Swaps a committed worksheet writer in `wb` for the few fields the workbook's commit still reads
 * (see above), so what the writer held can go before the workbook is committed. Returns whether it
 * did (not when the worksheet is not committed, or when ExcelJS does not keep its worksheets where
 * 4.4.0 does: then nothing is changed).
 *
 * @example ws.commit(); releaseCommittedSheet(wb, ws) // true
 */
export function releaseCommittedSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ws: ExcelJS.Worksheet,
): boolean {
  const sheets = (wb as unknown as WriterInternals)._worksheets;
  const sheet = ws as unknown as SheetInternals;
  if (!Array.isArray(sheets) || sheets[sheet.id] !== ws || sheet.committed !== true) return false;
  const { printArea, printTitlesRow, printTitlesColumn } = sheet.pageSetup ?? {};
  const kept: CommittedSheet = {
    id: sheet.id,
    name: sheet.name,
    state: sheet.state,
    committed: true,
    pageSetup: { printArea, printTitlesRow, printTitlesColumn },
  };
  sheets[sheet.id] = kept;
  return true;
}
