import { describe, expect, it } from 'vitest';
import {
  checkPasswordPolicy,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  TEST_SCRYPT,
  verifyPassword,
} from './auth-password.ts';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only; salts differ; parameters travel with the hash', async () => {
    const a = await hashPassword('a long passphrase 1', TEST_SCRYPT);
    const b = await hashPassword('a long passphrase 1', TEST_SCRYPT);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('a long passphrase 1', a)).toBe(true);
    expect(await verifyPassword('a long passphrase 2', a)).toBe(false);
    // Full-width input is the same password after NFKC.
    expect(await verifyPassword('ａ long passphrase 1', a)).toBe(true);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$aa$bb')).toBe(false);
  });
});

describe('password policy (length, user name, offline strength estimator)', () => {
  it('length, common passwords, keyboard runs, user name', async () => {
    expect((await checkPasswordPolicy('x'.repeat(MIN_PASSWORD_LENGTH - 1), null))?.code).toBe(
      'PASSWORD_REJECTED',
    );
    expect((await checkPasswordPolicy('Password1234', null))?.message).toMatch(/よく使われる/);
    expect((await checkPasswordPolicy('qwertyuiop12', null))?.code).toBe('PASSWORD_REJECTED');
    expect((await checkPasswordPolicy('my name is sato-k ok', 'sato-k'))?.code).toBe('PASSWORD_REJECTED');
    expect((await checkPasswordPolicy('x'.repeat(129), null))?.code).toBe('PASSWORD_REJECTED');
    expect(await checkPasswordPolicy('みどり野の春は桜がきれい', null)).toBeNull();
    expect(await checkPasswordPolicy('correct horse battery', 'sato-k')).toBeNull();
  });

  it('patterns a list cannot hold: repeats, years, sequences, Japanese words in romaji, the account’s own words', async () => {
    for (const weak of [
      'sakurasakura2024', // a Japanese word repeated, a recent year
      'aaaaaaaaaaaaaaa', // one character repeated
      'abcdefghijklmn', // a sequence
      '1qaz2wsx3edc4rfv', // a keyboard pattern
      'arigato19900101', // a Japanese word (romaji) and a date
      'tanaka19800101', // a Japanese family name and a date
    ]) {
      const e = await checkPasswordPolicy(weak, 'sato-k');
      expect(e?.code, weak).toBe('PASSWORD_REJECTED');
      expect(e?.place, weak).toEqual({ field: 'password' });
    }
    // The municipality's name repeated with a year; the feedback is in Japanese (the estimator's
    // Japanese pack), after the fixed opening.
    const repeatedCity = await checkPasswordPolicy('みどり野市みどり野市2026', 'sato-k', ['みどり野市']);
    expect(repeatedCity?.code).toBe('PASSWORD_REJECTED');
    expect(repeatedCity?.message).toMatch(
      /^よく使われる・推測しやすいパスワードです。別のパスワードにしてください \(.*繰り返し/,
    );
    // The person's name (as written, its parts, without spaces): strong for a stranger, weak here.
    expect(await checkPasswordPolicy('midorinohanako85', 'sato-k')).toBeNull();
    expect(await checkPasswordPolicy('midorinohanako85', 'sato-k', ['Midorino Hanako'])).not.toBeNull();
    expect(await checkPasswordPolicy('yamadataro1985', 'sato-k', ['yamada taro'])).not.toBeNull();
  });
});
