import { describe, expect, it } from 'vitest';
import {
  htmlTableRows,
  nameAndTarget,
  readSettingCell,
  readSettingGrid,
  returnActualFigure,
} from './setting-cells.ts';

describe('readSettingCell', () => {
  it('reads an embedded HTML table: name rows, then target | actual', () => {
    const html =
      '<table border="1"><tr><th>設定指標</th><th>実績</th></tr><tr><td>講座の開催回数</td><td>講座の開催回数</td></tr>' +
      '<tr><td>4回</td><td>1回</td></tr><tr><td>受講者数</td><td></td></tr><tr><td>120人</td><td></td></tr></table>';
    expect(htmlTableRows(html)[1]).toEqual(['講座の開催回数', '講座の開催回数']);
    expect(readSettingCell(html)).toEqual([
      { name: '講座の開催回数', target: '4回', actual: '1回', actualYear: null },
      { name: '受講者数', target: '120人', actual: null, actualYear: null },
    ]);
  });

  it('reads the same table flattened into one cell with no-break spaces between its columns', () => {
    const nb = ' \u00a0\u00a0\u00a0 ';
    expect(readSettingCell(`設定指標${nb}実績 相談件数${nb}相談件数 80件${nb}12件`)).toEqual([
      { name: '相談件数', target: '80件', actual: '12件', actualYear: null },
    ]);
    // two figures with nothing between them: which is the target cannot be told (both kept, in
    // the order written, for the row's yearly cells to place: setting-years.ts)
    expect(readSettingCell(`設定指標${nb}実績 相談件数${nb}相談件数 12件 80件(年間)`)).toEqual([
      { name: '相談件数', target: null, actual: null, actualYear: null, figures: ['12件', '80件(年間)'] },
    ]);
  });

  it('reads text with a dated actual, brackets, paragraphs and numbered items', () => {
    expect(readSettingCell('設定指標 実績 ・補助件数40件 R2:9件')).toEqual([
      { name: '補助件数', target: '40件', actual: '9件', actualYear: 2020 },
    ]);
    expect(readSettingCell('設定指標 実績 見学会の参加者数(累計300人) R03: 45人')).toEqual([
      { name: '見学会の参加者数', target: '累計300人', actual: '45人', actualYear: 2021 },
    ]);
    expect(readSettingCell('<p>設定指標</p> <p>窓口の件数 50件</p> <p>出張の回数 6回</p>')).toEqual([
      { name: '窓口の件数', target: '50件', actual: null, actualYear: null },
      { name: '出張の回数', target: '6回', actual: null, actualYear: null },
    ]);
    expect(
      readSettingCell('設定指標 ①加入団体 8団体 ②研修の修了者 5人(累計)')?.map((r) => [r.name, r.target]),
    ).toEqual([
      ['加入団体', '8団体'],
      ['研修の修了者', '5人(累計)'],
    ]);
    expect(readSettingCell('設定指標 体験会の開催回数 (年4回)')?.[0]).toMatchObject({
      name: '体験会の開催回数',
      target: '年4回',
    });
    // a dated figure after an indicator is its value at that date
    expect(readSettingCell('設定指標 登録頭数の維持3,000頭 R3.4.1登録頭数3,120頭')?.[0]).toMatchObject({
      name: '登録頭数の維持',
      target: '3,000頭',
      actual: '3,120頭',
      actualYear: 2021,
    });
  });

  it('leaves other cells to the caller', () => {
    expect(readSettingCell('設定指標')).toBeNull();
    expect(readSettingCell('事業の概要')).toBeNull();
    expect(readSettingCell('<table><tr><td>a</td></tr></table>')).toBeNull();
  });

  it('splits a name from a target, never taking a long text as a unit', () => {
    expect(nameAndTarget('利用者数 1,200人/年')).toEqual({ name: '利用者数', target: '1,200人/年' });
    expect(nameAndTarget('端末の1日当たりの使用回数 (左記)')).toEqual({
      name: '端末の1日当たりの使用回数 (左記)',
      target: null,
    });
  });

  it('reads a 設定指標 | 実績 grid spread over sheet rows, line by line', () => {
    const L = (left: string, right = '', context?: string[]) => ({ left, right, context });
    const rows = (lines: ReturnType<typeof L>[], vertical = false) =>
      readSettingGrid(lines, vertical).map((r) => [r.name, r.target, r.actual, r.actualYear]);
    // name and target | name and actual
    expect(rows([L('相談件数 120件', '相談件数 98件'), L('参加者数 300人', '参加者数 251人')])).toEqual([
      ['相談件数', '120件', '98件', null],
      ['参加者数', '300人', '251人', null],
    ]);
    // a name row, then its figures
    expect(rows([L('登録団体数', '登録団体数'), L('40団体', '36団体')])).toEqual([
      ['登録団体数', '40団体', '36団体', null],
    ]);
    // actuals led by their year, in the order of the indicators
    expect(rows([L('訪問件数100件 誘致件数8件(累計)', 'R2:訪問30件 R2:誘致2件')])).toEqual([
      ['訪問件数', '100件', '30件', 2020],
      ['誘致件数', '8件(累計)', '2件', 2020],
    ]);
    expect(
      rows([L('寄附件数: 900件 新規品目数: 60品', '【令和3年実績】 寄附件数: 640件 新規品目: 12品')]),
    ).toEqual([
      ['寄附件数', '900件', '640件', 2021],
      ['新規品目数', '60品', '12品', 2021],
    ]);
    // a dated actual beside the name, the target on the line below
    expect(rows([L('教室の受講者数', '(R3)平均 9人/回'), L('12人/回')])).toEqual([
      ['教室の受講者数', '12人/回', '9人/回', 2021],
    ]);
    // bare numbered figures named by the same-numbered items of the row's yearly texts
    expect(rows([L('① 4回 ② 2回', '① 3回 ② 1回', ['①理事会の開催 1回 ②総会の開催 1回'])])).toEqual([
      ['理事会の開催', '4回', '3回', null],
      ['総会の開催', '2回', '1回', null],
    ]);
    // figures without a name name nothing; two figures in one cell cannot be told apart
    expect(rows([L('5回', '3回')])).toEqual([]);
    expect(rows([L('利用者数', ''), L('1,200人 900人')])).toEqual([['利用者数', null, null, null]]);
    // written down one column
    expect(rows([L('設定指標'), L('実績'), L('来場者数 8,000人'), L('中止')], true)).toEqual([
      ['来場者数', '8,000人', '中止', null],
    ]);
  });
  it('returns a 実績 figure the 設定指標 name took, only when the 実績 cell restates the name without one', () => {
    const row = () => ({ name: '利用者の割合 40.5%', target: '50%以上', actual: null, actualYear: null });
    const moved = row();
    expect(returnActualFigure(moved, '実績 利用者の割合 【H30調査】')).toBe(true);
    expect(moved).toEqual({ name: '利用者の割合', target: '50%以上', actual: '40.5%', actualYear: 2018 });
    // The 実績 cell has its own figure, names another indicator, or the name has no figure at its end.
    for (const beside of ['実績 利用者の割合 41%', '実績 別の指標 【H30調査】']) {
      const kept = row();
      expect(returnActualFigure(kept, beside), beside).toBe(false);
      expect(kept).toEqual(row());
    }
    const plain = { name: '90%以上の世帯の割合', target: '60%', actual: null, actualYear: null };
    expect(returnActualFigure(plain, '実績 90%以上の世帯の割合')).toBe(false);
  });
});
