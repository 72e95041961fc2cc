import { describe, expect, it } from 'vitest';
import { readNumberedHeading, readSection } from './section.ts';

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
