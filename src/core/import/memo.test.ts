import { describe, expect, it } from 'vitest';
import { cellKind } from './cell-kind.ts';
import { matchHeader } from './header-lexicon.ts';
import { bareYear, bareYearOf, createMemo, headerOf, keyOf, kindOf } from './memo.ts';
import { normalizeKey } from './text.ts';

const TEXTS = [
  '1,563件',
  '概ね順調に進捗',
  '商工労働課',
  '●',
  '-',
  '新規求人数',
  'H30基準値',
  '令和2年度',
  'KPI',
  '',
];

describe('memo', () => {
  it('answers as the readings it remembers, with or without a memo', () => {
    const memo = createMemo();
    for (let round = 0; round < 2; round++)
      for (const t of TEXTS) {
        expect(kindOf(memo, t)).toBe(cellKind(t));
        expect(kindOf(undefined, t)).toBe(cellKind(t));
        expect(headerOf(memo, t)).toEqual(matchHeader(t));
        expect(bareYearOf(memo, t)).toEqual(bareYear(t));
        expect(keyOf(memo, t)).toBe(normalizeKey(t));
      }
    expect(memo.kinds.size).toBe(TEXTS.length);
  });

  it('remembers a miss as a miss', () => {
    const memo = createMemo();
    expect(headerOf(memo, '新規求人数')).toBeNull();
    expect(memo.headers.get('新規求人数')).toBe(false);
    expect(headerOf(memo, '新規求人数')).toBeNull();
    expect(bareYearOf(memo, '新規求人数')).toBeNull();
    expect(bareYearOf(memo, '新規求人数')).toBeNull();
  });

  it('reads bare years and nothing else', () => {
    expect(bareYear('令和2年度')).toEqual({ year: 2020, basis: 'fiscal' });
    expect(bareYear('R3')).toEqual({ year: 2021, basis: 'fiscal' });
    expect(bareYear('2020年')).toEqual({ year: 2020, basis: 'calendar' });
    expect(bareYear('令和2年度 実績値')).toBeNull();
    expect(bareYear('1,563件')).toBeNull();
  });
});
