import { describe, expect, it } from 'vitest';
import type { Indicator } from '../interchange.ts';
import { nameKey, planUpdate } from './update-plan.ts';

const fig = (value: number, fiscalYear: number, raw = `${value}`) => ({ value, fiscalYear, raw });

describe('planUpdate: what a re-import changes', () => {
  const stored = [
    {
      id: 's1',
      name: '転入者数',
      baseline: fig(1200, 2019),
      target: fig(1300, 2024),
      actuals: [fig(1180, 2020)],
    },
    { id: 's2', name: '新規就農者数（人）', baseline: fig(12, 2019), target: fig(20, 2024), actuals: [] },
    { id: 's3', name: '観光客数', baseline: null, target: null, actuals: [] },
  ];
  const file: Indicator[] = [
    {
      id: 'k1',
      name: '転入者数',
      baseline: fig(1200, 2019, '1,200人'),
      target: fig(1300, 2024),
      actuals: [fig(1180, 2020), fig(1210, 2021)],
    },
    { id: 'k2', name: '新規就農者数', baseline: fig(12, 2019), target: fig(25, 2024), actuals: [] },
    { id: 'k3', name: '移住者数', baseline: fig(10, 2019), target: null, actuals: [] },
    { id: 'k4', name: '転入者数', baseline: null, target: null, actuals: [] },
  ] as Indicator[];

  it('matches by name, each stored indicator once, and classifies every figure', () => {
    const plan = planUpdate(stored, file);
    expect(plan.indicators.map((i) => [i.ref, i.existingId, i.change])).toEqual([
      ['k1', 's1', 'changed'],
      ['k2', 's2', 'changed'],
      ['k3', null, 'new'],
      ['k4', null, 'new'],
    ]);
    expect(plan.indicators[0]!.figures.map((f) => [f.kind, f.fiscalYear, f.change])).toEqual([
      ['baseline', 2019, 'unchanged'],
      ['target', 2024, 'unchanged'],
      ['actual', 2020, 'unchanged'],
      ['actual', 2021, 'new'],
    ]);
    expect(plan.indicators[1]!.figures[1]).toMatchObject({
      change: 'changed',
      before: { value: 20 },
      after: { value: 25 },
    });
    expect(plan.untouched).toEqual([{ id: 's3', name: '観光客数' }]);
    expect(plan.counts).toEqual({
      indicators: { new: 2, changed: 2, unchanged: 0 },
      figures: { new: 2, changed: 1, unchanged: 4 },
    });
  });

  it('the same file twice changes nothing', () => {
    const once = planUpdate(stored, file.slice(0, 1));
    expect(once.counts.figures.new).toBe(1);
    const again = planUpdate(
      [{ ...stored[0]!, actuals: [fig(1180, 2020), fig(1210, 2021)] }],
      file.slice(0, 1),
    );
    expect(again.counts).toEqual({
      indicators: { new: 0, changed: 0, unchanged: 1 },
      figures: { new: 0, changed: 0, unchanged: 4 },
    });
  });

  it('names match without spaces, widths and bracketed notes', () => {
    expect(nameKey('新規就農者数（人）')).toBe(nameKey('新規 就農者数'));
    expect(nameKey('(仮称)')).not.toBe('');
  });
});
