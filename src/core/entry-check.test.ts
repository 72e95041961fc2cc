import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEntry, unconfirmed } from './entry-check.ts';

const years = (values: number[], from = 2019) => values.map((value, i) => ({ fiscalYear: from + i, value }));
const codes = (raw: string, unit: string | null, past = years([]), fiscalYear = 2024) =>
  checkEntry(raw, { unit, fiscalYear, past }).warnings.map((w) => w.code);

describe('checkEntry', () => {
  it('warns about a unit other than the indicator’s, but not about the same unit at another scale', () => {
    expect(codes('1,234人', '件')).toEqual(['UNIT_DIFFERS']);
    expect(codes('1,234件', '件')).toEqual([]);
    expect(codes('18,500万円', '万円')).toEqual([]);
    expect(codes('1億8,500万円', '万円')).toEqual([]);
    expect(codes('1,234', '件')).toEqual([]);
  });

  it('warns about text that is not a figure, never about a pending or not-measured one', () => {
    expect(codes('abc', '件')).toEqual(['VALUE_UNPARSEABLE']);
    expect(codes('令和7年9月 公表予定', '件')).toEqual([]);
    expect(codes('  ', '件')).toEqual([]);
  });

  it('warns about a value far outside the past range, in the indicator’s display unit', () => {
    const past = years([1563, 1570, 1606, 1625]);
    expect(codes('16,590件', '件', past)).toContain('OUTSIDE_PAST_RANGE');
    expect(codes('1,640件', '件', past)).toEqual([]);
    // Stored in base units (円): the message speaks 万円.
    const money = years([1.85e9, 1.9e9, 1.95e9]);
    const w = checkEntry('1,850,000万円', { unit: '万円', fiscalYear: 2024, past: money }).warnings;
    expect(w.map((x) => x.code)).toContain('OUTSIDE_PAST_RANGE');
    expect(w.find((x) => x.code === 'OUTSIDE_PAST_RANGE')?.message).toContain('185,000万円');
  });

  it('warns about a jump much larger than the usual yearly change', () => {
    // Usual change ~10 a year; +60 stays within 50% of the range edge but is a jump.
    const past = years([500, 510, 520, 530, 540]);
    expect(codes('545', '人', past)).toEqual([]);
    expect(codes('600', '人', past)).toEqual(['UNUSUAL_JUMP']);
    // Two years since the last figure: twice the usual change is not a jump.
    expect(codes('560', '人', years([500, 510, 520, 530]), 2024)).toEqual([]);
    // Needs three past values.
    expect(codes('600', '人', years([500, 510]))).toEqual([]);
  });

  it('ignores past values of the entered year and later', () => {
    const past = [
      ...years([100, 101, 102]),
      { fiscalYear: 2024, value: 9999 },
      { fiscalYear: 2025, value: 1 },
    ];
    expect(codes('103', '人', past, 2024)).toEqual([]);
  });

  it('warns about a year in the text other than the one entered', () => {
    expect(codes('1,600件 (R5)', '件')).toEqual(['YEAR_MISMATCH']);
    expect(codes('1,610件(R2～R6の累計)', '件')).toEqual([]);
  });

  it('never throws and every warning names its field in both languages', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), { maxLength: 6 }),
        (raw, vs) => {
          const r = checkEntry(raw, { unit: '件', fiscalYear: 2030, past: years(vs) });
          for (const w of r.warnings) {
            expect(w.field).toBe('raw');
            expect(w.message.length).toBeGreaterThan(0);
            expect(w.messageEn).toMatch(/[a-z]/);
          }
        },
      ),
    );
  });
});

describe('unconfirmed', () => {
  it('keeps only the warnings whose code was not confirmed', () => {
    const w = checkEntry('1,234人 (R5)', { unit: '件', fiscalYear: 2024, past: [] }).warnings;
    expect(unconfirmed(w, ['UNIT_DIFFERS']).map((x) => x.code)).toEqual(['YEAR_MISMATCH']);
    expect(unconfirmed(w, ['UNIT_DIFFERS', 'YEAR_MISMATCH'])).toEqual([]);
    expect(unconfirmed(w, null)).toHaveLength(2);
  });
});
