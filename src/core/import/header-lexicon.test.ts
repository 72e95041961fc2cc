import { describe, expect, it } from 'vitest';
import { columnType, matchHeader } from './header-lexicon.ts';

describe('matchHeader', () => {
  it.each([
    ['基準値', 'baseline'],
    ['現状値', 'baseline'],
    ['策定時', 'baseline'],
    ['目標値', 'target'],
    ['指標値', 'target'],
    ['R6実績値', 'actual'],
    ['実績', 'actual'],
    ['担当課', 'department'],
    ['所管課', 'department'],
    ['指標の担当課', 'department'],
    ['事業主体', 'bodies'],
    ['KPI', 'kpiName'],
    ['KPI名称', 'kpiName'],
    ['項目名', 'kpiName'],
    ['指標名', 'kpiName'],
    ['重要業績評価指標 (KPI)名称', 'kpiName'],
    ['評価', 'status'],
    ['進捗状況', 'status'],
    ['達成度', 'status'],
    ['令和3年度 ①関連事業実施状況・②課題・③今後の方策等', 'commentary'],
    ['解説・算出方法等', 'definition'],
    ['数値目標・KPIの数', 'count'],
    ['【施策の概要】', 'summary'],
    ['一覧No.', 'listRef'],
    ['No.', 'no'],
    ['関連するSDGs', 'sdgs'],
    ['シティプロモーションの視点', 'viewpoint'],
    ['重点施策', 'priority'],
    ['第6次市総合計画の関連施策', 'relatedPlan'],
  ])('%s → %s', (text, field) => {
    expect(matchHeader(text)?.field).toBe(field);
  });
  it('is tolerant to full width, spaces and line breaks', () => {
    expect(matchHeader('目 標 値')?.field).toBe('target');
    expect(matchHeader('ＫＰＩ\n名称')?.field).toBe('kpiName');
  });
  it('reads year and generation from the header', () => {
    const m = matchHeader('第3期 (R7-11) KPI');
    expect(m).toMatchObject({ field: 'kpiName', generation: 3, year: 2025, yearTo: 2029 });
    expect(matchHeader('H30基準値')).toMatchObject({ field: 'baseline', year: 2018, score: 1 });
  });
  it('does not read data as headers', () => {
    expect(matchHeader('ハローワーク管内で新たに受付けた求人申込みの月平均件数')).toBeNull();
    expect(matchHeader('1,563件')).toBeNull();
  });
  it('gives each field a column type', () => {
    expect(columnType('baseline')).toBe('figure');
    expect(columnType('department')).toBe('dept');
    expect(columnType('kpiName')).toBe('label');
  });
});
