import type { StepCounter } from './normalize-text.ts';

/**
 * Units written after a number: simple (`人`, `件`, `%`, `ha`, `事業所`), compound (`人/年`,
 * `g/人・日`, `t-CO2/年`, `m³/年`), with the spacing and sub/superscripts of PDF text
 * (`m ³ /年`, `t-CO ₂ /年`). Scanned by hand; the qualifier words that may follow a unit
 * (`以上`, `未満`, `程度`, `累計`…) end it.
 */

/** Longest unit accepted, in characters; a longer run after a number is text, not a unit. */
export const MAX_UNIT_LENGTH = 12;
/** Longest run of katakana in one unit segment (`ヘクタール` 5). */
export const MAX_UNIT_WORD = 6;
/** Longest run of kanji in one unit segment (`事業所` 3); `日間開院` is a phrase, not a unit. */
export const MAX_UNIT_KANJI = 3;

/** Words that end a unit and qualify the number instead, with the qualifier they give. */
export const UNIT_STOP_WORDS: ReadonlyArray<readonly [string, string | null]> = [
  ['以上', 'at-least'],
  ['以下', 'at-most'],
  ['未満', 'less-than'],
  ['超', 'more-than'],
  ['程度', 'approximate'],
  ['前後', 'approximate'],
  ['強', 'approximate'],
  ['弱', 'approximate'],
  ['見込み', 'estimated'],
  ['見込', 'estimated'],
  ['累計', 'cumulative'],
  ['以内', 'at-most'],
  ['増', 'increase'],
  ['減', 'decrease'],
  ['以降', null],
  ['現在', null],
  ['時点', null],
  ['予定', null],
  ['公表', null],
];

const STOP_FIRST = new Set(UNIT_STOP_WORDS.map(([w]) => w.charCodeAt(0)));

/** Kanji that may follow `か`/`ヶ`/`カ`/`ヵ`/`ケ`/`箇` in a counter unit (`か所`, `ヶ月`). */
const KA_COUNTERS = new Set(['所', '月', '国', '年', '店', '村', '町', '条']);

/**
 * True for a kanji (CJK ideograph) code unit.
 *
 * @example isCjk('人'.charCodeAt(0)) // true
 */
export function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c === 0x3005 || c === 0xf9a8;
}

/**
 * True for a katakana code unit, the long vowel mark `ー` included.
 *
 * @example isKatakana('カ'.charCodeAt(0)) // true
 */
export function isKatakana(c: number): boolean {
  return (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || c === 0x30fd || c === 0x30fe;
}

/**
 * True for A–Z and a–z.
 *
 * @example isAsciiLetter('m'.charCodeAt(0)) // true
 */
export function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isSubscript(c: number): boolean {
  return c >= 0x2080 && c <= 0x2089;
}

function isSuperscript(c: number): boolean {
  return c === 0xb2 || c === 0xb3 || c === 0xb9 || (c >= 0x2070 && c <= 0x2079);
}

function isSymbolUnit(c: number): boolean {
  return c === 0x25 /* % */ || c === 0x2030 /* ‰ */ || c === 0x2103 /* ℃ */ || c === 0xb0 /* ° */;
}

function isEraLetter(c: number): boolean {
  return c === 0x4d || c === 0x54 || c === 0x53 || c === 0x48 || c === 0x52;
}

function isKanjiEraAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  return (
    (c === 0x4ee4 && d === 0x548c) || // 令和
    (c === 0x5e73 && d === 0x6210) || // 平成
    (c === 0x662d && d === 0x548c) || // 昭和
    (c === 0x5927 && d === 0x6b63) || // 大正
    (c === 0x660e && d === 0x6cbb) // 明治
  );
}

/** True when a unit character (not a joiner) is at `i`. */
function unitCharAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (
    isCjk(c) || isKatakana(c) || isAsciiLetter(c) || isSymbolUnit(c) || isSuperscript(c) || isSubscript(c)
  );
}

/**
 * The qualifier word (`以上`, `未満`, `程度`…) at `i`, if any, with the qualifier it gives.
 *
 * @example qualifierWordAt('65%以上', 3) // { qualifier: 'at-least', end: 5 }
 */
export function qualifierWordAt(s: string, i: number): { qualifier: string; end: number } | null {
  if (!STOP_FIRST.has(s.charCodeAt(i))) return null;
  for (const [w, q] of UNIT_STOP_WORDS) {
    if (q && s.startsWith(w, i)) return { qualifier: q, end: i + w.length };
  }
  return null;
}

function stopWordAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (!STOP_FIRST.has(c)) return false;
  for (const [w] of UNIT_STOP_WORDS) if (s.startsWith(w, i)) return true;
  return false;
}

/** A unit found after a number: its raw text, normalized form, end index and whether it looks like a unit. */
export interface ScannedUnit {
  raw: string;
  unit: string;
  end: number;
  /** False when the run is too long or too wordy to be a unit (`か月児健康診査時`). */
  ok: boolean;
}

/**
 * Scans a unit at `i` (right after a number and its scale words) in normalized text. Returns
 * null when no unit starts there. Spaces are crossed only before a sub/superscript or a `/`
 * that leads to more unit (`m ³ /年`).
 *
 * @example scanUnit('874g/人・日 (R2)', 3)?.unit // 'g/人・日'
 * @example scanUnit('1,200m ³ /年', 5)?.unit // 'm³/年'
 */
export function scanUnit(s: string, i: number, counter?: StepCounter): ScannedUnit | null {
  let j = i;
  let raw = '';
  let word = 0; // current run of kanji/katakana
  let kanji = 0; // current run of kanji
  let ok = true;
  let prev = 0; // previous unit character taken
  while (j < s.length) {
    if (counter) counter.steps++;
    const c = s.charCodeAt(j);
    if (stopWordAt(s, j)) break;
    if (raw.length > 0 && isKanjiEraAt(s, j)) break;
    if (isEraLetter(c) && !isAsciiLetter(prev) && isDigit(s.charCodeAt(j + 1))) break;
    if (c === 0x20 /* space */) {
      const n = s.charCodeAt(j + 1);
      if (raw.length > 0 && (isSuperscript(n) || isSubscript(n))) {
        j++;
        continue;
      }
      if (raw.length > 0 && n === 0x2f /* / */ && slashLeadsToUnit(s, j + 1)) {
        j++;
        continue;
      }
      break;
    }
    if (c === 0x2f /* / */ || c === 0x30fb /* ・ */) {
      // A rate of a bare number per period starts with its `/` (`2.11/年`).
      if (raw.length === 0 && !(c === 0x2f && PER_PERIOD.test(s.slice(j, j + 4)))) break;
      if (raw.length > 0 && !slashLeadsToUnit(s, j)) break;
      raw += s[j];
      j++;
      if (s.charCodeAt(j) === 0x20) j++;
      word = 0;
      kanji = 0;
      prev = c;
      continue;
    }
    if (c === 0x2d /* - */) {
      if (isAsciiLetter(prev) && isAsciiLetter(s.charCodeAt(j + 1))) {
        raw += '-';
        j++;
        prev = c;
        continue;
      }
      break;
    }
    if (isDigit(c)) {
      // Digits belong to a unit only right after a letter: CO2, m2, km2.
      if (isAsciiLetter(prev) || isSubscript(prev)) {
        raw += s[j];
        j++;
        prev = c;
        continue;
      }
      break;
    }
    // Counter units written with か/ヶ/カ/ヵ/ケ/箇: か所, ヶ月.
    if (
      c === 0x304b /* か */ ||
      c === 0x30f6 /* ヶ */ ||
      c === 0x30ab /* カ */ ||
      c === 0x30f5 /* ヵ */ ||
      c === 0x30b1 /* ケ */ ||
      c === 0x7b87 /* 箇 */
    ) {
      const n = s[j + 1];
      if (n !== undefined && KA_COUNTERS.has(n) && (raw.length === 0 || prev === 0x2f || prev === 0x30fb)) {
        raw += s[j] + n;
        j += 2;
        word += 2;
        prev = s.charCodeAt(j - 1);
        continue;
      }
      if (c === 0x304b) break;
    }
    if (!unitCharAt(s, j)) break;
    // `%` ends a unit unless a `/` follows (`%/年`).
    if (prev === 0x25 && c !== 0x2f) break;
    if (isCjk(c) || isKatakana(c)) {
      word++;
      if (word > MAX_UNIT_WORD) ok = false;
    } else {
      word = 0;
    }
    if (isCjk(c)) {
      kanji++;
      if (kanji > MAX_UNIT_KANJI) ok = false;
    } else {
      kanji = 0;
    }
    raw += s[j];
    j++;
    prev = c;
    if (raw.length > MAX_UNIT_LENGTH) ok = false;
  }
  if (raw.length === 0) return null;
  // A dangling joiner is not part of the unit.
  while (raw.endsWith('/') || raw.endsWith('・') || raw.endsWith('-')) raw = raw.slice(0, -1);
  if (raw.length === 0) return null;
  return { raw, unit: normalizeUnit(raw), end: j, ok };
}

/** `/` and a period word ending there: `/年`, `/年度`, `/月`, `/日`, `/週`. */
const PER_PERIOD = /^\/ ?(?:年度|年|月|日|週)(?![\p{L}\p{N}])/u;

/** True when the `/` or `・` at `i` is followed (after at most one space) by a unit character. */
function slashLeadsToUnit(s: string, i: number): boolean {
  let k = i + 1;
  if (s.charCodeAt(k) === 0x20) k++;
  const c = s.charCodeAt(k);
  if (isEraLetter(c) && isDigit(s.charCodeAt(k + 1))) return false;
  if (isKanjiEraAt(s, k)) return false;
  return unitCharAt(s, k) || c === 0x304b /* か */;
}

const SUB_TO_DIGIT = '0123456789';
const SUPER_2 = '²';
const SUPER_3 = '³';

/**
 * Normalizes a unit: spaces removed, subscripts to digits (`CO₂` → `CO2`), squared and cubed
 * lengths with superscripts (`m3`, `m ³` → `m³`; `km2` → `km²`), `パーセント` → `%`, and counters
 * written with ヶ/ケ/カ/ヵ/箇 unified to `か` (`ヶ所` → `か所`, `カ月` → `か月`).
 *
 * @example normalizeUnit('t-CO ₂ /年') // 't-CO2/年'
 * @example normalizeUnit('m3/年') // 'm³/年'
 * @example normalizeUnit('ヶ所') // 'か所'
 */
export function normalizeUnit(unit: string): string {
  let out = '';
  for (let i = 0; i < unit.length; i++) {
    const c = unit.charCodeAt(i);
    if (c === 0x20 || c === 0x3000) continue;
    if (isSubscript(c)) {
      out += SUB_TO_DIGIT[c - 0x2080];
      continue;
    }
    if ((c === 0x32 || c === 0x33 || c === 0xb2 || c === 0xb3) && endsWithLengthUnit(out)) {
      out += c === 0x32 || c === 0xb2 ? SUPER_2 : SUPER_3;
      continue;
    }
    if (
      (c === 0x30f6 || c === 0x30b1 || c === 0x30ab || c === 0x30f5 || c === 0x7b87) &&
      KA_COUNTERS.has(unit[i + 1] ?? '')
    ) {
      out += 'か';
      continue;
    }
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      continue;
    }
    out += unit[i];
  }
  if (out.includes('パーセント')) out = out.split('パーセント').join('%');
  return out;
}

/** True when `s` ends with the length unit m, km, cm or mm (not part of a longer word). */
function endsWithLengthUnit(s: string): boolean {
  if (!s.endsWith('m')) return false;
  const before = s.charCodeAt(s.length - 2);
  if (!isAsciiLetter(before)) return true;
  if (before === 0x6b || before === 0x63 || before === 0x6d) {
    return !isAsciiLetter(s.charCodeAt(s.length - 3));
  }
  return false;
}

/**
 * Splits a unit hint such as `千人`, `百万円`, `(単位:千円)`, `%` into a scale factor and a base
 * unit, for figures written without a unit under a header that gives one.
 *
 * @example splitUnitHint('千円') // { scale: 1000, unit: '円' }
 * @example splitUnitHint('人/年') // { scale: 1, unit: '人/年' }
 */
export function splitUnitHint(hint: string): { scale: number; unit: string | null } {
  let h = hint.trim();
  for (const p of ['単位:', '単位：', '単位']) if (h.startsWith(p)) h = h.slice(p.length);
  for (const p of ['(', '（']) if (h.startsWith(p)) h = h.slice(1);
  for (const p of [')', '）']) if (h.endsWith(p)) h = h.slice(0, -1);
  for (const p of ['単位:', '単位：', '単位']) if (h.startsWith(p)) h = h.slice(p.length);
  h = h.trim();
  let scale = 1;
  let k = 0;
  while (k < h.length) {
    const f = SCALE_WORDS[h[k]!];
    if (!f || k + 1 >= h.length) break;
    scale *= f;
    k++;
  }
  const unit = normalizeUnit(h.slice(k));
  return { scale, unit: unit.length > 0 ? unit : null };
}

/** Scale words and their factors (`608千人` → 608000). */
export const SCALE_WORDS: Readonly<Record<string, number>> = Object.freeze({
  百: 100,
  千: 1000,
  万: 10_000,
  億: 100_000_000,
  兆: 1_000_000_000_000,
});
