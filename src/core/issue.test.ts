import { describe, expect, it } from 'vitest';
import { cellAddress, formatPlace } from './issue.ts';

describe('cellAddress', () => {
  it('writes a cell as a spreadsheet names it', () => {
    expect(cellAddress(1, 1)).toBe('A1');
    expect(cellAddress(12, 4)).toBe('D12');
    expect(cellAddress(5, 26)).toBe('Z5');
    expect(cellAddress(5, 27)).toBe('AA5');
    expect(cellAddress(3, 703)).toBe('AAA3');
    expect(cellAddress(1, 16_384)).toBe('XFD1');
  });
});

describe('formatPlace', () => {
  it('names the file, sheet, row, column and field it knows', () => {
    expect(formatPlace({ file: 'kpi.xlsx', sheet: '入力', row: 5, column: 8, field: 'actual' })).toBe(
      'kpi.xlsx シート「入力」 5行 8列 (actual)',
    );
    expect(formatPlace(null)).toBe('');
  });
});
