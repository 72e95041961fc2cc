import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  htmlToText,
  isBlank,
  normalizeKey,
  normalizeLabel,
  similarity,
  splitHtmlCells,
  tokenizeHtml,
} from './text.ts';

describe('htmlToText', () => {
  it('turns paragraphs, list items and breaks into lines', () => {
    expect(htmlToText('<p>①なし</p> <p>②課題</p>')).toBe('①なし\n②課題');
    expect(htmlToText('<ul style="list-style-type: none"><li>・A</li><li>・B</li></ul>')).toBe('・A\n・B');
    expect(htmlToText('a<br>b<br/>c')).toBe('a\nb\nc');
  });
  it('keeps a lone < that is not a known tag and decodes entities', () => {
    expect(htmlToText('a < b &amp; c')).toBe('a < b & c');
    expect(htmlToText('x <unknown> y')).toBe('x <unknown> y');
    expect(htmlToText('&#x41;&#66;&nbsp;C')).toBe('AB C');
  });
  it('never throws and is linear on hostile input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(typeof htmlToText(s)).toBe('string');
      }),
    );
    const evil = '<p'.repeat(20000);
    expect(htmlToText(evil).length).toBeGreaterThan(0);
  });
  it('tokenizes tags and text', () => {
    expect(tokenizeHtml('<td colspan="2">x</td>').map((t) => t.type)).toEqual(['open', 'text', 'close']);
  });
});

describe('splitHtmlCells', () => {
  it('splits a header cell that carries an HTML row fragment', () => {
    expect(
      splitHtmlCells('R5担当課 <th rowspan="2">KPI</th> <td colspan="2">第3期 KPI</td> <td>R5基準値</td>'),
    ).toEqual(['R5担当課', 'KPI', '第3期 KPI', 'R5基準値']);
    expect(splitHtmlCells('plain')).toBeNull();
  });
});

describe('normalizeKey / normalizeLabel / similarity', () => {
  it('ignores width, spaces, brackets and line breaks', () => {
    expect(normalizeKey('重要業績評価指標 （ＫＰＩ）\n名称')).toBe('重要業績評価指標KPI名称');
    expect(normalizeLabel('進捗の遅れ （コロナ）')).toBe(normalizeLabel('進捗の遅れ(コロナ)'));
  });
  it('scores similar names higher than different ones', () => {
    expect(similarity('年間観光入込客数', '年間観光入込調査人数')).toBeGreaterThan(0.5);
    expect(similarity('年間観光入込客数', '合計特殊出生率')).toBeLessThan(0.2);
    expect(similarity('同じ', '同じ')).toBe(1);
  });
});

describe('similarity by sorted bigrams', () => {
  /** Dice of bigrams counted the plain way (a multiset of two-character strings). */
  function plainDice(a: string, b: string): number {
    const x = normalizeKey(a);
    const y = normalizeKey(b);
    if (!x || !y) return 0;
    if (x === y) return 1;
    if (x.length < 2 || y.length < 2) return 0;
    const grams = new Map<string, number>();
    for (let i = 0; i < x.length - 1; i++)
      grams.set(x.slice(i, i + 2), (grams.get(x.slice(i, i + 2)) ?? 0) + 1);
    let hits = 0;
    for (let i = 0; i < y.length - 1; i++) {
      const c = grams.get(y.slice(i, i + 2)) ?? 0;
      if (c > 0) {
        hits++;
        grams.set(y.slice(i, i + 2), c - 1);
      }
    }
    return (2 * hits) / (x.length - 1 + (y.length - 1));
  }

  it('equals the plain count, repeated bigrams and surrogate pairs included', () => {
    const text = fc.array(fc.constantFrom('観', '光', '客', '数', 'あ', 'A', 'a', ' ', '𠮷', '（', '1'), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(similarity(a.join(''), b.join(''))).toBe(plainDice(a.join(''), b.join('')));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('plain-text cells (no tags, no entities)', () => {
  /** Tidying written the plain way: every line's space runs collapsed and trimmed, empty lines dropped. */
  function plainTidy(s: string): string {
    return s
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \t\u3000\u00a0]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
  }

  it('are tidied and judged blank as the plain way does, already-tidy text kept as is', () => {
    const text = fc.array(
      fc.constantFrom('a', '課', ' ', '  ', '\t', '\n', '\r', '\u3000', '\u00a0', '\u2003', '\ufeff', '1'),
      {
        maxLength: 10,
      },
    );
    fc.assert(
      fc.property(text, (parts) => {
        const s = parts.join('');
        expect(htmlToText(s)).toBe(plainTidy(s));
        expect(isBlank(s)).toBe(s.replace(/[\s\u3000\u00a0]+/g, '') === '');
      }),
      { numRuns: 3000 },
    );
  });
});
