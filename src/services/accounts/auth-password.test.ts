import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './auth-common-passwords.ts';
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

describe('password policy', () => {
  it('length, common list, user name', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(1000);
    expect(checkPasswordPolicy('x'.repeat(MIN_PASSWORD_LENGTH - 1), null)?.code).toBe('PASSWORD_REJECTED');
    expect(checkPasswordPolicy('Password1234', null)?.message).toMatch(/よく使われる/);
    expect(checkPasswordPolicy('qwertyuiop12', null)?.code).toBe('PASSWORD_REJECTED');
    expect(checkPasswordPolicy('my name is sato-k ok', 'sato-k')?.code).toBe('PASSWORD_REJECTED');
    expect(checkPasswordPolicy('x'.repeat(129), null)?.code).toBe('PASSWORD_REJECTED');
    expect(checkPasswordPolicy('みどり野の春は桜がきれい', null)).toBeNull();
    expect(checkPasswordPolicy('correct horse battery', 'sato-k')).toBeNull();
  });
});
