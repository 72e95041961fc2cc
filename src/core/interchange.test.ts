import { describe, expect, it } from 'vitest';
import { strategyDocumentSchema } from './interchange.ts';

describe('strategy document schema', () => {
  it('accepts the minimal shape that sousei evaluate documents', () => {
    const doc = strategyDocumentSchema.parse({
      indicators: [
        {
          id: 'k1',
          name: '新規求人数',
          unit: '件',
          baseline: { value: 1563, fiscalYear: 2019 },
          target: { value: 1602, fiscalYear: 2024 },
          actuals: [{ fiscalYear: 2020, value: 1208 }],
        },
      ],
    });
    expect(doc.goals).toEqual([]);
    expect(doc.indicators[0]?.actuals).toHaveLength(1);
  });

  it('names the path of an invalid field', () => {
    const r = strategyDocumentSchema.safeParse({
      indicators: [{ id: 'k1', name: 'x', actuals: [{ value: 'a' }] }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['indicators', 0, 'actuals', 0, 'value']);
  });
});
