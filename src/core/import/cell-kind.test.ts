import { describe, expect, it } from 'vitest';
import { cellKind, fitCost, isDepartment } from './cell-kind.ts';

describe('cellKind', () => {
  it.each([
    ['1,563件', 'figure'],
    ['11,942億円 (平成30年)', 'figure'],
    ['小学校88.7% 中学校82.8%', 'figure'],
    ['令和4年9月 公表予定', 'figure'],
    ['概ね順調に進捗', 'status'],
    ['進捗の遅れ (コロナ)', 'status'],
    ['A-', 'status'],
    ['商工労働課', 'dept'],
    ['市街地整備課 都市開発課', 'dept'],
    ['●', 'mark'],
    ['〇', 'mark'],
    ['12', 'int'],
    ['-', 'dash'],
    ['—', 'dash'],
    ['新規求人数', 'label'],
    ['1-1 安定した雇用の創出', 'label'],
    ['①なし ②なし ③なし', 'text'],
    ['', 'empty'],
  ])('%s → %s', (text, kind) => {
    expect(cellKind(text)).toBe(kind);
  });
  it('knows departments', () => {
    expect(isDepartment('地域包括支援センター')).toBe(true);
    expect(isDepartment('新規就農者数')).toBe(false);
  });
  it('costs a fit less than a misfit', () => {
    expect(fitCost('figure', 'figure')).toBeLessThan(fitCost('text', 'figure'));
    expect(fitCost('dept', 'dept')).toBe(0);
  });
});
