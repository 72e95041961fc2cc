import { describe, expect, it } from 'vitest';
import { normalizeUnit, scanUnit, splitUnitHint } from './units.ts';

describe('scanUnit', () => {
  it('reads simple and compound units and stops at brackets and spaces', () => {
    expect(scanUnit('人 (R2)', 0)).toEqual({ raw: '人', unit: '人', end: 1, ok: true });
    expect(scanUnit('g/人・日', 0)?.unit).toBe('g/人・日');
    expect(scanUnit('件/月', 0)?.unit).toBe('件/月');
    expect(scanUnit('%以上', 0)?.unit).toBe('%');
    expect(scanUnit('%(R9)', 0)?.unit).toBe('%');
    expect(scanUnit('%/年', 0)?.unit).toBe('%/年');
  });

  it('joins the spaced sub- and superscripts of PDF text', () => {
    expect(scanUnit('m ³ /年', 0)?.unit).toBe('m³/年');
    expect(scanUnit('t-CO ₂ /年', 0)?.unit).toBe('t-CO2/年');
  });

  it('does not take a following year or number into the unit', () => {
    expect(scanUnit('%R9', 0)?.unit).toBe('%');
    expect(scanUnit('人令和5年', 0)?.unit).toBe('人');
    expect(scanUnit('事業/39事業', 0)?.unit).toBe('事業');
  });

  it('does not read qualifier words or hiragana as a unit', () => {
    expect(scanUnit('以上', 0)).toBeNull();
    expect(scanUnit('の人口', 0)).toBeNull();
    expect(scanUnit('人の割合', 0)?.unit).toBe('人');
  });

  it('flags long runs as not a unit', () => {
    expect(scanUnit('か月児健康診査時', 0)?.ok).toBe(false);
    expect(scanUnit('事業所', 0)?.ok).toBe(true);
  });
});

describe('normalizeUnit', () => {
  it.each([
    ['m3/年', 'm³/年'],
    ['m ³ /年', 'm³/年'],
    ['km2', 'km²'],
    ['t-CO ₂ /年', 't-CO2/年'],
    ['CO2', 'CO2'],
    ['ヶ所', 'か所'],
    ['ケ月', 'か月'],
    ['箇所', 'か所'],
    ['パーセント', '%'],
    ['人', '人'],
  ])('%s → %s', (raw, unit) => {
    expect(normalizeUnit(raw)).toBe(unit);
  });
});

describe('splitUnitHint', () => {
  it('splits a scale word from the base unit', () => {
    expect(splitUnitHint('千円')).toEqual({ scale: 1000, unit: '円' });
    expect(splitUnitHint('百万円')).toEqual({ scale: 1_000_000, unit: '円' });
    expect(splitUnitHint('(単位:千人)')).toEqual({ scale: 1000, unit: '人' });
    expect(splitUnitHint('人/年')).toEqual({ scale: 1, unit: '人/年' });
    expect(splitUnitHint('万')).toEqual({ scale: 1, unit: '万' });
  });
});
