/** The synthetic strategy of the report benchmarks (shared by the bench and its child processes). */
import { type StrategyDocument, strategyDocumentSchema } from '../src/core/interchange.ts';
import { rng } from './util.ts';

/** A synthetic strategy: `indicators` KPIs over 5 goals × 6 measures, `projects` projects with yearly text. */
export function strategy(indicators: number, projects: number): StrategyDocument {
  const rand = rng(7);
  const goals = Array.from({ length: 5 }, (_, g) => ({
    id: `g${g}`,
    code: String(g + 1),
    name: `基本目標${g + 1}`,
  }));
  const measures = Array.from({ length: 30 }, (_, m) => ({
    id: `m${m}`,
    goalId: `g${m % 5}`,
    code: `${(m % 5) + 1}-(${m})`,
    name: `施策${m}`,
  }));
  return strategyDocumentSchema.parse({
    municipality: { name: 'ベンチ市' },
    strategy: { id: 's', name: '第2期', period: { from: 2020, to: 2024 } },
    goals,
    measures,
    tagSets: [{ id: 'v', name: '視点', tags: [{ id: 'a', name: 'デジタル' }] }],
    projects: Array.from({ length: projects }, (_, p) => ({
      id: `p${p}`,
      code: `${p}-1`,
      name: `事業${p}`,
      summary: '事業の概要を記述する欄。'.repeat(4),
      measureId: `m${p % 30}`,
      departments: [`課${p % 12}`],
      bodies: ['市'],
      sdgs: [1 + (p % 17)],
      tags: [{ set: 'v', tag: 'a' }],
      years: [2020, 2021, 2022, 2023, 2024].map((y) => ({
        fiscalYear: y,
        plan: `計画${y}`,
        result: `実績${y}`,
      })),
    })),
    indicators: Array.from({ length: indicators }, (_, i) => {
      const base = 100 + Math.floor(rand() * 1000);
      return {
        id: `k${i}`,
        name: `指標${i}`,
        unit: '件',
        role: 'kpi',
        owner: i < projects ? { type: 'project', id: `p${i}` } : { type: 'measure', id: `m${i % 30}` },
        baseline: { value: base, fiscalYear: 2019, raw: `${base}件` },
        target: { value: base * 1.2, fiscalYear: 2024 },
        actuals: [2020, 2021, 2022, 2023].map((y) => ({
          value: base + Math.floor(rand() * 100),
          fiscalYear: y,
        })),
        departments: [`課${i % 12}`],
        definition: '定義と出典',
        commentary: [{ fiscalYear: 2023, progress: '実施状況', issues: '課題', nextSteps: '今後の方策' }],
      };
    }),
  });
}
