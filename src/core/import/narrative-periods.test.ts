import { describe, expect, it } from 'vitest';
import type { Narrative } from '../interchange.ts';
import { narrativePeriods } from './narrative-periods.ts';

const at = (kind: string, row: number, column: number, more: Partial<Narrative> = {}): Narrative => ({
  kind,
  text: `${kind}@${row}:${column}`,
  provenance: { file: 'f', sheet: null, row, column },
  ...more,
});
const periods = (list: Narrative[]) => narrativePeriods(list, 'old', 'new').map((n) => n.strategyId ?? null);

describe('narrativePeriods', () => {
  it('gives the left block of a row whose fields repeat to the finished period and the rest to the next', () => {
    // 施策の概要 | 主な取組 | 総括 | 施策の概要 | 主な取組 | デジタル活用, listed out of column order
    const row = [
      at('summary', 5, 4),
      at('summary', 5, 1),
      at('mainActions', 5, 2),
      at('overall', 5, 3),
      at('text', 5, 7),
      at('mainActions', 5, 5),
      at('digital', 5, 6),
    ];
    expect(periods(row)).toEqual(['new', 'old', 'old', 'old', 'new', 'new', 'new']);
  });

  it('gives a row of a review (… | 総括) and any other 総括 to the finished period, and leaves the rest', () => {
    expect(periods([at('summary', 1, 1), at('mainActions', 1, 2), at('overall', 1, 3)])).toEqual([
      'old',
      'old',
      'old',
    ]);
    expect(
      periods([at('summary', 1, 1), at('mainActions', 1, 2), at('overall', 2, 1), at('text', 3, 1)]),
    ).toEqual([null, null, 'old', null]);
    expect(periods([{ kind: 'overall', text: 'no place' }])).toEqual(['old']);
  });

  it('gives the cells left of the finished period’s own column to it, in a row naming both periods', () => {
    // 施策の概要 | 主な取組 | 【第2期】 | 【第3期の展開】 | 担当課
    const row = [
      at('summary', 4, 2),
      at('mainActions', 4, 3),
      at('overall', 4, 4, { strategyId: 'old' }),
      at('text', 4, 5, { strategyId: 'new' }),
      at('department', 4, 6),
    ];
    expect(periods(row)).toEqual(['old', 'old', 'old', 'new', null]);
    // without the next period's column the row is left as the other rules read it
    expect(periods([at('summary', 4, 2), at('text', 4, 4, { strategyId: 'old' })])).toEqual([null, 'old']);
  });

  it('keeps the period a narrative names', () => {
    expect(
      periods([
        at('summary', 1, 1, { strategyId: 'x' }),
        at('summary', 1, 2),
        at('overall', 2, 1, { strategyId: 'y' }),
      ]),
    ).toEqual(['x', null, 'y']);
  });
});
