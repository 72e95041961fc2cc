import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERAS, eraOf, eraYearToWestern, formatEraYear, westernToEraYear } from './era.ts';
import { parseJapaneseYear } from './japanese-date.ts';

describe('eras', () => {
  it('lists the eras since 明治 with their first years', () => {
    expect(ERAS.map((e) => [e.name, e.letter, e.start])).toEqual([
      ['明治', 'M', 1868],
      ['大正', 'T', 1912],
      ['昭和', 'S', 1926],
      ['平成', 'H', 1989],
      ['令和', 'R', 2019],
    ]);
  });

  it('finds an era by name or letter', () => {
    expect(eraOf('令和')?.start).toBe(2019);
    expect(eraOf('H')?.name).toBe('平成');
    expect(eraOf('r')?.letter).toBe('R');
    expect(eraOf('X')).toBeNull();
  });

  it('converts era years to western years', () => {
    expect(eraYearToWestern('令和', 6)).toBe(2024);
    expect(eraYearToWestern('R', 1)).toBe(2019);
    expect(eraYearToWestern('H', 31)).toBe(2019);
    expect(eraYearToWestern('H', 27)).toBe(2015);
    expect(eraYearToWestern('S', 64)).toBe(1989);
    expect(eraYearToWestern('T', 15)).toBe(1926);
    expect(eraYearToWestern('M', 45)).toBe(1912);
    // Plans written before 2019 say 平成32年度 for FY2020.
    expect(eraYearToWestern('平成', 32)).toBe(2020);
    expect(eraYearToWestern('R', 0)).toBeNull();
    expect(eraYearToWestern('R', 100)).toBeNull();
    expect(eraYearToWestern('R', 1.5)).toBeNull();
  });

  it('gives a change-over year to the newer era', () => {
    expect(westernToEraYear(2019)).toEqual({ era: ERAS[4], year: 1 });
    expect(westernToEraYear(2018)).toEqual({ era: ERAS[3], year: 30 });
    expect(westernToEraYear(1989)?.era.name).toBe('平成');
    expect(westernToEraYear(1926)?.era.name).toBe('昭和');
    expect(westernToEraYear(1912)?.era.name).toBe('大正');
    expect(westernToEraYear(1868)?.era.name).toBe('明治');
    expect(westernToEraYear(1867)).toBeNull();
  });

  it('writes era years in kanji or letters, with 元年 and 年度', () => {
    expect(formatEraYear(2024)).toBe('令和6年');
    expect(formatEraYear(2019)).toBe('令和元年');
    expect(formatEraYear(2019, { fiscal: true })).toBe('令和元年度');
    expect(formatEraYear(2018, { fiscal: true })).toBe('平成30年度');
    expect(formatEraYear(2023, { style: 'letter' })).toBe('R5');
    expect(formatEraYear(2019, { style: 'letter' })).toBe('R1');
    expect(formatEraYear(2019, { style: 'letter', gannen: true })).toBe('R元');
    expect(formatEraYear(2023, { style: 'letter', fiscal: true })).toBe('R5年度');
    expect(formatEraYear(1800)).toBe('1800年');
  });

  it('round-trips every year 1868–2100: western → era → western', () => {
    for (let y = 1868; y <= 2100; y++) {
      const ey = westernToEraYear(y);
      expect(ey).not.toBeNull();
      expect(eraYearToWestern(ey!.era, ey!.year)).toBe(y);
      expect(parseJapaneseYear(formatEraYear(y))).toEqual({ year: y, basis: 'calendar', date: null });
      expect(parseJapaneseYear(formatEraYear(y, { fiscal: true }))).toEqual({
        year: y,
        basis: 'fiscal',
        date: null,
      });
      expect(parseJapaneseYear(formatEraYear(y, { style: 'letter' }))).toEqual({
        year: y,
        basis: 'fiscal',
        date: null,
      });
    }
  });

  it('round-trips era → western → era for every era year in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 99 }), (i, n) => {
        const era = ERAS[i]!;
        const next = ERAS[i + 1];
        fc.pre(!next || era.start + n - 1 < next.start || (n === 1 && era.start === next.start));
        const y = eraYearToWestern(era, n)!;
        expect(westernToEraYear(y)).toEqual({ era, year: n });
      }),
    );
  });
});
