import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize-text.ts';

describe('normalizeText', () => {
  it('maps full-width ASCII, wave dashes and minus signs', () => {
    expect(normalizeText('１２，３４５人　（Ｒ２）')).toBe('12,345人 (R2)');
    expect(normalizeText('H27～R1')).toBe('H27~R1');
    expect(normalizeText('H27〜R1')).toBe('H27~R1');
    expect(normalizeText('−5 – 6 — ― －')).toBe('-5 - 6 - - -');
  });

  it('leaves the katakana long vowel mark alone', () => {
    expect(normalizeText('センター')).toBe('センター');
  });

  it('turns spaces, line breaks and HTML leftovers into single spaces and trims', () => {
    expect(normalizeText('  a\t\r\n b  ')).toBe('a b');
    expect(normalizeText('<p>2,000人</p><br/>(R2)')).toBe('2,000人 (R2)');
    expect(normalizeText('1&nbsp;人 &amp; 2')).toBe('1 人 & 2');
    expect(normalizeText('a < b')).toBe('a < b');
    expect(normalizeText('\u200b1\ufeff')).toBe('1');
  });

  it('expands compatibility unit signs', () => {
    expect(normalizeText('5㎡ 3㎥ 2㎞ 1㏊')).toBe('5m² 3m³ 2km 1ha');
    expect(normalizeText('g/人･日')).toBe('g/人・日');
  });

  it('is idempotent and never grows spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
        const once = normalizeText(s);
        expect(normalizeText(once)).toBe(once);
        expect(once.includes('  ')).toBe(false);
        expect(once).toBe(once.trim());
      }),
    );
  });
});
