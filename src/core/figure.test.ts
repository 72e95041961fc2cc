import { describe, expect, it } from 'vitest';
import { lenientValue, splitPair, tidyFigureText, toFigure } from './figure.ts';

describe('figures as written', () => {
  it('reads a range as its lower bound and keeps the range in the note', () => {
    const f = toFigure('5~7回/年', { year: 2024, basis: 'fiscal' });
    expect([f.value, f.unit, f.fiscalYear, f.raw]).toEqual([5, '回/年', 2024, '5~7回/年']);
    expect(f.note).toMatch(/5～7/);
    expect(toFigure('4,489～4,491件', null).value).toBe(4489);
  });
  it('reads a figure after words of its counting period', () => {
    const f = toFigure('過去5年間実績 6件', { year: 2015, basis: 'fiscal' });
    expect([f.value, f.unit, f.fiscalYear, f.note]).toEqual([6, '件', 2015, '過去5年間実績']);
  });
  it('leaves text that is no figure as text', () => {
    expect(lenientValue('全小学校で実施', null, null)).toBeNull();
    expect(lenientValue('調査中', null, null)).toBeNull();
  });
  it('splits two figures in one cell at an arrow or a spaced slash, never a unit slash', () => {
    expect(splitPair('H27年度現在 127件 / H31年度予測 144件')).toEqual([
      'H27年度現在 127件',
      'H31年度予測 144件',
    ]);
    expect(splitPair('1,200人(H26)→1,500人(H31)')).toEqual(['1,200人(H26)', '1,500人(H31)']);
    expect(splitPair('120件/年')).toBeNull();
    expect(splitPair('増加 → 維持')).toBeNull();
  });
});

describe('toFigure', () => {
  it('takes out the spaces PDF-to-text leaves between a number and its unit, scale or year', () => {
    expect(tidyFigureText('18.8 万人(2014 年)')).toBe('18.8万人(2014年)');
    expect(tidyFigureText('100 200')).toBe('100 200');
    expect(toFigure('18.8 万人(2014 年)', null)).toMatchObject({
      value: 188000,
      unit: '人',
      fiscalYear: 2014,
      basis: 'calendar',
      raw: '18.8 万人(2014 年)',
    });
    expect(toFigure('2,000 人以上', { year: 2019, basis: 'fiscal' })).toMatchObject({
      value: 2000,
      fiscalYear: 2019,
    });
  });

  it('reads a dash before a unit as no value, and a held value in parentheses', () => {
    expect(toFigure('― 件/年', null)).toMatchObject({ value: null, state: 'missing' });
    const held = toFigure('現状値を維持(44%台)', { year: 2025, basis: 'fiscal' });
    expect(held).toMatchObject({ value: 44, unit: '%', fiscalYear: 2025, raw: '現状値を維持(44%台)' });
    expect(held.parsed?.qualifiers).toContain('maintain');
    expect(toFigure('現状維持(141か所)', null).value).toBe(141);
  });
});
