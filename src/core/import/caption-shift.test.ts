/**
 * A KPI table whose header starts with a caption that in the source spans the rows (a row header),
 * converted to text so that the data rows lost that cell: each row sits one header slot left. A
 * small table written for this test, with one row holding a figure more than its columns.
 */
import { describe, expect, it } from 'vitest';
import type { AlignCell } from './align.ts';
import { captionShift } from './caption-shift.ts';
import type { GridWorkbook } from './grid.ts';
import { recognize } from './recognize.ts';

function sheet(lines: string[][]): GridWorkbook {
  const rows = lines.map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => c.trim()));
  return { sheets: [{ file: 'kpi.tsv', name: null, rows, merges: [] }], encodings: { 'kpi.tsv': 'utf-8' } };
}

describe('a row shifted left under a caption', () => {
  const res = recognize(
    sheet([
      ['基本目標2 ひとの流れをつくる'],
      ['重要業績評価指標 (KPI)', '', '第3期 KPI', '', 'R5基準値', '', 'R11目標値', '', 'R6担当課'],
      // one figure more than the columns: the row still starts under the caption
      [
        '図書館の電子書籍の月平均貸出点数',
        '',
        '120点 (一般:90点 児童:30点)',
        '',
        '150点',
        '',
        '150点',
        '',
        '生涯学習課',
      ],
    ]),
  );
  const doc = res.document;

  it('reads the name under the caption and each figure one column on', () => {
    expect(doc.indicators).toHaveLength(1);
    const ind = doc.indicators[0]!;
    expect(ind.name).toBe('図書館の電子書籍の月平均貸出点数');
    expect(ind.baseline).toMatchObject({ value: 120, fiscalYear: 2023 });
    expect(ind.target).toMatchObject({ value: 150, fiscalYear: 2029 });
    expect(ind.departments).toEqual(['生涯学習課']);
    // the figure left over is listed, not taken
    expect(doc.unmapped.map((u) => [u.column, u.raw])).toEqual([[7, '150点']]);
  });
});

describe('captionShift', () => {
  const col = (c: number, field: string) =>
    ({ col: c, field, type: field === 'kpiName' ? 'label' : 'figure' }) as never;
  const caption = (c: number) => ({ row: 1, col: c, raw: '重要業績評価指標', text: '重要業績評価指標' });
  const columns = [col(3, 'kpiName'), col(5, 'baseline'), col(7, 'target')];
  const cells = (...kinds: [number, AlignCell['kind']][]): AlignCell[] =>
    kinds.map(([c, kind]) => ({ col: c, text: 'x', kind }));

  it('moves the cells one slot on from the caption, and leaves cells left of it', () => {
    expect(
      captionShift(cells([1, 'label'], [3, 'figure'], [5, 'figure']), columns, [caption(1)])?.map(
        (c) => c.col,
      ),
    ).toEqual([3, 5, 7]);
    expect(
      captionShift(
        cells([1, 'label'], [11, 'label'], [13, 'figure']),
        [col(1, 'kpiName'), col(13, 'kpiName'), col(15, 'baseline')],
        [caption(11)],
      )?.map((c) => c.col),
    ).toEqual([1, 13, 15]);
  });

  it('leaves a row that lines up, or whose name column holds a name', () => {
    expect(captionShift(cells([3, 'label'], [5, 'figure']), columns, [caption(1)])).toBeNull();
    expect(captionShift(cells([1, 'label'], [3, 'label'], [5, 'figure']), columns, [caption(1)])).toBeNull();
    expect(captionShift(cells([1, 'label'], [3, 'figure']), columns, [])).toBeNull();
    // a caption over a column of its own (実績値 over R2) is no row header
    expect(
      captionShift(cells([1, 'label'], [3, 'figure']), [col(1, 'kpiName'), ...columns], [caption(1)]),
    ).toBeNull();
  });
});
