import { describe, expect, it } from 'vitest';
import type { SheetRow } from './context.ts';
import { composeHeader, continuesHeader, groupNumber, isSpanningBlock } from './header-compose.ts';
import { matchHeader } from './header-lexicon.ts';
import { recognize } from './recognize.ts';
import { detectHeader } from './segment.ts';

function rows(grid: (string | null)[][]): SheetRow[] {
  return grid.map((cells, i) => ({
    row: i + 1,
    cells: cells.flatMap((t, c) => (t ? [{ row: i + 1, col: c + 1, raw: t, text: t }] : [])),
  }));
}

describe('continuesHeader', () => {
  it('takes a row of sub-headers under spanning labels, not a data row', () => {
    const [top, sub, data] = rows([
      ['指標名', '基準値(R1)', 'R2', null, null, '目標値(R6)'],
      [null, null, '実績', '改善・悪化', '達成度'],
      ['観光客数', '120', '130', '改善', 'A', '150'],
    ]);
    expect(continuesHeader(top!, sub!)).toBe(true);
    expect(continuesHeader(sub!, data!)).toBe(false);
  });

  it('does not take a row of the same columns (a second table header is not a sub-header)', () => {
    const [a, b] = rows([
      ['指標名', '基準値', '目標値'],
      ['指標名', '基準値', '目標値'],
    ]);
    expect(continuesHeader(a!, b!)).toBe(false);
  });
});

describe('composeHeader', () => {
  it('composes a year over 実績 / 改善・悪化 / 達成度 into one header per column', () => {
    const block = rows([
      ['No.', '指標名', '基準値（H27）', 'H28', null, null, 'H29', null, null, '目標値（R2）'],
      [null, null, null, '実績', '改善・悪化', '達成度', '実績', '改善・悪化', '達成度'],
    ]);
    expect(isSpanningBlock(block)).toBe(true);
    const h = composeHeader(block);
    expect(h.columns.map((c) => [c.col, c.field, c.year])).toEqual([
      [1, 'no', null],
      [2, 'kpiName', null],
      [3, 'baseline', 2015],
      [4, 'actual', 2016],
      [5, 'other', 2016],
      [6, 'status', 2016],
      [7, 'actual', 2017],
      [8, 'other', 2017],
      [9, 'status', 2017],
      [10, 'target', 2020],
    ]);
    // The years over several columns are captions; every column says why it got its role.
    expect(h.captions.map((c) => c.text)).toEqual(['H28', 'H29']);
    expect(h.decisions.find((d) => d.column === 5)).toMatchObject({
      what: 'column 5 is "H28 改善・悪化" of 2016',
      because: 'its header reads H28 › 改善・悪化 over 2 header rows',
    });
  });

  it('composes three rows: a group over the years over 実績値 / 達成率, years under 基準 and 目標', () => {
    const block = rows([
      ['指標', '基準', '実績の推移', null, null, null, '目標'],
      [null, null, 'R2', null, 'R3'],
      [null, 'R1', '実績値', '達成率', '実績値', '達成率', 'R6'],
    ]);
    expect(composeHeader(block).columns.map((c) => [c.field, c.year])).toEqual([
      ['kpiName', null],
      ['baseline', 2019],
      ['actual', 2020],
      ['other', 2020],
      ['actual', 2021],
      ['other', 2021],
      ['target', 2024],
    ]);
  });

  it('numbers the columns under a group label (指標1 over 指標名 / 基準値 / 目標値)', () => {
    const block = rows([
      ['施策', '指標1', null, null, '指標2'],
      [null, '指標名', '基準値', '目標値', '指標名', '基準値', '目標値'],
    ]);
    expect(composeHeader(block).columns.map((c) => [c.field, c.repeat ?? null])).toEqual([
      ['measure', null],
      ['kpiName', 1],
      ['baseline', 1],
      ['target', 1],
      ['kpiName', 2],
      ['baseline', 2],
      ['target', 2],
    ]);
  });

  it('leaves a label written again under itself to the stacked reading', () => {
    const block = rows([
      ['基本目標', '数値目標', null, 'KPI'],
      [null, '数値目標', '具体的な施策'],
    ]);
    expect(isSpanningBlock(block)).toBe(false);
  });
});

describe('group numbers of header words', () => {
  it('reads a circled number or a trailing digit as the column group', () => {
    expect(matchHeader('指標名②')).toMatchObject({ field: 'kpiName', score: 1, index: 2 });
    expect(matchHeader('①目標値')).toMatchObject({ field: 'target', index: 1 });
    expect(groupNumber('指標3', matchHeader('指標3'))).toBe(3);
    expect(groupNumber('基準値(R5)', matchHeader('基準値(R5)'))).toBeNull();
    expect(groupNumber('新規就農者数', null)).toBeNull();
  });
});

describe('multi-row headers in recognition', () => {
  it('reads the actuals of each year and keeps the trend and grade columns apart', () => {
    const grid = [
      ['指標名', '基準値', 'R2', null, 'R3', null, '目標値'],
      [null, 'R1', '実績', '達成度', '実績', '達成度', 'R6'],
      ['移住者数', '120人', '130人', 'A', '-', 'B', '150人'],
    ];
    expect(detectHeader(rows(grid), 0)?.rows).toHaveLength(2);
    const { document, report } = recognize({
      sheets: [
        { file: 'a.csv', name: null, merges: [], rows: grid.map((cells, i) => ({ row: i + 1, cells })) },
      ],
      encodings: {},
    });
    const ind = document.indicators[0]!;
    expect(document.indicators).toHaveLength(1);
    expect([
      ind.baseline?.value,
      ind.baseline?.fiscalYear,
      ind.target?.value,
      ind.target?.fiscalYear,
    ]).toEqual([120, 2019, 150, 2024]);
    expect(ind.actuals.map((a) => [a.value, a.fiscalYear])).toEqual([[130, 2020]]);
    expect(ind.reportedStatuses?.map((s) => [s.label, s.fiscalYear])).toEqual([
      ['A', 2020],
      ['B', 2021],
    ]);
    expect(report.coverage.ratio).toBe(1);
  });
});

describe('a header row shifted by a conversion', () => {
  it('puts a middle row shifted one column right back over its group', () => {
    const block = rows([
      ['指標', '基準', '実績の推移', null, null, null, '目標'],
      [null, null, null, 'R2', null, 'R3'],
      [null, 'R1', '実績値', '達成率', '実績値', '達成率', 'R6'],
    ]);
    expect(composeHeader(block).columns.map((c) => [c.field, c.year])).toEqual([
      ['kpiName', null],
      ['baseline', 2019],
      ['actual', 2020],
      ['other', 2020],
      ['actual', 2021],
      ['other', 2021],
      ['target', 2024],
    ]);
  });
});
