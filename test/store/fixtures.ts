/** Small synthetic strategy documents for storage and API tests (fictional city, made-up figures). */
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';

/** A small document: 2 goals, 2 measures, 1 project, 3 indicators with figures, tags, departments. */
export function smallDocument(): StrategyDocumentInput {
  return {
    format: 'sousei-strategy',
    version: 1,
    municipality: { name: '架空テスト市', code: '999999' },
    strategy: {
      id: 's2',
      name: '第2期 架空テスト市総合戦略',
      generation: 2,
      period: { from: 2020, to: 2024 },
    },
    goals: [
      {
        id: 'g1',
        code: '1',
        name: 'しごとをつくる',
        narratives: [{ kind: 'summary', text: '雇用の場を増やす' }],
      },
      { id: 'g2', code: '2', name: 'ひとの流れをつくる' },
    ],
    measures: [
      { id: 'm1', goalId: 'g1', code: '1-1', name: '創業支援' },
      { id: 'm2', goalId: 'g2', code: '2-1', name: '移住促進', summary: '相談窓口の充実' },
    ],
    projects: [
      {
        id: 'p1',
        code: '411-6',
        name: '創業塾',
        measureId: 'm1',
        goalIds: ['g1'],
        departments: ['商工観光課'],
        bodies: ['市', '商工会'],
        period: { from: 2020, to: 2024, raw: 'R2～R6' },
        priority: true,
        tags: [{ set: '新たな視点', tag: 'デジタル' }],
        sdgs: [8, 9],
        years: [{ fiscalYear: 2021, plan: '年4回開催', result: '年3回開催' }],
      },
    ],
    tagSets: [
      {
        id: 'ts1',
        name: '新たな視点',
        tags: [
          { id: 't1', name: 'デジタル' },
          { id: 't2', name: 'グリーン' },
        ],
      },
    ],
    indicators: [
      {
        id: 'k1',
        name: '新規求人数',
        unit: '件',
        role: 'kpi',
        owner: { type: 'measure', id: 'm1' },
        direction: 'increase',
        aggregation: 'annual',
        baseline: { value: 1563, fiscalYear: 2019, raw: '1,563件', unit: '件', state: 'final' },
        target: { value: 1602, fiscalYear: 2024, raw: '1,602件', unit: '件' },
        actuals: [
          {
            value: 1208,
            fiscalYear: 2020,
            raw: '1,208件',
            unit: '件',
            state: 'final',
            provenance: { file: 'kpi.csv', row: 3, column: 5 },
          },
          { value: 1450, fiscalYear: 2021, raw: '1,450件', unit: '件', state: 'final' },
          {
            value: 1500.5,
            fiscalYear: 2022,
            raw: '(速報値) 1,500.5件',
            unit: '件',
            state: 'preliminary',
            note: '速報値',
          },
        ],
        departments: ['商工観光課', '企画政策課'],
        definition: 'ハローワーク管内の新規求人数',
        notes: ['KPI変更'],
        tags: [{ set: '新たな視点', tag: 'グリーン' }],
        commentary: [
          { fiscalYear: 2021, progress: '説明会を開催', issues: '参加者が少ない', nextSteps: '周知を強化' },
        ],
      },
      {
        id: 'k2',
        name: '転入者数',
        unit: '人',
        role: 'numeric_target',
        owner: { type: 'goal', id: 'g2' },
        direction: 'increase',
        baseline: { value: -236, fiscalYear: 2019, raw: '△236人' },
        target: { value: 0, fiscalYear: 2024, raw: '0人' },
        actuals: [
          { value: null, fiscalYear: 2023, raw: '令和6年9月 公表予定', state: 'pending', date: '2024-09' },
        ],
        departments: ['企画政策課'],
      },
      {
        id: 'k3',
        name: '創業塾の修了者数',
        unit: '人',
        role: 'project_indicator',
        owner: { type: 'project', id: 'p1' },
        aggregation: 'cumulative',
        target: { value: 100, fiscalYear: 2024, raw: '100人(R2～R6の累計)', fromYear: 2020 },
        actuals: [{ value: 18, fiscalYear: 2020 }],
      },
    ],
  };
}

/** A large document: `n` indicators with `years` figures each (for fault and speed tests). */
export function largeDocument(n: number, years = 10, name = '大量取込テスト'): StrategyDocumentInput {
  const indicators = [];
  for (let i = 0; i < n; i++) {
    const actuals = [];
    for (let y = 0; y < years; y++) {
      const v = 1000 + i * 3 + y * 17;
      actuals.push({
        value: v,
        fiscalYear: 2015 + y,
        raw: `${v.toLocaleString('en-US')}件`,
        unit: '件',
        state: 'final' as const,
      });
    }
    indicators.push({
      id: `k${i}`,
      name: `指標${i}`,
      unit: '件',
      owner: { type: 'measure' as const, id: `m${i % 10}` },
      direction: 'increase' as const,
      baseline: { value: 1000 + i, fiscalYear: 2014 },
      target: { value: 1400 + i, fiscalYear: 2024 },
      actuals,
      departments: [`課${i % 7}`],
    });
  }
  return {
    municipality: { name: '架空テスト市' },
    strategy: { id: 's', name, period: { from: 2015, to: 2024 } },
    goals: [{ id: 'g1', name: '目標1' }],
    measures: Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, goalId: 'g1', name: `施策${i}` })),
    indicators,
  };
}
