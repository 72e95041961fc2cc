import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { EXCLUDED_REASON, isValidStructure } from './manual-structure.ts';
import type { TableStructure } from './override-fields.ts';
import { recognize } from './recognize.ts';

function book(rows: (string | null)[][], file = 'wide.csv'): GridWorkbook {
  return {
    sheets: [{ file, name: null, rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [] }],
    encodings: { [file]: 'utf-8' },
  };
}

function accounted(res: ReturnType<typeof recognize>): void {
  expect(res.report.coverage.mappedCells + res.document.unmapped.length).toBe(
    res.report.coverage.nonEmptyCells,
  );
}

// A table recognition cannot read: its header words are unknown (項目 / 当初 / 到達点), a note row
// sits between header and data, and a budget line is mixed into the data.
const ODD = book([
  ['令和6年度 取組状況'],
  ['区分', '項目', '当初', '到達点', '所管'],
  ['（単位は各欄のとおり）'],
  ['1 しごと', '新規就農者数', '12人', '20人', '農政課'],
  ['1 しごと', '予算額', '1,200千円', '1,500千円', '財政課'],
  ['2 ひと', '転入者数', '1,200人', '1,300人', '企画課'],
]);

const ODD_STRUCTURE: TableStructure = {
  sheet: null,
  headerRows: [2],
  firstDataRow: 4,
  excludeRows: [5],
  columns: [
    { column: 1, role: 'goal' },
    { column: 2, role: 'name' },
    { column: 3, role: 'baseline', fiscalYear: 2023 },
    { column: 4, role: 'target', fiscalYear: 2029 },
    { column: 5, role: 'department' },
  ],
};

describe('manual structure: the person importing finishes what recognition could not', () => {
  it('reads header row, first data row, column roles and excluded rows as given', () => {
    const plain = recognize(ODD);
    expect(plain.document.indicators.map((i) => i.name)).not.toEqual(['新規就農者数', '転入者数']);
    const res = recognize(ODD, { structures: [ODD_STRUCTURE] });
    const [a, b, ...rest] = res.document.indicators;
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ name: '新規就農者数', departments: ['農政課'] });
    expect(a!.baseline).toMatchObject({ value: 12, unit: '人', fiscalYear: 2023 });
    expect(a!.target).toMatchObject({ value: 20, fiscalYear: 2029 });
    expect(b).toMatchObject({ name: '転入者数', departments: ['企画課'] });
    expect(res.document.goals.map((g) => g.name)).toEqual(['しごと', 'ひと']);
    expect(a!.owner).toEqual({ type: 'goal', id: res.document.goals[0]!.id });
    // The excluded budget line and the skipped note row are listed, not lost.
    const excluded = res.document.unmapped.filter((u) => u.reason === EXCLUDED_REASON);
    expect(excluded.map((u) => u.row).sort()).toEqual([3, 5, 5, 5, 5, 5]);
    const table = res.report.tables.find((t) => t.manual)!;
    expect(table.manual).toEqual({ headerRows: [2], firstDataRow: 4, excludedRows: [3, 5] });
    expect(table.columns.map((c) => c.field)).toEqual([
      'goal',
      'kpiName',
      'baseline',
      'target',
      'department',
    ]);
    accounted(res);
  });

  it('keeps the header words of columns without a role', () => {
    const res = recognize(
      book([
        ['指標名', '基準値', '目標値', '担当課'],
        ['観光客数', '120人', '150人', '観光課'],
      ]),
      {
        structures: [
          { sheet: null, headerRows: [1], firstDataRow: 2, columns: [{ column: 4, role: 'ignore' }] },
        ],
      },
    );
    expect(res.document.indicators[0]).toMatchObject({ name: '観光客数' });
    expect(res.document.indicators[0]!.departments ?? []).toEqual([]);
    expect(res.document.unmapped.map((u) => u.raw)).toEqual(['観光課']);
    accounted(res);
  });

  it('reads repeated column groups: one indicator per group, sharing the hierarchy and department', () => {
    const res = recognize(
      book([
        ['施策', '指標1', '基準1', '目標1', '指標2', '基準2', '目標2', '担当'],
        ['雇用の創出', '新規求人数', '1,563件', '1,602件', '就職者数', '300人', '330人', '商工課'],
        ['移住の促進', '移住者数', '10人', '20人', null, null, null, '企画課'],
      ]),
      {
        structures: [
          {
            sheet: null,
            headerRows: [1],
            firstDataRow: 2,
            columns: [
              { column: 1, role: 'measure' },
              { column: 2, role: 'name', group: 1 },
              { column: 3, role: 'baseline', group: 1 },
              { column: 4, role: 'target', group: 1 },
              { column: 5, role: 'name', group: 2 },
              { column: 6, role: 'baseline', group: 2 },
              { column: 7, role: 'target', group: 2 },
              { column: 8, role: 'department' },
            ],
          },
        ],
      },
    );
    const got = res.document.indicators.map((i) => [
      i.name,
      i.baseline?.value,
      i.target?.value,
      i.departments,
      res.document.measures.find((m) => m.id === i.owner?.id)?.name,
    ]);
    expect(got).toEqual([
      ['新規求人数', 1563, 1602, ['商工課'], '雇用の創出'],
      ['就職者数', 300, 330, ['商工課'], '雇用の創出'],
      ['移住者数', 10, 20, ['企画課'], '移住の促進'],
    ]);
    expect(res.report.tables[0]!.columns.filter((c) => c.group === 2).map((c) => c.column)).toEqual([
      5, 6, 7,
    ]);
    expect(res.report.coverage.ratio).toBe(1);
    accounted(res);
  });

  it('reads hierarchy columns: viewpoint as a tag, project as the owner, filled down', () => {
    const res = recognize(
      book([
        ['視点', '施策', '事業', 'KPI', '基準値', '目標値'],
        ['新たな視点', '子育て支援', '101 保育所整備', '待機児童数', '5人', '0人'],
        [null, null, null, '保育定員', '300人', '350人'],
        [null, null, '102 相談窓口', '相談件数', '120件', '200件'],
      ]),
      {
        structures: [
          {
            sheet: null,
            headerRows: [1],
            firstDataRow: 2,
            columns: [
              { column: 1, role: 'viewpoint' },
              { column: 3, role: 'project' },
            ],
          },
        ],
      },
    );
    const { indicators, projects, measures, tagSets } = res.document;
    expect(projects.map((p) => [p.code, p.name, measures.find((m) => m.id === p.measureId)?.name])).toEqual([
      ['101', '保育所整備', '子育て支援'],
      ['102', '相談窓口', '子育て支援'],
    ]);
    expect(indicators.map((i) => [i.name, projects.find((p) => p.id === i.owner?.id)?.name])).toEqual([
      ['待機児童数', '保育所整備'],
      ['保育定員', '保育所整備'],
      ['相談件数', '相談窓口'],
    ]);
    const set = tagSets.find((s) => s.name === '視点')!;
    expect(set.tags.map((t) => t.name)).toEqual(['新たな視点']);
    for (const i of indicators) expect(i.tags).toEqual([{ set: set.id, tag: set.tags[0]!.id }]);
    accounted(res);
  });

  it('ignores an invalid structure (recognition as usual) and reads rows outside the table as usual', () => {
    expect(isValidStructure({ sheet: null, headerRows: [3], firstDataRow: 2 })).toBe(false);
    expect(
      isValidStructure({
        sheet: null,
        headerRows: [1],
        firstDataRow: 2,
        columns: [{ column: 1, role: 'x' as never }],
      }),
    ).toBe(false);
    const plain = recognize(ODD);
    const bad = recognize(ODD, { structures: [{ sheet: null, headerRows: [5], firstDataRow: 4 }] });
    expect(bad.document.indicators).toEqual(plain.document.indicators);
    // The title above the table is read as recognition reads it.
    const res = recognize(ODD, { structures: [ODD_STRUCTURE] });
    expect(res.document.unmapped.some((u) => u.row === 1 && u.reason === EXCLUDED_REASON)).toBe(false);
  });
});
