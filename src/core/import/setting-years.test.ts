import { describe, expect, it } from 'vitest';
import { readSettingCell, type SettingRow } from './setting-cells.ts';
import { figureAfter, placeByYears, type YearlyCells } from './setting-years.ts';

const nb = ' \u00a0\u00a0\u00a0 ';
const row = (name: string, figures?: string[]): SettingRow => ({
  name,
  target: null,
  actual: null,
  actualYear: null,
  ...(figures ? { figures } : {}),
});
const years = (finalYear: number | null, ...texts: string[]): YearlyCells => ({
  finalYear,
  years: texts.map((text, k) => ({ year: 2020 + k, text })),
});

describe('figureAfter', () => {
  it('reads the figure right after the name, or a cell that is one figure', () => {
    expect(
      figureAfter('放課後教室の延べ参加者数 2,400人 (分室の閉鎖による)', '放課後教室の延べ参加者数'),
    ).toBe('2,400人 (分室の閉鎖による)');
    expect(figureAfter('3,100人', '何か')).toBe('3,100人');
    expect(figureAfter('放課後教室の延べ参加者数の把握', '放課後教室の延べ参加者数')).toBeNull();
    expect(figureAfter('—', '受講者数')).toBeNull();
  });
});

describe('placeByYears', () => {
  const NAME = '放課後教室の延べ参加者数';
  const plan = years(
    2024,
    `${NAME} 3,100人`,
    `${NAME} 2,900人`,
    `${NAME} 2,400人 (分室の閉鎖による)`,
    `${NAME} 900人 (分室の閉鎖による)`,
    `${NAME} 900人 (分室の閉鎖による)`,
  );

  it('places two figures of unknown order by the row’s yearly cells: final year’s plan is the target', () => {
    // the flattened 設定指標 | 実績 table: both figures after the second name
    const [r] = readSettingCell(`設定指標${nb}実績 ${NAME}${nb}${NAME} 3,100人 900人(年間)`)!;
    expect(r).toMatchObject({ name: NAME, target: null, actual: null, figures: ['3,100人', '900人(年間)'] });
    expect(placeByYears(r!, plan)).toBe(true);
    expect(r).toEqual({
      name: NAME,
      target: '900人(年間)',
      targetYear: 2024,
      actual: '3,100人',
      actualYear: 2020,
    });
    // the other order written gives the same reading
    const other = row(NAME, ['900人(年間)', '3,100人']);
    expect(placeByYears(other, plan)).toBe(true);
    expect([other.target, other.actual, other.actualYear]).toEqual(['900人(年間)', '3,100人', 2020]);
  });

  it('leaves the row as read when the yearly cells do not settle the order', () => {
    const unplaced = (r: SettingRow, y: YearlyCells) => {
      expect(placeByYears(r, y)).toBe(false);
      expect([r.target, r.actual, r.actualYear]).toEqual([null, null, null]);
    };
    // the final year plans neither figure
    unplaced(row(NAME, ['3,100人', '900人']), years(2024, `${NAME} 3,100人`, `${NAME} 800人`));
    // no earlier year gives the other figure
    unplaced(row(NAME, ['3,000人', '900人']), plan);
    // both orders fit (each figure is the final plan and an earlier year's)
    unplaced(row(NAME, ['900人', '900人']), years(2022, `${NAME} 900人`, `${NAME} 900人`, `${NAME} 900人`));
    // the yearly cells are about another indicator
    unplaced(row(NAME, ['3,100人', '900人']), years(2021, '相談件数 3,100件', '相談件数 900件'));
    // no period end known
    unplaced(row(NAME, ['3,100人', '900人']), years(null, `${NAME} 3,100人`, `${NAME} 900人`));
  });

  it('dates the 実績 only when one earlier year gives its figure', () => {
    const r = row(NAME, ['900人', '700人']);
    expect(
      placeByYears(r, years(2023, `${NAME} 900人`, `${NAME} 900人`, `${NAME} 800人`, `${NAME} 700人`)),
    ).toBe(true);
    expect([r.target, r.targetYear, r.actual, r.actualYear]).toEqual(['700人', 2023, '900人', null]);
  });
});
