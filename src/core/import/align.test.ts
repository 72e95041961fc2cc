import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlignCell, type AlignColumn, alignRow } from './align.ts';
import { type CellKind, cellKind, fitCost } from './cell-kind.ts';
import type { ColumnType } from './header-lexicon.ts';

/**
 * The alignment written the plain way (every earlier cell and column tried for every cell and
 * column, first strict minimum kept): what alignRow must answer, however it prunes.
 */
function plainAlign(cells: AlignCell[], columns: AlignColumn[]): number[] {
  const n = cells.length;
  const m = columns.length;
  if (n === 0) return [];
  if (m === 0) return cells.map(() => -1);
  const kinds: CellKind[] = cells.map((c) => cellKind(c.text));
  const fitOf = (i: number, j: number) => fitCost(kinds[i]!, columns[j]!.type);
  const off = (i: number, j: number) => columns[j]!.col - cells[i]!.col;
  const change = (a: number, b: number) =>
    Math.min(0.9, 0.3 * Math.abs(a - b)) + 0.02 * Math.min(3, Math.abs(a));
  const dp = new Float64Array(n * m).fill(Number.POSITIVE_INFINITY);
  const prev = new Int32Array(n * m).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const o = off(i, j);
      let best = 2 * i + fitOf(i, j) + 1.5 * change(o, 0);
      let arg = -1;
      for (let i2 = 0; i2 < i; i2++) {
        for (let j2 = 0; j2 <= j; j2++) {
          if (j2 === j && !columns[j]!.multi) continue;
          const c = dp[i2 * m + j2]! + 2 * (i - i2 - 1) + fitOf(i, j) + change(o, off(i2, j2));
          if (c < best) {
            best = c;
            arg = i2 * m + j2;
          }
        }
      }
      dp[i * m + j] = best;
      prev[i * m + j] = arg;
    }
  }
  let bestCost = 2 * n;
  let bestAt = -1;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const c = dp[i * m + j]! + 2 * (n - 1 - i);
      if (c < bestCost) {
        bestCost = c;
        bestAt = i * m + j;
      }
    }
  const result = new Array<number>(n).fill(-1);
  for (let at = bestAt; at >= 0; at = prev[at]!) result[Math.floor(at / m)] = at % m;
  return result;
}

const TEXTS = [
  '新規求人数',
  '1,563件',
  '30',
  '-',
  '●',
  '順調に進捗',
  '商工労働課',
  '3',
  '公表予定',
  '①施策',
  'A-',
  '',
];
const TYPES: ColumnType[] = ['label', 'figure', 'status', 'dept', 'text', 'int', 'sdg', 'mark'];

const cols: AlignColumn[] = [
  { col: 1, type: 'label' },
  { col: 2, type: 'figure' },
  { col: 3, type: 'figure' },
  { col: 4, type: 'status' },
  { col: 5, type: 'dept' },
];

describe('alignRow', () => {
  it('keeps an aligned row in place', () => {
    const cells = [
      { col: 1, text: '新規求人数' },
      { col: 2, text: '1,563件' },
      { col: 3, text: '1,602件' },
      { col: 4, text: '順調に進捗' },
      { col: 5, text: '商工労働課' },
    ];
    expect(alignRow(cells, cols)).toEqual([0, 1, 2, 3, 4]);
  });
  it('moves a row shifted right by one back under its headers', () => {
    const cells = [
      { col: 2, text: '新規求人数' },
      { col: 3, text: '1,563件' },
      { col: 4, text: '1,602件' },
      { col: 5, text: '順調に進捗' },
      { col: 6, text: '商工労働課' },
    ];
    expect(alignRow(cells, cols)).toEqual([0, 1, 2, 3, 4]);
  });
  it('moves a row shifted left by one (a missing leading cell)', () => {
    const cells = [
      { col: 1, text: '1,563件' },
      { col: 2, text: '1,602件' },
      { col: 3, text: '順調に進捗' },
      { col: 4, text: '商工労働課' },
    ];
    expect(alignRow(cells, cols)).toEqual([1, 2, 3, 4]);
  });
  it('lets a multi column take several cells', () => {
    const c: AlignColumn[] = [
      { col: 1, type: 'label' },
      { col: 2, type: 'sdg', multi: true },
      { col: 5, type: 'mark' },
    ];
    expect(
      alignRow(
        [
          { col: 1, text: '事業' },
          { col: 2, text: '3' },
          { col: 3, text: '8' },
          { col: 4, text: '16' },
          { col: 6, text: '●' },
        ],
        c,
      ),
    ).toEqual([0, 1, 1, 1, 2]);
  });
  it('returns an index or -1 per cell, columns increasing, for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ col: fc.integer({ min: 1, max: 40 }), text: fc.string({ maxLength: 8 }) }), {
          maxLength: 20,
        }),
        (cells) => {
          const sorted = [...cells].sort((a, b) => a.col - b.col);
          const r = alignRow(sorted, cols);
          expect(r).toHaveLength(sorted.length);
          const placed = r.filter((x) => x >= 0);
          for (let i = 1; i < placed.length; i++) expect(placed[i]!).toBeGreaterThan(placed[i - 1]!);
        },
      ),
    );
  });

  it('moves a shifted row of a wide table back under its headers', () => {
    // 24 columns: name, then 20 years of figures, status, department, notes.
    const wide: AlignColumn[] = [
      { col: 1, type: 'label' },
      ...Array.from({ length: 20 }, (_, k) => ({ col: k + 2, type: 'figure' as const })),
      { col: 22, type: 'status' },
      { col: 23, type: 'dept' },
      { col: 24, type: 'text' },
    ];
    const row = (from: number) => [
      { col: from, text: '年間観光入込客数' },
      ...Array.from({ length: 20 }, (_, k) => ({ col: from + 1 + k, text: `${k + 1},000人` })),
      { col: from + 21, text: '概ね順調に進捗' },
      { col: from + 22, text: '観光課' },
    ];
    const expected = Array.from({ length: 23 }, (_, k) => k);
    expect(alignRow(row(1), wide)).toEqual(expected);
    expect(alignRow(row(2), wide)).toEqual(expected);
    expect(alignRow(row(3), wide)).toEqual(expected);
    // A missing leading name: the figures stay figures, the name column stays empty.
    expect(alignRow(row(1).slice(1), wide)).toEqual(expected.slice(1));
  });

  it('gives the same answer as the plain exhaustive alignment (ties included)', () => {
    const cell = fc.record({ col: fc.integer({ min: 1, max: 16 }), text: fc.constantFrom(...TEXTS) });
    const column = fc.record({
      col: fc.integer({ min: 1, max: 16 }),
      type: fc.constantFrom(...TYPES),
      multi: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: 12 }),
        fc.array(column, { maxLength: 12 }),
        fc.boolean(),
        (cells, columns, sorted) => {
          const cs = [...cells].sort((a, b) => a.col - b.col);
          const ks = sorted ? [...columns].sort((a, b) => a.col - b.col) : columns;
          expect(alignRow(cs, ks)).toEqual(plainAlign(cs, ks));
        },
      ),
      { numRuns: 1500 },
    );
    // Rows whose cells sit at column positions (often lined up exactly: the shortcut).
    const fitting: Record<ColumnType, string> = {
      label: '新規求人数',
      figure: '1,563件',
      status: '順調に進捗',
      dept: '商工労働課',
      text: '①施策',
      int: '30',
      sdg: '3',
      mark: '●',
      year: 'R6',
    };
    fc.assert(
      fc.property(
        fc.uniqueArray(column, { maxLength: 12, selector: (c) => c.col }),
        fc.array(fc.nat(3), { maxLength: 12 }),
        (columns, picks) => {
          const ks = [...columns].sort((a, b) => a.col - b.col);
          const cs = ks
            .filter((_, k) => picks[k] !== 0)
            .map((k, i) => ({
              col: k.col,
              text: picks[i] === 3 ? TEXTS[i % TEXTS.length]! : fitting[k.type],
            }));
          expect(alignRow(cs, ks)).toEqual(plainAlign(cs, ks));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
