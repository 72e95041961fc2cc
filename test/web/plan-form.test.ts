/**
 * The wizard's form of a move to the next period (web/src/features/periods/plan-form.ts): a stored
 * plan becomes the form and back; an unchanged proposal is left to the server (so a late final
 * figure still moves it), an edited one is sent; problems' fields map to the inputs' ids.
 */
import { describe, expect, it } from 'vitest';
import type { TransitionView } from '../../web/src/api/types.ts';
import {
  countsOf,
  emptyAddition,
  fieldId,
  formOf,
  planOf,
} from '../../web/src/features/periods/plan-form.ts';

function view(): TransitionView {
  const ind = (id: string, name: string, proposal: TransitionView['indicators'][number]['proposal']) => ({
    indicatorId: id,
    name,
    unit: '件',
    role: 'kpi',
    definition: null,
    measureId: 'm1',
    goalId: 'g1',
    placeMeasureId: 'm1',
    projectName: null,
    baselineRaw: '100件',
    targetRaw: '150件',
    proposal,
  });
  return {
    id: 't1',
    municipalityId: 'c1',
    fromStrategyId: 's2',
    toStrategyId: null,
    state: 'draft',
    plan: {
      name: '第3期 架空市総合戦略',
      generation: 3,
      period: { from: 2025, to: 2029 },
      decisions: [
        { indicatorId: 'k1', action: 'continue' },
        { indicatorId: 'k3', action: 'delete', reason: '事業終了' },
      ],
      additions: [],
    },
    createdBy: null,
    confirmedBy: null,
    confirmedAt: null,
    version: 2,
    createdAt: '2025-04-01T00:00:00.000Z',
    updatedAt: '2025-04-01T00:00:00.000Z',
    fromStrategy: { id: 's2', name: '第2期', period: { from: 2020, to: 2024 } },
    indicators: [
      ind('k1', '新規求人数', { value: 1450, raw: '1,450件', fiscalYear: 2023, from: 'final' }),
      ind('k2', '転入者数', null),
      ind('k3', '空き店舗数', { value: 36, raw: '36件', fiscalYear: 2023, from: 'final' }),
    ],
    goals: [{ id: 'g1', code: '1', name: '目標' }],
    measures: [
      { id: 'm1', code: '1-1', name: '創業支援', goalId: 'g1' },
      { id: 'm2', code: '1-2', name: '移住促進', goalId: 'g1' },
    ],
    issues: [],
  };
}

describe('the wizard’s plan form', () => {
  it('shows every KPI, undecided ones continued, with the proposal as the baseline', () => {
    const form = formOf(view());
    expect(form.decisions.map((d) => [d.indicatorId, d.action])).toEqual([
      ['k1', 'continue'],
      ['k2', 'continue'],
      ['k3', 'delete'],
    ]);
    expect(form.decisions[0]).toMatchObject({
      baselineRaw: '1,450件',
      baselineYear: '2023',
      targetYear: '2029',
    });
    expect(form.decisions[1]).toMatchObject({ baselineRaw: '', baselineYear: '' });
    expect(form.decisions[2]!.reason).toBe('事業終了');
    expect(countsOf(form)).toEqual({ continue: 2, change: 0, delete: 1, move: 0, new: 0 });
  });

  it('leaves an unchanged proposal to the server and sends an edited baseline, a change and a move', () => {
    const v = view();
    const form = formOf(v);
    expect(planOf(form, v).decisions).toEqual([
      { indicatorId: 'k1', action: 'continue' },
      { indicatorId: 'k2', action: 'continue' },
      { indicatorId: 'k3', action: 'delete', reason: '事業終了' },
    ]);
    form.decisions[0] = { ...form.decisions[0]!, baselineRaw: '1,460件', targetRaw: ' 1,700件 ' };
    form.decisions[1] = {
      ...form.decisions[1]!,
      action: 'change',
      name: ' 社会増減数 ',
      unit: '人',
      reason: '両方向を見る',
    };
    form.decisions[2] = { ...form.decisions[2]!, action: 'move', measureId: 'm2', reason: '' };
    form.additions.push({ ...emptyAddition(form, 'm2'), name: '移住相談件数', targetRaw: '300件' });
    const plan = planOf(form, v);
    expect(plan.decisions).toEqual([
      {
        indicatorId: 'k1',
        action: 'continue',
        baseline: { raw: '1,460件', fiscalYear: 2023 },
        target: { raw: '1,700件', fiscalYear: 2029 },
      },
      {
        indicatorId: 'k2',
        action: 'change',
        name: '社会増減数',
        unit: '人',
        definition: null,
        reason: '両方向を見る',
      },
      { indicatorId: 'k3', action: 'move', measureId: 'm2' },
    ]);
    expect(plan.additions).toEqual([
      { name: '移住相談件数', measureId: 'm2', unit: null, target: { raw: '300件', fiscalYear: 2029 } },
    ]);
  });

  it('leaves the proposal out of a 変更 of the unit unless the planner wrote a baseline', () => {
    const v = view();
    const form = formOf(v);
    form.decisions[0] = { ...form.decisions[0]!, action: 'change', unit: '人' };
    expect(planOf(form, v).decisions[0]).toEqual({
      indicatorId: 'k1',
      action: 'change',
      name: '新規求人数',
      unit: '人',
      definition: null,
    });
    form.decisions[0] = { ...form.decisions[0]!, baselineRaw: '1,450人' };
    expect(planOf(form, v).decisions[0]!.baseline).toEqual({ raw: '1,450人', fiscalYear: 2023 });
  });

  it('maps a problem’s field to its input', () => {
    expect(fieldId('decisions[3].reason')).toBe('tr-d3-reason');
    expect(fieldId('additions[0].measureId')).toBe('tr-a0-measureId');
    expect(fieldId('period.from')).toBe('tr-period-from');
    expect(fieldId('plan')).toBeNull();
    expect(fieldId(undefined)).toBeNull();
  });
});
