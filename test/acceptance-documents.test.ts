/**
 * Acceptance of the documents a city publishes, on the three reference documents kept outside the
 * repo (../shared/fixtures/reference; skipped when absent, failing in CI): each is recognized, imported through
 * the service into a fresh database, and its document produced from the stored strategy.
 * Figures asserted here were read from the files by hand.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridWorkbook } from '../src/core/import/grid.ts';
import { recognize } from '../src/core/import/recognize.ts';
import type { ReportModel } from '../src/core/reports/report-model.ts';
import { systemContext } from '../src/services/context.ts';
import { proposeScheme } from '../src/services/evaluation.ts';
import { importDocument } from '../src/services/import-document.ts';
import { strategyReport } from '../src/services/reports.ts';
import { REFERENCE_DIR, referenceDocuments } from './optional.ts';
import { hasChromium, launch, printCheck } from './reports/pdf-check.ts';
import { DIALECTS, type TestDb } from './store/dialects.ts';

const present = referenceDocuments();
const ctx = systemContext({ now: () => new Date('2025-06-01T00:00:00Z') });

function recognized(name: string) {
  const text = readFileSync(REFERENCE_DIR + name, 'utf8');
  const rows = text
    .split('\n')
    .map((line, i) => ({ row: i + 1, cells: line.replace(/\r$/, '').split('\t') }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  const workbook: GridWorkbook = {
    sheets: [{ file: name, name: null, rows, merges: [] }],
    encodings: { [name]: 'utf-8' },
  };
  return recognize(workbook).document;
}

describe.skipIf(!present)('documents from the reference imports', () => {
  let t: TestDb;
  const ids = new Map<string, { strategyIds: string[] }>();
  beforeAll(async () => {
    t = await DIALECTS.find((d) => d.name === 'sqlite')!.open();
    for (const name of ['004_dc16f73320b311c9.txt', '002_74bc9d9ecc966527.txt', '000_e54ae924d7379e4f.txt']) {
      const r = await importDocument(t.db, ctx, recognized(name), { source: name });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const strategies = await t.db
        .selectFrom('strategies')
        .select(['id', 'generation'])
        .where('municipality_id', '=', r.value.municipalityId)
        .orderBy('generation')
        .execute();
      ids.set(name.slice(0, 3), { strategyIds: strategies.map((s) => s.id) });
    }
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const model = async (
    code: string,
    kind: Parameters<typeof strategyReport>[3],
    strategy = 0,
    extra = {},
  ) => {
    const id = ids.get(code)!.strategyIds[strategy]!;
    const r = await strategyReport(t.db, ctx, id, kind, 'json', {
      date: '2025-06-01',
      title: '検証用の資料',
      municipality: '検証市',
      ...extra,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return JSON.parse(new TextDecoder().decode(r.value.bytes)) as ReportModel;
  };
  const column = (m: ReportModel, header: string, section = 0) => {
    const table = m.sections[section]!.tables[0]!;
    const i = table.columns.findIndex((c) => c.header === header);
    expect(i, header).toBeGreaterThanOrEqual(0);
    return table.rows.filter((r) => r.cells).map((r) => r.cells![i]!.text);
  };

  it('004: the KPI list shows the city’s 47 labels and its count table 11 / 18 / 12 / 6', async () => {
    const m = await model('004', 'kpi-list');
    expect(m).toMatchObject({ title: '検証用の資料', municipality: '検証市', dateText: '令和7年6月1日' });
    const labels = column(m, '進捗状況');
    expect(labels).toHaveLength(47);
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      順調に進捗: 11,
      概ね順調に進捗: 18,
      '進捗の遅れ(コロナ)': 12,
      進捗の遅れ: 6,
    });
    const summary = m.sections[1]!.tables[0]!.rows.map((r) => [r.cells![0]!.text, r.cells![1]!.value]);
    expect(summary.at(-1)).toEqual(['合計', 47]);
    expect(summary.slice(0, -1)).toHaveLength(4);
    expect(summary.slice(0, -1)).toEqual(
      expect.arrayContaining([
        ['順調に進捗', 11],
        ['概ね順調に進捗', 18],
        ['進捗の遅れ(コロナ)', 12],
        ['進捗の遅れ', 6],
      ]),
    );
    // the computed grade stands beside where it differs (e.g. 新規求人数: 概ね順調に進捗 / 遅れ)
    const names = column(m, '指標名');
    expect(column(m, '算定評価(異なる場合)')[names.indexOf('新規求人数')]).toBe('遅れ');
    // figures with an in-cell year stay in the document's two year columns
    expect(m.sections[0]!.tables[0]!.columns.filter((c) => c.header.endsWith('実績値'))).toHaveLength(2);
  });

  it('004: the learned scheme agrees with the city clearly more than the standard scheme', async () => {
    const r = await proposeScheme(t.db, ctx, ids.get('004')!.strategyIds[0]!, null);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.before).toEqual({ agree: 25, total: 47 });
    expect(r.value.after.agree).toBeGreaterThanOrEqual(34);
    expect(r.value.disagreements).toHaveLength(47 - r.value.after.agree);
    expect(r.value.reasonClasses.map((c) => c.base)).toEqual(['進捗の遅れ']);
  });

  it('002: the period review shows every 第2期 KPI’s grade as published, and its 総括 column', async () => {
    const m = await model('002', 'period-review', 0);
    // The column is headed with the strategy's name (a bare 「第2期」 is stored as 「第2期総合戦略」).
    const names = column(m, '第2期総合戦略 指標名');
    const grades = column(m, '評価');
    const published = recognized('002_74bc9d9ecc966527.txt').indicators.filter(
      (i) => i.strategyId === 'strategy-2' && i.reportedStatus,
    );
    expect(published.length).toBeGreaterThanOrEqual(27);
    for (const ind of published) {
      const rows = names.flatMap((n, k) => (n === ind.name ? [k] : []));
      expect(rows.length, ind.name).toBeGreaterThan(0);
      expect(
        rows.map((k) => grades[k]),
        ind.name,
      ).toContain(ind.reportedStatus!.label);
    }
    expect(m.sections[0]!.tables[0]!.columns.map((c) => c.header)).toContain('総括');
    // The import stores goals and measures with the 第3期 strategy, so the stored 第2期 review is
    // not grouped yet and has no measure texts; the 第3期 strategy has them.
    const third = await model('002', 'period-review', 1);
    expect(third.sections.find((x) => x.id === 'measures')?.tables[0]?.rows.length).toBeGreaterThan(0);
  });

  it('000: the project sheets give the priority projects with their 設定指標 and targets', async () => {
    const doc = recognized('000_e54ae924d7379e4f.txt');
    const priority = doc.projects.filter((p) => p.priority);
    const m = await model('000', 'project-sheets');
    expect(m.sections[0]!.title).toBe('重点施策一覧');
    expect(m.sections).toHaveLength(1 + priority.length);
    // every 設定指標 the import read for a priority project is on its sheet with its target
    for (const p of priority) {
      const sheet = m.sections.find((s) => s.title === [p.code, p.name].filter(Boolean).join(' '));
      expect(sheet, p.name).toBeTruthy();
      const table = sheet!.tables.find((x) => x.id === 'indicators')!;
      const own = doc.indicators.filter((i) => i.owner?.type === 'project' && i.owner.id === p.id);
      expect(table.rows.map((r) => r.cells![0]!.text)).toEqual(own.map((i) => i.name));
      const target = table.columns.findIndex((c) => c.header === '目標値');
      own.forEach((ind, k) => {
        if (ind.target?.value != null) expect(table.rows[k]!.cells![target]!.value).toBe(ind.target.value);
      });
    }
  });

  it('000: the project sheets give the 設定指標 as the source prints them, with 実績 where it has one', async () => {
    const m = await model('000', 'project-sheets');
    // name → [設定指標 name, target, latest actual or null], read from the source file by hand
    const expected: Record<string, [string, number, number | null][]> = {
      新規就農者支援事業: [['農業次世代人材投資資金 新規認定数', 10, null]],
      伊万里梨産地強化支援事業: [
        ['梨園を守る会', 6, null],
        ['就農研修者', 3, null],
        ['改植新植', 500, null],
        ['園地流動化', 570, null],
      ],
      伊万里牛産地強化支援事業: [['市内肥育農家の飼養頭数維持', 7480, 7712]],
      工場等設置奨励事業: [['設備投資件数', 60, 13]],
      病後児保育事業: [['年間利用者数', 50, 0]],
      児童福祉総務事業: [
        ['研修会開催回数/年', 3, 0],
        ['研修会参加人数/延べ', 350, null],
      ],
      子育て支援センター管理運営事業: [['子育て支援センター利用者数', 11000, 6233]],
      子育てファミリーサポートセンター運営事業: [['ファミリーサポートセンター利用件数', 130, 488]],
      病院群輪番制病院運営事業: [
        ['実施医療機関', 9, null],
        ['診療日数', 70, null],
        ['患者数', 900, null],
      ],
      コミュニティバス等運行事業: [['いまりんバスの利用者数', 275000, null]],
      市民活動促進事業: [['年間採択(応募)件数', 40, null]],
    };
    for (const [name, rows] of Object.entries(expected)) {
      const sheet = m.sections.find((s) => s.title.endsWith(` ${name}`) || s.title === name);
      expect(sheet, name).toBeTruthy();
      const table = sheet!.tables.find((x) => x.id === 'indicators')!;
      const col = (h: string) => table.columns.findIndex((c) => c.header === h);
      const got = table.rows
        .filter((r) => r.cells)
        .map((r) => [
          r.cells![0]!.text,
          r.cells![col('目標値')]!.value,
          r.cells![col('最新の実績値')]!.value ?? null,
        ]);
      for (const row of rows) expect(got, name).toContainEqual(row);
    }
    // 実績・予定 split: the year of the source's dated actuals (令和2年度) is a result, later years plans
    const factory = m.sections.find((s) => s.title.endsWith(' 工場等設置奨励事業'))!;
    const years = factory.tables.find((x) => x.columns.some((c) => c.header === '計画'))!;
    const yearRows = years.rows.filter((r) => r.cells).map((r) => r.cells!.map((c) => c.text));
    expect(yearRows[0]).toEqual(['令和2年度', '', '・設備投資件数13件']);
    expect(yearRows[1]![1]).toBe('・設備投資件数12件');
    expect(yearRows[1]![2]).toBe('');
    // 担当課 from the 事業主体 (`市 (…課)`) on the priority sheets
    const overview = m.sections[0]!.tables[0]!;
    const dept = overview.columns.findIndex((c) => c.header === '担当課');
    const first = overview.rows.filter((r) => r.cells?.[1]?.text);
    expect(first.length).toBeGreaterThan(40);
    const empty = first.filter((r) => !r.cells![dept]!.text);
    // the one left is run by an association alone (its 事業主体 names no 課)
    expect(empty.map((r) => r.cells![1]!.text)).toEqual(['婚活推進事業']);
  });

  it('000: the project list and the KPI table by hierarchy number every project', async () => {
    const list = await model('000', 'project-list');
    const numbers = column(list, 'No.').filter(Boolean);
    expect(new Set(numbers).size).toBe(127);
    const hierarchy = await model('000', 'kpi-hierarchy');
    expect(hierarchy.sections[0]!.tables[0]!.rows.length).toBeGreaterThanOrEqual(127);
  });

  it.skipIf(!hasChromium)(
    'every document of every reference strategy prints to PDF without a leaked value in any cell',
    async () => {
      const browser = await launch();
      try {
        for (const [code, { strategyIds }] of ids)
          for (const [k, id] of strategyIds.entries())
            for (const kind of [
              'kpi-list',
              'period-review',
              'project-sheets',
              'project-list',
              'kpi-hierarchy',
              'status-summary',
            ] as const) {
              const r = await strategyReport(t.db, ctx, id, kind, 'html', { date: '2025-06-01' });
              if (!r.ok) throw new Error(JSON.stringify(r.error));
              const check = await printCheck(
                browser,
                new TextDecoder().decode(r.value.bytes),
                `reference-${code}-${k}-${kind}`,
              );
              expect(check.leaks, `${code} ${kind}`).toEqual([]);
              expect(check.pages, `${code} ${kind}`).toBeGreaterThanOrEqual(check.sections);
            }
      } finally {
        await browser.close();
      }
    },
    600_000,
  );
});
