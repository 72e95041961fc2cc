import { describe, expect, it } from 'vitest';
import type { Strategy } from './interchange.ts';
import { periodPredecessors } from './period-chain.ts';

const s = (id: string, more: Partial<Strategy> = {}): Strategy => ({ id, name: id, ...more });

describe('periodPredecessors', () => {
  it('links the next generation to the one before it, and a period starting the year after another ends', () => {
    expect(periodPredecessors([s('a', { generation: 3 }), s('b', { generation: 2 })])).toEqual(
      new Map([['a', 'b']]),
    );
    expect(
      periodPredecessors([
        s('old', { period: { from: 2020, to: 2024 } }),
        s('new', { period: { from: 2025, to: 2029 } }),
      ]),
    ).toEqual(new Map([['new', 'old']]));
    // a chain of three
    expect(
      periodPredecessors([s('1', { generation: 1 }), s('2', { generation: 2 }), s('3', { generation: 3 })]),
    ).toEqual(
      new Map([
        ['2', '1'],
        ['3', '2'],
      ]),
    );
  });

  it('leaves periods that do not follow each other, and keeps a predecessor the document names', () => {
    expect(periodPredecessors([s('a', { generation: 1 }), s('b', { generation: 3 })]).size).toBe(0);
    expect(
      periodPredecessors([
        s('a', { period: { from: 2020, to: 2024 } }),
        s('b', { period: { from: 2026, to: 2030 } }),
      ]).size,
    ).toBe(0);
    expect(periodPredecessors([s('a'), s('b')]).size).toBe(0);
    // named: kept even without generations; a name outside the list or itself is not
    expect(periodPredecessors([s('a'), s('b', { predecessorId: 'a' })])).toEqual(new Map([['b', 'a']]));
    expect(periodPredecessors([s('a', { predecessorId: 'zz' }), s('b', { predecessorId: 'b' })]).size).toBe(
      0,
    );
    // the same period listed twice (as `strategy` and among `strategies`) counts once
    expect(
      periodPredecessors([s('3', { generation: 3 }), s('2', { generation: 2 }), s('3', { generation: 3 })]),
    ).toEqual(new Map([['3', '2']]));
  });
});
