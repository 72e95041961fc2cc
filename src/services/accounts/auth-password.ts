import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { type AuthError, authError } from './auth-errors.ts';
import { Semaphore } from './throttle.ts';

/** scrypt cost parameters. */
export interface ScryptParams {
  /** CPU/memory cost (a power of two). */
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet: scrypt N=2^16, r=8, p=2 (one of its equal-strength settings,
 * the same work as N=2^17 with p=1, at half the memory: about 64 MiB per hash). Hashes made with
 * other parameters (earlier N=2^17) still verify: the parameters are read from the stored hash.
 */
export const PRODUCTION_SCRYPT: ScryptParams = { N: 2 ** 16, r: 8, p: 2 };

/**
 * One hash at a time per process: a burst of sign-ins queues instead of holding 64 MiB per
 * attempt at once (memory stays flat; sign-in throttling answers 429 before the queue grows).
 */
const HASHING = new Semaphore(1);

/** For tests only: fast, weak. Never use for real accounts. */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

/** Minimum password length (ASVS 5.0 6.2.1 asks for 8 at least and recommends 15). */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return HASHING.run(() => deriveNow(password, salt, params));
}

function deriveNow(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

/** Hashes a password: `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** Checks a password against a stored hash (constant-time compare; parameters read from the hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The estimator's score (0–4) a password needs: 3 = "safely unguessable" (about 10^8 guesses or more). */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Characters of a password the estimator reads (the first ones). Its cost grows faster than the
 * length on repeats of digits and symbols (l33t and date matching): measured on crafted passwords
 * (`npm run bench -- password`), 64 characters cost up to 1.2 s of CPU each on the event loop, 32
 * with fewer l33t substitutions tens of milliseconds. Reading fewer characters can only refuse a
 * password whose strength lies after them, never accept a weak one.
 */
export const ESTIMATED_LENGTH = 32;
/** l33t substitutions the estimator tries at most (its default, 100, dominates the cost above). */
export const L33T_MAX_SUBSTITUTIONS = 16;

/** The part of a (normalized) password the estimator reads: its first ESTIMATED_LENGTH characters. */
export function estimatedPart(password: string): string {
  return [...password].slice(0, ESTIMATED_LENGTH).join('');
}

type Estimator = (
  password: string,
  userInputs: string[],
) => {
  score: number;
  feedback: { warning: string | null; suggestions: string[] };
};
let estimator: Promise<Estimator> | null = null;

/**
 * zxcvbn-ts with its common pack (the most used passwords, diceware words, keyboard layouts) and
 * its Japanese pack (Japanese words and names in romaji, feedback in Japanese): offline, loaded on
 * the first password checked (the dictionaries are not needed to start the server).
 */
function loadEstimator(): Promise<Estimator> {
  estimator ??= (async () => {
    const [{ zxcvbn, zxcvbnOptions }, common, ja] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-ja'),
    ]);
    zxcvbnOptions.setOptions({
      dictionary: { ...common.dictionary, ...ja.dictionary },
      graphs: common.adjacencyGraphs,
      translations: ja.translations,
      l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
      // A safety net under estimatedPart (which counts characters, this UTF-16 units).
      maxLength: ESTIMATED_LENGTH * 2,
    });
    return zxcvbn;
  })();
  return estimator;
}

/**
 * The password rules: length 12–128 (after NFKC), not containing the user name, and strong enough
 * for an offline strength estimator (zxcvbn-ts, score ≥ 3) that knows common passwords, keyboard
 * runs, repeats, sequences, years and dates, Japanese words and names, and the words of this
 * account (`userInputs`: the person's name, the municipality's name). Any character is allowed
 * (spaces and Japanese too); no composition rules.
 */
export async function checkPasswordPolicy(
  password: string,
  loginName: string | null,
  userInputs: readonly string[] = [],
): Promise<AuthError | null> {
  const p = password.normalize('NFKC');
  const length = [...p].length;
  if (length < MIN_PASSWORD_LENGTH)
    return authError(
      'PASSWORD_REJECTED',
      `パスワードは ${MIN_PASSWORD_LENGTH} 文字以上にしてください`,
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
      'password',
    );
  if (length > MAX_PASSWORD_LENGTH)
    return authError(
      'PASSWORD_REJECTED',
      `パスワードは ${MAX_PASSWORD_LENGTH} 文字以下にしてください`,
      `The password must have at most ${MAX_PASSWORD_LENGTH} characters`,
      'password',
    );
  if (loginName && p.toLowerCase().includes(loginName.toLowerCase()))
    return authError(
      'PASSWORD_REJECTED',
      'よく使われる・推測しやすいパスワードです (利用者名を含んでいます)。別のパスワードにしてください',
      'This password is common or easy to guess (it contains the user name); choose another one',
      'password',
    );
  const estimate = await loadEstimator();
  // Each word of this account as written, without its spaces, and each of its parts (山田 太郎:
  // 山田太郎, 山田, 太郎), as the estimator matches whole words.
  const inputs = [
    ...new Set(
      [loginName, ...userInputs]
        .filter((w): w is string => !!w && w.trim() !== '')
        .map((w) => w.normalize('NFKC').toLowerCase())
        .flatMap((w) => [w, w.replace(/[\s・]+/g, ''), ...w.split(/[\s・]+/)])
        .filter((w) => w.length >= 2),
    ),
  ];
  const r = estimate(estimatedPart(p), inputs);
  if (r.score >= MIN_PASSWORD_SCORE) return null;
  const why = [r.feedback.warning, ...r.feedback.suggestions].filter(Boolean).join('。');
  return authError(
    'PASSWORD_REJECTED',
    `よく使われる・推測しやすいパスワードです。別のパスワードにしてください${why ? ` (${why})` : ''}`,
    'This password is common or easy to guess (a common password, a keyboard run, a repeat, a year, a name or a word of this account); choose another one',
    'password',
  );
}
