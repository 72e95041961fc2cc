import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strategyDocumentSchema } from '../interchange.ts';
import { evaluateDocument } from './evaluate.ts';
import { presets } from './presets.ts';
import { formatSummaryLines, goalsOf, roundShares } from './summary.ts';
import { indicator } from './test-helpers.ts';

describe('roundShares', () => {
  it('rounds to one decimal and always adds up to 100', () => {
    expect(roundShares([11, 18, 9, 9])).toEqual([23.4, 38.3, 19.2, 19.1]);
    expect(roundShares([1, 1, 1])).toEqual([33.4, 33.3, 33.3]);
    expect(roundShares([0, 0])).toEqual([0, 0]);
    fc.assert(
      fc.property(fc.array(fc.nat(500), { minLength: 1, maxLength: 8 }), (counts) => {
        const shares = roundShares(counts);
        const total = counts.reduce((a, b) => a + b, 0);
        const tenths = shares.reduce((a, s) => a + Math.round(s * 10), 0);
        expect(tenths).toBe(total === 0 ? 0 : 1000);
        shares.forEach((s, i) => {
          if (total > 0) expect(Math.abs(s - ((counts[i] as number) * 100) / total)).toBeLessThan(0.1 + 1e-9);
        });
      }),
    );
  });

  it('prints the closing table of a progress report', () => {
    const counts = [
      { key: 'a', label: '順調に進捗', labelEn: null, color: '#000000', count: 11, share: 23.4 },
      { key: 'b', label: '概ね順調に進捗', labelEn: null, color: '#000000', count: 36, share: 76.6 },
    ];
    expect(formatSummaryLines(counts, 47)).toEqual([
      '順調に進捗 11件(23.4%)',
      '概ね順調に進捗 36件(76.6%)',
      '合計 47件(100%)',
    ]);
  });
});

describe('summaries', () => {
  const doc = strategyDocumentSchema.parse({
    goals: [{ id: 'g1', name: '雇用' }],
    measures: [{ id: 'm1', goalId: 'g1', name: '産業' }],
    projects: [
      { id: 'p1', name: '事業', measureId: 'm1' },
      { id: 'p2', name: '事業2', goalIds: ['g1', 'g2'] },
    ],
    indicators: [
      {
        ...indicator({ id: 'a', baseline: [2019, 0], target: [2024, 10], actuals: [[2021, 10]] }),
        owner: { type: 'project', id: 'p1' },
      },
      {
        ...indicator({ id: 'b', baseline: [2019, 0], target: [2024, 10], actuals: [[2021, 1]] }),
        owner: { type: 'project', id: 'p2' },
      },
      {
        ...indicator({ id: 'c', baseline: [2019, 0], target: [2024, 10] }),
        owner: { type: 'measure', id: 'zz' },
      },
    ],
  });

  it('finds goals through measures and projects', () => {
    expect(goalsOf(doc, { type: 'project', id: 'p1' })).toEqual(['g1']);
    expect(goalsOf(doc, { type: 'project', id: 'p2' })).toEqual(['g1', 'g2']);
    expect(goalsOf(doc, { type: 'measure', id: 'zz' })).toEqual([]);
    expect(goalsOf(doc, null)).toEqual([]);
  });

  it('counts every scheme status, in scheme order, with shares adding to 100', () => {
    const r = evaluateDocument(doc, { asOf: 2021, scheme: presets.standard });
    const overall = r.summary.overall;
    expect(overall.counts.map((c) => c.label)).toEqual(['目標達成', '順調', '概ね順調', '遅れ', '評価不能']);
    expect(overall.counts.map((c) => c.count)).toEqual([1, 0, 0, 1, 1]);
    expect(overall.lines).toEqual([
      '目標達成 1件(33.4%)',
      '順調 0件(0.0%)',
      '概ね順調 0件(0.0%)',
      '遅れ 1件(33.3%)',
      '評価不能 1件(33.3%)',
      '合計 3件(100%)',
    ]);
    expect(r.summary.byGoal.map((g) => [g.id, g.name, g.total])).toEqual([
      ['g1', '雇用', 2],
      ['g2', 'g2', 1],
      [null, '(基本目標なし)', 1],
    ]);
  });

  it('adds a slot for override labels that are not in the scheme', () => {
    const r = evaluateDocument(doc, {
      asOf: 2021,
      overrides: [
        { indicatorId: 'b', label: '進捗の遅れ（コロナ）', reason: 'r', by: 'x', at: '2022-01-01' },
      ],
    });
    const last = r.summary.overall.counts.at(-1);
    expect(last).toMatchObject({ label: '進捗の遅れ（コロナ）', count: 1 });
    expect(r.summary.overall.counts.find((c) => c.key === 'behind')?.count).toBe(0);
  });
});

describe('summary groups in JSON', () => {
  it('serialize their counts and lines, and build the counts once', () => {
    const doc = strategyDocumentSchema.parse({
      indicators: [
        indicator({
          id: 'a',
          baseline: [2019, 0],
          target: [2024, 10],
          actuals: [[2021, 10]],
          departments: ['課A'],
        }),
        indicator({
          id: 'b',
          baseline: [2019, 0],
          target: [2024, 10],
          actuals: [[2021, 1]],
          departments: ['課A', '課B', '課A'],
        }),
      ],
    });
    const s = evaluateDocument(doc, { asOf: 2021 }).summary;
    const json = JSON.parse(JSON.stringify(s));
    expect(json.overall).toEqual({
      id: null,
      name: '全体',
      total: 2,
      counts: s.overall.counts,
      lines: s.overall.lines,
    });
    expect(json.byDepartment.map((g: { name: string; total: number }) => [g.name, g.total])).toEqual([
      ['課A', 2],
      ['課B', 1],
    ]);
    expect(s.overall.counts).toBe(s.overall.counts);
    expect(s.byDepartment[0]?.counts.reduce((n, c) => n + c.count, 0)).toBe(2);
  });
});
