/**
 * Search text folded so that half/full-width forms, letter case and katakana/hiragana compare
 * equal: NFKC (ｶﾅ → カナ, ＡＢＣ１ → ABC1), lower case, katakana → hiragana, spaces removed.
 *
 * @example foldForSearch('ｼﾞﾝｺｳ　Ａ') // 'じんこうa'
 */
export function foldForSearch(text: string): string {
  const nfkc = text.normalize('NFKC').toLowerCase();
  let out = '';
  for (const ch of nfkc) {
    const c = ch.codePointAt(0)!;
    if (/\s/.test(ch)) continue;
    // Katakana ァ (U+30A1) … ヶ (U+30F6) sit 0x60 above their hiragana.
    out += c >= 0x30a1 && c <= 0x30f6 ? String.fromCodePoint(c - 0x60) : ch;
  }
  return out;
}

/**
 * Whether every word of the query (split on spaces, full-width too) occurs in the text, folded.
 *
 * @example matchesSearch('ｺｳﾘｭｳ 人口', '交流人口（コウリュウ）') // true
 */
export function matchesSearch(query: string, text: string): boolean {
  const words = query
    .normalize('NFKC')
    .split(/\s+/)
    .map(foldForSearch)
    .filter((w) => w !== '');
  if (words.length === 0) return true;
  const folded = foldForSearch(text);
  return words.every((w) => folded.includes(w));
}
