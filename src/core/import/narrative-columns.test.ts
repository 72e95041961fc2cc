import { describe, expect, it } from 'vitest';
import type { Narrative } from '../interchange.ts';
import type { GridWorkbook } from './grid.ts';
import { headerLabels, periodHeader } from './narrative-columns.ts';
import { recognize } from './recognize.ts';

function book(rows: (string | null)[][]): GridWorkbook {
  return {
    sheets: [
      { file: 'n.txt', name: null, rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
    ],
    encodings: { 'n.txt': 'utf-8' },
  };
}

/** The narratives of the first measure a document's rows give: kind, title, period, text. */
function texts(rows: (string | null)[][]) {
  const doc = recognize(book(rows)).document;
  const m = doc.measures.find((x) => (x.narratives ?? []).length > 0)!;
  return (m.narratives ?? []).map((n: Narrative) => [n.kind, n.title, n.strategyId ?? null, n.text]);
}

const TITLE = ['第3期 さくら台町総合戦略'];
const GOAL = ['基本目標1 しごとをつくる'];
const MEASURE = ['施策大項目1(1) 創業の支援'];

describe('periodHeader', () => {
  it('reads a period’s name with its years and the words after it', () => {
    expect(periodHeader('【第2期(R2-6)】')).toEqual({ generation: 2, review: true });
    expect(periodHeader('第２期（令和2～6年度）の振り返り')).toEqual({ generation: 2, review: true });
    expect(periodHeader('【第3期(R7-11)の展開】')).toEqual({ generation: 3, review: false });
    expect(periodHeader('第3期計画')).toEqual({ generation: 3, review: true });
  });
  it('reads nothing from a header that names a field beside the period, or no period', () => {
    expect(periodHeader('第3期 (R7-11) KPI')).toBeNull();
    expect(periodHeader('【施策の概要】')).toBeNull();
    expect(periodHeader('R5担当課')).toBeNull();
  });
});

describe('headerLabels', () => {
  it('splits a cell of bracketed labels that each name a field', () => {
    expect(headerLabels('【施策の概要】 【主な取組】')).toEqual([
      { text: '【施策の概要】', field: 'summary' },
      { text: '【主な取組】', field: 'mainActions' },
    ]);
  });
  it('leaves one label, words outside the brackets and labels the lexicon does not know', () => {
    expect(headerLabels('【施策の概要】')).toBeNull();
    expect(headerLabels('【施策の概要】 及び 【主な取組】')).toBeNull();
    expect(headerLabels('【施策の概要】 【あいうえお】')).toBeNull();
    expect(headerLabels('【主な取組】 【主な事業】')).toBeNull();
  });
});

describe('a narrative table whose columns are headed by periods (through recognize)', () => {
  it('reads the finished period’s column as its 総括 (the cells left of it its own) and the next period’s as its texts', () => {
    expect(
      texts([
        TITLE,
        GOAL,
        MEASURE,
        [
          '【具体的な施策】',
          '【施策の概要】',
          '【主な取組】',
          '【第2期(R2-6)】',
          '【第3期(R7-11)の展開】',
          '担当課',
        ],
        ['①相談の充実', '窓口を置く。', '・窓口の運営', '相談は増えた。', '予約制にする。', '商工課'],
      ]),
    ).toEqual([
      ['summary', '【施策の概要】', 'strategy-2', '窓口を置く。'],
      ['mainActions', '【主な取組】', 'strategy-2', '・窓口の運営'],
      ['overall', '【第2期(R2-6)】', 'strategy-2', '相談は増えた。'],
      ['text', '【第3期(R7-11)の展開】', 'strategy-3', '予約制にする。'],
      ['department', '担当課', null, '商工課'],
    ]);
  });

  it('splits a header cell of two labels and lets a header copied over several cells give up a copy', () => {
    expect(
      texts([
        TITLE,
        GOAL,
        MEASURE,
        [
          '【具体的な施策】',
          '【施策の概要】 【主な取組】',
          '【第2期(R2-6)】',
          '【第3期(R7-11)の展開】',
          '【第3期(R7-11)の展開】',
          '【第3期(R7-11)の展開】',
          'R5担当課',
          '備考',
        ],
        [
          '①相談の充実',
          '窓口を置く。',
          '・窓口の運営',
          '相談は増えた。',
          '予約制にする。',
          '・予約窓口',
          '商工課',
          '新規',
        ],
      ]),
    ).toEqual([
      ['summary', '【施策の概要】', 'strategy-2', '窓口を置く。'],
      ['mainActions', '【主な取組】', 'strategy-2', '・窓口の運営'],
      ['overall', '【第2期(R2-6)】', 'strategy-2', '相談は増えた。'],
      ['text', '【第3期(R7-11)の展開】', 'strategy-3', '予約制にする。'],
      ['text', '【第3期(R7-11)の展開】', 'strategy-3', '・予約窓口'],
      ['department', 'R5担当課', null, '商工課'],
      ['notes', '備考', null, '新規'],
    ]);
  });

  it('keeps a finished period’s column its own text when its header says it is not the review', () => {
    expect(
      texts([
        TITLE,
        GOAL,
        MEASURE,
        ['【具体的な施策】', '【施策の概要】', '【第2期の展開】', '【第3期の展開】', '担当課'],
        ['①相談の充実', '窓口を置く。', '窓口を置いた。', '予約制にする。', '商工課'],
      ]),
    ).toEqual([
      ['summary', '【施策の概要】', 'strategy-2', '窓口を置く。'],
      ['text', '【第2期の展開】', 'strategy-2', '窓口を置いた。'],
      ['text', '【第3期の展開】', 'strategy-3', '予約制にする。'],
      ['department', '担当課', null, '商工課'],
    ]);
  });

  it('reads the column of the document’s only period as that period’s text, not a review', () => {
    expect(
      texts([
        ['第2期 さくら台町総合戦略'],
        GOAL,
        MEASURE,
        ['【具体的な施策】', '【施策の概要】', '【第2期】'],
        ['①相談の充実', '窓口を置く。', '相談を受ける。'],
      ]),
    ).toEqual([
      ['summary', '【施策の概要】', null, '窓口を置く。'],
      ['text', '【第2期】', 'strategy-2', '相談を受ける。'],
    ]);
  });
});
