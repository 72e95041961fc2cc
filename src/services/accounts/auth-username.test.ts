import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDisplayName, normalizeLoginName } from './auth-username.ts';

describe('normalizeLoginName', () => {
  it('NFKC and lower case', () => {
    expect(normalizeLoginName('Ｓａｔｏ-K')).toEqual({ ok: true, value: 'sato-k' });
    expect(normalizeLoginName('demo.planner_1')).toEqual({ ok: true, value: 'demo.planner_1' });
  });
  it('rejects confusables, controls, CR/LF, spaces, too short or long', () => {
    const reject = (s: string) => {
      const r = normalizeLoginName(s);
      expect(r.ok, s).toBe(false);
      return r.ok ? '' : r.error.messageEn;
    };
    expect(reject('аdmin')).toMatch(/confusable/); // Cyrillic а
    expect(reject('adm\u03bfn')).toMatch(/confusable/); // Greek ο
    expect(reject('admin\r\nSet-Cookie: x=1')).toMatch(/line breaks/);
    expect(reject('ad\u200bmin')).toMatch(/control/);
    expect(reject('a b c')).toMatch(/spaces/);
    reject('ab');
    reject('x'.repeat(65));
    reject('-admin');
    reject('佐藤');
  });
  it('whatever the input, the result is empty of anything outside the safe set', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const r = normalizeLoginName(s);
        if (r.ok) expect(r.value).toMatch(/^[a-z0-9][a-z0-9._-]{2,63}$/);
        else expect(r.error.code).toBe('USERNAME_REJECTED');
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkDisplayName', () => {
  it('allows Japanese, refuses line breaks', () => {
    expect(checkDisplayName('佐藤 花子')).toBeNull();
    expect(checkDisplayName('a\nb')?.code).toBe('USERNAME_REJECTED');
    expect(checkDisplayName('')?.code).toBe('USERNAME_REJECTED');
  });
});
