/**
 * Section lines (見出し行): a row that names a basic goal or a measure with its number, alone on
 * its row, above the rows that belong to it (`基本目標1 しごとをつくる`, `【基本目標２】ひとの流れ`,
 * `施策大項目2(1) 定住・関係人口`, `■基本施策Ⅲ 子育て`). The entity words come from the header
 * lexicon (fields `goal` and `measure`), so a city's own word is added there, not here.
 */
import { HEADER_LEXICON } from './header-lexicon.ts';

/** A section line read: the entity it opens, its number and the rest of the text. */
export interface Section {
  field: 'goal' | 'measure';
  /** The number as written, Arabic digits (`1`, `2(1)`, `1-2`; `Ⅲ` and `三` become `3`). */
  code: string;
  /** Text after the number (the name, possibly followed by a description). */
  rest: string;
}

/** Entity words of sections, longest first, with a few prefixes cities put before them. */
let words: { word: string; field: 'goal' | 'measure' }[] | null = null;

function sectionWords(): { word: string; field: 'goal' | 'measure' }[] {
  if (words) return words;
  const out: { word: string; field: 'goal' | 'measure' }[] = [];
  for (const e of HEADER_LEXICON) {
    if (e.field !== 'goal' && e.field !== 'measure') continue;
    for (const t of e.terms) out.push({ word: t.normalize('NFKC'), field: e.field });
  }
  out.sort((a, b) => b.word.length - a.word.length);
  words = out;
  return out;
}

const OPEN = /^[\s■□◆◇●◎○【[［〔<＜《「『]+/u;
const CODE =
  /^\s*(\d+(?:\s*[-‐−.]\s*\d+)*(?:\s*\(\s*\d+\s*\))?|\(\s*\d+\s*\)|[①-⑳]|[一二三四五六七八九十]{1,3}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|[IVX]{1,4}(?![A-Za-z]))\s*[】\]］〕>＞》」』]?\s*[:：.．、)）]?\s*/u;

const KANJI: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10 };
const ROMAN_CHAR = 'ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ';

/** `Ⅲ` → 3, `三` → 3, `十二` → 12, `IV` → 4, `①` → 1; Arabic numbers kept (spaces removed). */
function arabic(code: string): string {
  const c = code.replace(/\s+/g, '');
  const circled = c.codePointAt(0)! - 0x2460;
  if (c.length === 1 && circled >= 0 && circled < 20) return String(circled + 1);
  const r = ROMAN_CHAR.indexOf(c);
  if (r >= 0) return String(r + 1);
  if (/^[一二三四五六七八九十]+$/u.test(c)) {
    const ten = c.indexOf('十');
    if (ten < 0) return String(KANJI[c[0]!] ?? c);
    const tens = ten === 0 ? 1 : (KANJI[c[0]!] ?? 1);
    const ones = ten === c.length - 1 ? 0 : (KANJI[c[c.length - 1]!] ?? 0);
    return String(tens * 10 + ones);
  }
  if (/^[IVX]+$/.test(c)) {
    let n = 0;
    for (let i = 0; i < c.length; i++) {
      const v = ROMAN[c[i]!]!;
      const next = ROMAN[c[i + 1] ?? ''] ?? 0;
      n += v < next ? -v : v;
    }
    return String(n);
  }
  return c;
}

/**
 * Reads a section line: an entity word of the lexicon (after decorations and an optional `新規`),
 * then a number. Returns null for any other text.
 *
 * @example readSection('基本目標1 しごとをつくる') // { field: 'goal', code: '1', rest: 'しごとをつくる' }
 * @example readSection('【基本目標Ⅱ】ひとの流れをつくる') // { field: 'goal', code: '2', rest: 'ひとの流れをつくる' }
 * @example readSection('施策大項目2(1) 定住') // { field: 'measure', code: '2(1)', rest: '定住' }
 * @example readSection('施策(1) 子育て環境の充実') // { field: 'measure', code: '1', rest: '子育て環境の充実' }
 * @example readSection('基本目標の達成状況') // null
 */
export function readSection(text: string): Section | null {
  if (text.length > 400) return null;
  let t = text.normalize('NFKC').replace(OPEN, '');
  t = t.replace(/^新規\s*/u, '');
  for (const { word, field } of sectionWords()) {
    if (!t.startsWith(word)) continue;
    const m = CODE.exec(t.slice(word.length));
    if (!m) continue;
    const rest = t
      .slice(word.length + m[0].length)
      .replace(/^[】\]］〕>＞》」』]\s*/u, '')
      .trim();
    // `施策(1)`: the number in brackets is the code.
    const code = m[1]!.replace(/^\(\s*(\d+)\s*\)$/u, '$1');
    return { field, code: arabic(code), rest };
  }
  return null;
}

/**
 * Reads a numbered heading line without an entity word (`(1) 移住・定住の促進`, `1-2 観光の振興`):
 * inside an indicator table it opens a level below the one open (a measure under the goal).
 * Null for a line with figures, a sentence, or no number.
 *
 * @example readNumberedHeading('（2）移住・定住の促進') // { code: '2', rest: '移住・定住の促進' }
 * @example readNumberedHeading('1-2 観光の振興') // { code: '1-2', rest: '観光の振興' }
 * @example readNumberedHeading('(1) 120人') // null
 */
export function readNumberedHeading(text: string): { code: string; rest: string } | null {
  const t = text.normalize('NFKC').trim();
  const m =
    /^\(\s*(\d{1,2})\s*\)\s*(\S.{0,39})$/u.exec(t) ??
    /^(\d{1,2}(?:\s*[-‐.]\s*\d{1,2})+)\s+(\S.{0,39})$/u.exec(t);
  if (!m) return null;
  const rest = m[2]!.trim();
  if (/\d/.test(rest) || /[。.]$/u.test(rest)) return null;
  return { code: m[1]!.replace(/\s+/gu, ''), rest };
}
