import { describe, expect, it } from 'vitest';
import { tidyFigureText, toFigure } from './figure.ts';

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
