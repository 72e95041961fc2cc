import { describe, expect, it } from 'vitest';
import { readGeneration, readHeaderYear, stripYears } from './header-year.ts';

describe('readHeaderYear', () => {
  it.each([
    ['目標値 (令和6年度)', 2024, 2024, 'fiscal', null],
    ['基準値 (令和元年度)', 2019, 2019, 'fiscal', null],
    ['H30基準値', 2018, 2018, 'fiscal', null],
    ['現状値(R5)', 2023, 2023, 'fiscal', null],
    ['令和2年度 実績値', 2020, 2020, 'fiscal', null],
    ['評価 (R6.4現在)', 2024, 2024, 'fiscal', '2024-04'],
    ['評価 (R7.2現在)', 2024, 2024, 'fiscal', '2025-02'],
    ['第3期 (R7-11) KPI', 2025, 2029, 'fiscal', null],
    ['令和2年度から令和6年度までの5年間', 2020, 2024, 'fiscal', null],
    ['2023年 実績', 2023, 2023, 'calendar', null],
  ])('%s', (text, year, to, basis, date) => {
    expect(readHeaderYear(text)).toEqual({ year, to, basis, date });
  });
  it('returns null without a year', () => {
    expect(readHeaderYear('目標値')).toBeNull();
    expect(readHeaderYear('KPI')).toBeNull();
  });
  it('reads generations and strips years for lexicon lookup', () => {
    expect(readGeneration('第２期 KPI')).toBe(2);
    expect(stripYears('H30基準値').trim()).toBe('基準値');
    expect(stripYears('R6目標値').trim()).toBe('目標値');
  });
});
