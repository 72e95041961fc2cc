import { describe, expect, it } from 'vitest';
import { readSettingCell, type SettingRow } from './setting-cells.ts';
import { figureAfter, placeByYears, splitByYearlyItems, type YearlyCells } from './setting-years.ts';

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
    expect(figureAfter('〇講座の開催 〇受講者数40人', '受講者数')).toBe('40人');
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

describe('splitByYearlyItems', () => {
  const A = '図書館でのおはなし会の開催';
  const B = '読み聞かせボランティアの登録者数';
  const plan = years(
    2022,
    `〇${A}(臨時休館により回数を縮小)`,
    `〇${A} 〇${B}25人`,
    `〇${A} 〇${B}35人`,
    '—',
    '—',
  );

  it('splits names the yearly items confirm, each target the last yearly figure after its name', () => {
    const [r] = readSettingCell(`設定指標 ${A} ${B}(左記)`)!;
    expect(r).toMatchObject({ name: `${A} ${B}(左記)`, target: null });
    expect(splitByYearlyItems(r!, plan)).toEqual([
      { name: A, target: null, actual: null, actualYear: null },
      { name: B, target: '35人', targetYear: 2022, actual: null, actualYear: null },
    ]);
    // without the reference to the yearly texts, and with names of several words
    expect(
      splitByYearlyItems(
        row('子ども 食堂の開設 学習支援の参加者数'),
        years(2021, '・子ども 食堂の開設 ・学習支援の参加者数 12人', '・学習支援の参加者数 20人'),
      ),
    ).toEqual([
      { name: '子ども 食堂の開設', target: null, actual: null, actualYear: null },
      { name: '学習支援の参加者数', target: '20人', targetYear: 2021, actual: null, actualYear: null },
    ]);
  });

  it('leaves the row as read unless the names are confirmed in one way, in order', () => {
    // one name only (the yearly texts name it in other words)
    expect(splitByYearlyItems(row(`${B} (左記のとおり)`), plan)).toBeNull();
    // a name the yearly items do not start
    expect(splitByYearlyItems(row(`${A} 新しい講座の受講者数(左記)`), plan)).toBeNull();
    // a shorter name that only starts a longer one (`登録者` of `登録者数25人`)
    expect(splitByYearlyItems(row(`${A} 読み聞かせボランティアの登録者(左記)`), plan)).toBeNull();
    // the yearly items give the names in the other order
    expect(splitByYearlyItems(row(`${B} ${A}`), plan)).toBeNull();
    // the whole text is one item's name
    expect(splitByYearlyItems(row('学習 支援'), years(2020, '〇学習 支援 5回'))).toBeNull();
    // a row with a target or an actual is not split
    expect(splitByYearlyItems({ ...row(`${A} ${B}`), target: '10人' }, plan)).toBeNull();
  });
});
