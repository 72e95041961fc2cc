import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { recognize } from './recognize.ts';
import { applyTemplate, cellKey, matchTemplate, templateOf } from './template.ts';

function book(rows: (string | null)[][], file = 'kpi.csv', name: string | null = null): GridWorkbook {
  return {
    sheets: [{ file, name, rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [] }],
    encodings: { [file]: 'utf-8' },
  };
}

const THIS_YEAR = book([
  ['令和5年度 実績'],
  ['項目', '当初', '令和5年度', '到達点'],
  ['新規就農者数', '12人', '14人', '20人'],
]);
const NEXT_YEAR = book(
  [
    ['令和6年度 実績'],
    ['項目', '当初', '令和6年度', '到達点'],
    ['新規就農者数', '12人', '16人', '20人'],
    ['転入者数', '1,200人', '1,250人', '1,300人'],
  ],
  'kpi-2025.csv',
);
const STRUCTURE = {
  sheet: null,
  headerRows: [2],
  firstDataRow: 3,
  columns: [
    { column: 1, role: 'name' as const },
    { column: 2, role: 'baseline' as const },
    { column: 3, role: 'actual' as const },
    { column: 4, role: 'target' as const },
  ],
};

describe('header signature', () => {
  it('blanks year numbers, spaces and widths, keeps the words', () => {
    expect(cellKey('令和５年度 実績')).toBe(cellKey('令和6年度実績'));
    expect(cellKey('R5実績')).toBe(cellKey('R6実績'));
    expect(cellKey('令和元年度')).toBe(cellKey('令和2年度'));
    expect(cellKey('目標値')).not.toBe(cellKey('基準値'));
  });

  it('matches next year’s file of the same shape and applies the template to it', () => {
    const template = templateOf(THIS_YEAR, [STRUCTURE], [], []);
    expect(template.signature).toEqual([
      { sheet: null, rows: [2], key: '1:項目|2:当初|3:令和#年度|4:到達点' },
    ]);
    expect(template.structures[0]).not.toHaveProperty('file');
    expect(matchTemplate(NEXT_YEAR, template)).toEqual({ matched: true, shift: 0 });
    const options = applyTemplate(template, 'kpi-2025.csv', 0);
    const res = recognize(NEXT_YEAR, options);
    expect(res.document.indicators.map((i) => [i.name, i.actuals[0]?.value])).toEqual([
      ['新規就農者数', 16],
      ['転入者数', 1250],
    ]);
  });

  it('finds the header moved down by title lines, and moves the structure with it', () => {
    const template = templateOf(THIS_YEAR, [STRUCTURE], [], []);
    const moved = book([
      ['〇〇町'],
      ['令和6年度 実績'],
      ['項目', '当初', '令和6年度', '到達点'],
      ['移住者数', '1人', '2人', '3人'],
    ]);
    const m = matchTemplate(moved, template);
    expect(m).toEqual({ matched: true, shift: 1 });
    const options = applyTemplate(template, 'kpi.csv', 1);
    expect(options.structures[0]).toMatchObject({ file: 'kpi.csv', headerRows: [3], firstDataRow: 4 });
    expect(recognize(moved, options).document.indicators.map((i) => i.name)).toEqual(['移住者数']);
  });

  it('never matches a different shape: another word, another column, another sheet, no signature', () => {
    const template = templateOf(THIS_YEAR, [STRUCTURE], [], []);
    const other = book([['項目', '当初', '令和6年度', '目標']]);
    expect(matchTemplate(other, template)).toMatchObject({
      matched: false,
      expected: template.signature[0]!.key,
    });
    expect(matchTemplate(book([['項目', '当初', null, '令和6年度', '到達点']]), template).matched).toBe(
      false,
    );
    expect(
      matchTemplate(book([['項目', '当初', '令和6年度', '到達点']], 'a.xlsx', 'KPI'), template).matched,
    ).toBe(false);
    expect(matchTemplate(THIS_YEAR, { signature: [], structures: [], overrides: [] }).matched).toBe(false);
  });

  it('keeps column overrides by the first row of their table', () => {
    const wb = book([
      ['指標名', '基準値', '目標値', '調査値'],
      ['観光客数', '120人', '150人', '130人'],
    ]);
    const res = recognize(wb);
    const template = templateOf(
      wb,
      [],
      [{ file: 'kpi.csv', sheet: null, table: 0, column: 4, field: 'actual', fiscalYear: 2021 }],
      res.report.tables,
    );
    expect(template.overrides).toEqual([
      { sheet: null, table: { firstRow: 1 }, column: 4, field: 'actual', fiscalYear: 2021 },
    ]);
    const applied = applyTemplate(template, 'next.csv', 0);
    const again = recognize({ ...wb, sheets: [{ ...wb.sheets[0]!, file: 'next.csv' }] }, applied);
    expect(again.document.indicators[0]!.actuals[0]).toMatchObject({ value: 130, fiscalYear: 2021 });
  });

  it('a header changed in any one cell never matches (property)', () => {
    const template = templateOf(THIS_YEAR, [STRUCTURE], [], []);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.string({ minLength: 1, maxLength: 6 }), (col, word) => {
        const header = ['項目', '当初', '令和6年度', '到達点'];
        const changed = [...header];
        changed[col] = word;
        const same = changed.every((c, i) => cellKey(c) === cellKey(header[i]!));
        const m = matchTemplate(book([['title'], changed]), template);
        return m.matched === same;
      }),
    );
  });
});
