/**
 * A document holding a finished period and the next one (test/periods/two-period-fixture.ts),
 * imported directly (recognition → importDocument) and through the import wizard (preview →
 * commit): the next period's strategy follows the finished one, the finished period keeps its own
 * 施策の概要, 主な取組 and 総括, and its period review groups its KPIs by 基本目標 and 施策, each
 * with the city's grade, its measure's 総括 and the next period's KPI beside it. A second document
 * (PERIOD_COLUMN_LINES) heads its measure table's columns with the periods' names: its 第2期
 * column is the 総括 beside each KPI, its 第3期 columns the next period's texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recognize } from '../../src/core/import/recognize.ts';
import type { CollectedReportModel, CollectedTable } from '../../src/core/reports/report-model.ts';
import { systemContext } from '../../src/services/context.ts';
import { commitImport } from '../../src/services/import/import-commit.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { previewImport } from '../../src/services/import/import-preview.ts';
import { fileBytes, strategyReport } from '../../src/services/reports/reports.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { PERIOD_COLUMN_LINES, TWO_PERIOD_LINES } from './two-period-fixture.ts';

const ctx = systemContext({ now: () => new Date('2025-06-01T00:00:00Z') });

function recognized(lines = TWO_PERIOD_LINES) {
  const rows = lines.map((l, i) => ({ row: i + 1, cells: l.split('\t') }));
  return recognize({ sheets: [{ file: 'review.txt', name: null, rows, merges: [] }], encodings: {} })
    .document;
}

/** Each KPI row of the review: its name, grade, 総括, next period's handling and KPI, under which headings. */
function reviewRows(table: CollectedTable) {
  const at = (header: string) => table.columns.findIndex((c) => c.header === header);
  const [name, grade, summary, change] = [
    at('第2期総合戦略 指標名'),
    at('評価'),
    at('総括'),
    at('次期の扱い'),
  ];
  const next = table.columns.findIndex((c) => c.header.startsWith('第3期') && c.header.endsWith('指標名'));
  const headings: string[] = [];
  const rows: Record<string, string>[] = [];
  for (const r of table.rows) {
    if (r.cells == null) headings.push(r.heading);
    else
      rows.push({
        name: r.cells[name]!.text,
        grade: r.cells[grade]!.text,
        summary: r.cells[summary]!.text,
        change: r.cells[change]!.text,
        next: r.cells[next]!.text,
        under: headings.at(-1) ?? '',
      });
  }
  return { headings, rows };
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`a document of two periods, its period review, on ${dialect.name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await dialect.open();
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    const strategiesOf = (municipalityId: string) =>
      t.db
        .selectFrom('strategies')
        .select(['id', 'generation', 'predecessor_id'])
        .where('municipality_id', '=', municipalityId)
        .orderBy('generation')
        .execute();
    const report = async (strategyId: string, format: 'json' | 'html') => {
      const r = await strategyReport(t.db, ctx, strategyId, 'period-review', format, { date: '2025-06-01' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return new TextDecoder().decode(await fileBytes(r.value));
    };

    async function checkReview(municipalityId: string) {
      const [second, third] = await strategiesOf(municipalityId);
      expect([second?.generation, third?.generation]).toEqual([2, 3]);
      expect(third!.predecessor_id).toBe(second!.id);
      expect(second!.predecessor_id).toBeNull();

      const m = JSON.parse(await report(second!.id, 'json')) as CollectedReportModel;
      const { headings, rows } = reviewRows(m.sections[0]!.tables[0]!);
      expect(headings).toEqual([
        '基本目標1 しごとをつくる',
        '1(1) 創業の支援',
        '基本目標2 ひとをよぶ',
        '2(1) 移住の促進',
        '次期の新規指標',
      ]);
      const first = '施策の総括 (① 創業相談の充実): 相談は目標を超えたが空き店舗の活用は進まなかった。';
      const second2 = '施策の総括 (① 移住相談の強化): 相談会を年二回開き相談件数はほぼ目標に届いた。';
      expect(rows).toEqual([
        {
          name: '市内事業所数',
          grade: 'B',
          summary: '',
          change: '継続',
          next: '市内事業所数',
          under: '基本目標1 しごとをつくる',
        },
        {
          name: '創業相談件数',
          grade: 'A+',
          summary: first,
          change: '継続',
          next: '創業相談件数',
          under: '1(1) 創業の支援',
        },
        {
          name: '空き店舗活用数',
          grade: 'C',
          summary: first,
          change: '削除',
          next: '',
          under: '1(1) 創業の支援',
        },
        {
          name: '転入者数',
          grade: 'B',
          summary: '',
          change: '継続',
          next: '転入者数',
          under: '基本目標2 ひとをよぶ',
        },
        {
          name: '移住相談件数',
          grade: 'A-',
          summary: second2,
          change: '継続',
          next: '移住相談件数',
          under: '2(1) 移住の促進',
        },
        {
          name: '',
          grade: '',
          summary: '',
          change: '新規',
          next: 'お試し住宅の利用者数',
          under: '次期の新規指標',
        },
      ]);

      // The measures' texts: the finished period's in its columns, the next period's beside them.
      const measures = m.sections.find((s) => s.id === 'measures')!.tables[0]!;
      expect(measures.columns.map((c) => c.header)).toEqual([
        '基本目標',
        '施策',
        '施策の概要',
        '主な取組',
        '総括 (第2期総合戦略)',
        expect.stringMatching(/^第3期架空.市総合戦略$/u),
      ]);
      expect(measures.rows.map((r) => r.cells!.map((c) => c.text))).toEqual([
        [
          '1 しごとをつくる',
          '① 創業相談の充実',
          '相談窓口を置き創業を支える。',
          '窓口の運営',
          '相談は目標を超えたが空き店舗の活用は進まなかった。',
          '施策の概要: 相談を予約制にして待ち時間をなくす。\n主な取組: 予約制の窓口',
        ],
        [
          '2 ひとをよぶ',
          '① 移住相談の強化',
          '移住の相談に一か所で応じる。',
          '移住相談会',
          '相談会を年二回開き相談件数はほぼ目標に届いた。',
          '施策の概要: お試し住宅で暮らしを体験してもらう。\n主な取組: お試し住宅の運営',
        ],
      ]);
      // The next period's own review holds its own texts only (the 総括 is the finished period's).
      const own = JSON.parse(await report(third!.id, 'json')) as CollectedReportModel;
      const ownTexts = JSON.stringify(own.sections.find((s) => s.id === 'measures')?.tables[0]?.rows ?? []);
      expect(ownTexts).toContain('予約制の窓口');
      expect(ownTexts).not.toContain('空き店舗の活用は進まなかった');

      // The printed page: every section has rows, no value leaks as null or undefined.
      const html = await report(second!.id, 'html');
      expect(html).toContain('施策の総括 (① 創業相談の充実)');
      expect(html).not.toMatch(/>\s*(?:null|undefined|NaN)\s*</u);
      for (const s of m.sections)
        expect(
          s.tables.every((x) => x.rows.length > 0),
          s.id,
        ).toBe(true);
    }

    it('imported directly: linked, grouped, each KPI with its 総括 and its successor', async () => {
      const r = await importDocument(t.db, ctx, recognized(), { source: 'review.txt' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      await checkReview(r.value.municipalityId);
    });

    it('a measure table headed by the periods’ names: the 第2期 column is each KPI’s 総括, the 第3期 columns the next period’s texts', async () => {
      const r = await importDocument(t.db, ctx, recognized(PERIOD_COLUMN_LINES), { source: 'columns.txt' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const [second, third] = await strategiesOf(r.value.municipalityId);
      expect(third!.predecessor_id).toBe(second!.id);
      const m = JSON.parse(await report(second!.id, 'json')) as CollectedReportModel;
      const summary = '施策の総括 (① 健診の充実): 休日健診を始め受診者は目標に近づいた。';
      expect(
        reviewRows(m.sections[0]!.tables[0]!).rows.map((x) => [x.name, x.grade, x.summary, x.next]),
      ).toEqual([
        ['健診受診者数', 'A-', summary, '健診受診者数'],
        ['教室参加者数', 'A-', summary, '教室参加者数'],
      ]);
      const measures = m.sections.find((s) => s.id === 'measures')!.tables[0]!;
      expect(measures.rows.map((x) => x.cells!.map((c) => c.text))).toEqual([
        [
          '1 まちを支える',
          '① 健診の充実',
          '健診を受けやすくする。',
          '・休日健診',
          '休日健診を始め受診者は目標に近づいた。',
          // (the cells right of the periods' columns are, as any unassigned text, the main period's)
          '【施策の概要】 健診の案内を個別に送る。\n【主な取組】 ・個別案内\n担当課: 保健課\n継続',
        ],
      ]);
    });

    it('imported through the wizard (preview, commit): the same', async () => {
      const bytes = new TextEncoder().encode(TWO_PERIOD_LINES.join('\n').replace('架空台市', '架空岬市'));
      const preview = await previewImport(t.db, ctx, { fileName: 'review.txt', bytes });
      if (!preview.ok) throw new Error(JSON.stringify(preview.error));
      const committed = await commitImport(t.db, ctx, preview.value.id, preview.value.version);
      if (!committed.ok) throw new Error(JSON.stringify(committed.error));
      expect(committed.value.plan.strategies.map((s) => [s.generation, s.predecessorRef])).toEqual(
        expect.arrayContaining([
          [3, 'strategy-2'],
          [2, null],
        ]),
      );
      await checkReview(committed.value.municipalityId);
    });
  });
}
