import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { encodeCsv, shiftJisWarnings, toCp932Text } from './csv.ts';

describe('Shift_JIS CSV', () => {
  it('maps 〜 − — ¢ £ ¬ ‖ to their CP932 equivalents instead of ?', () => {
    const text = 'R2〜R6,−3,A—B,¢£¬,‖';
    const bytes = encodeCsv(text, 'shift_jis');
    expect(iconv.decode(Buffer.from(bytes), 'cp932')).toBe('R2～R6,－3,A―B,￠￡￢,∥');
    expect(Buffer.from(bytes).includes(0x3f)).toBe(false);
    expect(toCp932Text('①髙')).toBe('①髙');
  });

  it('warns about each character still unmappable, with its line and field', () => {
    const w = shiftJisWarnings([
      ['指標', '備考'],
      ['𠮷野家の来店者数', 'R2〜R6'],
      ['a', 'ok 😀'],
    ]);
    expect(w.map((x) => [x.row, x.column, x.character])).toEqual([
      [2, 1, '𠮷'],
      [3, 2, '😀'],
    ]);
    expect(w[0]!.message).toContain('2行1列');
    expect(w[0]!.codePoint).toBe('U+20BB7');
  });
});
