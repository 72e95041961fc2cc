/**
 * The strength estimate is bounded (its cost grows faster than the length on crafted passwords, and
 * it runs on the event loop): the estimator is handed at most ESTIMATED_LENGTH characters of any
 * password, whole characters, with its l33t substitutions capped. Timings: `npm run bench -- password`.
 */
import { describe, expect, it, vi } from 'vitest';

const seen = vi.hoisted(() => [] as string[]);
vi.mock('@zxcvbn-ts/core', async (importOriginal) => {
  const real = await importOriginal<typeof import('@zxcvbn-ts/core')>();
  return {
    ...real,
    zxcvbn: (password: string, inputs?: (string | number)[]) => {
      seen.push(password);
      return real.zxcvbn(password, inputs);
    },
  };
});

const { checkPasswordPolicy, ESTIMATED_LENGTH, estimatedPart, L33T_MAX_SUBSTITUTIONS, MAX_PASSWORD_LENGTH } =
  await import('./auth-password.ts');

/** Crafted passwords of the longest length allowed: repeats of digits, symbols, dates, l33t. */
const crafted = ['p4$$w0rd', '1234567890', '19871231', 'aA1!', '01', '4@8(6#1!|0$5+7%2', '𠮷野家🍣'].map(
  (unit) => [...unit.repeat(MAX_PASSWORD_LENGTH)].slice(0, MAX_PASSWORD_LENGTH).join(''),
);

describe('the bound of the password strength estimate', () => {
  it('hands the estimator at most ESTIMATED_LENGTH whole characters of a crafted password', async () => {
    seen.length = 0;
    for (const p of crafted) await checkPasswordPolicy(p, 'sato-k');
    expect(seen).toHaveLength(crafted.length);
    for (const s of seen) {
      expect([...s].length).toBeLessThanOrEqual(ESTIMATED_LENGTH);
      expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no pair cut in half
    }
    expect(ESTIMATED_LENGTH).toBeLessThan(MAX_PASSWORD_LENGTH);
    const { zxcvbnOptions } = await import('@zxcvbn-ts/core');
    expect(zxcvbnOptions.l33tMaxSubstitutions).toBe(L33T_MAX_SUBSTITUTIONS);
    expect(zxcvbnOptions.maxLength).toBeLessThanOrEqual(ESTIMATED_LENGTH * 2);
  });

  it('judges a long password by its first characters: a weak start is refused, a strong one kept', async () => {
    const strong = 'みどり野の春は桜がきれい、川の水は冷たく澄んでいる夏の夕方の坂道'; // 32 characters
    expect([...strong].length).toBe(ESTIMATED_LENGTH);
    expect(await checkPasswordPolicy(strong, null)).toBeNull();
    // Whatever follows the characters read does not change the judgement.
    expect(await checkPasswordPolicy(`${strong}${'a'.repeat(90)}`, null)).toBeNull();
    const weakStart = `${'p4$$w0rd'.repeat(4)}${strong}`;
    expect(estimatedPart(weakStart)).toBe('p4$$w0rd'.repeat(4));
    expect((await checkPasswordPolicy(weakStart, null))?.code).toBe('PASSWORD_REJECTED');
  });
});
