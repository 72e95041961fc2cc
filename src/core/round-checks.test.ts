import { describe, expect, it } from 'vitest';
import { type RoundItem, roundFindings, unacknowledged, usedAcknowledgements } from './round-checks.ts';

const item = (over: Partial<RoundItem>): RoundItem => ({
  indicatorId: 'k1',
  name: '新規求人数',
  unit: '件',
  actual: { raw: '1,600件', state: 'final', value: 1600, date: null },
  past: [
    { fiscalYear: 2020, value: 1500 },
    { fiscalYear: 2021, value: 1550 },
    { fiscalYear: 2022, value: 1580 },
  ],
  hasCommentary: true,
  status: { label: '順調', lowest: false },
  ...over,
});
const codes = (i: Partial<RoundItem>, asOf = '2024-05-01') =>
  roundFindings([item(i)], 2023, asOf).map((f) => f.code);

describe('roundFindings', () => {
  it('a plausible figure with commentary has no finding', () => {
    expect(codes({})).toEqual([]);
  });

  it('names a missing figure with the indicator, the year and the fix', () => {
    const [f] = roundFindings([item({ actual: null })], 2023, '2024-05-01');
    expect(f?.code).toBe('FIGURE_MISSING');
    expect(f?.message).toContain('新規求人数');
    expect(f?.message).toContain('2023年度');
    expect(f?.fix).toContain('実績値を入力');
    expect(codes({ actual: { raw: '', state: null, value: null, date: null } })).toEqual(['FIGURE_MISSING']);
  });

  it('a figure stated as not measured or not applicable is not missing', () => {
    expect(codes({ actual: { raw: '未把握', state: 'missing', value: null, date: null } })).toEqual([]);
    expect(codes({ actual: { raw: null, state: 'not_applicable', value: null, date: null } })).toEqual([]);
  });

  it('unit mismatch, non-numeric text and outliers against the indicator’s own history', () => {
    expect(codes({ actual: { raw: '1,600人', state: 'final', value: 1600, date: null } })).toEqual([
      'UNIT_DIFFERS',
    ]);
    expect(codes({ actual: { raw: '前年並み', state: null, value: null, date: null } })).toEqual([
      'VALUE_UNPARSEABLE',
    ]);
    expect(codes({ actual: { raw: '16,000件', state: 'final', value: 16000, date: null } })).toEqual([
      'OUTSIDE_PAST_RANGE',
    ]);
    expect(codes({ actual: { raw: '1,800件', state: 'final', value: 1800, date: null } })).toEqual([
      'UNUSUAL_JUMP',
    ]);
  });

  it('a 公表予定 figure is stale once its month has passed, not before', () => {
    const pending = { raw: '令和6年9月 公表予定', state: 'pending', value: null, date: '2024-09' };
    expect(codes({ actual: pending }, '2024-09-30')).toEqual([]);
    expect(codes({ actual: pending }, '2024-10-01')).toEqual(['PENDING_OVERDUE']);
    expect(codes({ actual: { ...pending, date: '2024-09-15' } }, '2024-09-16')).toEqual(['PENDING_OVERDUE']);
  });

  it('commentary is required where the status is the scheme’s lowest (遅れ and the like)', () => {
    expect(codes({ hasCommentary: false, status: { label: '遅れ', lowest: true } })).toEqual([
      'COMMENTARY_MISSING',
    ]);
    expect(codes({ hasCommentary: false, status: { label: '努力を要する', lowest: true } })).toEqual([
      'COMMENTARY_MISSING',
    ]);
    expect(codes({ hasCommentary: false, status: { label: '順調', lowest: false } })).toEqual([]);
    expect(codes({ hasCommentary: true, status: { label: '遅れ', lowest: true } })).toEqual([]);
  });
});

describe('acknowledgements', () => {
  const findings = roundFindings(
    [
      item({ actual: null }),
      item({
        indicatorId: 'k2',
        name: '転入者数',
        hasCommentary: false,
        status: { label: '遅れ', lowest: true },
      }),
    ],
    2023,
    '2024-05-01',
  );

  it('a finding is cleared only by an acknowledgement of that indicator and code with a reason', () => {
    expect(unacknowledged(findings, []).length).toBe(2);
    expect(
      unacknowledged(findings, [{ indicatorId: 'k1', code: 'FIGURE_MISSING', reason: '  ' }]).length,
    ).toBe(2);
    expect(
      unacknowledged(findings, [{ indicatorId: 'k2', code: 'FIGURE_MISSING', reason: '集計中' }]).length,
    ).toBe(2);
    const left = unacknowledged(findings, [{ indicatorId: 'k1', code: 'FIGURE_MISSING', reason: '集計中' }]);
    expect(left.map((f) => f.code)).toEqual(['COMMENTARY_MISSING']);
  });

  it('keeps only the acknowledgements that match a finding', () => {
    const acks = [
      { indicatorId: 'k1', code: 'FIGURE_MISSING' as const, reason: '集計中' },
      { indicatorId: 'k9', code: 'UNIT_DIFFERS' as const, reason: 'x' },
    ];
    expect(usedAcknowledgements(findings, acks)).toEqual([acks[0]]);
  });
});
