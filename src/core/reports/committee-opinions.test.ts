import { describe, expect, it } from 'vitest';
import { reportDocument } from '../../../test/reports/fixture.ts';
import { evaluateDocument } from '../evaluation/evaluate.ts';
import { type CommitteeOpinion, committeeOpinions } from './committee-opinions.ts';
import { collectModel, type ReportRow } from './report-model.ts';

const doc = reportDocument();
const evaluation = evaluateDocument(doc, { asOf: 2021, text: false });
const texts = (r: ReportRow) => r.cells?.map((c) => c.text) ?? [];

const opinion = (o: Partial<CommitteeOpinion> & Pick<CommitteeOpinion, 'targetType' | 'targetId'>) => ({
  fiscalYear: 2021,
  body: '意見',
  response: null,
  respondedAt: null,
  ...o,
});

describe('committeeOpinions', () => {
  const opinions: CommitteeOpinion[] = [
    opinion({ targetType: 'indicator', targetId: 'x1', body: '相談の中身を分析すべき' }),
    opinion({
      targetType: 'measure',
      targetId: 'm1',
      body: '若者の雇用に重点を',
      response: '来年度から重点化します',
      respondedAt: '2022-02-10T09:00:00Z',
    }),
    opinion({ targetType: 'indicator', targetId: 'gone', body: '削除された指標への意見' }),
    opinion({ targetType: 'measure', targetId: 'm2', fiscalYear: 2020, body: '前年度の意見' }),
  ];
  const m = collectModel(
    committeeOpinions(doc, evaluation, opinions, { date: '2022-03-01', fiscalYear: 2021 }),
  );
  const rows = m.sections[0]?.tables[0]?.rows ?? [];

  it('lists the year’s opinions in strategy order under goal headings, each measure before its indicators', () => {
    expect(m.kind).toBe('committee-opinions');
    expect(m.title).toBe('有識者会議意見・対応方針一覧');
    expect(rows.map((r) => r.heading ?? texts(r)[1])).toEqual([
      '1 仕事をつくる',
      '1-(1) 雇用の場の確保',
      '相談件数',
      'その他',
      'gone',
    ]);
    expect(rows.some((r) => texts(r).includes('前年度の意見'))).toBe(false);
  });

  it('prints the response with its date and the state, and counts them in the section title', () => {
    const measure = rows.find((r) => texts(r)[1] === '1-(1) 雇用の場の確保')!;
    expect(texts(measure)[0]).toBe('施策');
    expect(texts(measure)[5]).toBe('来年度から重点化します（令和4年2月10日）');
    expect(texts(measure)[6]).toBe('回答済み');
    const indicator = rows.find((r) => texts(r)[1] === '相談件数')!;
    expect(texts(indicator)[3]).toBe('商工課'); // from its project
    expect(texts(indicator)[6]).toBe('未回答');
    expect(m.sections[0]?.title).toBe('意見 3件（回答済み 1件・未回答 2件）');
  });

  it('is an empty list, not an error, when there is no opinion', () => {
    const empty = collectModel(
      committeeOpinions(doc, evaluation, [], { date: '2022-03-01', fiscalYear: 2021 }),
    );
    expect(empty.sections[0]?.tables[0]?.rows).toEqual([]);
  });
});
