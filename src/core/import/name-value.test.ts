import { describe, expect, it } from 'vitest';
import { splitNameValue } from './name-value.ts';
import { recognize } from './recognize.ts';

function read(grid: (string | null)[][]) {
  return recognize({
    sheets: [
      { file: 'a.csv', name: null, merges: [], rows: grid.map((cells, i) => ({ row: i + 1, cells })) },
    ],
    encodings: {},
  });
}

describe('splitNameValue', () => {
  it('splits a name and the figure after it at a space or a colon', () => {
    expect(splitNameValue('就業相談者数 100人')).toEqual({ name: '就業相談者数', value: '100人' });
    expect(splitNameValue('若者就職率：88%（R1）')).toEqual({ name: '若者就職率', value: '88%（R1）' });
    expect(splitNameValue('観光入込客数　1,200,000人')).toEqual({
      name: '観光入込客数',
      value: '1,200,000人',
    });
  });

  it('leaves names with a number inside, and cells without a figure, whole', () => {
    expect(splitNameValue('65歳以上の就業者数')).toBeNull();
    expect(splitNameValue('就業相談者数')).toBeNull();
    expect(splitNameValue('就業相談者数 調査中')).toBeNull();
    expect(splitNameValue('12 34')).toBeNull();
  });
});

describe('name and value in one cell', () => {
  it('reads the name and the baseline from 指標・現状値, the target beside it', () => {
    const { document, report } = read([
      ['施策', '指標・現状値（R1）', '目標値（R6）'],
      ['1-1 雇用', '就業相談者数 100人', '150人'],
      [null, '創業件数：10件', '14件'],
    ]);
    expect(
      document.indicators.map((i) => [i.name, i.baseline?.value, i.baseline?.fiscalYear, i.target?.value]),
    ).toEqual([
      ['就業相談者数', 100, 2019, 150],
      ['創業件数', 10, 2019, 14],
    ]);
    expect(report.tables[0]?.decisions?.map((d) => d.what)).toContain(
      'column 2 holds the indicator name and its baseline in one cell',
    );
    expect(report.coverage.ratio).toBe(1);
  });

  it('reads the target from the name column when the table has a baseline column only', () => {
    const { document } = read([
      ['施策', 'KPI', '現状値（R1）'],
      ['1-1 雇用', '就業相談者数 150人（R6）', '100人'],
      [null, '創業件数 14件（R6）', '10件'],
    ]);
    expect(
      document.indicators.map((i) => [i.name, i.baseline?.value, i.target?.value, i.target?.fiscalYear]),
    ).toEqual([
      ['就業相談者数', 100, 150, 2024],
      ['創業件数', 10, 14, 2024],
    ]);
  });
});
