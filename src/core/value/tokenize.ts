import { mayStartYear, scanPeriod } from '../japanese-date.ts';
import type { ValuePeriod } from '../parsed-value.ts';
import type { StepCounter } from './normalize-text.ts';
import { scanNumber } from './number.ts';
import { isAsciiLetter, isKatakana, qualifierWordAt, scanUnit } from './units.ts';

/**
 * The tokenizer of the value parser (see parse-value.ts): the normalized text of one cell → a flat
 * list of tokens (figures with their units and qualifier words, years, brackets, notes, separators
 * and words). One pass, no regular expressions, work linear in the length of the text.
 */

/** Kinds of token. */
export enum T {
  Num = 0,
  Period = 1,
  Open = 2,
  Close = 3,
  Note = 4,
  Sep = 5,
  Word = 6,
}

/** One token: its kind, place in the normalized text, and what it carries. */
export interface Tok {
  t: T;
  /** Start and end in the normalized text. */
  s: number;
  e: number;
  /** A space came before the token. */
  sp: boolean;
  value: number;
  unit: string | null;
  unitOk: boolean;
  quals: string[] | null;
  period: ValuePeriod | null;
  cumulative: boolean;
  /** For Open: index of the matching Close (or the token count when unclosed). */
  match: number;
  text: string;
}

function tok(t: T, s: number, e: number, sp: boolean, text = ''): Tok {
  return {
    t,
    s,
    e,
    sp,
    value: 0,
    unit: null,
    unitOk: true,
    quals: null,
    period: null,
    cumulative: false,
    match: -1,
    text,
  };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isOpen(c: number): boolean {
  return c === 0x28 || c === 0x5b || c === 0x3010 || c === 0x3014 || c === 0x7b || c === 0x3008;
}

function isClose(c: number): boolean {
  return c === 0x29 || c === 0x5d || c === 0x3011 || c === 0x3015 || c === 0x7d || c === 0x3009;
}

function isSep(c: number): boolean {
  return (
    c === 0x3a /* : */ ||
    c === 0x2c /* , */ ||
    c === 0x3001 /* 、 */ ||
    c === 0x3b /* ; */ ||
    c === 0x21d2 /* ⇒ */ ||
    c === 0x2192 /* → */ ||
    c === 0x3d /* = */ ||
    c === 0x3002 /* 。 */
  );
}

/** Length of a minus/plus sign at `i` that starts a number (0 when none). */
function signAt(s: string, i: number): { len: number; negative: boolean } | null {
  const c = s.charCodeAt(i);
  if (c === 0x25b3 /* △ */ || c === 0x25b2 /* ▲ */) {
    if (isDigit(s.charCodeAt(i + 1))) return { len: 1, negative: true };
    if (s.charCodeAt(i + 1) === 0x20 && isDigit(s.charCodeAt(i + 2))) return { len: 2, negative: true };
    return null;
  }
  if (c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x30fc /* ー */) {
    if (!isDigit(s.charCodeAt(i + 1))) return null;
    const prev = i > 0 ? s.charCodeAt(i - 1) : 0x20;
    if (isDigit(prev) || isAsciiLetter(prev) || isKatakana(prev) || prev === 0x2e || prev === 0x2c)
      return null;
    return { len: 1, negative: c !== 0x2b };
  }
  return null;
}

function isKanjiEraAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  const ok =
    (c === 0x4ee4 && d === 0x548c) ||
    (c === 0x5e73 && d === 0x6210) ||
    (c === 0x662d && d === 0x548c) ||
    (c === 0x5927 && d === 0x6b63) ||
    (c === 0x660e && d === 0x6cbb);
  if (!ok) return false;
  const e = s.charCodeAt(i + 2) === 0x20 ? s.charCodeAt(i + 3) : s.charCodeAt(i + 2);
  return isDigit(e) || e === 0x5143;
}

/** True when a token other than a word may start at `i` (the word scanner stops there). */
function isBoundary(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 0x20 || isDigit(c) || isOpen(c) || isClose(c) || isSep(c) || c === 0x203b /* ※ */) return true;
  if (c === 0x7e /* ~ */) return true;
  if (signAt(s, i)) return true;
  if (c === 0x4d || c === 0x54 || c === 0x53 || c === 0x48 || c === 0x52) return mayStartYear(s, i);
  return isKanjiEraAt(s, i);
}

/**
 * Splits the normalized text of a cell into tokens; an Open token knows its matching Close.
 *
 * @example tokenize('608千人 (R5)', { steps: 0 }).map((t) => T[t.t]) // ['Num', 'Open', 'Period', 'Close']
 */
export function tokenize(s: string, ctx: StepCounter): Tok[] {
  const toks: Tok[] = [];
  const stack: number[] = [];
  const n = s.length;
  let i = 0;
  let sp = false;
  while (i < n) {
    ctx.steps++;
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      sp = true;
      i++;
      continue;
    }
    if (isOpen(c)) {
      stack.push(toks.length);
      toks.push(tok(T.Open, i, i + 1, sp));
      i++;
      sp = false;
      continue;
    }
    if (isClose(c)) {
      const open = stack.pop();
      if (open !== undefined) toks[open]!.match = toks.length;
      toks.push(tok(T.Close, i, i + 1, sp, open === undefined ? 'stray' : ''));
      i++;
      sp = false;
      continue;
    }
    if (c === 0x203b /* ※ */) {
      toks.push(tok(T.Note, i, n, sp, s.slice(i + 1).trim()));
      i = n;
      continue;
    }
    if (isSep(c)) {
      toks.push(tok(T.Sep, i, i + 1, sp, s[i]));
      i++;
      sp = false;
      continue;
    }
    if (c === 0x7e || mayStartYear(s, i)) {
      const p = scanPeriod(s, i, ctx);
      if (p && p.end > i) {
        const t = tok(T.Period, i, p.end, sp);
        t.period = p.period;
        t.cumulative = p.cumulative;
        toks.push(t);
        i = p.end;
        sp = false;
        continue;
      }
    }
    const num = numberToken(s, i, sp, ctx);
    if (num) {
      toks.push(num);
      i = num.e;
      sp = false;
      continue;
    }
    // A word: a run up to the next boundary (at least one character).
    let j = i + 1;
    while (j < n && !isBoundary(s, j)) {
      ctx.steps++;
      j++;
    }
    toks.push(tok(T.Word, i, j, sp, s.slice(i, j)));
    i = j;
    sp = false;
  }
  for (const open of stack) toks[open]!.match = toks.length;
  return toks;
}

/**
 * A figure at `i` with its sign, unit and the qualifier words after it (`608千人`, `△12件以上`,
 * `3人未満/年`), or null when no number starts there.
 */
function numberToken(s: string, i: number, sp: boolean, ctx: StepCounter): Tok | null {
  const sign = signAt(s, i);
  if (!sign && !isDigit(s.charCodeAt(i))) return null;
  const start = i + (sign ? sign.len : 0);
  const num = scanNumber(s, start, ctx);
  if (!num) return null;
  const t = tok(T.Num, i, num.end, sp);
  t.value = sign?.negative ? -num.value : num.value;
  let j = num.end;
  const unit = scanUnit(s, j, ctx);
  if (unit) {
    t.unit = unit.unit;
    t.unitOk = unit.ok;
    j = unit.end;
  }
  // Qualifier words after the unit (以上, 未満, 程度…), then more unit (`人未満/年`).
  for (;;) {
    const q = qualifierWordAt(s, j);
    if (!q) break;
    if (q.qualifier) {
      t.quals = t.quals ?? [];
      t.quals.push(q.qualifier);
    }
    j = q.end;
    if (s.charCodeAt(j) === 0x2f /* / */) {
      const more = scanUnit(s, j + 1, ctx);
      if (more) {
        t.unit = `${t.unit ?? ''}/${more.unit}`;
        t.unitOk = t.unitOk && more.ok;
        j = more.end;
      }
    }
  }
  t.e = j;
  return t;
}
