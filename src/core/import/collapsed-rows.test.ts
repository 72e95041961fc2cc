import { describe, expect, it } from 'vitest';
import { unpackCollapsedRows } from './collapsed-rows.ts';
import type { SheetRow } from './context.ts';
import { recognize } from './recognize.ts';

function row(n: number, texts: string[]): SheetRow {
  return { row: n, cells: texts.map((text, i) => ({ row: n, col: i + 1, raw: text, text })) };
}

const texts = (rows: SheetRow[]) => rows.map((r) => r.cells.map((c) => c.text));

describe('unpackCollapsedRows', () => {
  it('splits two KPIs with units into a header row and two data rows, keeping each place', () => {
    const r = row(7, [
      'KPI 来訪者数 会員数',
      '基準値 10人 2,000人',
      '目標値 15人 3,500人',
      '担当課 観光課 総務課',
    ]);
    const res = unpackCollapsedRows([r]);
    expect(texts(res.rows)).toEqual([
      ['KPI', '基準値', '目標値', '担当課'],
      ['来訪者数', '10人', '15人', '観光課'],
      ['会員数', '2,000人', '3,500人', '総務課'],
    ]);
    for (const out of res.rows) {
      expect(out.row).toBe(7);
      expect(out.cells.map((c) => c.col)).toEqual([1, 2, 3, 4]);
    }
    expect(res.rows.map((x) => x.cells[1]!.part)).toEqual([0, 1, 2]);
    expect(res.collapsed).toHaveLength(1);
    expect(res.collapsed[0]).toMatchObject({ k: 2, unpacked: true });
    expect(res.collapsed[0]!.parts?.get(r.cells[1]!)?.map((c) => c.text)).toEqual([
      '基準値',
      '10人',
      '2,000人',
    ]);
  });

  it('splits three KPIs without units, with a caption cell that has no values', () => {
    const r = row(3, ['数値目標', '指標 甲 乙 丙', 'R1基準値 1 2.5 30', 'R6目標値 4 5 60', '評価 A B C']);
    const res = unpackCollapsedRows([row(1, ['前文']), r, row(5, ['後文'])]);
    expect(texts(res.rows)).toEqual([
      ['前文'],
      ['数値目標', '指標', 'R1基準値', 'R6目標値', '評価'],
      ['甲', '1', '4', 'A'],
      ['乙', '2.5', '5', 'B'],
      ['丙', '30', '60', 'C'],
      ['後文'],
    ]);
    expect(res.rows[2]!.cells.map((c) => c.col)).toEqual([2, 3, 4, 5]);
  });

  it('leaves a row whose figure cells disagree on the number of values', () => {
    const r = row(2, ['KPI 甲 乙', '基準値 10人 20人', '目標値 15人 30人 45人']);
    const res = unpackCollapsedRows([r]);
    expect(res.rows).toEqual([r]);
    expect(res.collapsed).toEqual([]);
  });

  it('leaves a row whose values are not figures, and ordinary header and data rows', () => {
    const words = row(2, ['KPI 甲 乙', '基準値 多い 少ない', '目標値 高い 低い']);
    const header = row(3, ['KPI', '基準値', '目標値']);
    const data = row(4, ['新規求人数', '1,563件', '1,602件']);
    const res = unpackCollapsedRows([words, header, data]);
    expect(res.rows).toEqual([words, header, data]);
    expect(res.collapsed).toEqual([]);
  });

  it('keeps the row when the names do not split into k tokens, and says so', () => {
    const r = row(9, ['KPI 甲 の 数 乙', '基準値 10人 20人', '目標値 15人 30人']);
    const res = unpackCollapsedRows([r]);
    expect(res.rows).toEqual([r]);
    expect(res.collapsed).toEqual([{ row: r, k: 2, unpacked: false, nameCol: 1 }]);
  });
});

describe('recognize with a collapsed row', () => {
  const sheet = (cells: string[]) => ({
    sheets: [{ file: 'c.csv', name: null, merges: [], rows: [{ row: 4, cells }] }],
    encodings: {},
  });

  it('reads the indicators of the row, each original cell counted once', () => {
    const res = recognize(
      sheet([
        'KPI 来訪者数 会員数',
        'H30基準値 10人 2,000人',
        'R2実績 12人 2,500人',
        'R6目標値 15人 3,500人',
      ]),
    );
    const [a, b] = res.document.indicators;
    expect(res.document.indicators).toHaveLength(2);
    expect(a).toMatchObject({
      name: '来訪者数',
      baseline: { value: 10, fiscalYear: 2018 },
      target: { value: 15 },
    });
    expect(a!.actuals[0]).toMatchObject({ value: 12, fiscalYear: 2020 });
    expect(b).toMatchObject({
      name: '会員数',
      baseline: { value: 2000 },
      target: { value: 3500, fiscalYear: 2024 },
    });
    expect(b!.provenance).toMatchObject({ row: 4, column: 1 });
    expect(b!.baseline?.provenance).toMatchObject({ row: 4, column: 2 });
    expect(res.report.coverage).toMatchObject({ mappedCells: 4, nonEmptyCells: 4, ratio: 1 });
    const values = res.report.tables.flatMap((t) => t.values ?? []);
    expect(values.filter((v) => v.as === 'collapsed row: 2 indicators').map((v) => v.column)).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('keeps a row whose names do not split as text, with an info warning naming its place', () => {
    const res = recognize(sheet(['KPI 来訪 者数 会員数', 'H30基準値 10人 2,000人', 'R6目標値 15人 3,500人']));
    expect(res.document.indicators).toHaveLength(0);
    const w = res.report.warnings.find((x) => x.code === 'COLLAPSED_ROW_KEPT');
    expect(w).toMatchObject({ severity: 'info', place: { file: 'c.csv', row: 4, column: 1 } });
    expect(res.report.coverage.mappedCells + res.document.unmapped.length).toBe(
      res.report.coverage.nonEmptyCells,
    );
  });
});
