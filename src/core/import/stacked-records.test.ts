/**
 * KPI records written over two lines (a name row carrying its figure labels, the figures in the
 * row below) in a review table with the old period on the left and the new on the right, as a
 * PDF conversion leaves it. A table written for this test.
 */
import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { recognize } from './recognize.ts';

function sheet(lines: string[][]): GridWorkbook {
  const rows = lines.map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => c.trim()));
  return {
    sheets: [{ file: 'review.tsv', name: null, rows, merges: [] }],
    encodings: { 'review.tsv': 'utf-8' },
  };
}

const HEAD = (kind: string) => [
  kind,
  `第2期 ${kind}`,
  '',
  '',
  '',
  '',
  'R6目標値',
  '',
  '',
  '',
  '',
  '評価 (R6.4現在)',
  'R5担当課',
  kind,
  `第3期 (R7-11) ${kind}`,
  'R5基準値',
  'R11目標値',
  'R6担当課',
];

describe('records over two lines', () => {
  const doc = recognize(
    sheet([
      ['基本目標2', '安心して子育てできるまちをつくる'],
      HEAD('数値目標'),
      [
        '',
        '年間出生数',
        'H30基準値',
        '',
        '',
        '',
        '',
        'R6目標値',
        '',
        '',
        '',
        '',
        '',
        '',
        '転入者数',
        '350人 (R5)',
        '400人',
        '企画課',
      ],
      ['', '', '320人 (H29)', '318人 (R1)', '305人 (R2)', '310人 (R3)', '298人 (R4)', '340人', 'C', '企画課'],
      [''],
      ['施策2(1)', '子育て環境の充実'],
      HEAD('重要業績評価指標 (KPI)'),
      [
        '',
        '一時預かり利用者数',
        'H30基準値',
        '',
        '',
        '',
        '',
        'R6目標値',
        '',
        '',
        '',
        '',
        '',
        '',
        '子育て相談件数',
        '120件',
        '150件',
        '',
        '子育て支援課',
      ],
      ['', '', '1,210人', '1,150人', '1,320人', '1,405人', '1,500人', '1,600人', 'A-', '子育て支援課'],
      [
        '',
        '放課後児童クラブの待機児童数',
        '12人 (R1.5.1)',
        '',
        '',
        '',
        '',
        'R6目標値',
        '',
        '',
        '',
        '',
        '',
        '',
        '0人',
        'B',
        '教育総務課',
      ],
    ]),
  ).document;
  const byName = (name: string, gen: string) =>
    doc.indicators.find((i) => i.name === name && i.strategyId === `strategy-${gen}`)!;
  const read = (name: string, gen: string) => {
    const i = byName(name, gen);
    return {
      baseline: i.baseline?.value ?? null,
      target: i.target?.value ?? null,
      actuals: i.actuals.map((a) => [a.fiscalYear, a.value]),
      status: i.reportedStatus?.label ?? null,
      departments: i.departments ?? [],
    };
  };

  it('reads the figures below the name row in order: baseline, actuals, target, grade, department', () => {
    expect(read('年間出生数', '2')).toEqual({
      baseline: 320,
      target: 340,
      // in-cell years kept with their figures
      actuals: [
        [2019, 318],
        [2020, 305],
        [2021, 310],
        [2022, 298],
      ],
      status: 'C',
      departments: ['企画課'],
    });
    expect(read('一時預かり利用者数', '2')).toEqual({
      baseline: 1210,
      target: 1600,
      // no year in the cells: the years before the target's, counted back
      actuals: [
        [2020, 1150],
        [2021, 1320],
        [2022, 1405],
        [2023, 1500],
      ],
      status: 'A-',
      departments: ['子育て支援課'],
    });
  });

  it('reads a record whose figures stay in its name row: the target, grade and department after the label', () => {
    expect(read('放課後児童クラブの待機児童数', '2')).toMatchObject({
      baseline: 12,
      target: 0,
      actuals: [],
      status: 'B',
      departments: ['教育総務課'],
    });
  });

  it('keeps the new period’s indicators of the same rows, and makes no indicator of a grade', () => {
    expect(read('転入者数', '3')).toMatchObject({ baseline: 350, target: 400, departments: ['企画課'] });
    expect(read('子育て相談件数', '3')).toMatchObject({
      baseline: 120,
      target: 150,
      departments: ['子育て支援課'],
    });
    const targets = doc.indicators.map((i) => i.target?.raw ?? '');
    for (const junk of ['C', 'A-', 'B', '318人 (R1)']) expect(targets).not.toContain(junk);
    expect(doc.indicators.flatMap((i) => i.departments ?? [])).not.toContain('310人 (R3)');
    expect(doc.indicators.filter((i) => i.name === '（名称未記載）')).toEqual([]);
  });
});
