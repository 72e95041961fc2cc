import { describe, expect, it } from 'vitest';
import { inferColumns, roleWord } from './column-roles.ts';
import type { SheetRow } from './context.ts';
import { createMemo } from './memo.ts';
import { buildSchema } from './segment.ts';

function rows(grid: (string | null)[][]): SheetRow[] {
  return grid.map((cells, i) => ({
    row: i + 1,
    cells: cells.flatMap((t, c) => (t ? [{ row: i + 1, col: c + 1, raw: t, text: t }] : [])),
  }));
}

describe('roleWord', () => {
  it('reads the role an indicator category names', () => {
    expect(roleWord('数値目標')).toBe('numeric_target');
    expect(roleWord('ＫＰＩ')).toBe('kpi');
    expect(roleWord('重要業績評価指標')).toBe('kpi');
    expect(roleWord('活動指標')).toBe('project_indicator');
    expect(roleWord('企画課')).toBeNull();
    expect(roleWord('基準値')).toBeNull();
  });
});

describe('inferColumns', () => {
  const memo = createMemo();
  it('reads a bare-year column of figures beside baseline and target as actuals', () => {
    const [header, ...data] = rows([
      ['指標名', '現状値(R1)', '目標値(R6)', '令和2年度', '令和3年度'],
      ['観光客数', '120', '150', '98', '－'],
    ]);
    const schema = inferColumns(memo, buildSchema([header!], memo), data);
    expect(schema.columns.map((c) => [c.field, c.year])).toEqual([
      ['kpiName', null],
      ['baseline', 2019],
      ['target', 2024],
      ['actual', 2020],
      ['actual', 2021],
    ]);
  });

  it('keeps bare-year columns of plans in a table without figures', () => {
    const [header, ...data] = rows([
      ['事業名', '令和2年度', '令和3年度'],
      ['移住支援', '相談会を開く', '20'],
    ]);
    const schema = inferColumns(memo, buildSchema([header!], memo), data);
    expect(schema.columns.map((c) => c.field)).toEqual(['projectName', 'planResult', 'planResult']);
  });

  it('gives an unknown header the role its content shows', () => {
    const [header, ...data] = rows([
      ['指標名', '分け', '所属', '評定', '基準値', 'メモ'],
      ['出生数', '数値目標', '企画課', 'A', '420', '参考値'],
      ['健診受診率', 'KPI', '健康課', 'B', '92.1%', '県の調査'],
    ]);
    const schema = inferColumns(memo, buildSchema([header!], memo), data);
    expect(schema.columns.map((c) => c.field)).toEqual([
      'kpiName',
      'role',
      'department',
      'status',
      'baseline',
      'other',
    ]);
    expect(schema.columns[5]!.type).toBe('label');
  });

  it('reads numbered headings written once per group left of the names as a hierarchy column', () => {
    const [header, ...data] = rows([
      ['方向性', '成果指標', '現状値', '目標値'],
      ['①暮らしを守る', '救急搬送時間', '9.1分', '8.5分'],
      [null, '避難所数', '12か所', '15か所'],
      ['②にぎわい', '観光客数', '120万人', '150万人'],
      [null, '宿泊者数', '8万人', '10万人'],
    ]);
    const schema = inferColumns(memo, buildSchema([header!], memo), data);
    expect(schema.columns[0]!.field).toBe('measure');
  });

  it('leaves a column of plain words filled in on every row alone', () => {
    const [header, ...data] = rows([
      ['分野', '成果指標', '現状値', '目標値'],
      ['くらし', '救急搬送時間', '9.1分', '8.5分'],
      ['くらし', '避難所数', '12か所', '15か所'],
    ]);
    const schema = inferColumns(memo, buildSchema([header!], memo), data);
    expect(schema.columns[0]!.field).not.toBe('measure');
  });
});

describe('name and value columns by content', () => {
  const memo = createMemo();
  it('reads a KPI-headed column of figures as the target and the labels under 項目 as names', () => {
    const [header, ...data] = rows([
      ['項目', '現状値(H26)', 'KPI(R1)', '評価'],
      ['移住者数', '120人', '150人', 'A'],
      ['創業件数', '12件', '20件', 'B'],
    ]);
    const schema = inferColumns(memo, buildSchema([header!], memo), data);
    expect(schema.columns.map((c) => c.field)).toEqual(['kpiName', 'baseline', 'target', 'status']);
    expect(schema.decisions?.map((d) => d.column)).toEqual([3, 1]);
    expect(schema.decisions?.[0]?.because).toMatch(/figures/);
  });
  it('keeps a KPI column of names, and a name column whose row is shifted under it', () => {
    const [header, ...data] = rows([
      ['KPI', '基準値', '目標値'],
      ['移住者数', '120人', '150人'],
    ]);
    expect(inferColumns(memo, buildSchema([header!], memo), data).columns[0]!.field).toBe('kpiName');
    const [h2, ...shifted] = rows([
      [null, '指標名', '基準値', '目標値'],
      ['移住者数', '120人', '150人', '200人'],
    ]);
    expect(inferColumns(memo, buildSchema([h2!], memo), shifted).columns[0]!.field).toBe('kpiName');
  });
  it('marks a column headed for baseline and target together', () => {
    const [header, ...data] = rows([
      ['指標名', '現状値・目標値'],
      ['移住者数', 'H27年度現在 127件 / H31年度予測 144件'],
    ]);
    expect(inferColumns(memo, buildSchema([header!], memo), data).columns[1]!.pair).toBe(true);
  });
});
