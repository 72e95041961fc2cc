import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { isLegend, readEnumeration, splitNameValue } from './project-tables.ts';
import { recognize } from './recognize.ts';

function book(rows: (string | null)[][], file = 'projects.csv'): GridWorkbook {
  return {
    sheets: [{ file, name: null, rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [] }],
    encodings: { [file]: 'utf-8' },
  };
}

const row = (n: number, ...texts: string[]) => ({
  row: n,
  cells: texts.map((text, i) => ({ row: n, col: i + 1, text, raw: text })),
});

describe('readEnumeration', () => {
  it('reads numbered items into number → name, full-width digits and colons too', () => {
    expect(readEnumeration('1:住民の愛着心の深化 2:認知度の上昇')).toEqual(
      new Map([
        ['1', '住民の愛着心の深化'],
        ['2', '認知度の上昇'],
      ]),
    );
    expect([...readEnumeration('１：しごと　２．ひと 10:まち').entries()]).toEqual([
      ['1', 'しごと'],
      ['2', 'ひと'],
      ['10', 'まち'],
    ]);
  });
  it('reads nothing from text without numbered items, and drops an item without a name', () => {
    expect(readEnumeration('創業支援事業').size).toBe(0);
    expect([...readEnumeration('1:しごと 2: ').entries()]).toEqual([['1', 'しごと']]);
  });
});

describe('isLegend', () => {
  it('is a short table whose cells are mostly enumerations', () => {
    expect(isLegend([row(2, '1:しごと 2:ひと 3:まち', '1:若者 2:子育て')])).toBe(true);
    expect(isLegend([row(2, '1:しごと 2:ひと', '創業支援事業', '1:若者 2:子育て')])).toBe(true);
  });
  it('is not a table of names, an empty table or one of more than three rows', () => {
    expect(isLegend([row(2, '創業支援事業', '商工課')])).toBe(false);
    expect(isLegend([])).toBe(false);
    const many = [2, 3, 4, 5].map((n) => row(n, '1:しごと 2:ひと'));
    expect(isLegend(many)).toBe(false);
  });
});

describe('splitNameValue', () => {
  it('splits a trailing figure with its unit and note from the name', () => {
    expect(splitNameValue('新規就農者数 55人(累計)')).toEqual({ name: '新規就農者数', value: '55人(累計)' });
    expect(splitNameValue('中心市街地の歩行者数\n1,200人/日')).toEqual({
      name: '中心市街地の歩行者数',
      value: '1,200人/日',
    });
    expect(splitNameValue('認定農業者数241経営体')).toEqual({ name: '認定農業者数', value: '241経営体' });
  });
  it('keeps a cell without a figure whole', () => {
    expect(splitNameValue('空き家の活用')).toEqual({ name: '空き家の活用', value: null });
  });
});

describe('priority list and project sheets (through recognize)', () => {
  it('links priority rows by 一覧No., warns of a number not in the list, and finds a sheet by its No. line', () => {
    const res = recognize(
      book([
        ['No.', '事業名', 'SDGs', '重点'],
        ['1', '創業支援事業', '8', '✓'],
        ['## 重点施策一覧'],
        ['番号', '事務事業名', '事業概要', '実施主体', '一覧No.'],
        ['1', '創業支援事業', '創業を支援する。', '商工課、商工会', '1'],
        ['2', '空き家活用事業', '空き家を活かす。', '企画課', '7'],
        ['No.2'],
        ['事業名', '事業主体', '事業期間', '成果目標'],
        ['空き家活用', '企画課', 'R2～R6', '空き家バンク登録件数 30件'],
      ]),
    );
    const doc = res.document;
    const [listed, missing] = doc.projects;
    expect(doc.projects).toHaveLength(2);
    expect(listed).toMatchObject({
      code: '1',
      name: '創業支援事業',
      priority: true,
      bodies: ['商工課', '商工会'],
    });
    expect(listed!.summary).toBe('創業を支援する。');
    // 一覧No.7 is not in the list: read as a new project, with a warning at the 一覧No. cell.
    expect(missing).toMatchObject({ code: '7', name: '空き家活用事業', priority: true });
    expect(res.report.warnings.map((w) => [w.code, w.place?.row, w.place?.column])).toContainEqual([
      'PROJECT_NOT_IN_LIST',
      6,
      5,
    ]);
    // The sheet after `No.2` belongs to priority No. 2 (the project of 一覧No.7), not to a new project.
    expect(missing!.period).toMatchObject({ from: 2020, to: 2024 });
    const [indicator] = doc.indicators;
    expect(indicator).toMatchObject({
      name: '空き家バンク登録件数',
      owner: { type: 'project', id: missing!.id },
    });
    expect(indicator!.target).toMatchObject({ value: 30, unit: '件' });
    expect(doc.unmapped).toEqual([]);
  });

  it('reads a sheet of a project found nowhere as a new project, with a warning', () => {
    const res = recognize(
      book([
        ['事業名', '事業主体', '事業期間', '成果目標'],
        ['まちなか再生事業', '都市計画課', 'R3～R7', '中心市街地の歩行者数 1,200人/日'],
      ]),
    );
    const [project] = res.document.projects;
    expect(project).toMatchObject({ name: 'まちなか再生事業', bodies: ['都市計画課'] });
    expect(project!.period).toMatchObject({ from: 2021, to: 2025 });
    expect(res.document.indicators[0]).toMatchObject({
      name: '中心市街地の歩行者数',
      owner: { type: 'project', id: project!.id },
    });
    expect(res.document.indicators[0]!.target).toMatchObject({ value: 1200, unit: '人/日' });
    expect(res.report.warnings.map((w) => w.code)).toContain('PROJECT_SHEET_UNMATCHED');
  });
});
