import { describe, expect, it } from 'vitest';
import { directionSign, resolveDirection } from './direction.ts';

describe('resolveDirection', () => {
  it('keeps a given direction', () => {
    expect(resolveDirection('decrease', 10, 8)).toEqual({
      direction: 'decrease',
      source: 'given',
      reason: null,
      conflict: false,
    });
  });

  it('infers increase, decrease and maintain from baseline and target', () => {
    expect(resolveDirection(null, 1563, 1602).direction).toBe('increase');
    expect(resolveDirection(undefined, 88, 80).direction).toBe('decrease');
    expect(resolveDirection(null, 73.6, 73.6).direction).toBe('maintain');
    expect(resolveDirection(null, -5, -2)).toMatchObject({ direction: 'increase', source: 'inferred' });
    expect(resolveDirection(null, 0, -1)).toMatchObject({
      direction: 'decrease',
      reason: 'DIRECTION_INFERRED',
    });
  });

  it('records that inference was impossible without baseline or target', () => {
    expect(resolveDirection(null, null, 8)).toEqual({
      direction: 'increase',
      source: 'assumed',
      reason: 'DIRECTION_UNKNOWN',
      conflict: false,
    });
    expect(resolveDirection(null, 8, null).reason).toBe('DIRECTION_UNKNOWN');
  });

  it('flags a given direction that points away from the target', () => {
    expect(resolveDirection('increase', 55000, 53000).conflict).toBe(true);
    expect(resolveDirection('decrease', 5, 9).conflict).toBe(true);
    expect(resolveDirection('increase', 5, 9).conflict).toBe(false);
    expect(resolveDirection('maintain', 5, 9).conflict).toBe(false);
  });

  it('gives the sign of a direction', () => {
    expect([directionSign('increase'), directionSign('decrease'), directionSign('maintain')]).toEqual([
      1, -1, 0,
    ]);
  });
});
