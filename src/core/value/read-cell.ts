import type { ValuePeriod } from '../parsed-value.ts';
import {
  APPROXIMATE_PREFIXES,
  NOT_COUNTABLE_BEFORE_NASHI,
  QUALIFIER_WORDS,
  ZERO_ENDINGS,
} from './markers.ts';
import type { StepCounter } from './normalize-text.ts';
import { T, type Tok } from './tokenize.ts';
import { isAsciiLetter, isCjk, isKatakana, scanUnit } from './units.ts';

/**
 * The walk over the tokens of one cell (see tokenize.ts): what the cell holds, before it is
 * interpreted as a value form (interpret.ts). One reader per kind of token; each reads its token
 * (and the ones it takes with it) into the reading and says where the walk goes on.
 */

/** A figure of the cell with the words before it. */
export interface CellFigure {
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

/** What the walk over a cell's tokens found. */
export interface CellReading {
  figures: CellFigure[];
  /** Qualifiers of the whole cell (`(速報値)`, `累計`). */
  quals: string[];
  notes: string[];
  /** Years written after the first one (`R5:100人 R6:120人`): notes, unless they label parts. */
  otherPeriods: string[];
  /** Words not yet given to a figure (a label, or words after the last figure). */
  labelWords: string;
  /** The first year written in the cell. */
  cellPeriod: ValuePeriod | null;
  /** The text of a year waiting to label the next figure. */
  pendingPeriodText: string | null;
  /** Something that makes the cell a sentence or a name, not a figure. */
  junk: boolean;
  /** A dash (`-`, `ー`) standing for no figure. */
  dash: boolean;
}

/** Hiragana particles: a label starting with one, or touching its number after one, is part of a sentence. */
const PARTICLES = 'のにをがでとはへやもた';

/**
 * Reads the tokens of a cell, in order.
 *
 * @example readCell('男性78.1歳 女性80.5歳', toks, ctx).figures.map((f) => f.label) // ['男性', '女性']
 */
export function readCell(s: string, toks: Tok[], ctx: StepCounter): CellReading {
  const r: CellReading = {
    figures: [],
    quals: [],
    notes: [],
    otherPeriods: [],
    labelWords: '',
    cellPeriod: null,
    pendingPeriodText: null,
    junk: false,
    dash: false,
  };
  for (let k = 0; k < toks.length; k++) {
    ctx.steps++;
    const t = toks[k]!;
    switch (t.t) {
      case T.Num:
        k = readFigure(r, toks, k);
        break;
      case T.Period:
        k = readPeriod(r, s, toks, k);
        break;
      case T.Open:
        k = readGroup(r, s, toks, k, ctx);
        break;
      case T.Close:
        r.junk = true;
        break;
      case T.Note:
        if (t.text.length > 0) r.notes.push(t.text);
        break;
      case T.Sep:
        // A full stop inside the cell: a sentence, not a figure.
        if (t.text === '。' && k < toks.length - 1) r.junk = true;
        if (r.labelWords.length > 0) r.labelWords = joinLabel(r.labelWords, t.text, t.sp);
        break;
      case T.Word:
        readWord(r, toks, k);
        break;
    }
  }
  return r;
}

/** A number: a figure labelled by the words before it; a unit written apart (`30 人`) taken with it. */
function readFigure(r: CellReading, toks: Tok[], k: number): number {
  const t = toks[k]!;
  const prev = toks[k - 1];
  const attached = !!prev && (prev.t === T.Word || prev.t === T.Close) && !t.sp;
  if (attached && prev.text.endsWith('第')) r.junk = true; // 第2期: an ordinal
  const { label, approximate } = cleanLabel(r.labelWords);
  r.labelWords = '';
  // A number inside a phrase (`…端末の1日当たり`, `への支払`) is not a figure of the cell.
  if (isParticle(label[0]) || (attached && isParticle(label[label.length - 1]))) r.junk = true;
  const fig: CellFigure = {
    label,
    value: t.value,
    unit: t.unit,
    unitOk: t.unitOk,
    quals: t.quals,
    zero: false,
    periodLabel: r.pendingPeriodText,
    attached,
  };
  r.pendingPeriodText = null;
  if (approximate) fig.quals = ['approximate', ...(fig.quals ?? [])];
  // A unit written apart from its number: `30 人`.
  let next = k;
  const word = toks[k + 1];
  if (fig.unit === null && word && word.t === T.Word && word.sp && word.text.length <= 4) {
    const after = toks[k + 2];
    const u = scanUnit(word.text, 0);
    if (
      u?.ok &&
      u.end === word.text.length &&
      !QUALIFIER_WORDS.has(word.text) &&
      (!after || after.t === T.Open || after.t === T.Note || after.t === T.Sep || after.t === T.Close)
    ) {
      fig.unit = u.unit;
      next++;
    }
  }
  if (!Number.isFinite(fig.value)) r.junk = true;
  r.figures.push(fig);
  return next;
}

/** A year: the cell's period (the first one) and the label of the next figure. */
function readPeriod(r: CellReading, s: string, toks: Tok[], k: number): number {
  const t = toks[k]!;
  const p = t.period!;
  if (r.cellPeriod === null) r.cellPeriod = p;
  else if (!samePeriod(r.cellPeriod, p)) r.otherPeriods.push(s.slice(t.s, t.e));
  if (t.cumulative) addQual(r.quals, 'cumulative');
  r.pendingPeriodText = s.slice(t.s, t.e);
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
    return k + 3;
  }
  return k;
}

/** A bracket group: a period and qualifiers of the cell, else label words (before a figure) or a note. */
function readGroup(r: CellReading, s: string, toks: Tok[], k: number, ctx: StepCounter): number {
  const t = toks[k]!;
  const end = Math.min(t.match < 0 ? toks.length : t.match, toks.length);
  const g = interpretGroup(toks, k + 1, end, ctx);
  if (g.ok) {
    if (g.period) {
      if (r.cellPeriod === null) r.cellPeriod = g.period;
      else if (!samePeriod(r.cellPeriod, g.period)) {
        r.notes.push(s.slice(t.e, end < toks.length ? toks[end]!.s : s.length).trim());
      }
    }
    for (const q of g.quals) addQual(r.quals, q);
  } else {
    const content = s.slice(t.e, end < toks.length ? toks[end]!.s : s.length).trim();
    if (r.labelWords.length > 0 || r.figures.length === 0)
      r.labelWords = joinLabel(r.labelWords, `${s[t.s]}${content}${closeOf(s[t.s]!)}`, t.sp);
    else r.notes.push(content);
  }
  return end;
}

/** A word: a qualifier, a dash, a zero in words (`待機児童なし`), or label words. */
function readWord(r: CellReading, toks: Tok[], k: number): void {
  const t = toks[k]!;
  const q = QUALIFIER_WORDS.get(t.text);
  if (q !== undefined) {
    if (q) addQual(r.quals, q);
    return;
  }
  const prev = toks[k - 1];
  if (prev?.t === T.Period && !t.sp && (t.text === 'で' || t.text === 'は' || t.text === 'に')) return;
  if (isDashOnly(t.text) && r.figures.length === 0 && r.labelWords.length === 0) {
    r.dash = true;
    return;
  }
  const noun = r.labelWords.length === 0 ? zeroWordNoun(t.text) : null;
  const next = toks[k + 1];
  if (noun !== null && !(next && next.t === T.Num)) {
    r.figures.push({
      label: noun,
      value: 0,
      unit: null,
      unitOk: true,
      quals: null,
      zero: true,
      periodLabel: r.pendingPeriodText,
      attached: false,
    });
    r.pendingPeriodText = null;
    return;
  }
  r.labelWords = joinLabel(r.labelWords, t.text, t.sp);
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

function isParticle(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && PARTICLES.includes(ch);
}

/** True when `s` is only dashes, ellipses, underscores and spaces (a cell saying "no figure"). */
export function isDashOnly(s: string): boolean {
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

/** Adds a qualifier once. */
export function addQual(list: string[], q: string): void {
  if (!list.includes(q)) list.push(q);
}

function samePeriod(a: ValuePeriod, b: ValuePeriod): boolean {
  return a.from === b.from && a.to === b.to && a.basis === b.basis && a.date === b.date;
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
