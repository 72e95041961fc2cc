import { describe, expect, it } from 'vitest';
import { parseJapanesePeriod, parseJapaneseYear, scanPeriod } from './japanese-date.ts';

const fy = (from: number | null, to: number | null = from, date: string | null = null) => ({
  from,
  to,
  basis: 'fiscal' as const,
  date,
});

describe('parseJapaneseYear', () => {
  it.each([
    ['R5', 2023, 'fiscal', null],
    ['R02', 2020, 'fiscal', null],
    ['H30', 2018, 'fiscal', null],
    ['Ｈ３０', 2018, 'fiscal', null],
    ['R元', 2019, 'fiscal', null],
    ['令和元年度', 2019, 'fiscal', null],
    ['令和6年度', 2024, 'fiscal', null],
    ['令和 6 年度', 2024, 'fiscal', null],
    ['平成30年', 2018, 'calendar', null],
    ['平成31年度', 2019, 'fiscal', null],
    ['昭和64年', 1989, 'calendar', null],
    ['大正15年', 1926, 'calendar', null],
    ['明治元年', 1868, 'calendar', null],
    ['S50', 1975, 'fiscal', null],
    ['2024年度', 2024, 'fiscal', null],
    ['2022年', 2022, 'calendar', null],
    ['R5年度', 2023, 'fiscal', null],
    ['R6.4現在', 2024, 'calendar', '2024-04'],
    ['R6.4', 2024, 'calendar', '2024-04'],
    ['H31.4.1', 2019, 'calendar', '2019-04-01'],
    ['令和5年9月', 2023, 'calendar', '2023-09'],
    ['令和5年9月30日', 2023, 'calendar', '2023-09-30'],
    ['2023年9月', 2023, 'calendar', '2023-09'],
    ['2020R2', 2020, 'fiscal', null],
    ['2020R2年', 2020, 'calendar', null],
  ])('%s → %s %s %s', (text, year, basis, date) => {
    expect(parseJapaneseYear(text)).toEqual({ year, basis, date });
  });

  it.each(['', 'R', 'R100', 'R0', '2024', '令和', 'X5', 'R5人', '平成30年度です', 'CR5'])(
    'rejects %j',
    (text) => {
      expect(parseJapaneseYear(text)).toBeNull();
    },
  );
});

describe('parseJapanesePeriod', () => {
  it('reads ranges written in many ways', () => {
    expect(parseJapanesePeriod('H27～R1')).toEqual({ period: fy(2015, 2019), cumulative: false });
    expect(parseJapanesePeriod('R2-R6')).toEqual({ period: fy(2020, 2024), cumulative: false });
    expect(parseJapanesePeriod('R7-11')).toEqual({ period: fy(2025, 2029), cumulative: false });
    expect(parseJapanesePeriod('R2 ~ R6')).toEqual({ period: fy(2020, 2024), cumulative: false });
    expect(parseJapanesePeriod('R1~R5')).toEqual({ period: fy(2019, 2023), cumulative: false });
    expect(parseJapanesePeriod('令和3年度から令和6年度')).toEqual({
      period: fy(2021, 2024),
      cumulative: false,
    });
    expect(parseJapanesePeriod('2020R2～2024R6年')).toEqual({
      period: { from: 2020, to: 2024, basis: 'calendar', date: null },
      cumulative: false,
    });
  });

  it('reads open ranges and cumulative markers', () => {
    expect(parseJapanesePeriod('～R1')).toEqual({ period: fy(null, 2019), cumulative: false });
    expect(parseJapanesePeriod('R3～')).toEqual({ period: fy(2021, null), cumulative: false });
    expect(parseJapanesePeriod('R3～累計')).toEqual({ period: fy(2021, null), cumulative: true });
    expect(parseJapanesePeriod('H28~')).toEqual({ period: fy(2016, null), cumulative: false });
    expect(parseJapanesePeriod('R2～R6の累計')).toEqual({ period: fy(2020, 2024), cumulative: true });
    expect(parseJapanesePeriod('R4年度までの累計')).toEqual({ period: fy(null, 2022), cumulative: true });
    expect(parseJapanesePeriod('R4まで')).toEqual({ period: fy(null, 2022), cumulative: false });
    expect(parseJapanesePeriod('R4以降')).toEqual({ period: fy(2022, null), cumulative: false });
  });

  it('gives an as-of date its fiscal year', () => {
    expect(parseJapanesePeriod('R6.4現在')).toEqual({ period: fy(2024, 2024, '2024-04'), cumulative: false });
    expect(parseJapanesePeriod('R6.3現在')).toEqual({ period: fy(2023, 2023, '2024-03'), cumulative: false });
  });

  it('rejects text that is not a period', () => {
    expect(parseJapanesePeriod('18,165人')).toBeNull();
    expect(parseJapanesePeriod('R5 100人')).toBeNull();
  });

  it('reports where a period ends inside longer text', () => {
    expect(scanPeriod('R2~R6(推計値)の累計', 0)?.end).toBe(5);
  });
});
