import { describe, expect, it } from 'vitest';
import { strategyTitle } from './narrative.ts';
import { recognize } from './recognize.ts';

describe('strategyTitle', () => {
  it('keeps the strategy a title names, without what the document is about it', () => {
    expect(strategyTitle('第3期〇〇市総合戦略の策定に係る調査表')).toBe('第3期〇〇市総合戦略');
    expect(strategyTitle('第2期 総合戦略 KPI 一覧')).toBe('第2期総合戦略');
    expect(strategyTitle('〇〇市総合戦略（改訂版）')).toBe('〇〇市総合戦略（改訂版）');
    expect(strategyTitle('第2期 重要業績評価指標の進捗状況', 2)).toBe('第2期総合戦略');
    expect(strategyTitle('重要業績評価指標の進捗状況')).toBe('総合戦略');
  });
});

describe('periods stated in a period review', () => {
  it('takes each period from its header (第3期 (R7-11)) and the name from the title', () => {
    const grid = [
      ['第3期 〇〇町総合戦略の策定に係る調査表'],
      ['第2期 KPI', 'H30基準値', 'R2実績', 'R6目標値', '第3期 (R7-11) KPI', 'R5基準値', 'R11目標値'],
      ['移住者数', '100人', '110人', '130人', '移住者数', '120人', '150人'],
    ];
    const { document } = recognize({
      sheets: [
        { file: 'a.tsv', name: null, merges: [], rows: grid.map((cells, i) => ({ row: i + 1, cells })) },
      ],
      encodings: {},
    });
    const third = document.strategies?.find((s) => s.generation === 3);
    expect(third).toMatchObject({ name: '第3期〇〇町総合戦略', period: { from: 2025, to: 2029 } });
  });
});
