import ExcelJS from 'exceljs';
import {
  COMMENTARY_FIELDS,
  COMMENTARY_HEADINGS,
  ENTRY_FIRST_ROW,
  ENTRY_HEADER_ROW,
  ENTRY_SHEET,
  ENTRY_WORKBOOK_MARKER,
  ENTRY_WORKBOOK_VERSION,
  type EntryWorkbookModel,
  entryLayout,
  META_SHEET,
} from '../core/reports/entry-workbook.ts';
import { yearHeader } from '../core/reports/report-model.ts';
import { FONT } from './xlsx.ts';

const HEADER_ROW = ENTRY_HEADER_ROW;
const FIRST_ROW = ENTRY_FIRST_ROW;
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9C4' } };

/**
 * Writes a department's data-entry workbook: the entry sheet (only the year's 実績値 and 備考
 * cells unlocked, the sheet protected) and a very hidden sheet naming the strategy, department,
 * year and, per row, the indicator, the version of its actual and the exported texts. It is read
 * back by src/import/entry-workbook.ts (the importer's reader and limits).
 *
 * @example await entryWorkbookXlsx(entryWorkbook(doc, { department: '商工労働課', fiscalYear: 2024, ... }))
 */
export async function entryWorkbookXlsx(model: EntryWorkbookModel): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sousei';
  const ws = wb.addWorksheet(ENTRY_SHEET, {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const { firstFixed, actualCol, noteCol, commentaryCol } = entryLayout(model);
  ws.getCell(1, 1).value =
    `${model.municipality} ${model.department} 実績値入力 ${yearHeader(model.fiscalYear)}`;
  ws.getCell(1, 1).font = { name: FONT, bold: true, size: 14 };
  ws.getCell(2, 1).value =
    `黄色のセルに${yearHeader(model.fiscalYear)}の実績値を入力してください (例: 1,320件、(速報値) 80.2%、令和7年9月 公表予定)。ほかのセルは変更できません。書き出し: ${model.dateText}` +
    (model.round ? `　照会: ${model.round.stateLabel}、提出期限: ${model.round.deadlineText}` : '');
  const headers = [
    '番号',
    '指標名',
    '単位',
    '基準値',
    ...model.historyYears.map((y) => `${yearHeader(y)} 実績値`),
    '目標値',
    `${yearHeader(model.fiscalYear)} 実績値 (入力)`,
    '備考 (入力)',
    ...COMMENTARY_FIELDS.map((f) => `${COMMENTARY_HEADINGS[f]} (入力)`),
  ];
  const hr = ws.getRow(HEADER_ROW);
  headers.forEach((h, i) => {
    const c = hr.getCell(i + 1);
    c.value = h;
    c.font = { name: FONT, bold: true, size: 9 };
    c.alignment = { wrapText: true, horizontal: 'center' };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  model.rows.forEach((row, k) => {
    const r = ws.getRow(FIRST_ROW + k);
    r.getCell(1).value = k + 1;
    r.getCell(2).value = row.name;
    r.getCell(3).value = row.unit;
    row.fixed.forEach((t, i) => {
      r.getCell(firstFixed + i).value = t;
    });
    const inputs: [number, string][] = [
      [actualCol, row.actual],
      [noteCol, row.note],
      ...COMMENTARY_FIELDS.map((f): [number, string] => [commentaryCol[f], row.commentary[f]]),
    ];
    for (const [col, value] of inputs) {
      const c = r.getCell(col);
      c.value = value;
      c.protection = { locked: false };
      if (col > noteCol) c.alignment = { wrapText: true, vertical: 'top' };
      c.fill = INPUT_FILL;
      c.border = {
        top: { style: 'thin' },
        bottom: { style: 'thin' },
        left: { style: 'thin' },
        right: { style: 'thin' },
      };
    }
    r.getCell(actualCol).dataValidation = {
      type: 'textLength',
      operator: 'lessThanOrEqual',
      formulae: [200],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: '入力が長すぎます',
      error: '200文字以内で入力してください',
    };
  });
  ws.getColumn(2).width = 36;
  for (let c = 4; c <= actualCol; c++) ws.getColumn(c).width = 14;
  ws.getColumn(noteCol).width = 30;
  for (const f of COMMENTARY_FIELDS) ws.getColumn(commentaryCol[f]).width = 40;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: HEADER_ROW, topLeftCell: `C${FIRST_ROW}` }];
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  const meta = wb.addWorksheet(META_SHEET);
  meta.state = 'veryHidden';
  meta.addRow([ENTRY_WORKBOOK_MARKER, ENTRY_WORKBOOK_VERSION]);
  meta.addRow(['strategyId', model.strategyId]);
  meta.addRow(['department', model.department]);
  meta.addRow(['fiscalYear', model.fiscalYear]);
  meta.addRow(['historyYears', JSON.stringify(model.historyYears)]);
  meta.addRow([
    'row',
    'indicatorId',
    'actualVersion',
    'actual',
    'note',
    'fixed',
    'commentaryVersion',
    'commentary',
  ]);
  model.rows.forEach((row, k) => {
    meta.addRow([
      FIRST_ROW + k,
      row.indicatorId,
      row.actualVersion ?? '',
      row.actual,
      row.note,
      JSON.stringify([String(k + 1), row.name, row.unit, ...row.fixed]),
      row.commentaryVersion ?? '',
      JSON.stringify(row.commentary),
    ]);
  });
  await meta.protect('', {});
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
