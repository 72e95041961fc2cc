import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnType, HEADER_LEXICON, matchHeader } from './header-lexicon.ts';
import { stripYears } from './header-year.ts';
import { normalizeKey } from './text.ts';

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
    ['指標の名称', 'kpiName'],
    ['現況値', 'baseline'],
    ['区分', 'role'],
    ['目標年次', 'targetYear'],
    ['目標年度', 'targetYear'],
    ['基準年度', 'baselineYear'],
    ['現況値の年度', 'baselineYear'],
    ['目標値の年度', 'targetYear'],
    ['年度', 'year'],
    ['実績年度', 'year'],
    ['事業番号', 'no'],
    ['主管課', 'department'],
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
  it('reads the unit a header gives to plain numbers, and no unit from years or qualifiers', () => {
    expect(matchHeader('目標値(%)')).toMatchObject({ field: 'target', score: 1, unit: '%' });
    expect(matchHeader('基準値（単位：千円）')).toMatchObject({ field: 'baseline', unit: '千円' });
    expect(matchHeader('R5実績(人)')).toMatchObject({ field: 'actual', year: 2023, unit: '人' });
    expect(matchHeader('基準値(H30)')?.unit).toBeNull();
    expect(matchHeader('目標値(累計)')?.unit).toBeNull();
    expect(matchHeader('重要業績評価指標 (KPI)')?.unit).toBeNull();
  });
  it('gives each field a column type', () => {
    expect(columnType('baseline')).toBe('figure');
    expect(columnType('department')).toBe('dept');
    expect(columnType('kpiName')).toBe('label');
  });
});

describe('matchHeader scoring', () => {
  /** The scoring written the plain way: every term of every entry, normalized on the spot. */
  function plainBest(key: string): { field: string; score: number } | null {
    let best: { field: string; score: number } | null = null;
    for (const entry of HEADER_LEXICON) {
      for (const raw of entry.terms) {
        const term = normalizeKey(raw);
        let score = 0;
        if (!term) score = 0;
        else if (key === term) score = 1;
        else if (key.replace(/[・.]/g, '') === term.replace(/[・.]/g, '') && term.replace(/[・.]/g, ''))
          score = 0.98;
        else if (key.endsWith(term)) score = 0.6 + 0.4 * (term.length / key.length);
        else if (key.startsWith(term) || key.includes(term)) score = 0.45 + 0.4 * (term.length / key.length);
        if (score > (best?.score ?? 0)) best = { field: entry.field, score };
      }
    }
    if (best && best.field === 'year') best = { ...best, field: plainYearOf(key) };
    return best && best.score >= 0.45 ? best : null;
  }

  /** Whose year a year header names, the plain way: the best figure word before the year word. */
  function plainYearOf(key: string): string {
    const head = key.replace(/(?:の)?(?:年度|年次|年|時点)$/u, '');
    if (!head || head === key) return 'year';
    let field = 'year';
    let best = 0;
    for (const entry of HEADER_LEXICON) {
      if (!['baseline', 'target', 'actual'].includes(entry.field)) continue;
      for (const raw of entry.terms) {
        const term = normalizeKey(raw);
        let score = 0;
        if (head === term) score = 1;
        else if (head.replace(/[・.]/g, '') === term.replace(/[・.]/g, '')) score = 0.98;
        else if (head.endsWith(term)) score = 0.6 + 0.4 * (term.length / head.length);
        else if (head.includes(term)) score = 0.45 + 0.4 * (term.length / head.length);
        if (score > best) {
          best = score;
          field =
            entry.field === 'baseline' ? 'baselineYear' : entry.field === 'target' ? 'targetYear' : 'year';
        }
      }
    }
    return best >= 0.6 ? field : 'year';
  }

  it('picks the same field and score as trying every term in order', () => {
    const words = HEADER_LEXICON.flatMap((e) => e.terms);
    const piece = fc.oneof(
      fc.constantFrom(...words),
      fc.constantFrom('・', '.', 'の', '数', '値', 'A', '等'),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.join('');
        const m = matchHeader(text);
        const key = normalizeKey(stripYears(text.trim())).replace(/[・:：.、,]+$/u, '');
        const plain = key && key.length <= 40 && text.trim().length <= 60 ? plainBest(key) : null;
        expect(m ? { field: m.field, score: m.score } : null).toEqual(plain);
      }),
      { numRuns: 2000 },
    );
  });
});
