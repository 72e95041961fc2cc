import { formatEraYear } from './era.ts';
import type { Figure } from './interchange.ts';

/**
 * Fiscal years (年度): April to March, named by the calendar year they start in
 * (令和6年度 = FY2024 = 2024-04-01..2025-03-31). Stored as integers (2024). Pure; the current date
 * is always an argument. The one place that says which fiscal year a date, an instant or a figure
 * belongs to.
 */

/** First month of a Japanese fiscal year (April). */
export const FISCAL_YEAR_START_MONTH = 4;

/**
 * The fiscal year a date falls in. Accepts an ISO date or month (`2024-04-01`, `2024-04`,
 * `2024-4-1`), or year and month numbers. Returns null for text that is not a date.
 *
 * @example fiscalYearOf('2024-04-01') // 2024
 * @example fiscalYearOf('2025-03-31') // 2024
 * @example fiscalYearOf({ year: 2024, month: 1 }) // 2023
 */
export function fiscalYearOf(date: string | { year: number; month: number }): number | null {
  let year: number;
  let month: number;
  if (typeof date === 'string') {
    const m = /^(\d{4})-(\d{1,2})(?:-\d{1,2})?/.exec(date);
    if (!m) return null;
    year = Number(m[1]);
    month = Number(m[2]);
  } else {
    year = date.year;
    month = date.month;
  }
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) return null;
  return month >= FISCAL_YEAR_START_MONTH ? year : year - 1;
}

/** Japan's offset from UTC (JST, UTC+9, no daylight saving). */
const JST_MS = 9 * 3600_000;

/**
 * The fiscal year of an instant, on Japan's clock: 2025-03-31T16:00Z is 1 April in Japan.
 *
 * @example fiscalYearAt(new Date('2025-03-31T16:00:00Z')) // 2025
 * @example fiscalYearAt(new Date('2025-03-31T14:59:59Z')) // 2024
 */
export function fiscalYearAt(at: Date): number {
  const jst = new Date(at.getTime() + JST_MS);
  return fiscalYearOf({ year: jst.getUTCFullYear(), month: jst.getUTCMonth() + 1 }) ?? jst.getUTCFullYear();
}

/**
 * The fiscal year a figure counts for. Fiscal-year figures keep their year. A calendar-year
 * figure (`basis: 'calendar'`, 年) for year Y is mapped to fiscal year Y: nine of its twelve
 * months (April–December) and its closing date (31 December) fall in fiscal year Y
 * (FY Y = 1 April Y – 31 March Y+1).
 *
 * @example figureFiscalYear({ fiscalYear: 2019, basis: 'calendar' }) // 2019
 */
export function figureFiscalYear(figure: Pick<Figure, 'fiscalYear' | 'basis'>): number | null {
  return figure.fiscalYear ?? null;
}

/**
 * First and last day of a fiscal year, as ISO dates.
 *
 * @example fiscalYearBounds(2024) // { start: '2024-04-01', end: '2025-03-31' }
 */
export function fiscalYearBounds(fiscalYear: number): { start: string; end: string } {
  return { start: `${pad4(fiscalYear)}-04-01`, end: `${pad4(fiscalYear + 1)}-03-31` };
}

/**
 * Writes a fiscal year both ways, era first: `令和6年度 (2024)`. FY2019 is `令和元年度 (2019)`
 * (the convention municipalities use, see era.ts).
 *
 * @example formatFiscalYear(2024) // '令和6年度 (2024)'
 * @example formatFiscalYear(2019) // '令和元年度 (2019)'
 * @example formatFiscalYear(2018) // '平成30年度 (2018)'
 */
export function formatFiscalYear(fiscalYear: number): string {
  return `${formatEraYear(fiscalYear, { fiscal: true })} (${fiscalYear})`;
}

function pad4(n: number): string {
  const s = String(Math.abs(n)).padStart(4, '0');
  return n < 0 ? `-${s}` : s;
}
