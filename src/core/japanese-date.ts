import { type Era, eraOf, eraYearToWestern, MAX_ERA_YEAR } from './era.ts';
import { fiscalYearOf } from './fiscal-year.ts';
import type { PeriodBasis, ValuePeriod } from './parsed-value.ts';
import { normalizeText, type StepCounter } from './value/normalize-text.ts';

/**
 * Japanese years, dates and ranges as municipalities write them: `R5`, `H30年度`, `令和元年度`,
 * `平成30年` (calendar), `R6.4現在`, `令和5年9月`, `2020R2～2024R6年`, `H27～R1`, `～R1`, `R3～累計`,
 * `R2-R6`, `R7-11`, `R4年度までの累計`. A hand-written scanner: constant look-ahead, no regular
 * expressions, work linear in the input.
 *
 * The scanner works on text already passed through `normalizeText` (ASCII digits, `~`, `-`).
 */

/** One year as written: the western year, its basis and, when a month was given, the ISO date. */
export interface JapaneseYear {
  /** Western year. For a date (`R6.4`) the calendar year of the date. */
  year: number;
  /** `年度` → fiscal, `年` → calendar; a bare `R5` is fiscal; a date is calendar. */
  basis: PeriodBasis;
  /** `2024-04` for `R6.4`, `2019-04-01` for `H31.4.1`, else null. */
  date: string | null;
}

/** A year mark found by the scanner, with whether its basis was written out and where it ends. */
export interface ScannedYear extends JapaneseYear {
  explicitBasis: boolean;
  era: Era | null;
  end: number;
}

/** A period found by the scanner: a year or a range, its cumulative marker, and where it ends. */
export interface ScannedPeriod {
  period: ValuePeriod;
  /** `累計` / `の累計` / `までの累計` was written with the range. */
  cumulative: boolean;
  end: number;
}

const ERA_NAMES: ReadonlyArray<string> = ['明治', '大正', '昭和', '平成', '令和'];

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Reads 1–`max` ASCII digits at `i`; returns the number and end, or null (also when more digits follow). */
function readSmallInt(s: string, i: number, max: number): { n: number; end: number } | null {
  let j = i;
  let n = 0;
  while (j < s.length && isDigit(s.charCodeAt(j))) {
    if (j - i >= max) return null;
    n = n * 10 + (s.charCodeAt(j) - 0x30);
    j++;
  }
  return j === i ? null : { n, end: j };
}

function skipSpace(s: string, i: number): number {
  return s.charCodeAt(i) === 0x20 ? i + 1 : i;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * True when a year mark may start at `i` (a digit, an era letter before a digit, an era name):
 * a cheap check before scanning.
 *
 * @example mayStartYear('PR3', 1) // false (a letter before R)
 */
export function mayStartYear(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (isDigit(c)) return true;
  if (c === 0x4d || c === 0x54 || c === 0x53 || c === 0x48 || c === 0x52) {
    const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
    const next = s.charCodeAt(i + 1);
    return !isAsciiLetter(prev) && (isDigit(next) || next === 0x5143) /* 元 */;
  }
  return c === 0x660e || c === 0x5927 || c === 0x662d || c === 0x5e73 || c === 0x4ee4;
}

/**
 * Scans one year mark at `i` in normalized text: `R5`, `H30年度`, `令和元年`, `令和5年9月`,
 * `R6.4`, `H31.4.1`, `2024年度`, `2020R2`. Returns null when there is none (a plain number such as
 * `2024` without `年` is not a year).
 *
 * @example scanYear('R6.4現在', 0) // { year: 2024, basis: 'calendar', date: '2024-04', explicitBasis: true, era: …, end: 4 }
 */
export function scanYear(s: string, i: number, counter?: StepCounter): ScannedYear | null {
  if (counter) counter.steps++;
  const c = s.charCodeAt(i);
  let era: Era | null = null;
  let year: number | null = null;
  let j = i;
  let letterForm = false;
  if (isDigit(c)) {
    // Western year: four digits followed by 年, or by an era letter year (2020R2).
    const w = readSmallInt(s, i, 4);
    if (!w || w.end - i !== 4 || w.n < 1000 || w.n > 2999) return null;
    if (i > 0) {
      const prev = s.charCodeAt(i - 1);
      if (isDigit(prev) || prev === 0x2c || prev === 0x2e) return null;
    }
    j = w.end;
    const next = s.charCodeAt(j);
    if (next === 0x5e74 /* 年 */) {
      year = w.n;
    } else if (mayStartYear(s, j) && !isDigit(next) && !isKanjiEraStart(next)) {
      const inner = scanEraLetterYear(s, j);
      if (!inner) return null;
      year = w.n;
      era = inner.era;
      j = inner.end;
      letterForm = true;
    } else {
      return null;
    }
  } else if (isKanjiEraStart(c)) {
    const name = s.slice(i, i + 2);
    if (!ERA_NAMES.includes(name)) return null;
    era = eraOf(name);
    j = skipSpace(s, i + 2);
    const num = readEraNumber(s, j);
    if (!num || !era) return null;
    year = eraYearToWestern(era, num.n);
    j = skipSpace(s, num.end);
    if (s.charCodeAt(j) !== 0x5e74 /* 年 */) j = num.end; // 令和5 without 年
  } else {
    const inner = scanEraLetterYear(s, i);
    if (!inner) return null;
    era = inner.era;
    year = inner.year;
    j = inner.end;
    letterForm = true;
  }
  if (year === null) return null;

  // What follows: 年度 | 年[N月[N日]] | .N[.N] (letter form) | nothing.
  let basis: PeriodBasis = 'fiscal';
  let explicitBasis = false;
  let date: string | null = null;
  if (s.charCodeAt(j) === 0x5e74 /* 年 */) {
    if (s.charCodeAt(j + 1) === 0x5ea6 /* 度 */) {
      j += 2;
      explicitBasis = true;
    } else {
      j += 1;
      basis = 'calendar';
      explicitBasis = true;
      const m = readSmallInt(s, skipSpace(s, j), 2);
      if (m && m.n >= 1 && m.n <= 12 && s.charCodeAt(m.end) === 0x6708 /* 月 */) {
        date = `${pad4(year)}-${pad2(m.n)}`;
        j = m.end + 1;
        const d = readSmallInt(s, j, 2);
        if (d && d.n >= 1 && d.n <= 31 && s.charCodeAt(d.end) === 0x65e5 /* 日 */) {
          date = `${date}-${pad2(d.n)}`;
          j = d.end + 1;
        }
      }
    }
  } else if (letterForm && s.charCodeAt(j) === 0x2e /* . */) {
    const m = readSmallInt(s, j + 1, 2);
    if (m && m.n >= 1 && m.n <= 12) {
      date = `${pad4(year)}-${pad2(m.n)}`;
      basis = 'calendar';
      explicitBasis = true;
      j = m.end;
      if (s.charCodeAt(j) === 0x2e) {
        const d = readSmallInt(s, j + 1, 2);
        if (d && d.n >= 1 && d.n <= 31) {
          date = `${date}-${pad2(d.n)}`;
          j = d.end;
        }
      }
      if (s.charCodeAt(j) === 0x6708 /* 月 */) j++;
      else if (date.length === 10 && s.charCodeAt(j) === 0x65e5 /* 日 */) j++;
    }
  }
  if (counter) counter.steps += j - i;
  return { year, basis, date, explicitBasis, era, end: j };
}

function isKanjiEraStart(c: number): boolean {
  return c === 0x660e || c === 0x5927 || c === 0x662d || c === 0x5e73 || c === 0x4ee4;
}

function readEraNumber(s: string, i: number): { n: number; end: number } | null {
  if (s.charCodeAt(i) === 0x5143 /* 元 */) return { n: 1, end: i + 1 };
  const r = readSmallInt(s, i, 2);
  if (!r || r.n < 1 || r.n > MAX_ERA_YEAR) return null;
  return r;
}

function scanEraLetterYear(s: string, i: number): { era: Era; year: number; end: number } | null {
  const c = s.charCodeAt(i);
  if (!(c === 0x4d || c === 0x54 || c === 0x53 || c === 0x48 || c === 0x52)) return null;
  if (i > 0 && isAsciiLetter(s.charCodeAt(i - 1))) return null;
  const era = eraOf(s[i]!);
  const num = readEraNumber(s, i + 1);
  if (!era || !num) return null;
  const year = eraYearToWestern(era, num.n);
  if (year === null) return null;
  return { era, year, end: num.end };
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

/** Fiscal year a scanned year stands for in a period: the year, or the fiscal year of its date. */
function periodYear(y: ScannedYear): number {
  if (y.date) return fiscalYearOf(y.date) ?? y.year;
  return y.year;
}

function isRangeSep(c: number): boolean {
  return c === 0x7e /* ~ */ || c === 0x2d /* - */;
}

/**
 * Scans a period at `i`: one year, or a range with `~`, `-` or `から` (`H27～R1`, `R2-R6`,
 * `R7-11`, `2020R2～2024R6年`), an open range (`～R1`, `R3～`, `R3～累計`), and the tails
 * `の累計`, `までの累計`, `まで`, `以降`, `累計`. A date (`R6.4現在`) gives the fiscal year it falls in
 * and keeps the date. The basis is the one written on either end (`2020R2～2024R6年` is calendar).
 *
 * @example scanPeriod('H27~R1', 0)?.period // { from: 2015, to: 2019, basis: 'fiscal', date: null }
 * @example scanPeriod('R3~累計', 0) // { period: { from: 2021, to: null, … }, cumulative: true, end: 5 }
 */
export function scanPeriod(s: string, i: number, counter?: StepCounter): ScannedPeriod | null {
  let j = i;
  let openStart = false;
  if (s.charCodeAt(j) === 0x7e /* ~ */) {
    openStart = true;
    j = skipSpace(s, j + 1);
  }
  const first = scanYear(s, j, counter);
  if (!first) return null;
  j = first.end;
  let from: number | null = openStart ? null : periodYear(first);
  let to: number | null = periodYear(first);
  let basis = first.basis;
  let explicit = first.explicitBasis;
  let date = first.date;
  let cumulative = false;

  if (!openStart) {
    // Range separator, possibly spaced: "R2 ~ R6", "R2-R6", "令和3年度から令和6年度".
    let k = skipSpace(s, j);
    let sep = 0;
    if (isRangeSep(s.charCodeAt(k))) {
      sep = s.charCodeAt(k);
      k = skipSpace(s, k + 1);
    } else if (s.startsWith('から', k)) {
      sep = 0x304b;
      k = skipSpace(s, k + 2);
    }
    if (sep) {
      const second = mayStartYear(s, k) ? scanYear(s, k, counter) : null;
      if (second && second.year >= first.year - 0) {
        to = periodYear(second);
        if (second.explicitBasis) {
          basis = second.basis;
          explicit = true;
        }
        date = second.date ?? date;
        j = second.end;
      } else if (first.era && isDigit(s.charCodeAt(k))) {
        // Same era, number only: R7-11, H27~30年度.
        const num = readSmallInt(s, k, 2);
        const y = num ? eraYearToWestern(first.era, num.n) : null;
        if (num && y !== null && y >= first.year && !isUnitStart(s, num.end)) {
          to = y;
          j = num.end;
          if (s.charCodeAt(j) === 0x5e74 /* 年 */) {
            if (s.charCodeAt(j + 1) === 0x5ea6) {
              basis = 'fiscal';
              j += 2;
            } else {
              basis = 'calendar';
              j += 1;
            }
            explicit = true;
          }
        } else if (sep === 0x7e) {
          to = null;
          j = k;
        }
      } else if (sep === 0x7e || sep === 0x304b) {
        // Open end: R3~, R3~累計, R3から.
        to = null;
        j = k;
        if (s.startsWith('累計', j)) {
          cumulative = true;
          j += 2;
        }
      }
    }
  }
  if (!explicit && first.explicitBasis) basis = first.basis;

  // Tails.
  if (s.startsWith('までの累計', j)) {
    if (from === to) from = null;
    cumulative = true;
    j += 5;
  } else if (s.startsWith('まで', j)) {
    if (from === to) from = null;
    j += 2;
  } else if (s.startsWith('の累計', j)) {
    cumulative = true;
    j += 3;
  } else if (s.startsWith('以降', j) && from === to) {
    to = null;
    j += 2;
  } else if (s.startsWith('累計', j)) {
    cumulative = true;
    j += 2;
  }
  if (counter) counter.steps += j - i;
  // A date keeps basis fiscal for the period: from/to are fiscal years.
  if (date) basis = 'fiscal';
  return { period: { from, to, basis, date }, cumulative, end: j };
}

/** True when a unit-like character follows a number (so `R7-11人` is not a range). */
function isUnitStart(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (Number.isNaN(c)) return false;
  if (c === 0x5e74 /* 年 */) return false;
  return (
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30a1 && c <= 0x30fa) || isAsciiLetter(c) || c === 0x25 /* % */
  );
}

/**
 * Reads one Japanese or western year, the whole text (trailing `現在` / `時点` allowed):
 * `R5` → FY2023, `平成30年` → calendar 2018, `令和元年度` → FY2019, `R6.4現在` → 2024 with date
 * `2024-04`, `令和5年9月` → 2023 with date `2023-09`. Full-width text is accepted. Null when the
 * text is not exactly one year.
 *
 * @example parseJapaneseYear('令和6年度') // { year: 2024, basis: 'fiscal', date: null }
 * @example parseJapaneseYear('平成30年') // { year: 2018, basis: 'calendar', date: null }
 * @example parseJapaneseYear('R6.4現在') // { year: 2024, basis: 'calendar', date: '2024-04' }
 */
export function parseJapaneseYear(text: string): JapaneseYear | null {
  const s = normalizeText(text);
  const y = scanYear(s, 0);
  if (!y) return null;
  let end = y.end;
  if (s.startsWith('現在', end) || s.startsWith('時点', end)) end += 2;
  if (end !== s.length) return null;
  return { year: y.year, basis: y.basis, date: y.date };
}

/**
 * Reads a period, the whole text: a year or a range (see `scanPeriod`), with an optional
 * cumulative marker. Null when the text is not exactly a period.
 *
 * @example parseJapanesePeriod('H27～R1') // { period: { from: 2015, to: 2019, basis: 'fiscal', date: null }, cumulative: false }
 * @example parseJapanesePeriod('2020R2～2024R6年')?.period // { from: 2020, to: 2024, basis: 'calendar', date: null }
 * @example parseJapanesePeriod('R3～累計') // { period: { from: 2021, to: null, … }, cumulative: true }
 */
export function parseJapanesePeriod(text: string): { period: ValuePeriod; cumulative: boolean } | null {
  const s = normalizeText(text);
  const p = scanPeriod(s, 0);
  if (!p) return null;
  let end = p.end;
  if (s.startsWith('現在', end) || s.startsWith('時点', end)) end += 2;
  if (end !== s.length) return null;
  return { period: p.period, cumulative: p.cumulative };
}
