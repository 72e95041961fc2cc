import { describe, expect, it } from 'vitest';
import { builtinFormat, formatNumber, formatNumberExact, isoToSerial } from './number-format.ts';

describe('formatNumber (cell text as Excel shows it)', () => {
  it.each([
    [18165, '#,##0"人"', '18,165人'],
    [0.956, '0.0%', '95.6%'],
    [1.2844, '0.00', '1.28'],
    [0.1 + 0.2, 'General', '0.3'],
    [-236, '"△"#,##0;"▲"#,##0', '▲236'],
    [1200, '[$¥-411]#,##0', '¥1,200'],
    [45383, 'yyyy/m/d', '2024/4/1'],
    [45383, 'yyyy"年"m"月"', '2024年4月'],
    [45383, '[$-411]ggge"年"m"月"d"日"', '令和6年4月1日'],
    [43585, '[$-411]ge.m.d', 'H31.4.30'],
    [43586, '[$-411]ggge"年"', '令和1年'],
    [45383, '[$-ja-JP]gge"年"', '令6年'],
    [12, '@', '12'],
  ])('%s with %s → %s', (value, code, text) => {
    expect(formatNumber(value, code)).toBe(text);
  });

  it('uses the ja-JP built-in formats', () => {
    expect(formatNumber(45383, builtinFormat(14))).toBe('2024/4/1');
    expect(formatNumber(45383, builtinFormat(58))).toBe('令和6年4月1日');
    expect(formatNumber(1234.5, builtinFormat(4))).toBe('1,234.50');
    expect(builtinFormat(999)).toBe('General');
  });

  it('honours the 1904 date system', () => {
    expect(formatNumber(45383 - 1462, 'yyyy/m/d', true)).toBe('2024/4/1');
  });

  it('never throws, whatever the format', () => {
    for (const code of ['[[[', '"unclosed', '0.0.0.0%%%', '[$-411', 'ggggeeee', ';;;;', '\\']) {
      expect(typeof formatNumber(3.5, code)).toBe('string');
    }
    expect(formatNumber(Number.NaN, '0')).toBe('NaN');
  });

  it('turns ISO dates into serials', () => {
    expect(isoToSerial('2024-04-01T00:00:00')).toBe(45383);
    expect(isoToSerial('not a date')).toBeNull();
  });
});

describe('formatNumberExact (a figure typed into a workbook read back)', () => {
  it('gives General numbers their full value, without float noise, and other formats as displayed', () => {
    expect(formatNumber(123456789012, 'General')).toBe('1.23457E+11');
    expect(formatNumberExact(123456789012, 'General')).toBe('123456789012');
    expect(formatNumberExact(0.1 + 0.2, 'General')).toBe('0.3');
    expect(formatNumberExact(-236, '@')).toBe('-236');
    expect(formatNumberExact(0.802, '0.0%')).toBe('80.2%');
    expect(formatNumberExact(1563, '#,##0"件"')).toBe('1,563件');
  });
});
