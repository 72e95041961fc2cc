import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanNumber } from './number.ts';

describe('scanNumber', () => {
  it('reads thousands separators and decimals', () => {
    expect(scanNumber('12,345人', 0)).toEqual({ value: 12345, end: 6, scaled: false });
    expect(scanNumber('95.60%', 0)).toEqual({ value: 95.6, end: 5, scaled: false });
    expect(scanNumber('1,2345', 0)?.end).toBe(1);
    expect(scanNumber('1.2.3', 0)).toEqual({ value: 1.2, end: 3, scaled: false });
    expect(scanNumber('人', 0)).toBeNull();
  });

  it('applies scale words exactly', () => {
    expect(scanNumber('37.7万', 0)?.value).toBe(377000);
    expect(scanNumber('1億2,000万円', 0)).toEqual({ value: 120000000, end: 8, scaled: true });
    expect(scanNumber('1兆2,000億', 0)?.value).toBe(1.2e12);
    expect(scanNumber('3万5000人', 0)?.value).toBe(35000);
    expect(scanNumber('12百万', 0)?.value).toBe(12000000);
    expect(scanNumber('0.1万', 0)?.value).toBe(1000);
  });

  it('reads back any integer written with separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(scanNumber(n.toLocaleString('en-US'), 0)?.value).toBe(n);
      }),
    );
  });
});
