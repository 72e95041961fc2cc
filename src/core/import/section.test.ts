import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { recognize } from './recognize.ts';
import { readSection } from './section.ts';

describe('readSection', () => {
  it.each([
    ['基本目標1 しごとをつくる', 'goal', '1', 'しごとをつくる'],
    ['基本目標１　しごとをつくる', 'goal', '1', 'しごとをつくる'],
    ['【基本目標２】ひとの流れをつくる', 'goal', '2', 'ひとの流れをつくる'],
    ['■基本目標Ⅲ 結婚・出産・子育て', 'goal', '3', '結婚・出産・子育て'],
    ['基本目標三 まちをつくる', 'goal', '3', 'まちをつくる'],
    ['基本的視点2：地域をつなぐ', 'goal', '2', '地域をつなぐ'],
    ['施策大項目2(1) 定住・関係人口の創出', 'measure', '2(1)', '定住・関係人口の創出'],
    ['新規 施策大項目3(2)', 'measure', '3(2)', ''],
    ['基本施策1-2 創業支援', 'measure', '1-2', '創業支援'],
    ['施策(1) 子育て環境の充実', 'measure', '1', '子育て環境の充実'],
    ['施策（２）教育の充実', 'measure', '2', '教育の充実'],
  ])('%s', (text, field, code, rest) => {
    expect(readSection(text)).toEqual({ field, code, rest });
  });

  it('reads nothing else', () => {
    for (const t of ['基本目標の達成状況', '施策の概要', '創業者数', '1 しごとをつくる', 'KPI 1', ''])
      expect(readSection(t), t).toBeNull();
  });
});

describe('readNumberedHeading', () => {
  it('reads a numbered heading line without an entity word, never a figure or a sentence', async () => {
    const { readNumberedHeading } = await import('./section.ts');
    expect(readNumberedHeading('（2）移住・定住の促進')).toEqual({ code: '2', rest: '移住・定住の促進' });
    expect(readNumberedHeading('1-2 観光の振興')).toEqual({ code: '1-2', rest: '観光の振興' });
    expect(readNumberedHeading('(1) 120人')).toBeNull();
    expect(readNumberedHeading('(1) 相談会を開催した。')).toBeNull();
    expect(readNumberedHeading('移住者数')).toBeNull();
  });
});

describe('a 施策(n) heading line under a KPI table', () => {
  it('opens a measure and is no indicator', () => {
    const lines = [
      ['基本目標1 しごとをつくる'],
      ['KPI', '基準値', '目標値', '担当課'],
      ['創業件数', '10件', '30件', '商工振興課'],
      ['施策(1) 子育て環境の充実'],
      ['一時預かり利用者数', '1,000人', '1,200人', '子育て支援課'],
      ['施策(2) 教育の充実'],
      ['学力調査の平均正答率', '60%', '70%', '学校教育課'],
    ];
    const workbook: GridWorkbook = {
      sheets: [
        { file: 'kpi.tsv', name: null, rows: lines.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
      ],
      encodings: { 'kpi.tsv': 'utf-8' },
    };
    const doc = recognize(workbook).document;
    expect(doc.indicators.map((i) => i.name)).toEqual([
      '創業件数',
      '一時預かり利用者数',
      '学力調査の平均正答率',
    ]);
    const measureOf = (name: string) => {
      const owner = doc.indicators.find((i) => i.name === name)!.owner;
      return doc.measures.find((m) => owner?.type === 'measure' && m.id === owner.id)?.name;
    };
    expect(measureOf('一時預かり利用者数')).toBe('子育て環境の充実');
    expect(measureOf('学力調査の平均正答率')).toBe('教育の充実');
  });
});
