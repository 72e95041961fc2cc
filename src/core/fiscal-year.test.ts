import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fiscalYearAt, fiscalYearBounds, fiscalYearOf, formatFiscalYear } from './fiscal-year.ts';
import { parseJapaneseYear } from './japanese-date.ts';

describe('fiscal years', () => {
  it('names a fiscal year by the calendar year it starts in (April)', () => {
    expect(fiscalYearOf('2024-04-01')).toBe(2024);
    expect(fiscalYearOf('2025-03-31')).toBe(2024);
    expect(fiscalYearOf('2024-03')).toBe(2023);
    expect(fiscalYearOf('2024-4-1')).toBe(2024);
    expect(fiscalYearOf({ year: 2024, month: 12 })).toBe(2024);
    expect(fiscalYearOf({ year: 2024, month: 1 })).toBe(2023);
  });

  it('returns null for text that is not a date', () => {
    expect(fiscalYearOf('R6')).toBeNull();
    expect(fiscalYearOf('2024-13')).toBeNull();
    expect(fiscalYearOf({ year: 2024, month: 0 })).toBeNull();
  });

  it("tells the fiscal year of an instant on Japan's clock", () => {
    expect(fiscalYearAt(new Date('2025-03-31T14:59:59Z'))).toBe(2024); // 31 March, 23:59 in Japan
    expect(fiscalYearAt(new Date('2025-03-31T15:00:00Z'))).toBe(2025); // 1 April, 00:00 in Japan
    expect(fiscalYearAt(new Date('2024-12-31T20:00:00Z'))).toBe(2024); // 1 January 2025 in Japan
  });

  it('gives the first and last day', () => {
    expect(fiscalYearBounds(2024)).toEqual({ start: '2024-04-01', end: '2025-03-31' });
    expect(fiscalYearBounds(2019)).toEqual({ start: '2019-04-01', end: '2020-03-31' });
  });

  it('contains every date of its bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const fy = fiscalYearOf({ year: y, month: m })!;
        const { start, end } = fiscalYearBounds(fy);
        const ym = `${y}-${String(m).padStart(2, '0')}`;
        expect(ym >= start.slice(0, 7) && ym <= end.slice(0, 7)).toBe(true);
      }),
    );
  });

  it('writes a fiscal year both ways', () => {
    expect(formatFiscalYear(2024)).toBe('令和6年度 (2024)');
    expect(formatFiscalYear(2019)).toBe('令和元年度 (2019)');
    expect(formatFiscalYear(2018)).toBe('平成30年度 (2018)');
    expect(formatFiscalYear(1989)).toBe('平成元年度 (1989)');
    expect(formatFiscalYear(1988)).toBe('昭和63年度 (1988)');
  });

  it('reads its own output back (era part)', () => {
    for (let y = 1868; y <= 2100; y++) {
      const era = formatFiscalYear(y).split(' ')[0]!;
      expect(parseJapaneseYear(era)).toEqual({ year: y, basis: 'fiscal', date: null });
    }
  });
});
