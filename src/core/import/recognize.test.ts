import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strategyDocumentSchema } from '../interchange.ts';
import type { GridWorkbook } from './grid.ts';
import { recognize } from './recognize.ts';

function book(rows: (string | null)[][], file = 'test.csv'): GridWorkbook {
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

describe('recognize: KPI lists in the words of different cities', () => {
  it('reads a one-row header with 現状値 / 指標値 / 所管課 / 達成度 in another order', () => {
    const res = recognize(
      book([
        ['〇〇町総合戦略 KPI'],
        ['指標名', '所管課', '現状値(R5)', '指標値(R11)', 'R6実績値', '達成度'],
        ['移住者数', '企画課', '120人', '200人', '130人', 'A'],
        ['観光客数', '商工観光課', '35万人', '40万人 (R10)', '36.5万人', 'B'],
      ]),
    );
    const [a, b] = res.document.indicators;
    expect(a).toMatchObject({ name: '移住者数', departments: ['企画課'] });
    expect(a!.baseline).toMatchObject({ value: 120, fiscalYear: 2023 });
    expect(a!.target).toMatchObject({ value: 200, fiscalYear: 2029 });
    expect(a!.actuals[0]).toMatchObject({ value: 130, fiscalYear: 2024 });
    expect(a!.reportedStatus).toMatchObject({ label: 'A', fiscalYear: 2024 });
    expect(b!.target).toMatchObject({ value: 400000, fiscalYear: 2028 });
    expect(res.report.coverage.ratio).toBe(1);
    expect(res.document.municipality?.name).toBe('〇〇町');
    accounted(res);
  });

  it('reads a two-row header with a group header over years and stacked 数値目標 / 施策', () => {
    const res = recognize(
      book([
        ['基本目標', '数値目標', 'KPI', '策定時', '実績', '実績', '目標', '評価'],
        [null, '具体的な施策', null, null, '令和2年度', '令和3年度', null, null],
        ['1 しごとをつくる', '就業者数', '-', '100人', '101人', '102人', '110人', '順調'],
        [null, '①創業支援', '創業件数', '5件', '6件', '7件', '10件', '概ね順調'],
        [null, null, '相談件数', '50件', '60件', '70件', '80件', '順調'],
      ]),
    );
    const [nt, k1, k2] = res.document.indicators;
    expect(nt).toMatchObject({ name: '就業者数', role: 'numeric_target' });
    expect(k1).toMatchObject({ name: '創業件数', role: 'kpi' });
    expect(k2!.owner).toEqual(k1!.owner);
    expect(res.document.measures[0]).toMatchObject({ code: '①', name: '創業支援' });
    expect(res.document.goals[0]).toMatchObject({ code: '1', name: 'しごとをつくる' });
    accounted(res);
  });

  it('skips a header repeated after a page break and realigns a shifted row', () => {
    const header = ['KPI', '基準値', '目標値', '進捗状況', '担当課'];
    const res = recognize(
      book([
        header,
        ['A指標', '10件', '20件', '順調に進捗', '企画課'],
        [null],
        ['一覧 (続き)'],
        header,
        [null, 'B指標', '5人', '8人', '進捗の遅れ', '福祉課'],
      ]),
    );
    expect(res.document.indicators.map((i) => i.name)).toEqual(['A指標', 'B指標']);
    const b = res.document.indicators[1]!;
    expect(b.baseline?.value).toBe(5);
    expect(b.target?.value).toBe(8);
    expect(b.reportedStatus?.label).toBe('進捗の遅れ');
    expect(b.departments).toEqual(['福祉課']);
    expect(res.report.tables).toHaveLength(1);
    accounted(res);
  });

  it('recognizes a header row that arrives with HTML in its cells', () => {
    const res = recognize(
      book([
        ['<p>項目名</p>', '<th>基準値</th>', '目標値<br>(令和6年度)'],
        ['<p>出生数</p>', '400人', '<p>450人</p>'],
      ]),
    );
    expect(res.document.indicators[0]).toMatchObject({ name: '出生数' });
    expect(res.document.indicators[0]!.target).toMatchObject({ value: 450, fiscalYear: 2024 });
  });

  it('lists what it cannot map, with place and reason', () => {
    const res = recognize(
      book([
        ['KPI', '基準値'],
        ['X', '1件'],
        [null, null, null, 'ぽつんと'],
      ]),
    );
    expect(res.document.unmapped.length + res.report.coverage.mappedCells).toBe(
      res.report.coverage.nonEmptyCells,
    );
    for (const u of res.document.unmapped)
      expect(u).toMatchObject({ file: 'test.csv', row: expect.any(Number) });
  });
});

describe('recognize: period review (two strategy periods side by side)', () => {
  it('reads both periods and links the new KPIs to the old ones', () => {
    const res = recognize(
      book([
        ['第3期 〇〇村総合戦略 見直し表'],
        ['施策大項目1(1) 仕事づくり'],
        [
          '重要業績評価指標',
          '第2期 KPI',
          'H30基準値',
          'R2実績',
          'R6目標値',
          '評価 (R6.4現在)',
          '重要業績評価指標',
          '第3期 (R7-11) KPI',
          'R5基準値',
          'R11目標値',
        ],
        [null, '創業者数', '10人', '12人', '20人', 'A-', null, '創業者数', '15人', '30人'],
        [null, '観光客数', '1万人', '0.8万人', '2万人', 'B', null, '削除', '削除', '削除'],
        [null, '空き家件数', '5件', '6件', '9件', 'B', null, '1(2)から移動 空き家バンク件数', '6件', '12件'],
      ]),
    );
    const doc = res.document;
    expect(doc.strategies?.map((s) => s.generation)).toEqual([2, 3]);
    const old = doc.indicators.filter((i) => i.strategyId === 'strategy-2');
    const neu = doc.indicators.filter((i) => i.strategyId === 'strategy-3');
    expect(old.map((i) => i.name)).toEqual(['創業者数', '観光客数', '空き家件数']);
    expect(neu.map((i) => i.name)).toEqual(['創業者数', '空き家バンク件数']);
    expect(old[0]!.reportedStatus).toMatchObject({ label: 'A-', date: '2024-04', fiscalYear: 2024 });
    expect(neu[0]!.baseline).toMatchObject({ value: 15, fiscalYear: 2023 });
    expect(neu[0]!.target).toMatchObject({ value: 30, fiscalYear: 2029 });
    expect(neu[0]!.lineage).toMatchObject({ change: 'continued', predecessorId: old[0]!.id });
    expect(old[1]!.lineage).toMatchObject({ change: 'deleted' });
    expect(neu[1]!.lineage).toMatchObject({ change: 'moved', raw: '1(2)から移動' });
    expect(doc.municipality?.name).toBe('〇〇村');
    // Section lines outside the tables are listed as entries of their own (kind `section`).
    expect(res.report.tables.filter((t) => t.kind !== 'section')[0]!.kind).toBe('period_review');
    accounted(res);
  });
});

describe('recognize: project matrix, legend and priority list', () => {
  it('reads marks under group headers, SDG numbers over several cells and a 重点 column', () => {
    const res = recognize(
      book([
        ['基本目標', 'リーディング・プロジェクトの視点'],
        ['1:しごと 2:ひと 3:まち', '1:若者 2:子育て'],
        [
          'No.',
          '事業名',
          '基本目標',
          null,
          null,
          'リーディング・プロジェクトの視点',
          null,
          'SDGs',
          null,
          null,
          '重点',
        ],
        [null, null, '1', '2', '3', '1', '2'],
        ['1', '創業支援事業', '◎', null, null, '○', null, '8', '9', null, '✓'],
        ['2', '子育て広場事業', null, '〇', '●', null, '●', '3', null, null, null],
        ['## 重点施策一覧'],
        ['番号', '事務事業名', '事業概要', '実施主体', '一覧No.'],
        ['1', '創業支援事業', '創業を支援する。', '商工課、商工会', '1'],
      ]),
    );
    const doc = res.document;
    expect(doc.projects).toHaveLength(2);
    const [a, b] = doc.projects;
    expect(a!.goalIds?.map((id) => doc.goals.find((g) => g.id === id)?.name)).toEqual(['しごと']);
    expect(a!.sdgs).toEqual([8, 9]);
    expect(a!.priority).toBe(true);
    expect(a!.summary).toBe('創業を支援する。');
    expect(a!.bodies).toEqual(['商工課', '商工会']);
    const set = doc.tagSets.find((t) => t.name === 'リーディング・プロジェクトの視点')!;
    expect(set.tags.map((t) => t.name)).toEqual(['若者', '子育て']);
    expect(a!.tags).toEqual([{ set: set.id, tag: `${set.id}:1` }]);
    expect(b!.goalIds).toHaveLength(2);
    expect(b!.sdgs).toEqual([3]);
    expect(b!.priority).toBeUndefined();
    accounted(res);
    expect(res.report.coverage.ratio).toBe(1);
  });
});

describe('recognize never throws', () => {
  it('on random grids, with every non-empty cell accounted for exactly once', () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'KPI',
        '基準値',
        '目標値',
        '実績',
        '●',
        '3',
        '-',
        '1,200人',
        '担当課',
        '<p>x</p>',
        '第2期 KPI',
        'No.',
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 14 }), { maxLength: 25 }), (rows) => {
        const res = recognize(book(rows));
        const { mappedCells, nonEmptyCells, ratio } = res.report.coverage;
        expect(ratio).toBeGreaterThanOrEqual(0);
        expect(ratio).toBeLessThanOrEqual(1);
        expect(mappedCells + res.document.unmapped.length).toBe(nonEmptyCells);
        const keys = new Set(res.document.unmapped.map((u) => `${u.row}:${u.column}`));
        expect(keys.size).toBe(res.document.unmapped.length);
        expect(strategyDocumentSchema.safeParse(res.document).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('on mutated real-looking tables (cells dropped, shifted, duplicated)', () => {
    const base = [
      ['基本目標', '数値目標', 'KPI', '基準値', '令和2年度 実績値', '目標値', '進捗状況', '担当課'],
      ['1-1 雇用', '求人数', '-', '1,563件', '1,208件', '1,602件', '概ね順調に進捗', '商工課'],
      [null, '①産業', '出荷額', '11,942億円', '11,789億円', '12,500億円', '順調に進捗', '企業課'],
      ['No.', '事務事業名', '基本目標', null, '関連するSDGs', '重点施策'],
      [null, null, '1', '2'],
      ['1', '保育事業', '●', null, '4', '●'],
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(5), fc.nat(8), fc.constantFrom('drop', 'shift', 'dup', 'junk')), {
          maxLength: 8,
        }),
        (muts) => {
          const rows = base.map((r) => [...r]);
          for (const [ri, ci, op] of muts) {
            const r = rows[ri]!;
            if (op === 'drop') r.splice(ci, 1);
            else if (op === 'shift') r.unshift(null);
            else if (op === 'dup') rows.push([...r]);
            else r[ci] = '<ul><li>混入</li></ul>';
          }
          const res = recognize(book(rows));
          expect(res.report.coverage.mappedCells + res.document.unmapped.length).toBe(
            res.report.coverage.nonEmptyCells,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on a huge row and on malformed input', () => {
    const wide = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `値${i}` : null));
    const res = recognize(book([wide, wide]));
    expect(res.report.coverage.nonEmptyCells).toBeGreaterThan(0);
    expect(() => recognize({ sheets: [null as never], encodings: {} })).not.toThrow();
    expect(recognize({ sheets: [], encodings: {} }).report.coverage.ratio).toBe(1);
  });
});
