import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPeriod, formatValue } from './format-value.ts';
import { parseValue } from './parse-value.ts';
import type { ParsedValue, ValuePeriod } from './parsed-value.ts';

const UNITS = [
  null,
  '人',
  '件',
  '%',
  '円',
  '歳',
  '点',
  'ha',
  'か所',
  '事業所',
  '人/年',
  '件/月',
  '%/年',
  'g/人・日',
  'm³/年',
  't-CO2/年',
  'km²',
  'kg',
  '回/日',
];

const numberValue = (value: number, unit: string | null, extra: Partial<ParsedValue> = {}): ParsedValue => ({
  kind: 'number',
  value,
  unit,
  period: null,
  parts: [],
  qualifiers: [],
  note: null,
  raw: '',
  ...extra,
});

describe('formatNumber', () => {
  it('writes every digit with thousands separators and △ for negatives', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-236)).toBe('△236');
    expect(formatNumber(95.6)).toBe('95.6');
    expect(formatNumber(0.000001)).toBe('0.000001');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(1.2e21)).toBe('1,200,000,000,000,000,000,000');
    expect(formatNumber(0)).toBe('0');
  });
});

describe('formatPeriod', () => {
  it('writes years, ranges, calendar years and dates', () => {
    const p = (from: number | null, to: number | null, basis: ValuePeriod['basis'] = 'fiscal') => ({
      from,
      to,
      basis,
      date: null,
    });
    expect(formatPeriod(p(2020, 2020))).toBe('R2');
    expect(formatPeriod(p(2015, 2019))).toBe('H27～R1');
    expect(formatPeriod(p(null, 2021))).toBe('～R3');
    expect(formatPeriod(p(2021, null))).toBe('R3～');
    expect(formatPeriod(p(2018, 2018, 'calendar'))).toBe('平成30年');
    expect(formatPeriod({ from: 2024, to: 2024, basis: 'fiscal', date: '2024-04' })).toBe('R6.4現在');
    expect(formatPeriod(p(null, null))).toBe('');
  });
});

describe('formatValue', () => {
  it.each([
    '△236人 (R5)',
    '2,010人 (R2～R6の累計)',
    '(速報値) 80.2%',
    '約1,000人',
    '65%以上',
    '180人/年未満',
    '12人 (～R3)',
    '11,942億円 (平成30年)',
    '28人 ※関連事業参加者',
    '男性78.1歳 女性80.5歳',
    '令和5年9月 公表予定',
    '未把握',
    '待機児童なし',
    '1,200m ³ /年',
    '80% (R6.4現在)',
  ])('writes %s so that it reads back the same', (text) => {
    const v = parseValue(text);
    const again = parseValue(formatValue(v));
    expect({ ...again, raw: '' }).toEqual({ ...v, raw: '' });
  });

  it('writes values in the house style', () => {
    expect(formatValue(parseValue('△236人 (R5)'))).toBe('△236人 (R5)');
    expect(formatValue(parseValue('2,010人(R2～R6の累計)'))).toBe('2,010人 (R2～R6の累計)');
    expect(formatValue(parseValue('1億2,000万円'))).toBe('120,000,000円');
    expect(formatValue(parseValue('-'))).toBe('-');
    expect(formatValue(parseValue('全小学校で実施'))).toBe('全小学校で実施');
  });

  it('round-trips any number and unit through parseValue', () => {
    fc.assert(
      fc.property(
        fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .filter((x) => Number.isFinite(x) && !Object.is(x, -0)),
        fc.constantFrom(...UNITS),
        (value, unit) => {
          const text = formatValue(numberValue(value, unit));
          const back = parseValue(text);
          expect(back.kind, text).toBe('number');
          expect(back.value, text).toBe(value);
          expect(back.unit, text).toBe(unit);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips numbers parsed from table-like text', () => {
    const cell = fc
      .tuple(
        fc.constantFrom('', '約', '△', '(速報値) ', 'R5: ', '参加者数 '),
        fc.oneof(
          fc.integer({ min: 0, max: 1e9 }).map((n) => n.toLocaleString('en-US')),
          fc.constantFrom('95.60', '0.5', '37.7'),
        ),
        fc.constantFrom('', '千', '万', '億', '億2,000万'),
        fc.constantFrom('', '人', '%', '件/月', 'm ³ /年', 't-CO ₂ /年', 'ヶ所', 'g/人･日'),
        fc.constantFrom('', '以上', '未満'),
        fc.constantFrom('', ' (R2)', '(H27～R1)', '(R2～R6の累計)', '(～R3)', ' (平成30年)', ' ※注記'),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(cell, (text) => {
        const v = parseValue(text);
        if (v.kind !== 'number') return;
        const back = parseValue(formatValue(v));
        expect(back.value, text).toBe(v.value);
        expect(back.unit, text).toBe(v.unit);
        expect(back.period, text).toEqual(v.period);
        expect([...back.qualifiers].sort(), text).toEqual([...v.qualifiers].sort());
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips periods and qualifiers of numbers', () => {
    const year = fc.integer({ min: 1868, max: 2100 });
    const period = fc.oneof(
      fc.constant(null),
      fc.record({ from: year, basis: fc.constantFrom('fiscal' as const, 'calendar' as const) }).map((r) => ({
        from: r.from,
        to: r.from,
        basis: r.basis,
        date: null,
      })),
      fc.tuple(year, year).map(([a, b]) => ({
        from: Math.min(a, b),
        to: Math.max(a, b),
        basis: 'fiscal' as const,
        date: null,
      })),
      year.map((y) => ({ from: null, to: y, basis: 'fiscal' as const, date: null })),
      year.map((y) => ({ from: y, to: null, basis: 'fiscal' as const, date: null })),
    );
    const qualifiers = fc.subarray(['approximate', 'preliminary', 'cumulative', 'at-least']);
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.constantFrom(...UNITS),
        period,
        qualifiers,
        (value, unit, p, q) => {
          const v = numberValue(value, unit, { period: p, qualifiers: q });
          const back = parseValue(formatValue(v));
          expect(back.value).toBe(value);
          expect(back.unit).toBe(unit);
          expect(back.period).toEqual(p);
          expect([...back.qualifiers].sort()).toEqual([...q].sort());
        },
      ),
      { numRuns: 1000 },
    );
  });
});
