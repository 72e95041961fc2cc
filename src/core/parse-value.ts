import { mayStartYear, scanPeriod } from './japanese-date.ts';
import type { ParsedValue, ValuePart, ValuePeriod } from './parsed-value.ts';
import {
  APPROXIMATE_PREFIXES,
  MISSING_MARKERS,
  NOT_AVAILABLE_WORDS,
  NOT_COUNTABLE_BEFORE_NASHI,
  PENDING_MARKERS,
  QUALIFIER_WORDS,
  WEAK_MISSING_MARKERS,
  WEAK_MISSING_MAX_LENGTH,
  ZERO_ENDINGS,
} from './value/markers.ts';
import { normalizeText, type StepCounter } from './value/normalize-text.ts';
import { scanNumber } from './value/number.ts';
import { isAsciiLetter, isCjk, isKatakana, qualifierWordAt, scanUnit, splitUnitHint } from './value/units.ts';

/**
 * The value parser (数値の読み取り): one cell of a municipal table → a typed `ParsedValue`
 * (DESIGN.md §4). A hand-written scanner and a small interpreter: no regular expressions, work
 * linear in the length of the text, and it never throws.
 *
 * Decisions, documented once:
 * - Percentages stay in percent points: `95.60%` → value 95.6, unit `%`.
 * - Scale words are applied and dropped from the unit: `608千人` → 608000 `人`.
 * - A year written in the cell wins over `defaultPeriod` (the year of the column header).
 * - An as-of date (`R6.4現在`) gives the fiscal year it falls in, with the date kept.
 * - Several labelled figures (`男性78.1歳 女性80.5歳`) → kind `multi`, `value` null, `unit` the
 *   parts' unit when they all share one, else null.
 * - One figure with words before it (`参加者数 49,300人`) → kind `number`, the words in `note`.
 * - `Xなし` is zero only when X is a noun (kanji/katakana, not `変更`, `該当`…) and the cell is
 *   nothing else: `待機児童なし` → 0; `①なし` → text.
 * - Qualifiers: `approximate`, `cumulative`, `preliminary`, `estimated`, `annual`, `at-least`,
 *   `at-most`, `less-than`, `more-than`.
 * - Negative signs (`△`, `▲`, `−`, `ー` before digits) just make the value negative.
 */

/** Options of `parseValue`. */
export interface ParseValueOptions {
  /** Period from the column header (`現状値(R5)`); a year written in the cell wins. */
  defaultPeriod?: ValuePeriod | null;
  /** Unit from the header (`人`, `千円`, `(単位:千円)`) for figures written without one; a scale word in it applies. */
  unitHint?: string | null;
  /** Work counter for tests of linear work: incremented by the number of scanning steps. */
  stats?: StepCounter | null;
}

enum T {
  Num = 0,
  Period = 1,
  Open = 2,
  Close = 3,
  Note = 4,
  Sep = 5,
  Word = 6,
}

interface Tok {
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

function tokenize(s: string, ctx: StepCounter): Tok[] {
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
    const sign = signAt(s, i);
    if (sign || isDigit(c)) {
      const start = i + (sign ? sign.len : 0);
      const num = scanNumber(s, start, ctx);
      if (num) {
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
        toks.push(t);
        i = j;
        sp = false;
        continue;
      }
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

interface Figure {
  label: string;
  value: number;
  unit: string | null;
  unitOk: boolean;
  quals: string[] | null;
  zero: boolean;
  periodLabel: string | null;
  /** The words before the number touch it (`基本目標3`, `市内就職率40%`). */
  attached: boolean;
}

/** Hiragana particles: a label starting with one, or touching its number after one, is part of a sentence. */
const PARTICLES = 'のにをがでとはへやもた';

function isParticle(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && PARTICLES.includes(ch);
}

/**
 * True when `s` can name a part: it has kanji, kana or a circled number, or at least two Latin
 * letters (a lone `P` of `P22` is a page number, not a label).
 */
function hasLabelChar(s: string): boolean {
  let letters = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isCjk(c) || isKatakana(c)) return true;
    if (c >= 0x3041 && c <= 0x3096) return true;
    if ((c >= 0x2460 && c <= 0x24ff) || (c >= 0x2776 && c <= 0x2793) || (c >= 0x3251 && c <= 0x32bf))
      return true;
    if (isAsciiLetter(c)) letters++;
  }
  return letters >= 2;
}

function isDashOnly(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c === 0x2d || c === 0x30fc || c === 0x2026 || c === 0x2025 || c === 0x20 || c === 0x5f))
      return false;
  }
  return true;
}

/** The noun before `なし` when a word states zero in words (`待機児童なし` → `待機児童`), else null. */
function zeroWordNoun(word: string): string | null {
  let noun: string | null = null;
  for (const end of ZERO_ENDINGS) {
    if (word.length > end.length && word.endsWith(end)) {
      noun = word.slice(0, word.length - end.length);
      break;
    }
  }
  if (!noun || noun.length > 20) return null;
  for (let i = 0; i < noun.length; i++) {
    const c = noun.charCodeAt(i);
    if (!(isCjk(c) || isKatakana(c) || isAsciiLetter(c) || c === 0x30fb)) return null;
  }
  for (const w of NOT_COUNTABLE_BEFORE_NASHI) if (noun.endsWith(w)) return null;
  return noun;
}

function containsAny(s: string, words: ReadonlyArray<string>): boolean {
  for (const w of words) if (s.includes(w)) return true;
  return false;
}

function addQual(list: string[], q: string): void {
  if (!list.includes(q)) list.push(q);
}

function samePeriod(a: ValuePeriod, b: ValuePeriod): boolean {
  return a.from === b.from && a.to === b.to && a.basis === b.basis && a.date === b.date;
}

function copyPeriod(p: ValuePeriod | null | undefined): ValuePeriod | null {
  return p ? { from: p.from, to: p.to, basis: p.basis, date: p.date } : null;
}

function result(
  kind: ParsedValue['kind'],
  raw: string,
  fields: Partial<Omit<ParsedValue, 'kind' | 'raw'>> = {},
): ParsedValue {
  return {
    kind,
    value: fields.value ?? null,
    unit: fields.unit ?? null,
    period: fields.period ?? null,
    parts: fields.parts ?? [],
    qualifiers: fields.qualifiers ?? [],
    note: fields.note ?? null,
    raw,
  };
}

/** Applies a unit hint (`千円`) to a figure written without a unit. */
function applyHint(value: number, unit: string | null, hint: { exp: number; unit: string | null } | null) {
  if (unit !== null || !hint) return { value, unit };
  let v = value;
  if (hint.exp !== 0) {
    const str = String(value);
    v = str.includes('e') ? value * 10 ** hint.exp : Number(`${str}e${hint.exp}`);
  }
  return { value: v, unit: hint.unit };
}

/**
 * Parses one cell of a municipal table into a typed value (DESIGN.md §4). Never throws; anything
 * unreadable is kind `text` with the original string in `raw`.
 *
 * @example parseValue('18,165人 (R2)')
 * // { kind: 'number', value: 18165, unit: '人',
 * //   period: { from: 2020, to: 2020, basis: 'fiscal', date: null },
 * //   parts: [], qualifiers: [], note: null, raw: '18,165人 (R2)' }
 * @example parseValue('1億2,000万円').value // 120000000
 * @example parseValue('令和5年9月 公表予定').kind // 'pending' (period.date '2023-09')
 */
export function parseValue(text: string, options?: ParseValueOptions): ParsedValue {
  let raw: string;
  try {
    raw = typeof text === 'string' ? text : String(text ?? '');
  } catch {
    raw = '';
  }
  try {
    return parseInner(raw, options ?? {});
  } catch {
    return result('text', raw);
  }
}

function parseInner(raw: string, options: ParseValueOptions): ParsedValue {
  const ctx: StepCounter = { steps: 0 };
  try {
    return interpret(raw, options, ctx);
  } finally {
    if (options.stats) options.stats.steps += ctx.steps;
  }
}

function interpret(raw: string, options: ParseValueOptions, ctx: StepCounter): ParsedValue {
  const s = normalizeText(raw, ctx);
  const def = copyPeriod(options.defaultPeriod);
  if (s.length === 0 || isDashOnly(s)) return result('missing', raw, { period: def });
  if (NOT_AVAILABLE_WORDS.has(s)) return result('missing', raw, { period: def, note: s });

  const toks = tokenize(s, ctx);
  const figures: Figure[] = [];
  const quals: string[] = [];
  const notes: string[] = [];
  /** Years written after the first one (`R5:100人 R6:120人`): notes, unless they label parts. */
  const otherPeriods: string[] = [];
  let labelWords = '';
  let cellPeriod: ValuePeriod | null = null;
  let pendingPeriodText: string | null = null;
  let junk = false;
  let dash = false;

  for (let k = 0; k < toks.length; k++) {
    ctx.steps++;
    const t = toks[k]!;
    switch (t.t) {
      case T.Num: {
        const prev = toks[k - 1];
        const attached = !!prev && (prev.t === T.Word || prev.t === T.Close) && !t.sp;
        if (attached && prev.text.endsWith('第')) junk = true; // 第2期: an ordinal
        const { label, approximate } = cleanLabel(labelWords);
        labelWords = '';
        // A number inside a phrase (`…端末の1日当たり`, `への支払`) is not a figure of the cell.
        if (isParticle(label[0]) || (attached && isParticle(label[label.length - 1]))) junk = true;
        const fig: Figure = {
          label,
          value: t.value,
          unit: t.unit,
          unitOk: t.unitOk,
          quals: t.quals,
          zero: false,
          periodLabel: pendingPeriodText,
          attached,
        };
        pendingPeriodText = null;
        if (approximate) fig.quals = ['approximate', ...(fig.quals ?? [])];
        // A unit written apart from its number: `30 人`.
        const next = toks[k + 1];
        if (fig.unit === null && next && next.t === T.Word && next.sp && next.text.length <= 4) {
          const after = toks[k + 2];
          const u = scanUnit(next.text, 0);
          if (
            u?.ok &&
            u.end === next.text.length &&
            !QUALIFIER_WORDS.has(next.text) &&
            (!after || after.t === T.Open || after.t === T.Note || after.t === T.Sep || after.t === T.Close)
          ) {
            fig.unit = u.unit;
            k++;
          }
        }
        if (!Number.isFinite(fig.value)) junk = true;
        figures.push(fig);
        break;
      }
      case T.Period: {
        const p = t.period!;
        if (cellPeriod === null) cellPeriod = p;
        else if (!samePeriod(cellPeriod, p)) otherPeriods.push(s.slice(t.s, t.e));
        if (t.cumulative) addQual(quals, 'cumulative');
        pendingPeriodText = s.slice(t.s, t.e);
        // `令和6年度 (2024)`: a western year repeating the period is dropped.
        const a = toks[k + 1];
        const b = toks[k + 2];
        const c = toks[k + 3];
        if (
          a?.t === T.Open &&
          b?.t === T.Num &&
          c?.t === T.Close &&
          b.unit === null &&
          b.value === p.to &&
          s.slice(b.s, b.e).length === 4
        ) {
          k += 3;
        }
        break;
      }
      case T.Open: {
        const end = Math.min(t.match < 0 ? toks.length : t.match, toks.length);
        const g = interpretGroup(toks, k + 1, end, ctx);
        if (g.ok) {
          if (g.period) {
            if (cellPeriod === null) cellPeriod = g.period;
            else if (!samePeriod(cellPeriod, g.period)) {
              notes.push(s.slice(t.e, end < toks.length ? toks[end]!.s : s.length).trim());
            }
          }
          for (const q of g.quals) addQual(quals, q);
        } else {
          const content = s.slice(t.e, end < toks.length ? toks[end]!.s : s.length).trim();
          if (labelWords.length > 0 || figures.length === 0)
            labelWords = joinLabel(labelWords, `${s[t.s]}${content}${closeOf(s[t.s]!)}`, t.sp);
          else notes.push(content);
        }
        k = end;
        break;
      }
      case T.Close:
        junk = true;
        break;
      case T.Note:
        if (t.text.length > 0) notes.push(t.text);
        break;
      case T.Sep:
        // A full stop inside the cell: a sentence, not a figure.
        if (t.text === '。' && k < toks.length - 1) junk = true;
        if (labelWords.length > 0) labelWords = joinLabel(labelWords, t.text, t.sp);
        break;
      case T.Word: {
        const q = QUALIFIER_WORDS.get(t.text);
        if (q !== undefined) {
          if (q) addQual(quals, q);
          break;
        }
        const prev = toks[k - 1];
        if (prev?.t === T.Period && !t.sp && (t.text === 'で' || t.text === 'は' || t.text === 'に')) break;
        if (isDashOnly(t.text) && figures.length === 0 && labelWords.length === 0) {
          dash = true;
          break;
        }
        const noun = labelWords.length === 0 ? zeroWordNoun(t.text) : null;
        const next = toks[k + 1];
        if (noun !== null && !(next && next.t === T.Num)) {
          figures.push({
            label: noun,
            value: 0,
            unit: null,
            unitOk: true,
            quals: null,
            zero: true,
            periodLabel: pendingPeriodText,
            attached: false,
          });
          pendingPeriodText = null;
          break;
        }
        labelWords = joinLabel(labelWords, t.text, t.sp);
        break;
      }
    }
  }

  const period = cellPeriod ?? def;
  if (figures.length === 0) {
    if (containsAny(s, PENDING_MARKERS)) {
      const date = cellPeriod?.date ?? null;
      const p: ValuePeriod | null =
        date !== null
          ? { from: def?.from ?? null, to: def?.to ?? null, basis: def?.basis ?? 'fiscal', date }
          : def;
      return result('pending', raw, { period: p, qualifiers: quals, note: s });
    }
    ctx.steps += s.length;
    if (
      containsAny(s, MISSING_MARKERS) ||
      (s.length <= WEAK_MISSING_MAX_LENGTH &&
        !s.includes('、') &&
        !s.includes('。') &&
        containsAny(s, WEAK_MISSING_MARKERS))
    ) {
      return result('missing', raw, { period, qualifiers: quals, note: s });
    }
    if (dash && labelWords.length === 0 && !junk) {
      return result('missing', raw, {
        period,
        qualifiers: quals,
        note: notes.length ? notes.join('; ') : null,
      });
    }
    return result('text', raw, { period: cellPeriod ?? def, qualifiers: quals });
  }
  if (junk || labelWords.length > 0 || dash) return result('text', raw, { period: cellPeriod ?? def });

  let hint: { exp: number; unit: string | null } | null = null;
  if (options.unitHint) {
    const h = splitUnitHint(options.unitHint);
    hint = { exp: Math.round(Math.log10(h.scale)), unit: h.unit };
  }

  if (figures.length === 1) {
    const f = figures[0]!;
    if (!f.unitOk) return result('text', raw, { period: cellPeriod ?? def });
    // `基本目標3`, `資料4`: a name with a number, not a figure.
    if (f.attached && f.unit === null && f.label && cellPeriod === null && quals.length === 0 && !f.quals) {
      return result('text', raw, { period: def });
    }
    if (f.zero && (notes.length > 0 || quals.length > 0)) {
      // `待機児童なし` must be the whole cell (a year is allowed).
      return result('text', raw, { period: cellPeriod ?? def });
    }
    const { value, unit } = applyHint(f.value, f.unit, hint);
    const qualifiers = [...(f.quals ?? [])];
    for (const q of quals) addQual(qualifiers, q);
    const rest = [...notes, ...otherPeriods];
    const noteParts = f.zero ? [`${f.label}なし`, ...rest] : f.label ? [f.label, ...rest] : rest;
    return result('number', raw, {
      value: value === 0 ? 0 : value,
      unit,
      period,
      qualifiers,
      note: noteParts.length > 0 ? noteParts.join('; ') : null,
    });
  }

  // Several figures: each needs a label (or its own year) to be a part.
  const parts: ValuePart[] = [];
  const qualifiers: string[] = [];
  let byPeriod = false;
  for (const f of figures) {
    if (!f.label && f.periodLabel) byPeriod = true;
    const label = f.label || f.periodLabel || '';
    if (!f.unitOk || !(f.label ? hasLabelChar(f.label) : label.length > 0))
      return result('text', raw, { period: cellPeriod ?? def });
    const { value, unit } = applyHint(f.value, f.unit, hint);
    parts.push({ label: f.zero ? `${f.label}なし` : label, value: value === 0 ? 0 : value, unit });
    for (const q of f.quals ?? []) addQual(qualifiers, q);
  }
  for (const q of quals) addQual(qualifiers, q);
  const first = parts[0]!.unit;
  const common = parts.every((p) => p.unit === first) ? first : null;
  // Parts labelled by their own years have no common period.
  const rest = byPeriod ? notes : [...notes, ...otherPeriods];
  return result('multi', raw, {
    value: null,
    unit: common,
    period: byPeriod ? def : period,
    parts,
    qualifiers,
    note: rest.length > 0 ? rest.join('; ') : null,
  });
}

/** Appends a word to the label words, with a space when one stood before it. */
function joinLabel(words: string, text: string, sp: boolean): string {
  return words.length > 0 && sp ? `${words} ${text}` : words + text;
}

/** The label of a figure from the words before it: `約` taken off as a qualifier, trailing `:` `⇒` `、` dropped. */
function cleanLabel(words: string): { label: string; approximate: boolean } {
  let label = words.trim();
  let approximate = false;
  if (label.length === 0) return { label, approximate };
  for (const p of APPROXIMATE_PREFIXES) {
    if (label.endsWith(p)) {
      label = label.slice(0, label.length - p.length).trim();
      approximate = true;
      break;
    }
  }
  while (
    label.endsWith(':') ||
    label.endsWith('=') ||
    label.endsWith('⇒') ||
    label.endsWith('→') ||
    label.endsWith('、') ||
    label.endsWith(',')
  ) {
    label = label.slice(0, -1).trim();
  }
  return { label, approximate };
}

function closeOf(open: string): string {
  switch (open) {
    case '[':
      return ']';
    case '【':
      return '】';
    case '〔':
      return '〕';
    case '{':
      return '}';
    case '〈':
      return '〉';
    default:
      return ')';
  }
}

/**
 * Reads the tokens of one bracket group (`(R2～R6の累計)`, `(速報値)`, `【累計】`) as a period
 * and qualifiers. Nested groups count only when they hold one qualifier word (`(推計値)`), so the
 * work stays linear however deep the brackets go.
 */
function interpretGroup(
  toks: Tok[],
  a: number,
  b: number,
  ctx: StepCounter,
): { ok: boolean; period: ValuePeriod | null; quals: string[] } {
  let period: ValuePeriod | null = null;
  const quals: string[] = [];
  for (let k = a; k < b; k++) {
    ctx.steps++;
    const t = toks[k]!;
    switch (t.t) {
      case T.Period:
        if (period) return { ok: false, period: null, quals };
        period = t.period;
        if (t.cumulative) addQual(quals, 'cumulative');
        break;
      case T.Word: {
        const q = QUALIFIER_WORDS.get(t.text);
        if (q === undefined) return { ok: false, period: null, quals };
        if (q) addQual(quals, q);
        break;
      }
      case T.Sep:
        break;
      case T.Num:
        // A western year alone in brackets after a figure (`186（2024）`): the figure's fiscal year.
        if (b - a !== 1 || period || t.unit !== null || !isWesternYear(t.value, t.e - t.s)) {
          return { ok: false, period: null, quals };
        }
        period = { from: t.value, to: t.value, basis: 'fiscal', date: null };
        break;
      case T.Open: {
        const w = toks[k + 1];
        const q = w && w.t === T.Word ? QUALIFIER_WORDS.get(w.text) : undefined;
        if (q === undefined || t.match !== k + 2) return { ok: false, period: null, quals };
        if (q) addQual(quals, q);
        k += 2;
        break;
      }
      default:
        return { ok: false, period: null, quals };
    }
  }
  return { ok: true, period, quals };
}

/** A four-digit integer a document uses as a year (1950–2100). */
function isWesternYear(value: number, length: number): boolean {
  return length === 4 && Number.isInteger(value) && value >= 1950 && value <= 2100;
}
