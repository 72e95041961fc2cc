import { describe, expect, it } from 'vitest';
import { reportDocument } from '../../../test/reports/fixture.ts';
import { evaluateDocument } from '../evaluation/evaluate.ts';
import { periodReview } from './period-review.ts';
import { collectModel } from './report-model.ts';

const options = { date: '2025-06-01' };

/** The 総括 cell of each finished-period KPI of the review, by name. */
function summaries(doc: ReturnType<typeof reportDocument>): Record<string, string> {
  const t = collectModel(periodReview(doc, evaluateDocument(doc, { asOf: 2021, text: false }), options))
    .sections[0]!.tables[0]!;
  const [name, summary] = [0, t.columns.findIndex((c) => c.header === '総括')];
  return Object.fromEntries(
    t.rows.flatMap((r) => (r.cells?.[name]?.text ? [[r.cells[name]!.text, r.cells[summary]!.text]] : [])),
  );
}

describe('periodReview: the 総括 beside a KPI', () => {
  it('is the KPI’s own summary, else its measure’s 総括 of the finished period, else its sub-measures’, headed as such', () => {
    const doc = reportDocument();
    doc.measures = [
      ...doc.measures.map((m) =>
        m.id === 'm1'
          ? {
              ...m,
              narratives: [
                { kind: 'overall', text: '求人は戻りつつある' },
                // the next period's text of the same measure is not the finished period's 総括
                { kind: 'overall', text: '次期の見通し', strategyId: 'p3' },
                { kind: 'mainActions', text: '説明会' },
              ],
            }
          : m,
      ),
      {
        id: 'm2a',
        goalId: 'g2',
        parentId: 'm2',
        code: '①',
        name: '相談窓口',
        narratives: [{ kind: 'overall', text: '窓口を一本化した' }],
      },
      {
        id: 'm2b',
        goalId: 'g2',
        parentId: 'm2',
        code: '②',
        name: '体験住宅',
        narratives: [{ kind: 'overall', text: '利用が伸びた' }],
      },
    ];
    const k2 = doc.indicators.find((i) => i.id === 'k2')!.name;
    expect(summaries(doc)).toMatchObject({
      新規求人数: '施策の総括: 求人は戻りつつある',
      [k2]: '施策の総括 (① 相談窓口): 窓口を一本化した\n施策の総括 (② 体験住宅): 利用が伸びた',
    });
    // the KPI's own 総括 (its commentary's summary) comes first
    doc.indicators.find((i) => i.id === 'k1')!.commentary = [{ fiscalYear: 2021, summary: '目標に近づいた' }];
    expect(summaries(doc).新規求人数).toBe('目標に近づいた');
  });

  it('is empty when neither the KPI nor its measure has one', () => {
    const doc = reportDocument();
    const k2 = doc.indicators.find((i) => i.id === 'k2')!.name;
    expect(summaries(doc)[k2]).toBe('');
  });
});
