import { describe, expect, it } from 'vitest';
import type { StrategyDocument } from '../interchange.ts';
import { importTargetSchema, proposeStrategies } from './import-target.ts';

const f = (value: number, fiscalYear: number) => ({ value, fiscalYear });

describe('proposeStrategies', () => {
  it('starts a review period the year after the one before, not the year after its baselines', () => {
    // Baselines two years before each period (the last figures known when it was drafted).
    const doc = {
      strategy: null,
      strategies: [
        { id: 's2', name: '第2期', generation: 2, period: null },
        { id: 's3', name: '第3期', generation: 3, period: null },
      ],
      goals: [],
      measures: [],
      projects: [],
      tagSets: [],
      unmapped: [],
      indicators: [
        {
          id: 'a',
          name: 'x',
          strategyId: 's2',
          baseline: f(1, 2018),
          target: f(2, 2024),
          actuals: [f(1, 2020)],
        },
        { id: 'b', name: 'y', strategyId: 's3', baseline: f(1, 2023), target: f(2, 2029), actuals: [] },
      ],
    } as unknown as StrategyDocument;
    expect(proposeStrategies(doc).map((s) => [s.ref, s.periodFrom, s.periodTo])).toEqual([
      ['s2', 2020, 2024],
      ['s3', 2025, 2029],
    ]);
  });

  it('names both periods of a review, takes their periods from the figures and chains them', () => {
    const doc = {
      strategy: { id: 'strategy-3', name: '第3期', generation: 3, period: null },
      strategies: [
        { id: 'strategy-2', name: '第2期', generation: 2, period: null },
        { id: 'strategy-3', name: '第3期', generation: 3, period: null },
      ],
      goals: [],
      measures: [],
      projects: [],
      tagSets: [],
      unmapped: [],
      indicators: [
        {
          id: 'a',
          name: 'x',
          strategyId: 'strategy-2',
          baseline: f(1, 2019),
          target: f(2, 2024),
          actuals: [f(1, 2020)],
        },
        {
          id: 'b',
          name: 'y',
          strategyId: 'strategy-3',
          baseline: f(1, 2024),
          target: f(2, 2029),
          actuals: [],
        },
      ],
    } as unknown as StrategyDocument;
    expect(proposeStrategies(doc)).toEqual([
      {
        ref: 'strategy-3',
        name: '第3期総合戦略',
        generation: 3,
        periodFrom: 2025,
        periodTo: 2029,
        indicators: 1,
        predecessorRef: 'strategy-2',
      },
      {
        ref: 'strategy-2',
        name: '第2期総合戦略',
        generation: 2,
        periodFrom: 2020,
        periodTo: 2024,
        indicators: 1,
        predecessorRef: null,
      },
    ]);
  });

  it('proposes one strategy for a document that names none, from the first actual when no baseline year', () => {
    const doc = {
      goals: [],
      measures: [],
      projects: [],
      tagSets: [],
      unmapped: [],
      indicators: [{ id: 'a', name: 'x', target: f(2, 2027), actuals: [f(1, 2023), f(1, 2022)] }],
    } as unknown as StrategyDocument;
    expect(proposeStrategies(doc)).toEqual([
      {
        ref: '',
        name: '総合戦略',
        generation: null,
        periodFrom: 2022,
        periodTo: 2027,
        indicators: 1,
        predecessorRef: null,
      },
    ]);
  });

  it('the target schema refuses a strategy without a reference and unknown keys', () => {
    expect(importTargetSchema.safeParse({ strategies: [{ name: 'x' }] }).success).toBe(false);
    expect(importTargetSchema.safeParse({ municipality: { name: '' } }).success).toBe(false);
    expect(
      importTargetSchema.safeParse({ municipality: { name: '〇〇町', code: null }, unmatched: 'skip' })
        .success,
    ).toBe(true);
  });
});
