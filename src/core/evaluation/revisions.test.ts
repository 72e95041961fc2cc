import { describe, expect, it } from 'vitest';
import { strategyDocumentSchema } from '../interchange.ts';
import { evaluateDocument } from './evaluate.ts';
import { type FigureVersionInput, figureInForce, indicatorInForce, revisionText } from './revisions.ts';
import { indicator } from './test-helpers.ts';

// Baseline 100 (FY2019), target 200 (FY2024); the target is lowered to 170 from FY2023.
const visitors = indicator({
  id: 'k9',
  name: '観光交流施設の利用者数',
  unit: '千人',
  direction: 'increase',
  baseline: [2019, 100],
  target: [2024, 170],
  actuals: [
    [2020, 120],
    [2021, 140],
    [2022, 150],
    [2023, 160],
  ],
});
const versions: FigureVersionInput[] = [
  {
    indicatorId: 'k9',
    kind: 'target',
    version: 1,
    figure: { value: 200, fiscalYear: 2024, raw: '200千人' },
    effectiveYear: null,
    at: '2020-05-01T00:00:00.000Z',
    by: '取込',
    reason: null,
  },
  {
    indicatorId: 'k9',
    kind: 'target',
    version: 2,
    figure: { value: 170, fiscalYear: 2024, raw: '170千人' },
    effectiveYear: 2023,
    at: '2023-06-01T00:00:00.000Z',
    by: '企画 太郎',
    reason: '中間見直し (施設の改修による休館)',
  },
];
const doc = strategyDocumentSchema.parse({
  format: 'sousei-strategy',
  version: 1,
  strategy: { id: 's', name: '第2期', period: { from: 2020, to: 2024 } },
  goals: [],
  measures: [],
  indicators: [visitors],
});

describe('figureInForce', () => {
  it('takes the last version applying to the year: revisions from their effective year on', () => {
    expect(figureInForce(versions, 2022)?.version).toBe(1);
    expect(figureInForce(versions, 2023)?.version).toBe(2);
    expect(figureInForce(versions, 2030)?.version).toBe(2);
    expect(figureInForce([versions[1]!], 2022)).toBeNull();
    // A correction (no effective year) after a revision applies to every year.
    const corrected = [
      ...versions,
      { ...versions[0]!, version: 3, figure: { value: 180, fiscalYear: 2024 } },
    ];
    expect(figureInForce(corrected, 2021)?.version).toBe(3);
  });
});

describe('indicatorInForce', () => {
  it('puts back the target before the revision for earlier years and names the revision', () => {
    const before = indicatorInForce(visitors, versions, 2022);
    expect(before.indicator.target?.value).toBe(200);
    expect(before.revisions).toMatchObject([{ kind: 'target', state: 'later', effectiveYear: 2023 }]);
    const after = indicatorInForce(visitors, versions, 2023);
    expect(after.indicator).toBe(visitors); // the stored figure is the one in force
    expect(after.revisions).toEqual([
      {
        kind: 'target',
        state: 'applied',
        effectiveYear: 2023,
        date: '2023-06-01',
        by: '企画 太郎',
        reason: '中間見直し (施設の改修による休館)',
        value: 170,
        raw: '170千人',
        previous: { value: 200, raw: '200千人' },
      },
    ]);
    expect(revisionText(after.revisions)).toBe(
      '目標値は2023-06-01の変更 (2023年度から適用、200千人 → 170千人、理由: 中間見直し (施設の改修による休館)) によるものを用いた。',
    );
  });

  it('leaves an indicator without revisions (only versions applying to every year) untouched', () => {
    const r = indicatorInForce(visitors, [versions[0]!], 2022);
    expect(r.indicator).toBe(visitors);
    expect(r.revisions).toEqual([]);
  });
});

describe('evaluateDocument with revisions', () => {
  it('changes the status of the years from the effective year only, and the explanation says which target', () => {
    const plain = (asOf: number) => evaluateDocument(doc, { asOf }).results[0]!;
    const revised = (asOf: number) => evaluateDocument(doc, { asOf, revisions: versions }).results[0]!;
    // FY2022 is judged against 200: achievement 0.5 over 60% of the period, pace 0.83 → 概ね順調.
    expect(revised(2022).explanation.target?.value).toBe(200);
    expect(revised(2022).status.label).toBe('概ね順調');
    expect(revised(2022).metrics.pace).toBeCloseTo(0.5 / 0.6, 12);
    expect(revised(2022).explanation.text).toContain('この年度には変更前の値を用いた');
    // Without the history the stored 170 would have judged FY2022 too (pace (50/70)/0.6 ≥ 1 → 順調).
    expect(plain(2022).status.label).toBe('順調');
    // FY2023 is judged against 170: achievement 60/70 over 80% of the period, pace 1.07 → 順調.
    expect(revised(2023).explanation.target?.value).toBe(170);
    expect(revised(2023).status.label).toBe('順調');
    expect(revised(2023).explanation.text).toContain('目標値は2023-06-01の変更 (2023年度から適用');
    expect(revised(2023).status).toEqual(plain(2023).status);
    // Bulk runs (no text) carry the same revisions on the results and per index.
    const bulk = evaluateDocument(doc, { asOf: 2023, revisions: versions, text: false });
    expect(bulk.revisionsAt(0)).toHaveLength(1);
    expect(bulk.at(0).explanation.revisions?.[0]?.state).toBe('applied');
    expect(bulk.statusAt(0).label).toBe('順調');
  });
});
