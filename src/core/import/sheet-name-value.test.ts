import { describe, expect, it } from 'vitest';
import { createMemo } from './memo.ts';
import { indicatorLabels, namedFigures, splitNameValue } from './sheet-name-value.ts';

describe('splitNameValue', () => {
  it('takes a target in labelled parts whole, the name stopping before its first part', () => {
    expect(splitNameValue('貸出冊数 4冊以上(小学生) 2冊以上(中学生)')).toEqual({
      name: '貸出冊数',
      value: '4冊以上(小学生) 2冊以上(中学生)',
    });
    // one labelled figure, or a figure in the name, stays as before
    expect(splitNameValue('貸出冊数 4冊以上(小学生)')).toEqual({
      name: '貸出冊数',
      value: '4冊以上(小学生)',
    });
    expect(splitNameValue('1日当たりの利用回数 3回')).toEqual({ name: '1日当たりの利用回数', value: '3回' });
  });
});

describe('indicatorLabels', () => {
  it('reads the labels of a cell that holds several, and nothing else', () => {
    const memo = createMemo();
    expect(indicatorLabels(memo, '成果目標 重要業績評価指標(KPI)')).toEqual(['outcomeTarget', 'kpiName']);
    expect(indicatorLabels(memo, '重要業績評価指標(KPI)')).toBeNull();
    expect(indicatorLabels(memo, '成果目標 事業内容')).toBeNull();
  });
});

describe('namedFigures', () => {
  it('cuts a cell into as many named figures as asked, only where one cut fits', () => {
    expect(namedFigures('入込客数 120,000人/年  登録者数 3万人 (累計)', 2)).toEqual([
      '入込客数 120,000人/年',
      '登録者数 3万人 (累計)',
    ]);
    expect(namedFigures('入込客数120,000人 登録者数3万人', 2)).toEqual([
      '入込客数120,000人',
      '登録者数3万人',
    ]);
    // one indicator, a name without its figure, or a cell of figures only: no cut
    expect(namedFigures('入込客数 120,000人/年', 2)).toBeNull();
    expect(namedFigures('入込客数 登録者数 3万人', 2)).toBeNull();
    expect(namedFigures('120,000人 3万人', 2)).toBeNull();
  });
});
