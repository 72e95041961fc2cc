import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from './grid.ts';
import { municipalityOf } from './narrative.ts';
import { recognize } from './recognize.ts';

function book(rows: (string | null)[][], file = 'narrative.csv'): GridWorkbook {
  return {
    sheets: [{ file, name: null, rows: rows.map((cells, i) => ({ row: i + 1, cells })), merges: [] }],
    encodings: { [file]: 'utf-8' },
  };
}

describe('municipalityOf', () => {
  it('reads the municipality before 総合戦略 or 人口ビジョン, without the generation words', () => {
    expect(municipalityOf('第2期〇〇市まち・ひと・しごと創生総合戦略')).toBe('〇〇市');
    expect(municipalityOf('さくら村人口ビジョン')).toBe('さくら村');
    expect(municipalityOf('第３期 みどり野町 総合戦略')).toBe('みどり野町');
  });
  it('leaves the date words of a title out of the name', () => {
    expect(municipalityOf('令和5年度みどり野市まち・ひと・しごと創生総合戦略 進捗状況')).toBe('みどり野市');
    expect(municipalityOf('令和元年度さくら町総合戦略')).toBe('さくら町');
    expect(municipalityOf('平成30年3月改訂 あおば村人口ビジョン')).toBe('あおば村');
  });
  it('reads nothing from a title that names no municipality', () => {
    expect(municipalityOf('総合戦略の推進について')).toBeNull();
    expect(municipalityOf('市総合戦略')).toBeNull();
    expect(municipalityOf('KPI一覧')).toBeNull();
  });
});

describe('text outside tables and narrative tables (through recognize)', () => {
  it('reads the title, the period, a goal with its direction and the role line above a table', () => {
    const res = recognize(
      book([
        ['# 第3期〇〇町総合戦略'],
        ['計画期間 令和7年度～令和11年度'],
        ['基本目標1 しごとをつくる 地域の産業を育て、若い世代が働き続けられる町をつくります'],
        ['■数値目標'],
        ['指標', '基準値(R5)', '目標値(R11)'],
        ['町内の就業者数', '3,000人', '3,200人'],
      ]),
    );
    const doc = res.document;
    expect(doc.municipality?.name).toBe('〇〇町');
    expect(doc.strategies?.map((s) => [s.generation, s.name, s.period])).toEqual([
      [3, '第3期〇〇町総合戦略', { from: 2025, to: 2029 }],
    ]);
    expect(doc.goals.map((g) => [g.code, g.name, g.description])).toEqual([
      ['1', 'しごとをつくる', '地域の産業を育て、若い世代が働き続けられる町をつくります'],
    ]);
    expect(doc.indicators.map((i) => [i.name, i.role, i.owner])).toEqual([
      ['町内の就業者数', 'numeric_target', { type: 'goal', id: 'goal-1' }],
    ]);
    expect(doc.narratives?.map((n) => [n.kind, n.text])).toEqual([
      ['heading', '第3期〇〇町総合戦略'],
      ['paragraph', '計画期間 令和7年度～令和11年度'],
    ]);
    expect(doc.unmapped).toEqual([]);
  });

  it('attaches a narrative table and the free text below a measure line to that measure', () => {
    const res = recognize(
      book([
        ['# 第3期〇〇町総合戦略'],
        ['基本目標1 しごとをつくる'],
        ['施策大項目1(1) 創業の支援 創業を志す人が町内で事業を始め、続けられるよう支えます'],
        ['【施策の概要】', '【主な取組】'],
        ['創業を志す人を支える。', '創業塾を開く。'],
        ['No. 3'],
        ['このページは事業の説明です。'],
      ]),
    );
    const doc = res.document;
    const [measure] = doc.measures;
    expect(measure).toMatchObject({
      code: '1(1)',
      name: '創業の支援',
      goalId: 'goal-1',
      summary: '創業を志す人が町内で事業を始め、続けられるよう支えます',
    });
    expect(measure!.narratives?.map((n) => [n.kind, n.title, n.text])).toEqual([
      ['summary', '【施策の概要】', '創業を志す人を支える。'],
      ['mainActions', '【主な取組】', '創業塾を開く。'],
      ['paragraph', '第3期〇〇町総合戦略', 'このページは事業の説明です。'],
    ]);
    // The `No. 3` line is a marker for the project sheet that would follow, not narrative text.
    expect(JSON.stringify(doc)).not.toContain('No. 3"');
    expect(res.report.tables.map((t) => t.kind)).toEqual(['section', 'narrative']);
    expect(doc.unmapped).toEqual([]);
  });
});
