import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlignColumn, alignRow } from './align.ts';

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
});
