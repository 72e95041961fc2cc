import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { entryWorkbookBomb } from '../../test/fixtures/zip-bomb.ts';
import { setDeclaredSize } from '../../test/fixtures/zip-patch.ts';
import type { EntryWorkbookModel } from '../core/reports/entry-workbook.ts';
import { entryWorkbookXlsx } from '../reports/entry-workbook.ts';
import { type ByteSource, bufferSource } from './byte-source.ts';
import { readEntryWorkbook } from './entry-workbook.ts';
import { ENTRY_WORKBOOK_LIMITS } from './limits.ts';
import { readXlsx } from './xlsx.ts';

/** Two indicators, history 2021–2022: fixed D–G, inputs 実績値 in H, 備考 in I, ①②③ in J–L. */
const MODEL: EntryWorkbookModel = {
  municipality: '架空市',
  strategyId: 's1',
  strategyName: '第2期総合戦略',
  department: '商工観光課',
  fiscalYear: 2023,
  date: '2024-04-01',
  dateText: '令和6年4月1日',
  historyYears: [2021, 2022],
  rows: [
    {
      indicatorId: 'k1',
      actualVersion: 3,
      name: '新規就業者数',
      unit: '人',
      fixed: ['120人', '130人', '', '200人'],
      actual: '140人',
      note: '',
      commentary: { progress: '説明会を開催', issues: '', nextSteps: '' },
      commentaryVersion: 2,
    },
    {
      indicatorId: 'k2',
      actualVersion: null,
      name: '観光入込客数',
      unit: '人',
      fixed: ['10,000人', '', '', '12,000人'],
      actual: '',
      note: '',
      commentary: { progress: '', issues: '', nextSteps: '' },
      commentaryVersion: null,
    },
  ],
  round: null,
};

async function exported(): Promise<Uint8Array> {
  return entryWorkbookXlsx(MODEL);
}

/** The workbook as a department hands it back, edited in a spreadsheet program. */
async function edited(bytes: Uint8Array, change: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  change(wb.getWorksheet('入力') as ExcelJS.Worksheet);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A ByteSource that counts the bytes read from it. */
function counting(bytes: Uint8Array): ByteSource & { bytesRead: number } {
  const inner = bufferSource(bytes);
  const source = {
    size: inner.size,
    bytesRead: 0,
    async read(position: number, length: number) {
      const chunk = await inner.read(position, length);
      source.bytesRead += chunk.length;
      return chunk;
    },
    close: () => inner.close(),
  };
  return source;
}

describe('readEntryWorkbook: the workbook Sousei wrote, read back by the importer’s reader', () => {
  it('reads the identity, each row’s exported and entered texts, versions and cell addresses', async () => {
    const bytes = await edited(await exported(), (ws) => {
      ws.getCell('H5').value = '1,234人';
      ws.getCell('I6').value = '速報値';
      ws.getCell('H6').value = '(速報値) 11,000人';
      ws.getCell('K5').value = '参加が少ない';
    });
    const r = await readEntryWorkbook(bytes);
    expect(r.issues).toEqual([]);
    expect(r.ok && r.value).toEqual({
      strategyId: 's1',
      department: '商工観光課',
      fiscalYear: 2023,
      entries: [
        {
          indicatorId: 'k1',
          actualVersion: 3,
          exportedActual: '140人',
          enteredActual: '1,234人',
          exportedNote: '',
          enteredNote: '',
          sheet: '入力',
          row: 5,
          column: 8,
          cell: 'H5',
          commentary: {
            version: 2,
            exported: { progress: '説明会を開催', issues: '', nextSteps: '' },
            entered: { progress: '説明会を開催', issues: '参加が少ない', nextSteps: '' },
            cells: { progress: 'J5', issues: 'K5', nextSteps: 'L5' },
          },
        },
        {
          indicatorId: 'k2',
          actualVersion: null,
          exportedActual: '',
          enteredActual: '(速報値) 11,000人',
          exportedNote: '',
          enteredNote: '速報値',
          sheet: '入力',
          row: 6,
          column: 8,
          cell: 'H6',
          commentary: {
            version: null,
            exported: { progress: '', issues: '', nextSteps: '' },
            entered: { progress: '', issues: '', nextSteps: '' },
            cells: { progress: 'J6', issues: 'K6', nextSteps: 'L6' },
          },
        },
      ],
    });
  });

  it('reads a typed number at its full value and a formatted one as displayed', async () => {
    const bytes = await edited(await exported(), (ws) => {
      ws.getCell('H5').value = 123456789012; // General: Excel would display 1.23457E+11
      ws.getCell('H6').value = 0.802;
      // (a style of its own: ExcelJS shares one style object between the cells it wrote alike)
      ws.getCell('H6').style = { ...ws.getCell('H6').style, numFmt: '0.0%' };
    });
    const r = await readEntryWorkbook(bytes);
    expect(r.ok && r.value.entries.map((e) => e.enteredActual)).toEqual(['123456789012', '80.2%']);
  });

  it('names each protected cell that was changed, with its header as the field', async () => {
    const bytes = await edited(await exported(), (ws) => {
      ws.getCell('D5').value = '999人';
      ws.getCell('B6').value = '別の名前';
    });
    const r = await readEntryWorkbook(bytes);
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.cell, i.place])).toEqual([
      ['PROTECTED_CELL_EDITED', 'D5', { sheet: '入力', row: 5, column: 4, field: '基準値' }],
      ['PROTECTED_CELL_EDITED', 'B6', { sheet: '入力', row: 6, column: 2, field: '指標名' }],
    ]);
    expect(r.issues[0]!.message).toContain('「120人」→「999人」');
  });

  it('reads only its two sheets: a sheet added beside them is never inflated', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await exported()) as unknown as ArrayBuffer);
    wb.addWorksheet('メモ').getCell('A1').value = 'x'.repeat(40_000); // over the cell limit
    const r = await readEntryWorkbook(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r.ok).toBe(true);
  });

  it('answers WORKBOOK_INVALID, alone, for a file that is not a workbook Sousei wrote', async () => {
    const plain = new ExcelJS.Workbook();
    plain.addWorksheet('Sheet1').getCell('A1').value = 'x';
    for (const bytes of [
      new Uint8Array(await plain.xlsx.writeBuffer()),
      new TextEncoder().encode('not a zip'),
      new Uint8Array(),
    ]) {
      const r = await readEntryWorkbook(bytes);
      expect(r.issues.map((i) => [i.code, i.cell])).toEqual([['WORKBOOK_INVALID', null]]);
    }
  });
});

describe('readEntryWorkbook: the importer’s limits, checked before inflating', () => {
  it('refuses a ~5 MB zip bomb of repeated cells from its declared sizes, naming the part and the limit', async () => {
    const bomb = entryWorkbookBomb(await exported());
    expect(bomb.bytes.length).toBeGreaterThan(4 * 2 ** 20);
    expect(bomb.inflated).toBeGreaterThan(2 ** 30);
    const r = await readEntryWorkbook(bomb.bytes);
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'ZIP_RATIO_TOO_HIGH',
        severity: 'error',
        place: { file: '入力用ブック.xlsx' },
        hint: expect.any(String),
      }),
    ]);
    expect(r.issues[0]!.messageEn).toMatch(/xl\/worksheets\/sheet1\.xml: .* uncompressed, \d+x, limit 100x/);
    // Without inflating: only the zip's directory is read, not the 5 MB of compressed cells.
    const source = counting(bomb.bytes);
    const direct = await readXlsx(source, 'entry.xlsx', { limits: ENTRY_WORKBOOK_LIMITS });
    expect(direct.issues.map((i) => i.code)).toEqual(['ZIP_RATIO_TOO_HIGH']);
    expect(source.bytesRead).toBeLessThan(100_000);
  });

  it('refuses a workbook whose sheet is declared at gigabytes', async () => {
    const bytes = setDeclaredSize(await exported(), 'xl/worksheets/sheet1.xml', 3 * 2 ** 30);
    const r = await readEntryWorkbook(bytes);
    expect(r.issues.map((i) => i.code)).toEqual(['ZIP_RATIO_TOO_HIGH']);
    expect(r.issues[0]!.message).toContain('xl/worksheets/sheet1.xml: 展開後 3 GB');
  });

  it('refuses a workbook over the entry workbook’s uncompressed budget, naming its largest part', async () => {
    const r = await readEntryWorkbook(await exported(), {
      limits: { maxUncompressedBytes: 5_000, maxCompressionRatio: Number.POSITIVE_INFINITY },
    });
    expect(r.issues.map((i) => i.code)).toEqual(['ZIP_TOO_LARGE']);
    expect(r.issues[0]!.messageEn).toMatch(/limit 4\.9 KB; part xl\//);
  });

  it('refuses a cell far to the right of the sheet, naming it', async () => {
    const bytes = await edited(await exported(), (ws) => {
      ws.getCell(5, 200).value = 'x';
    });
    const r = await readEntryWorkbook(bytes);
    expect(r.issues.map((i) => [i.code, i.cell])).toEqual([['TOO_MANY_COLUMNS', 'GR5']]);
  });
});
