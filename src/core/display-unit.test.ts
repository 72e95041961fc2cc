import { describe, expect, it } from 'vitest';
import { sameBaseUnit, toDisplayUnit, unitScale } from './display-unit.ts';

describe('display units', () => {
  it('turns base-unit values back into the indicator’s unit', () => {
    expect(toDisplayUnit(1_850_000_000, '万円')).toBe(185_000);
    expect(toDisplayUnit(608_000, '千人')).toBe(608);
    expect(toDisplayUnit(1563, '件')).toBe(1563);
    expect(toDisplayUnit(12.3, null)).toBe(12.3);
    expect(toDisplayUnit(123_456_700, '万円')).toBe(12_345.67);
  });

  it('splits scale and base unit', () => {
    expect(unitScale('百万円')).toEqual({ scale: 1_000_000, base: '円' });
    expect(unitScale('')).toEqual({ scale: 1, base: null });
  });

  it('compares units by their base', () => {
    expect(sameBaseUnit('万円', '円')).toBe(true);
    expect(sameBaseUnit('千人', '人')).toBe(true);
    expect(sameBaseUnit('人', '件')).toBe(false);
  });
});
