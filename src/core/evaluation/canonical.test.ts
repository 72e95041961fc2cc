import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  metricReasonsOf,
  NOTE_ORDER,
  noteBit,
  notesOf,
  REASON_ORDER,
  reasonKey,
  reasonWeight,
  usedYearsOf,
} from './canonical.ts';
import type { MetricReason } from './metrics.ts';

const REASONS: MetricReason[] = [
  'NO_ACTUAL',
  'NO_BASELINE',
  'NO_TARGET',
  'NO_BASELINE_YEAR',
  'NO_TARGET_YEAR',
  'TARGET_EQUALS_BASELINE',
  'TARGET_YEAR_NOT_AFTER_BASELINE',
  'NO_TIME_ELAPSED',
  'ACTUAL_BEFORE_BASELINE',
  'RATIO_NEEDS_POSITIVE_VALUES',
  'FORECAST_NEEDS_TWO_YEARS',
  'NUMERIC_OVERFLOW',
  'ONLY_FOR_MAINTAIN',
];

describe('metricReasonsOf', () => {
  it('decodes every combination of values and reasons, keys in metric order, shared and frozen', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom(...REASONS), { nil: null }), {
          minLength: REASON_ORDER.length,
          maxLength: REASON_ORDER.length,
        }),
        (reasons) => {
          let key = 0;
          const expected: Record<string, MetricReason> = {};
          reasons.forEach((r, i) => {
            const metric = REASON_ORDER[i]!;
            key += reasonKey(r ?? 0.5, reasonWeight(metric));
            if (r) expected[metric] = r;
          });
          const got = metricReasonsOf(key);
          expect(got).toEqual(expected);
          expect(Object.keys(got)).toEqual(Object.keys(expected));
          expect(Object.isFrozen(got)).toBe(true);
          expect(metricReasonsOf(key)).toBe(got);
        },
      ),
    );
  });

  it('gives an empty object when every metric has a value', () => {
    expect(metricReasonsOf(0)).toEqual({});
  });
});

describe('notesOf', () => {
  it('lists the notes of a mask in the order an evaluation adds them', () => {
    expect(notesOf(noteBit('ACHIEVED_EARLY') | noteBit('SUM_OF_FLOWS') | noteBit('PRELIMINARY'))).toEqual([
      'SUM_OF_FLOWS',
      'PRELIMINARY',
      'ACHIEVED_EARLY',
    ]);
    expect(notesOf(0)).toEqual([]);
    fc.assert(
      fc.property(fc.subarray([...NOTE_ORDER]), (notes) => {
        const mask = notes.reduce((m, n) => m | noteBit(n), 0);
        expect(notesOf(mask)).toEqual(notes);
        expect(Object.isFrozen(notesOf(mask))).toBe(true);
      }),
    );
  });
});

describe('usedYearsOf', () => {
  it('shares consecutive ranges and copies the others, reading only the first n', () => {
    const a = usedYearsOf(new Float64Array([2015, 2016, 2017, 0]), 3);
    expect(a).toEqual([2015, 2016, 2017]);
    expect(usedYearsOf([2015, 2016, 2017], 3)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const gap = usedYearsOf([2015, 2017, 2018], 3);
    expect(gap).toEqual([2015, 2017, 2018]);
    expect(usedYearsOf([2015, 2017, 2018], 3)).not.toBe(gap);
    expect(usedYearsOf([], 0)).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 3000 }), { maxLength: 12 }), (years) => {
        expect(usedYearsOf(years, years.length)).toEqual(years);
      }),
    );
  });
});
