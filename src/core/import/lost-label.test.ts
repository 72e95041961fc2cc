import { describe, expect, it } from 'vitest';
import type { Narrative } from '../interchange.ts';
import { alignRow } from './align.ts';
import type { SheetRow } from './context.ts';
import type { GridWorkbook } from './grid.ts';
import { alignAroundLost, completeLostLabel, spanOf } from './lost-label.ts';
import { recognize } from './recognize.ts';
import { detectHeader } from './segment.ts';

function book(rows: (string | null)[][]): GridWorkbook {
  return {
    sheets: [
      { file: 'l.txt', name: null, rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [] },
    ],
    encodings: { 'l.txt': 'utf-8' },
  };
}

/** The narratives of the measure named `name`: kind, title and text. */
function texts(rows: (string | null)[][], name: string) {
  const doc = recognize(book(rows)).document;
  const m = doc.measures.find((x) => x.name === name)!;
  return (m.narratives ?? []).map((n: Narrative) => [n.kind, n.title, n.text]);
}

const GOAL = ['基本目標1 しごとをつくる'];
/** A block whose header carries the review label between the two periods' labels. */
const WHOLE = [
  ['施策大項目1(1) 創業の支援'],
  [
    '【具体的な施策】',
    '【施策の概要】',
    '【主な取組】',
    '【総括】',
    '【施策の概要】',
    '【主な取組】',
    '担当課',
  ],
  ['①相談の充実', '窓口を置く。', '・窓口の運営', '相談は増えた。', '予約制にする。', '・予約窓口', '商工課'],
];
/** A block of the same table whose header lost that label (its cell left empty), its rows not. */
const header = [
  '【具体的な施策】',
  '【施策の概要】',
  '',
  '【主な取組】',
  '',
  '',
  '【施策の概要】',
  '【主な取組】',
  '担当課',
];
const row = [
  '②展示会への出展',
  '出展を支える。',
  '・出展の補助',
  '出展者は増えた。',
  '',
  '',
  '商談会を開く。',
  '・商談会',
  '観光課',
];
const LOST = [['施策大項目1(2) 販路の開拓'], header, row];

describe('a narrative table whose header lost one label (through recognize)', () => {
  it('reads the block’s extra cell under the label the same table’s other header carries there', () => {
    expect(texts([GOAL, ...WHOLE, ...LOST], '展示会への出展')).toEqual([
      ['summary', '【施策の概要】', '出展を支える。'],
      ['mainActions', '【主な取組】', '・出展の補助'],
      ['overall', '【総括】', '出展者は増えた。'],
      ['summary', '【施策の概要】', '商談会を開く。'],
      ['mainActions', '【主な取組】', '・商談会'],
      ['department', '担当課', '観光課'],
    ]);
  });

  it('takes the label from a header further down the document as well', () => {
    expect(texts([GOAL, ...LOST, ...WHOLE], '展示会への出展')[2]).toEqual([
      'overall',
      '【総括】',
      '出展者は増えた。',
    ]);
  });

  it('keeps the header as it is without a sibling header (no 総括 is read)', () => {
    const alone = texts([GOAL, ...LOST], '展示会への出展');
    expect(alone.some(([kind]) => kind === 'overall')).toBe(false);
    expect(alone.find(([, , text]) => text === '出展者は増えた。')?.[0]).not.toBe('overall');
  });

  it('keeps it when a row of the block fills exactly the header’s labels there', () => {
    const exact = [
      '③商談の支援',
      '商談を支える。',
      '・商談の補助',
      '',
      '',
      '',
      '相談を受ける。',
      '・相談会',
      '商工課',
    ];
    const read = texts([GOAL, ...WHOLE, ...LOST, exact], '展示会への出展');
    expect(read.some(([kind]) => kind === 'overall')).toBe(false);
  });

  it('keeps it when the siblings carry different labels at that place', () => {
    const other = [
      ['施策大項目1(3) 人材の確保'],
      [
        '【具体的な施策】',
        '【施策の概要】',
        '【主な取組】',
        '【デジタル活用】',
        '【施策の概要】',
        '【主な取組】',
        '担当課',
      ],
      ['④人材の確保', '人材を募る。', '・説明会', '動画で募る。', '採用を続ける。', '・説明会', '総務課'],
    ];
    const read = texts([GOAL, ...WHOLE, ...other, ...LOST], '展示会への出展');
    expect(read.some(([kind]) => kind === 'overall' || kind === 'digital')).toBe(false);
  });
});

describe('completeLostLabel', () => {
  const rows = (lines: string[][], from = 1): SheetRow[] =>
    lines.map((cells, i) => ({
      row: from + i,
      cells: cells.flatMap((text, c) => (text ? [{ row: from + i, col: c + 1, raw: text, text }] : [])),
    }));
  const sibling = detectHeader(rows([WHOLE[1]!]), 0)!;
  const lostHeader = () => detectHeader(rows([header], 10), 0)!;

  it('adds the lost column in the empty header cell after the label before it, with a decision', () => {
    const done = completeLostLabel(lostHeader(), rows([row], 11), [sibling]);
    expect(done.columns.map((c) => [c.col, c.field, c.lost ?? false])).toEqual([
      [1, 'measure', false],
      [2, 'summary', false],
      [4, 'mainActions', false],
      [5, 'overall', true],
      [7, 'summary', false],
      [8, 'mainActions', false],
      [9, 'department', false],
    ]);
    expect(done.columns[3]!.headerCell).toBeNull();
    expect(done.decisions?.at(-1)).toMatchObject({ row: 10, column: 5 });
    expect(done.decisions?.at(-1)?.because).toMatch(/row 1\b/u);
  });

  it('leaves a header whose cell at that place is not empty, or that has no room for the label', () => {
    const filled = header.map((h, i) => (i === 4 ? '備考' : h));
    const s = detectHeader(rows([filled], 10), 0)!;
    expect(completeLostLabel(s, rows([row], 11), [sibling])).toBe(s);
    const tight = [
      '【具体的な施策】',
      '【施策の概要】',
      '【主な取組】',
      '【施策の概要】',
      '【主な取組】',
      '担当課',
    ];
    const t = detectHeader(rows([tight], 10), 0)!;
    expect(completeLostLabel(t, rows([row], 11), [sibling])).toBe(t);
  });

  it('leaves a header that is the same as its siblings', () => {
    const s = detectHeader(rows([WHOLE[1]!], 10), 0)!;
    expect(completeLostLabel(s, rows([WHOLE[2]!], 11), [sibling])).toBe(s);
  });
});

describe('spanOf and alignAroundLost', () => {
  const cols = (spec: [number, string][], lost = -1) =>
    spec.map(([col, field], i) => ({
      col,
      field: field as never,
      type: (field === 'measure' ? 'label' : 'text') as never,
      header: field,
      headerCell: null,
      year: null,
      yearTo: null,
      date: null,
      basis: 'fiscal' as const,
      generation: null,
      ...(i === lost ? { lost: true as const } : {}),
    }));
  const columns = cols(
    [
      [1, 'measure'],
      [2, 'summary'],
      [4, 'mainActions'],
      [5, 'overall'],
      [7, 'summary'],
      [8, 'mainActions'],
    ],
    3,
  );

  it('spans the labels up to a repeated field', () => {
    expect(spanOf(columns, 3)).toEqual({ from: Number.NEGATIVE_INFINITY, to: 7, indices: [0, 1, 2, 3] });
    expect(spanOf(columns, 4)).toEqual({ from: 7, to: Number.POSITIVE_INFINITY, indices: [4, 5] });
  });

  it('gives a row of one cell per label of the span those columns in order, the cells right of it in place', () => {
    const cells = [2, 3, 4, 5, 7, 8].map((col) => ({ col, text: 'あ' }));
    expect(alignAroundLost(cells, columns)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('aligns any other row with the completed header as a whole, and knows no table without a lost label', () => {
    const cells = [1, 2, 3, 4, 5, 6, 7].map((col) => ({ col, text: 'あ' }));
    expect(alignAroundLost(cells, columns)).toEqual(alignRow(cells, columns));
    expect(
      alignAroundLost(
        cells,
        cols([
          [1, 'measure'],
          [2, 'summary'],
        ]),
      ),
    ).toBeNull();
  });
});
