import { describe, expect, it } from 'vitest';
import type { SheetRow } from './context.ts';
import { recognize } from './recognize.ts';
import { markRepeatedGroups } from './repeated-groups.ts';
import { buildSchema } from './segment.ts';

function rows(grid: (string | null)[][]): SheetRow[] {
  return grid.map((cells, i) => ({
    row: i + 1,
    cells: cells.flatMap((t, c) => (t ? [{ row: i + 1, col: c + 1, raw: t, text: t }] : [])),
  }));
}

function read(grid: (string | null)[][]) {
  return recognize({
    sheets: [
      { file: 'a.csv', name: null, merges: [], rows: grid.map((cells, i) => ({ row: i + 1, cells })) },
    ],
    encodings: {},
  });
}

describe('markRepeatedGroups', () => {
  it('finds groups where the name column repeats with the same columns after it', () => {
    const schema = buildSchema(
      rows([['施策', '指標名', '基準値', '目標値', '指標名', '基準値', '目標値', '担当課']]),
    );
    expect(markRepeatedGroups(schema)).toEqual([1, 2]);
    expect(schema.columns.map((c) => c.repeat ?? null)).toEqual([null, 1, 1, 1, 2, 2, 2, null]);
    expect(schema.decisions?.at(-1)?.what).toBe(
      'columns 2–4, 5–7 are 2 repeated KPI groups (kpiName / baseline / target), one indicator each',
    );
  });

  it('takes circled group numbers (KPI① … KPI②)', () => {
    const schema = buildSchema(rows([['施策', 'KPI①', '現状値①', '目標①', 'KPI②', '現状値②', '目標②']]));
    expect(markRepeatedGroups(schema)).toEqual([1, 2]);
  });

  it('leaves tables without a repeated name, or with groups of different columns, alone', () => {
    const one = buildSchema(rows([['指標名', '基準値', '目標値', '担当課']]));
    expect(markRepeatedGroups(one)).toEqual([]);
    const uneven = buildSchema(rows([['指標名', '基準値', '目標値', '指標名', '担当課']]));
    expect(markRepeatedGroups(uneven)).toEqual([]);
    expect(uneven.columns.every((c) => c.repeat == null)).toBe(true);
  });
});

describe('repeated column groups in recognition', () => {
  it('reads one indicator per group under the row measure, empty groups giving none', () => {
    const { document, report } = read([
      ['施策ごとのKPI'],
      [
        '基本目標',
        '施策',
        '指標名',
        '基準値（R1）',
        '目標値（R6）',
        '指標名',
        '基準値（R1）',
        '目標値（R6）',
      ],
      ['1 しごと', '1-1 雇用', '新規求人数', '1,563件', '1,602件', '創業件数', '10件', '14件'],
      [null, '1-2 就労', '就職者数', '220人', '283人'],
    ]);
    expect(document.indicators.map((i) => [i.name, i.baseline?.value, i.target?.value])).toEqual([
      ['新規求人数', 1563, 1602],
      ['創業件数', 10, 14],
      ['就職者数', 220, 283],
    ]);
    expect(
      document.indicators.every((i) => i.baseline?.fiscalYear === 2019 && i.target?.fiscalYear === 2024),
    ).toBe(true);
    const [m1, m2] = document.measures;
    expect(document.indicators.map((i) => i.owner?.id)).toEqual([m1!.id, m1!.id, m2!.id]);
    expect(document.measures).toHaveLength(2);
    expect(report.tables[0]?.columns.filter((c) => c.group === 2).map((c) => c.column)).toEqual([6, 7, 8]);
    expect(report.coverage.ratio).toBe(1);
  });
});
