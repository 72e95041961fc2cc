import { describe, expect, it } from 'vitest';
import type { GridSheet } from './grid.ts';
import { recognize } from './recognize.ts';

function sheet(lines: string[][]): GridSheet {
  return {
    file: 'sheet.tsv',
    name: null,
    merges: [],
    rows: lines.map((cells, i) => ({ row: i + 1, cells })),
  };
}

const actuals = (i: { actuals: { fiscalYear: number | null; value: number | null }[] }) =>
  i.actuals.map((a) => [a.fiscalYear, a.value]);

describe('per-indicator blocks', () => {
  it('reads a block with an era year row, plan and result rows and a derived row', () => {
    const { document, report } = recognize({
      sheets: [
        sheet([
          ['観光の振興'],
          ['(商工観光課)'],
          ['成果指標', '観光客数'],
          ['自己評価', 'B'],
          ['令和(年度)', '3', '4', '5'],
          ['目標', '-', '110万人', '120万人'],
          ['実績', '95万人', '104万人', '112万人'],
          ['目標と実績の比較', '-', '△6万人', '△8万人'],
          ['活動指標', 'PR回数'],
          ['令和(年度)', '3', '4', '5'],
          ['目標', '10回', '12回', '12回'],
          ['実績', '9回', '12回', '14回'],
        ]),
      ],
      encodings: {},
    });
    expect(document.indicators.map((i) => i.name)).toEqual(['観光客数', 'PR回数']);
    const [visitors, pr] = document.indicators;
    expect(visitors).toMatchObject({
      role: 'kpi',
      target: { value: 1200000, fiscalYear: 2023 },
      departments: ['商工観光課'],
      reportedStatus: { label: 'B' },
    });
    expect(visitors!.baseline ?? null).toBeNull();
    expect(actuals(visitors!)).toEqual([
      [2021, 950000],
      [2022, 1040000],
      [2023, 1120000],
    ]);
    expect(visitors!.milestones?.map((m) => [m.fiscalYear, m.value])).toEqual([[2022, 1100000]]);
    expect(pr).toMatchObject({ role: 'project_indicator', target: { value: 12, fiscalYear: 2023 } });
    expect(pr!.departments).toEqual(['商工観光課']);
    expect(document.measures.map((m) => m.name)).toEqual(['観光の振興']);
    expect(visitors!.owner).toEqual({ type: 'measure', id: document.measures[0]!.id });
    expect(report.coverage.ratio).toBe(1);
  });

  it('reads an evaluation sheet: 従前値 and 目標値 columns with their year columns around the years', () => {
    const { document } = recognize({
      sheets: [
        sheet([
          ['基本目標', 'Ⅱ 人の流れをつくる'],
          ['数値目標2', '転入者数'],
          ['指標担当部課等', '企画課,市民課'],
          ['', '従前値', '数値の基準年度', 'R3', 'R4', 'R5', '目標値', '目標年度'],
          ['', '2,100', 'R2年度', '2,150', '2,200', '2,250', '2,250人', 'R5年度'],
          ['実績値', '', '', '2,120', '調査中', '-', '2,120人'],
        ]),
      ],
      encodings: {},
    });
    const ind = document.indicators[0]!;
    expect(ind).toMatchObject({
      name: '転入者数',
      role: 'numeric_target',
      baseline: { value: 2100, fiscalYear: 2020 },
      target: { value: 2250, fiscalYear: 2023 },
      departments: ['企画課', '市民課'],
      owner: { type: 'goal', id: document.goals[0]!.id },
    });
    expect(document.goals[0]).toMatchObject({ code: 'II', name: '人の流れをつくる' });
    expect(actuals(ind).filter(([, v]) => v != null)).toEqual([[2021, 2120]]);
  });

  it('reads a progress sheet whose series rows carry the name, with the unit in the year row', () => {
    const { document } = recognize({
      sheets: [
        sheet([
          ['担当部・課名', '農林水産部・農政課'],
          ['1 項目', '[KPI] 農業産出額 (R1)800 億円 → (R6)850 億円'],
          ['[単位] 億円', '', '現状値 R1', 'R2', 'R3', '目標値 R6'],
          ['農業産出額', '期待値', '800', '810', '820', '850'],
          ['', '実績値', '', '805'],
        ]),
      ],
      encodings: {},
    });
    expect(document.indicators).toHaveLength(1);
    const ind = document.indicators[0]!;
    expect(ind).toMatchObject({
      name: '農業産出額',
      baseline: { value: 80000000000, fiscalYear: 2019 },
      target: { value: 85000000000, fiscalYear: 2024 },
    });
    expect(actuals(ind)).toEqual([[2020, 80500000000]]);
  });

  it('leaves an ordinary table of names and yearly figures to the table reader', () => {
    const { document, report } = recognize({
      sheets: [
        sheet([
          ['指標名', 'R3', 'R4', 'R5'],
          ['観光客数', '95万人', '104万人', '112万人'],
          ['PR回数', '9回', '12回', '14回'],
        ]),
      ],
      encodings: {},
    });
    expect(report.tables.map((t) => t.kind)).not.toContain('indicator_block');
    expect(document.indicators.map((i) => i.name)).toEqual(['観光客数', 'PR回数']);
  });
});
