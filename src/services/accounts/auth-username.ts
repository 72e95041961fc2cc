import { type AuthError, authError } from './auth-errors.ts';

const SAFE = /^[a-z0-9][a-z0-9._-]{2,63}$/;
/** Letters of other scripts that look like Latin ones (Cyrillic, Greek, ...). */
const NON_LATIN_LETTER = /\p{L}/u;

/**
 * Normalizes a sign-in name: NFKC (full-width → ASCII), lower case, then restricts it to
 * `a-z 0-9 . _ -` (3–64 characters, starting with a letter or digit). Anything else — control
 * characters, CR/LF, spaces, letters of other scripts that could pass for Latin (Cyrillic а,
 * Greek ο) — is rejected, so two different accounts can never look alike.
 */
export function normalizeLoginName(
  input: string,
): { ok: true; value: string } | { ok: false; error: AuthError } {
  const n = input.normalize('NFKC').toLowerCase();
  if (SAFE.test(n)) return { ok: true, value: n };
  let why = '英小文字・数字・「.」「_」「-」の 3〜64 文字で、英数字で始めてください';
  let whyEn = 'use 3–64 characters a-z, 0-9, ".", "_" or "-", starting with a letter or digit';
  if (/[\p{Cc}\p{Cf}\s]/u.test(n)) {
    why = '制御文字・改行・空白は使えません';
    whyEn = 'control characters, line breaks and spaces are not allowed';
  } else if ([...n].some((c) => c > '\x7f' && NON_LATIN_LETTER.test(c))) {
    why = 'ラテン文字に似た他の文字体系の文字 (紛らわしい文字) は使えません';
    whyEn = 'letters of other scripts that look like Latin letters (confusables) are not allowed';
  }
  return {
    ok: false,
    error: authError(
      'USERNAME_REJECTED',
      `利用者名が使えません: ${why}`,
      `Invalid user name: ${whyEn}`,
      'userName',
    ),
  };
}

/** A display name: 1–100 characters, no control characters or line breaks. */
export function checkDisplayName(name: string): AuthError | null {
  const n = name.normalize('NFKC');
  if (n.length >= 1 && n.length <= 100 && !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(n)) return null;
  return authError(
    'USERNAME_REJECTED',
    '表示名は 1〜100 文字で、制御文字・改行を含めないでください',
    'The display name must be 1–100 characters without control characters or line breaks',
    'name',
  );
}
