import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportModel, ReportTable } from '../core/reports/report-model.ts';
import { yearHeader } from '../core/reports/report-model.ts';
import { zipPace } from './xlsx-pace.ts';
import { releaseCommittedSheet } from './xlsx-release.ts';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F3F3' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
export const FONT = 'BIZ UDPゴシック';

/** `#2e7d32` → `FF2E7D32` (ExcelJS colours). */
function argb(color: string | null | undefined): string | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(color ?? '');
  return m ? `FF${(m[1] as string).toUpperCase()}` : null;
}

/** A worksheet row ExcelJS can style: the in-memory and the streaming worksheets both give one. */
interface RowSource {
  getRow(r: number): ExcelJS.Row;
}

/**
 * Writes one table into a worksheet from `startRow`: a styled header row, then the rows as they
 * are read. Figures are written as numbers (their original text in a cell note where it says
 * more); every text is written as a string value, never as a formula. Each row is handed to `done`
 * once written (the streaming writer commits it there, so it leaves memory, and waits there while
 * the zip is behind). Returns the next free row.
 */
export async function writeTable(
  ws: RowSource,
  t: ReportTable,
  startRow: number,
  done: (row: ExcelJS.Row) => void | Promise<void> = () => {},
): Promise<number> {
  let r = startRow;
  if (t.title) {
    const xr = ws.getRow(r);
    const c = xr.getCell(1);
    c.value = t.title;
    c.font = { name: FONT, bold: true, size: 11 };
    await done(xr);
    r++;
  }
  const header = ws.getRow(r);
  t.columns.forEach((col, i) => {
    const c = header.getCell(i + 1);
    c.value = col.header;
    c.font = { name: FONT, bold: true, size: 9 };
    c.fill = HEADER_FILL;
    c.border = THIN;
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  await done(header);
  r++;
  const n = t.columns.length;
  for (const row of t.rows) {
    const xr = ws.getRow(r);
    if (row.heading != null) {
      const c = xr.getCell(1);
      c.value = row.heading;
      c.font = { name: FONT, bold: true, size: 9 };
      for (let i = 1; i <= n; i++) {
        const hc = xr.getCell(i);
        hc.fill = HEADING_FILL;
        hc.border = THIN;
      }
      await done(xr);
      r++;
      continue;
    }
    for (let i = 0; i < n; i++) {
      const cell = row.cells[i];
      const col = t.columns[i];
      const c = xr.getCell(i + 1);
      if (cell?.value != null && Number.isFinite(cell.value)) {
        c.value = cell.value;
        c.numFmt = Number.isInteger(cell.value) ? '#,##0' : '#,##0.0##';
        if (cell.raw) c.note = cell.raw;
      } else {
        // A string value: ExcelJS writes it as text (never a formula), so `=...` stays inert.
        c.value = cell?.text ?? '';
      }
      c.border = THIN;
      const color = argb(cell?.color);
      c.font = color ? { name: FONT, size: 9, bold: true, color: { argb: color } } : { name: FONT, size: 9 };
      c.alignment = {
        vertical: 'top',
        wrapText: col?.kind === 'long' || col?.kind === 'text',
        horizontal: col?.kind === 'mark' || col?.kind === 'status' ? 'center' : undefined,
      };
    }
    await done(xr);
    r++;
  }
  return r;
}

/**
 * Writes a report as an XLSX workbook into `stream`, row by row (ExcelJS's streaming writer: each
 * row is committed as soon as it is written, and the writer waits while the zip is behind, so
 * memory does not grow with the rows written, see xlsx-pace.ts; each worksheet's writer is let go
 * once committed, so it does not grow with the worksheets either, see xlsx-release.ts):
 * one worksheet per section, the title, city, 和暦 fiscal year and date on top, the header row
 * frozen, column widths from the model, A3/A4 landscape page setup with the header row repeated
 * on every printed page.
 */
export async function writeReportXlsx(model: ReportModel, stream: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Sousei';
  wb.created = new Date(`${model.date}T00:00:00Z`);
  wb.modified = wb.created;
  const pace = zipPace(wb, stream);
  for (const s of model.sections) {
    const headerRow = s.tables[0]?.title ? 5 : 4;
    const single = s.tables.length === 1;
    const ws = wb.addWorksheet(s.sheetName, {
      pageSetup: {
        // 8 = A3, 9 = A4 (ExcelJS's PaperSize enum lacks A3)
        paperSize: (model.paper === 'A3' ? 8 : 9) as unknown as ExcelJS.PaperSize,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        ...(single ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
      },
      views: [
        single
          ? { state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}` }
          : { state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3' },
      ],
      headerFooter: { oddFooter: `&L${model.municipality} ${model.dateText}&C&P / &N` },
    });
    // Widths go before the first row is committed (the streaming writer writes them first).
    const widest = s.tables.reduce<ReportTable | null>(
      (w, t) => (w == null || t.columns.length > w.columns.length ? t : w),
      null,
    );
    widest?.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = Math.max(4, Math.min(60, c.width * 1.6));
    });
    const commit = (row: ExcelJS.Row) => {
      row.commit();
      return pace.row();
    };
    const title = ws.getRow(1);
    title.getCell(1).value =
      `${model.title}${model.fiscalYear != null ? ` ${yearHeader(model.fiscalYear)}` : ''} ${s.title}`;
    title.getCell(1).font = { name: FONT, bold: true, size: 14 };
    await commit(title);
    const city = ws.getRow(2);
    city.getCell(1).value = `${model.municipality} ${model.dateText}`;
    city.getCell(1).font = { name: FONT, size: 10 };
    await commit(city);
    let row = 4;
    for (const t of s.tables) row = (await writeTable(ws, t, row, commit)) + 1;
    ws.commit();
    // What the committed worksheet held goes now, not at the workbook's commit (xlsx-release.ts).
    releaseCommittedSheet(wb, ws);
    await pace.sheet();
  }
  await wb.commit();
}

/**
 * A report as XLSX in pieces as the streaming writer makes them (see {@link writeReportXlsx}): the
 * pieces joined are {@link reportXlsx}'s bytes. A failure of the writer ends the pieces with it.
 */
export function reportXlsxChunks(model: ReportModel): AsyncIterable<Uint8Array> {
  const sink = new PassThrough();
  writeReportXlsx(model, sink).catch((err: unknown) =>
    sink.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return sink;
}

/**
 * A report as XLSX bytes (see {@link writeReportXlsx}; the bytes are collected from the stream).
 *
 * @example await reportXlsx(kpiListModel) // Uint8Array (a .xlsx file)
 */
export async function reportXlsx(model: ReportModel): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await writeReportXlsx(model, sink);
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
