import { describe, expect, it } from 'vitest';
import { formatJsonPath } from './json-path.ts';

describe('formatJsonPath', () => {
  it('reads like JavaScript access', () => {
    expect(formatJsonPath(['indicators', 0, 'actuals', 1, 'value'])).toBe('indicators[0].actuals[1].value');
    expect(formatJsonPath([])).toBe('');
    expect(formatJsonPath([3])).toBe('[3]');
  });
});
