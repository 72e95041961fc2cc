import ExcelJS from 'exceljs';
import {
  COMMENTARY_FIELDS,
  COMMENTARY_HEADINGS,
  type CommentaryTexts,
  ENTRY_WORKBOOK_MARKER,
  ENTRY_WORKBOOK_VERSION,
  type EntryIssue,
  type EntryUpload,
  type EntryUploadRow,
  type EntryWorkbookModel,
} from '../core/reports/entry-workbook.ts';
import { yearHeader } from '../core/reports/report-model.ts';
import { FONT } from './xlsx.ts';

export const ENTRY_SHEET = '入力';
export const META_SHEET = '_sousei';
const HEADER_ROW = 4;
const FIRST_ROW = 5;
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9C4' } };

/** Column layout: 番号, 指標名, 単位, fixed figures (baseline, history, target), 実績値, 備考, ①②③. */
function layout(model: Pick<EntryWorkbookModel, 'historyYears'>) {
  const fixedCount = model.historyYears.length + 2;
  const firstFixed = 4;
  const actualCol = firstFixed + fixedCount;
  const noteCol = actualCol + 1;
  const commentaryCol = { progress: noteCol + 1, issues: noteCol + 2, nextSteps: noteCol + 3 };
  return { firstFixed, fixedCount, actualCol, noteCol, commentaryCol };
}

/**
 * Writes a department's data-entry workbook: the entry sheet (only the year's 実績値 and 備考
 * cells unlocked, the sheet protected) and a very hidden sheet naming the strategy, department,
 * year and, per row, the indicator, the version of its actual and the exported texts.
 *
 * @example await entryWorkbookXlsx(entryWorkbook(doc, { department: '商工労働課', fiscalYear: 2024, ... }))
 */
export async function entryWorkbookXlsx(model: EntryWorkbookModel): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sousei';
  const ws = wb.addWorksheet(ENTRY_SHEET, {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const { firstFixed, actualCol, noteCol, commentaryCol } = layout(model);
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

/** A row's commentary cells and, from the hidden sheet, what was exported and its version. */
function commentaryCells(
  r: ExcelJS.Row,
  mr: ExcelJS.Row,
  cols: Record<keyof CommentaryTexts, number>,
): NonNullable<EntryUploadRow['commentary']> {
  let exported: CommentaryTexts = { progress: '', issues: '', nextSteps: '' };
  try {
    exported = {
      ...exported,
      ...(JSON.parse(text(mr.getCell(8).value) || '{}') as Partial<CommentaryTexts>),
    };
  } catch {
    // A damaged cell reads as nothing exported: every entered text is then a change to confirm.
  }
  const version = text(mr.getCell(7).value);
  const pick = (f: (col: number) => string) =>
    Object.fromEntries(COMMENTARY_FIELDS.map((k) => [k, f(cols[k])])) as unknown as CommentaryTexts;
  return {
    version: version === '' ? null : Number(version),
    exported,
    entered: pick((c) => text(r.getCell(c).value)),
    cells: pick((c) => r.getCell(c).address),
  };
}

function text(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return v.result == null ? '' : String(v.result);
    if ('text' in v) return String(v.text);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

function issue(
  code: string,
  message: string,
  messageEn: string,
  sheet: string | null,
  row: number | null,
  column: number | null,
  cell: string | null,
  field: string | null,
): EntryIssue {
  return { code, severity: 'error', message, messageEn, place: { sheet, row, column, field }, cell };
}

/**
 * Reads an uploaded data-entry workbook back: the identity from the hidden sheet, each row's
 * entered 実績値 and 備考, and checks that no protected cell was edited (each edit is an issue
 * naming the sheet and cell, e.g. `D12`). A workbook without the hidden sheet is WORKBOOK_INVALID.
 *
 * @example const r = await readEntryWorkbook(bytes); r.ok && r.value.entries[0].cell // 'H5'
 */
export async function readEntryWorkbook(
  bytes: Uint8Array,
): Promise<{ ok: true; value: EntryUpload; issues: EntryIssue[] } | { ok: false; issues: EntryIssue[] }> {
  const wrong = (en: string) => ({
    ok: false as const,
    issues: [
      issue(
        'WORKBOOK_INVALID',
        'Sousei から書き出した入力用ブックではありません。「入力用ブックを書き出す」で作ったファイルをアップロードしてください',
        `Not a data-entry workbook exported by Sousei (${en}); upload the file made by "export entry workbook"`,
        null,
        null,
        null,
        null,
        'file',
      ),
    ],
  });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return wrong('not an XLSX file');
  }
  const meta = wb.getWorksheet(META_SHEET);
  const ws = wb.getWorksheet(ENTRY_SHEET);
  if (!meta || !ws) return wrong('sheets missing');
  if (text(meta.getCell(1, 1).value) !== ENTRY_WORKBOOK_MARKER) return wrong('marker missing');
  const strategyId = text(meta.getCell(2, 2).value);
  const department = text(meta.getCell(3, 2).value);
  const fiscalYear = Number(text(meta.getCell(4, 2).value));
  let historyYears: number[] = [];
  try {
    historyYears = JSON.parse(text(meta.getCell(5, 2).value)) as number[];
  } catch {
    return wrong('hidden sheet damaged');
  }
  const { actualCol, noteCol, commentaryCol } = layout({ historyYears });
  // Version 1 workbooks (before the commentary columns) are read without commentary.
  const withCommentary = Number(text(meta.getCell(1, 2).value)) >= 2;
  const issues: EntryIssue[] = [];
  const entries: EntryUpload['entries'] = [];
  for (let m = 7; m <= meta.rowCount; m++) {
    const mr = meta.getRow(m);
    const rowNo = Number(text(mr.getCell(1).value));
    const indicatorId = text(mr.getCell(2).value);
    if (!rowNo || !indicatorId) continue;
    const versionText = text(mr.getCell(3).value);
    let fixed: string[] = [];
    try {
      fixed = JSON.parse(text(mr.getCell(6).value)) as string[];
    } catch {
      return wrong('hidden sheet damaged');
    }
    const r = ws.getRow(rowNo);
    fixed.forEach((expected, i) => {
      const cell = r.getCell(i + 1);
      const now = text(cell.value);
      if (now !== expected)
        issues.push(
          issue(
            'PROTECTED_CELL_EDITED',
            `シート「${ENTRY_SHEET}」${cell.address}: 変更できないセルが変更されています (「${expected}」→「${now}」)。黄色のセルだけに入力し、書き出したブックをそのまま使ってください`,
            `Sheet '${ENTRY_SHEET}' ${cell.address}: a protected cell was changed ('${expected}' → '${now}'); enter figures only in the yellow cells`,
            ENTRY_SHEET,
            rowNo,
            i + 1,
            cell.address,
            String(ws.getRow(HEADER_ROW).getCell(i + 1).value ?? ''),
          ),
        );
    });
    entries.push({
      indicatorId,
      actualVersion: versionText === '' ? null : Number(versionText),
      exportedActual: text(mr.getCell(4).value),
      enteredActual: text(r.getCell(actualCol).value),
      exportedNote: text(mr.getCell(5).value),
      enteredNote: text(r.getCell(noteCol).value),
      sheet: ENTRY_SHEET,
      row: rowNo,
      column: actualCol,
      cell: r.getCell(actualCol).address,
      commentary: withCommentary ? commentaryCells(r, mr, commentaryCol) : null,
    });
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { strategyId, department, fiscalYear, entries }, issues: [] };
}
