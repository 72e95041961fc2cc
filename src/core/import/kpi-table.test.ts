import { describe, expect, it } from 'vitest';
import { recognize } from './recognize.ts';

function read(grid: (string | null)[][]) {
  return recognize({
    sheets: [
      { file: 'a.csv', name: null, merges: [], rows: grid.map((cells, i) => ({ row: i + 1, cells })) },
    ],
    encodings: {},
  });
}

describe('KPI tables listing projects', () => {
  it('hangs each KPI under its project, the project under the heading measure, blanks filling down', () => {
    const { document, report } = read([
      ['No.', '事業名', '事業概要', 'KPI', '基準値（R1）', '目標値（R6）', '担当課'],
      ['基本目標1 しごとをつくる'],
      ['（1）雇用の創出'],
      ['1', '創業支援事業', '相談窓口を設ける。', '創業件数', '10件', '14件', '商工課'],
      [null, null, null, '創業相談件数', '30件', '45件', '商工課'],
      ['（2）就労の支援'],
      ['2', '就職面接会事業', null, '面接会参加者数', '120人', '150人', '商工課'],
    ]);
    const [p1, p2] = document.projects;
    expect(
      document.projects.map((p) => [p.name, document.measures.find((m) => m.id === p.measureId)?.name]),
    ).toEqual([
      ['創業支援事業', '雇用の創出'],
      ['就職面接会事業', '就労の支援'],
    ]);
    expect(p1?.summary).toBe('相談窓口を設ける。');
    expect(
      document.indicators.map((i) => [i.name, i.owner?.id, i.baseline?.value, i.target?.fiscalYear]),
    ).toEqual([
      ['創業件数', p1!.id, 10, 2024],
      ['創業相談件数', p1!.id, 30, 2024],
      ['面接会参加者数', p2!.id, 120, 2024],
    ]);
    expect(report.tables[0]?.kind).toBe('kpi_list');
    expect(report.coverage.ratio).toBe(1);
  });
});
