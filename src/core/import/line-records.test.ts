import { describe, expect, it } from 'vitest';
import type { GridSheet } from './grid.ts';
import { readArrowLine, yearOf } from './line-records.ts';
import { recognize } from './recognize.ts';

function sheet(lines: string[][]): GridSheet {
  return {
    file: 'lines.txt',
    name: null,
    merges: [],
    rows: lines.map((cells, i) => ({ row: i + 1, cells })),
  };
}

describe('readArrowLine', () => {
  it('reads name, baseline and target of an arrow summary', () => {
    expect(readArrowLine('② 移住者数:11.4人/年 → 17人/年')).toEqual({
      name: '移住者数',
      role: null,
      baseline: '11.4人/年',
      target: '17人/年',
    });
    expect(readArrowLine('[KPI] 出荷額 (H25)120 億円 → (H31)150 億円')).toMatchObject({
      name: '出荷額',
      role: 'kpi',
      baseline: '(H25)120 億円',
    });
    expect(readArrowLine('新規雇用者数: ― → 50人')).toMatchObject({ baseline: '―', target: '50人' });
    expect(readArrowLine('人口減少 → 地域の衰退')).toBeNull();
  });

  it('reads years written without their era only where they can only be 平成', () => {
    expect(yearOf('31年度目標値')).toBe(2019);
    expect(yearOf('令和2年度')).toBe(2020);
    expect(yearOf('5年度')).toBeNull();
  });
});

describe('indicator lines in recognition', () => {
  it('reads an outline of goals, measures and arrow summaries', () => {
    const { document, report } = recognize({
      sheets: [
        sheet([
          ['1.しごとをつくる'],
          ['創業件数: ― → 10件'],
          ['(1)農業の振興'],
          ['① 新規就農者数:1.4人/年 → 4人/年'],
          ['② 直売所売上:2億円(H26) → 3億円(H31)'],
          ['2.ひとを呼ぶ'],
          ['転入者数:715人 → 950人'],
        ]),
      ],
      encodings: {},
    });
    expect(document.goals.map((g) => g.name)).toEqual(['しごとをつくる', 'ひとを呼ぶ']);
    expect(document.measures.map((m) => m.name)).toEqual(['農業の振興']);
    const byName = (n: string) => document.indicators.find((i) => i.name === n)!;
    expect(byName('創業件数')).toMatchObject({ role: 'numeric_target', target: { value: 10 } });
    expect(byName('創業件数').baseline?.value ?? null).toBeNull();
    expect(byName('直売所売上')).toMatchObject({
      role: 'kpi',
      baseline: { value: 200000000, fiscalYear: 2014 },
      target: { value: 300000000, fiscalYear: 2019 },
      owner: { type: 'measure', id: document.measures[0]!.id },
    });
    expect(byName('転入者数').owner).toEqual({ type: 'goal', id: document.goals[1]!.id });
    expect(report.coverage.ratio).toBe(1);
  });

  it('reads key–value blocks, one indicator per name key, with a bracketed milestone', () => {
    const { document } = recognize({
      sheets: [
        sheet([
          ['達成状況'],
          ['1. 数値目標=観光客数を増やす'],
          ['基準値=120万人(26年度)'],
          ['31年度目標値=150万人'],
          ['実績値(29年度目標値)=131万人(138万人)'],
          ['評価区分=B'],
          ['2. 数値目標=転出超過を抑える'],
          ['基準値=650人(26年度)'],
        ]),
      ],
      encodings: {},
    });
    expect(document.indicators).toHaveLength(2);
    const first = document.indicators[0]!;
    expect(first).toMatchObject({
      name: '観光客数を増やす',
      role: 'numeric_target',
      baseline: { value: 1200000, fiscalYear: 2014 },
      target: { value: 1500000, fiscalYear: 2019 },
      reportedStatus: { label: 'B' },
    });
    expect(first.actuals.map((a) => [a.fiscalYear, a.value])).toEqual([[2017, 1310000]]);
    expect(first.milestones?.map((a) => [a.fiscalYear, a.value])).toEqual([[2017, 1380000]]);
  });
});
