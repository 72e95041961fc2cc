import { describe, expect, it } from 'vitest';
import { indexOverrides, type Override, overrideSchema, overrideStatus } from './override.ts';
import { presets } from './presets.ts';

const o = (p: Partial<Override>): Override =>
  overrideSchema.parse({
    indicatorId: 'k1',
    label: '遅れ',
    reason: 'コロナ',
    by: '企画課',
    at: '2022-08-31',
    ...p,
  });

describe('overrides', () => {
  it('map onto the scheme status with the same label or key', () => {
    expect(overrideStatus(presets.standard!, o({}))).toMatchObject({
      key: 'behind',
      label: '遅れ',
      color: '#b2182b',
      source: 'override',
    });
    expect(overrideStatus(presets.standard!, o({ label: 'x', key: 'on-track' }))).toMatchObject({
      key: 'on-track',
      label: '順調',
    });
  });

  it('keep a label of their own when the scheme has none', () => {
    expect(overrideStatus(presets.standard!, o({ label: '進捗の遅れ（コロナ）' }))).toMatchObject({
      key: 'override:進捗の遅れ（コロナ）',
      label: '進捗の遅れ（コロナ）',
      ruleIndex: null,
    });
  });

  it('need a reason, an author and a date', () => {
    expect(overrideSchema.safeParse({ indicatorId: 'k1', label: '遅れ', by: 'x', at: '2022' }).success).toBe(
      false,
    );
    expect(
      overrideSchema.safeParse({ indicatorId: 'k1', label: '遅れ', reason: '', by: 'x', at: '2022' }).success,
    ).toBe(false);
  });

  it('pick the override of the evaluated year, then a general one, then the latest', () => {
    const list = [
      o({ at: '2022-01-01', label: 'a' }),
      o({ at: '2023-01-01', label: 'b' }),
      o({ at: '2021-01-01', label: 'c', fiscalYear: 2021 }),
      o({ at: '2024-01-01', label: 'd', fiscalYear: 2019 }),
      o({ indicatorId: 'k2', at: '2020-01-01', label: 'e' }),
    ];
    expect(indexOverrides(list, 2021).get('k1')?.label).toBe('c');
    expect(indexOverrides(list, 2022).get('k1')?.label).toBe('b');
    expect(indexOverrides(list, 2022).get('k2')?.label).toBe('e');
  });
});
