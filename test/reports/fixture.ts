import { type StrategyDocument, strategyDocumentSchema } from '../../src/core/interchange.ts';

/**
 * A small synthetic strategy modelled on municipal KPI list and project-sheet layouts (two
 * periods, goals, measures, a project with SDGs and tags, numeric targets and KPIs with history
 * and commentary). Written for these tests; no sentence comes from a real document.
 */
export function reportDocument(): StrategyDocument {
  return strategyDocumentSchema.parse({
    municipality: { name: 'テスト市' },
    strategy: { id: 'p2', name: '第2期', generation: 2, period: { from: 2020, to: 2024 } },
    strategies: [{ id: 'p3', name: '第3期', generation: 3, period: { from: 2025, to: 2029 } }],
    goals: [
      { id: 'g1', code: '1', name: '仕事をつくる' },
      { id: 'g2', code: '2', name: '人の流れをつくる' },
    ],
    measures: [
      { id: 'm1', goalId: 'g1', code: '1-(1)', name: '雇用の場の確保' },
      { id: 'm2', goalId: 'g2', code: '2-(1)', name: '移住の促進' },
    ],
    tagSets: [{ id: 'view', name: '新たな視点', tags: [{ id: 'dx', name: 'デジタル' }] }],
    projects: [
      {
        id: 'pr1',
        code: '111-1',
        name: '創業支援事業',
        summary: '創業の相談と補助',
        measureId: 'm1',
        departments: ['商工課'],
        bodies: ['市', '商工会'],
        period: { from: 2020, to: 2024, raw: 'R2～R6' },
        priority: true,
        sdgs: [8, 9],
        tags: [{ set: 'view', tag: 'dx' }],
        years: [
          { fiscalYear: 2023, plan: '相談会4回', result: '相談会5回' },
          { fiscalYear: 2024, plan: '相談会6回', result: null },
        ],
      },
      { id: 'pr2', code: '211-1', name: '移住相談事業', measureId: 'm2', departments: ['企画課'] },
    ],
    indicators: [
      {
        id: 'n1',
        name: '市内就業者数',
        unit: '人',
        role: 'numeric_target',
        strategyId: 'p2',
        owner: { type: 'goal', id: 'g1' },
        direction: 'increase',
        baseline: { value: 17891, fiscalYear: 2015, raw: '17,891人 (H27)' },
        target: { value: 18500, fiscalYear: 2024, raw: '18,500人' },
        actuals: [{ value: 18165, fiscalYear: 2020, raw: '18,165人 (R2)' }],
        departments: ['企画課'],
      },
      {
        id: 'k1',
        name: '新規求人数',
        unit: '件',
        role: 'kpi',
        strategyId: 'p2',
        owner: { type: 'measure', id: 'm1' },
        direction: 'increase',
        baseline: { value: 1563, fiscalYear: 2019, raw: '1,563件' },
        target: { value: 1602, fiscalYear: 2024, raw: '1,602件' },
        actuals: [
          { value: 1208, fiscalYear: 2020, raw: '1,208件' },
          { value: 1320, fiscalYear: 2021, raw: '1,320件' },
        ],
        definition: '月平均の新規求人件数',
        departments: ['商工課'],
        commentary: [
          { fiscalYear: 2021, progress: '説明会を開いた', issues: '求人が減った', nextSteps: '連携する' },
        ],
      },
      {
        id: 'k2',
        name: '=HYPERLINK("http://x")',
        unit: '人',
        role: 'kpi',
        strategyId: 'p2',
        owner: { type: 'measure', id: 'm2' },
        direction: 'decrease',
        baseline: { value: -236, fiscalYear: 2019, raw: '△236人' },
        target: { value: 0, fiscalYear: 2024, raw: '0人' },
        actuals: [{ value: -120, fiscalYear: 2021, raw: '△120人' }],
        departments: ['企画課'],
      },
      {
        id: 'x1',
        name: '相談件数',
        unit: '件',
        role: 'project_indicator',
        strategyId: 'p2',
        owner: { type: 'project', id: 'pr1' },
        baseline: { value: 10, fiscalYear: 2019 },
        target: { value: 50, fiscalYear: 2024 },
        actuals: [{ value: 30, fiscalYear: 2021 }],
        departments: ['商工課'],
      },
      {
        id: 'q1',
        name: '新規求人数',
        unit: '件',
        role: 'kpi',
        strategyId: 'p3',
        owner: { type: 'measure', id: 'm1' },
        baseline: { value: 1400, fiscalYear: 2024, raw: '1,400件 (R6)' },
        target: { value: 1500, fiscalYear: 2029, raw: '1,500件' },
        lineage: { change: 'continued', predecessorId: 'k1' },
        actuals: [],
        departments: ['商工課'],
      },
      {
        id: 'q2',
        name: '移住相談件数',
        unit: '件',
        role: 'kpi',
        strategyId: 'p3',
        owner: { type: 'measure', id: 'm2' },
        baseline: { value: 50, fiscalYear: 2024 },
        target: { value: 80, fiscalYear: 2029 },
        lineage: { change: 'new' },
        actuals: [],
        departments: ['企画課'],
      },
    ],
  });
}
