import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { lineageMarker, splitCommentary, splitDepartments } from './kpi-table.ts';
import { recognize } from './recognize.ts';

function book(rows: (string | null)[][], file = 'kpi.csv'): GridWorkbook {
  return {
    sheets: [{ file, name: null, rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [] }],
    encodings: { [file]: 'utf-8' },
  };
}

describe('lineageMarker', () => {
  it('reads moves from and to a code, with the name that follows', () => {
    expect(lineageMarker('2(4)から移動 空き家バンク登録物件数')).toEqual({
      change: 'moved_from',
      raw: '2(4)から移動',
      code: '2(4)',
      rest: '空き家バンク登録物件数',
    });
    expect(lineageMarker('３－１より一部移動　観光客数')).toMatchObject({
      change: 'moved_from',
      rest: '観光客数',
    });
    expect(lineageMarker('1.2へ移動')).toEqual({
      change: 'moved_to',
      raw: '1.2へ移動',
      code: '1.2',
      rest: '',
    });
  });
  it('reads deletion and new markers alone in the cell, and nothing else', () => {
    for (const t of ['削除', '廃止', ' 終了 ']) expect(lineageMarker(t)?.change, t).toBe('deleted');
    expect(lineageMarker('新規')).toEqual({ change: 'new', raw: '新規', code: null, rest: '' });
    for (const t of ['新規就農者数', '削除された件数', '移動支援の利用者数', ''])
      expect(lineageMarker(t), t).toBeNull();
  });
});

describe('splitDepartments', () => {
  it('splits on spaces, commas and 、', () => {
    expect(splitDepartments('企画課、財政課 商工観光課,農林課')).toEqual([
      '企画課',
      '財政課',
      '商工観光課',
      '農林課',
    ]);
    expect(splitDepartments('  ')).toEqual([]);
  });
  it('splits on ・ and ／ only when every part is a unit of the administration', () => {
    expect(splitDepartments('企画課・財政課')).toEqual(['企画課', '財政課']);
    expect(splitDepartments('企画課／教育委員会')).toEqual(['企画課', '教育委員会']);
    expect(splitDepartments('保育所・幼稚園課')).toEqual(['保育所・幼稚園課']);
    expect(splitDepartments('子ども・子育て支援課')).toEqual(['子ども・子育て支援課']);
  });
});

describe('splitCommentary', () => {
  it('splits ① progress ② issues ③ next steps, keeping text before ①', () => {
    expect(splitCommentary('概況 ①相談会を開催 ②担い手不足 ③連携を強化', 2023)).toEqual({
      fiscalYear: 2023,
      text: '概況',
      progress: '相談会を開催',
      issues: '担い手不足',
      nextSteps: '連携を強化',
    });
    expect(splitCommentary('①実施 ②なし', null)).toEqual({
      fiscalYear: null,
      progress: '実施',
      issues: 'なし',
    });
  });
  it('keeps text without the marks, or with them out of order, whole', () => {
    expect(splitCommentary('相談窓口を設置した', 2022)).toEqual({
      fiscalYear: 2022,
      text: '相談窓口を設置した',
    });
    expect(splitCommentary('②先 ①後', 2022).text).toBe('②先 ①後');
    const provenance = { file: 'a.csv', sheet: null, row: 3, column: 4 };
    expect(splitCommentary('x', null, provenance).provenance).toBe(provenance);
  });
});

describe('KPI table rows (through recognize)', () => {
  it('fills blank goal and measure cells down, splits departments and commentary, reads figures by year', () => {
    const res = recognize(
      book([
        ['基本目標', '施策', 'KPI', '基準値(R1)', '目標値(R6)', 'R4実績', '担当課', '取組状況'],
        [
          '1 しごとをつくる',
          '(1) 創業支援',
          '創業件数',
          '5件',
          '10件',
          '7件',
          '商工課・企画課',
          '①相談会を開催 ②担い手不足 ③連携を強化',
        ],
        [null, null, '相談件数', '50件', '80件', '60件', '商工課', '相談窓口を設置した'],
        [null, '(2) 企業誘致', '誘致企業数', '1社', '5社', '2社', '企画課', null],
        ['2 ひとをよぶ', '(1) 移住促進', '移住者数', '100人', '200人', '150人', '保育所・幼稚園課', null],
      ]),
    );
    const doc = res.document;
    expect(doc.goals.map((g) => [g.code, g.name])).toEqual([
      ['1', 'しごとをつくる'],
      ['2', 'ひとをよぶ'],
    ]);
    expect(doc.measures.map((m) => [m.name, m.goalId])).toEqual([
      ['(1) 創業支援', 'goal-1'],
      ['(2) 企業誘致', 'goal-1'],
      ['(1) 移住促進', 'goal-2'],
    ]);
    const [a, b, c, d] = doc.indicators;
    // The blank measure cell of the second row takes the measure above.
    expect(b!.owner).toEqual(a!.owner);
    expect(c!.owner).toEqual({ type: 'measure', id: 'measure-2' });
    expect(d!.owner).toEqual({ type: 'measure', id: 'measure-3' });
    expect(a!.departments).toEqual(['商工課', '企画課']);
    expect(d!.departments).toEqual(['保育所・幼稚園課']);
    expect(a!.baseline).toMatchObject({ value: 5, fiscalYear: 2019 });
    expect(a!.target).toMatchObject({ value: 10, fiscalYear: 2024 });
    expect(a!.actuals.map((x) => [x.fiscalYear, x.value])).toEqual([[2022, 7]]);
    expect(a!.commentary?.[0]).toMatchObject({
      progress: '相談会を開催',
      issues: '担い手不足',
      nextSteps: '連携を強化',
    });
    expect(b!.commentary?.[0]).toMatchObject({ text: '相談窓口を設置した' });
    expect(doc.unmapped).toEqual([]);
    expect(res.report.coverage.mappedCells).toBe(res.report.coverage.nonEmptyCells);
  });

  it('opens a goal from a section line among the rows and puts the rows below under it', () => {
    const res = recognize(
      book([
        ['KPI', '基準値(R1)', '目標値(R6)', 'R4実績'],
        ['基本目標1 しごとをつくる'],
        ['創業件数', '5件', '10件', '7件'],
        ['基本目標2 ひとをよぶ'],
        ['移住者数', '100人', '200人', '150人'],
      ]),
    );
    const doc = res.document;
    expect(doc.goals.map((g) => g.name)).toEqual(['しごとをつくる', 'ひとをよぶ']);
    expect(doc.indicators.map((i) => [i.name, i.owner])).toEqual([
      ['創業件数', { type: 'goal', id: doc.goals[0]!.id }],
      ['移住者数', { type: 'goal', id: doc.goals[1]!.id }],
    ]);
    expect(doc.unmapped).toEqual([]);
  });
});
