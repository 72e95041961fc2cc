import { describe, expect, it } from 'vitest';
import {
  importedJudgements,
  indexOverrides,
  judgementYear,
  labelKey,
  type Override,
  overrideSchema,
  overrideStatus,
  recordClasses,
  statusClasses,
} from './override.ts';
import { presets } from './presets.ts';
import { statusSchemeSchema } from './status-scheme.ts';

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
      key: 'override:進捗の遅れ(コロナ)',
      label: '進捗の遅れ（コロナ）',
      ruleIndex: null,
    });
  });

  it('list the classes of record the scheme does not name, once each, in the order first met', () => {
    const scheme = presets.standard!;
    const judged = [
      o({ label: '概ね順調に進捗' }),
      o({ label: '遅れ' }),
      o({ label: '進捗の遅れ（コロナ）' }),
      o({ label: '進捗の遅れ (コロナ)' }),
      o({ label: '概ね順調に進捗' }),
    ].map((x) => overrideStatus(scheme, x));
    expect(recordClasses(scheme, judged)).toEqual([
      { key: 'override:概ね順調に進捗', label: '概ね順調に進捗', color: '#6b6b6b' },
      { key: 'override:進捗の遅れ(コロナ)', label: '進捗の遅れ（コロナ）', color: '#6b6b6b' },
    ]);
    expect(recordClasses(scheme, [])).toEqual([]);
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

  it('compare labels whatever their width and spacing', () => {
    expect(labelKey('進捗の遅れ（コロナ）')).toBe(labelKey('進捗の遅れ (コロナ)'));
    expect(labelKey('Ａ－')).toBe('A-');
    expect(labelKey('順調')).not.toBe(labelKey('概ね順調'));
  });

  it('take the colour and key of a class of record', () => {
    const scheme = statusSchemeSchema.parse({
      id: 'city',
      name: '市の区分',
      description: '',
      rules: [],
      classes: [
        { key: 'good', label: '順調に進捗', color: '#1b7837' },
        { key: 'covid', label: '進捗の遅れ（コロナ）', color: '#d95f02' },
      ],
      fallback: { key: 'none', label: '未評価', color: '#6b6b6b' },
    });
    expect(overrideStatus(scheme, o({ label: '進捗の遅れ(コロナ)' }))).toMatchObject({
      key: 'covid',
      label: '進捗の遅れ(コロナ)',
      color: '#d95f02',
    });
    expect(statusClasses(scheme).map((c) => c.key)).toEqual(['good', 'covid', 'none']);
    expect(statusClasses(presets.standard!).map((c) => c.label)).toEqual([
      '目標達成',
      '順調',
      '概ね順調',
      '遅れ',
      '評価不能',
    ]);
  });

  it('refuse a scheme with neither rules nor classes', () => {
    const r = statusSchemeSchema.safeParse({
      id: 'x',
      name: 'x',
      description: '',
      rules: [],
      fallback: { key: 'n', label: 'n', color: '#000000' },
    });
    expect(r.success).toBe(false);
  });
});

describe('imported judgements', () => {
  it('judge the year given, never one later than the latest figures', () => {
    expect(judgementYear({ fiscalYear: 2024 }, 2023)).toBe(2023);
    expect(judgementYear({ fiscalYear: 2022 }, 2023)).toBe(2022);
    expect(judgementYear({ fiscalYear: null }, 2023)).toBe(2023);
    expect(judgementYear({ fiscalYear: 2024 }, null)).toBe(2024);
    expect(judgementYear({ fiscalYear: null }, null)).toBeNull();
  });

  it('become overrides from the import, one per year, with the place as reason', () => {
    const list = importedJudgements(
      {
        id: 'k1',
        reportedStatuses: [{ label: 'B', fiscalYear: 2020, raw: 'B' }],
        reportedStatus: {
          label: '順調に進捗',
          fiscalYear: 2021,
          raw: ' 順調に進捗 ',
          provenance: { file: 'a.xlsx', sheet: 'KPI', row: 12, column: 9 },
        },
      },
      { at: '2025-06-01', by: '取込', asOf: 2021 },
    );
    expect(list).toEqual([
      expect.objectContaining({ label: 'B', fiscalYear: 2020, source: 'import' }),
      expect.objectContaining({
        indicatorId: 'k1',
        label: '順調に進捗',
        fiscalYear: 2021,
        source: 'import',
        reason: '取込: a.xlsx KPI 12行 9列「順調に進捗」',
      }),
    ]);
    expect(list.every((j) => overrideSchema.safeParse(j).success)).toBe(true);
    expect(importedJudgements({ id: 'k2', reportedStatus: null }, { at: 'x', by: 'y', asOf: 2020 })).toEqual(
      [],
    );
  });
});
