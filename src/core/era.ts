/**
 * Japanese eras (元号): 明治, 大正, 昭和, 平成, 令和, and the conversion between an era year and a
 * western year, both ways. Pure data and arithmetic; no clock.
 *
 * Conventions (DESIGN.md §3):
 * - 元年 is year 1 of an era.
 * - A western year in which the era changed belongs to the newer era: 2019 → 令和元年,
 *   1989 → 平成元年, 1926 → 昭和元年, 1912 → 大正元年. For fiscal years this matches what
 *   municipalities write: FY2019 (April 2019 – March 2020) is 令和元年度, although its first month
 *   was still 平成31年.
 * - Reading is lenient: an era year past the era's end still converts arithmetically, because
 *   plans written before an era change say `平成32年度` for FY2020.
 */

/** Latin abbreviation of an era, as in `R5`, `H30`. */
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R';

/** Name of an era (元号). */
export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';

/** One era: its name, abbreviation and first western year (元年). */
export interface Era {
  name: EraName;
  letter: EraLetter;
  /** Western year of 元年 (year 1). */
  start: number;
}

/**
 * The eras since 明治, oldest first.
 *
 * @example ERAS[4] // { name: '令和', letter: 'R', start: 2019 }
 */
export const ERAS: readonly Era[] = Object.freeze([
  { name: '明治', letter: 'M', start: 1868 },
  { name: '大正', letter: 'T', start: 1912 },
  { name: '昭和', letter: 'S', start: 1926 },
  { name: '平成', letter: 'H', start: 1989 },
  { name: '令和', letter: 'R', start: 2019 },
]);

/** Largest era year accepted when reading (`R99`); larger numbers are not era years. */
export const MAX_ERA_YEAR = 99;

/**
 * Finds an era by its name (`令和`) or abbreviation (`R`, also lower case `r`).
 *
 * @example eraOf('H')?.start // 1989
 * @example eraOf('令和')?.letter // 'R'
 */
export function eraOf(nameOrLetter: string): Era | null {
  switch (nameOrLetter) {
    case 'M':
    case 'm':
    case '明治':
    case '明':
      return ERAS[0]!;
    case 'T':
    case 't':
    case '大正':
    case '大':
      return ERAS[1]!;
    case 'S':
    case 's':
    case '昭和':
    case '昭':
      return ERAS[2]!;
    case 'H':
    case 'h':
    case '平成':
    case '平':
      return ERAS[3]!;
    case 'R':
    case 'r':
    case '令和':
    case '令':
      return ERAS[4]!;
    default:
      return null;
  }
}

/**
 * Converts an era year to a western year, or null when the era is unknown or the year is not
 * in 1..99.
 *
 * @example eraYearToWestern('令和', 6) // 2024
 * @example eraYearToWestern('H', 31) // 2019
 * @example eraYearToWestern('R', 1) // 2019 (令和元年)
 */
export function eraYearToWestern(era: Era | string, year: number): number | null {
  const e = typeof era === 'string' ? eraOf(era) : era;
  if (!e || !Number.isInteger(year) || year < 1 || year > MAX_ERA_YEAR) return null;
  return e.start + year - 1;
}

/**
 * Converts a western year to the era year used for it (the newer era in a change-over year),
 * or null before 1868.
 *
 * @example westernToEraYear(2024) // { era: { name: '令和', letter: 'R', start: 2019 }, year: 6 }
 * @example westernToEraYear(2019)?.year // 1 (令和元年)
 * @example westernToEraYear(2018)?.era.name // '平成'
 */
export function westernToEraYear(year: number): { era: Era; year: number } | null {
  if (!Number.isInteger(year)) return null;
  for (let i = ERAS.length - 1; i >= 0; i--) {
    const era = ERAS[i]!;
    if (year >= era.start) return { era, year: year - era.start + 1 };
  }
  return null;
}

/** How to write an era year: `令和6年` (kanji) or `R6` (letter). */
export interface FormatEraYearOptions {
  /** `kanji` (default): `令和6年`; `letter`: `R6`. */
  style?: 'kanji' | 'letter';
  /** Append `度` (fiscal year): `令和6年度`, `R6年度`. Default false. */
  fiscal?: boolean;
  /** Write year 1 as `元` (default true for kanji, false for letters). */
  gannen?: boolean;
}

/**
 * Writes a western year as an era year. Years before 1868 are written as western years.
 *
 * @example formatEraYear(2024) // '令和6年'
 * @example formatEraYear(2019, { fiscal: true }) // '令和元年度'
 * @example formatEraYear(2023, { style: 'letter' }) // 'R5'
 * @example formatEraYear(1800) // '1800年'
 */
export function formatEraYear(year: number, options: FormatEraYearOptions = {}): string {
  const style = options.style ?? 'kanji';
  const suffixDo = options.fiscal ? '度' : '';
  const ey = westernToEraYear(year);
  if (!ey) return `${year}年${suffixDo}`;
  const gannen = options.gannen ?? style === 'kanji';
  const n = ey.year === 1 && gannen ? '元' : String(ey.year);
  if (style === 'letter') return `${ey.era.letter}${n}${options.fiscal ? '年度' : ''}`;
  return `${ey.era.name}${n}年${suffixDo}`;
}
