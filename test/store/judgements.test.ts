/**
 * Judgements of record: the statuses a city published are stored at import as judgements of their
 * year (source `import`), exactly like planners' overrides; evaluations and documents show them
 * with the computed grade kept beside. Runs on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../src/services/context.ts';
import { evaluateStrategy } from '../../src/services/figures/evaluation.ts';
import { putOverride } from '../../src/services/figures/overrides.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { fileBytes, renderReport } from '../../src/services/reports/reports.ts';
import { listOverrides } from '../../src/store/overrides.ts';
import { dialectsToRun, type TestDb } from './dialects.ts';

const doc = {
  municipality: { name: '判定市' },
  strategy: { id: 's2', name: '第2期', generation: 2, period: { from: 2020, to: 2024 } },
  indicators: [
    {
      id: 'a',
      name: '転入者数',
      unit: '人',
      baseline: { value: 100, fiscalYear: 2019 },
      target: { value: 200, fiscalYear: 2024 },
      actuals: [
        { value: 110, fiscalYear: 2020 },
        { value: 115, fiscalYear: 2021 },
      ],
      // published in April 2022 (FY2022) about the FY2021 figures
      reportedStatus: { label: '概ね順調に進捗', fiscalYear: 2022, raw: '概ね順調に進捗' },
    },
    {
      id: 'b',
      name: '観光客数',
      unit: '人',
      baseline: { value: 1000, fiscalYear: 2019 },
      target: { value: 1200, fiscalYear: 2024 },
      actuals: [{ value: 500, fiscalYear: 2021 }],
      reportedStatus: { label: '進捗の遅れ（コロナ）', fiscalYear: 2021, raw: '進捗の遅れ（コロナ）' },
    },
    {
      id: 'c',
      name: '相談件数',
      unit: '件',
      baseline: { value: 10, fiscalYear: 2019 },
      target: { value: 20, fiscalYear: 2024 },
      actuals: [{ value: 20, fiscalYear: 2021 }],
    },
  ],
};

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`judgements of record on ${dialect.name}`, () => {
    let t: TestDb;
    let strategyId: string;
    const ctx = systemContext({ now: () => new Date('2025-06-01T00:00:00Z') });
    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, ctx, doc);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('stores each published status as the judgement of record of the year it judges', async () => {
      const stored = await listOverrides(t.db, { strategyId });
      expect(stored.map((o) => [o.status, o.fiscalYear, o.source]).sort()).toEqual([
        ['概ね順調に進捗', 2021, 'import'],
        ['進捗の遅れ（コロナ）', 2021, 'import'],
      ]);
      expect(stored.every((o) => o.reason.startsWith('取込'))).toBe(true);
    });

    it('evaluates with the judgement of record and keeps the computed grade', async () => {
      const r = await evaluateStrategy(t.db, ctx, strategyId, { asOf: 2021 });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const e = r.value.evaluation;
      const byName = (n: string) => e.results.find((x) => x.name === n)!;
      expect(byName('転入者数').status.label).toBe('概ね順調に進捗');
      expect(byName('転入者数').override?.source).toBe('import');
      expect(byName('転入者数').computed.label).toBe('遅れ');
      expect(byName('相談件数').status).toMatchObject({ label: '目標達成', source: 'computed' });
      const counts = e.summary.overall.counts.filter((c) => c.count > 0).map((c) => [c.label, c.count]);
      expect(counts).toEqual(
        expect.arrayContaining([
          ['概ね順調に進捗', 1],
          ['進捗の遅れ（コロナ）', 1],
          ['目標達成', 1],
        ]),
      );
    });

    it('a planner changing an imported judgement makes it the planner’s (the computed grade stays)', async () => {
      const ind = await t.db
        .selectFrom('indicators')
        .select('id')
        .where('ref', '=', 'b')
        .executeTakeFirstOrThrow();
      const before = (await listOverrides(t.db, { indicatorId: ind.id }))[0]!;
      const r = await putOverride(t.db, ctx, ind.id, 2021, {
        label: '進捗の遅れ',
        reason: '再評価',
        version: before.version,
      });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value).toMatchObject({ source: 'planner', status: '進捗の遅れ', version: before.version + 1 });
    });

    it('the KPI list shows the judgement of record and the computed grade beside it', async () => {
      const r = await evaluateStrategy(t.db, ctx, strategyId, { asOf: 2021, text: false });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      const out = await renderReport(r.value.loaded.doc, r.value.evaluation, 'kpi-list', 'json', {
        date: '2025-06-01',
      });
      if (!out.ok) throw new Error(JSON.stringify(out.error));
      const model = JSON.parse(new TextDecoder().decode(await fileBytes(out.value)));
      const table = model.sections[0].tables[0];
      const col = (h: string) => table.columns.findIndex((c: { header: string }) => c.header === h);
      const row = table.rows.find((x: { cells?: { text: string }[] }) => x.cells?.[1]?.text === '転入者数');
      expect(row.cells[col('進捗状況')].text).toBe('概ね順調に進捗');
      expect(row.cells[col('算定評価(異なる場合)')].text).toBe('遅れ');
    });
  });
}
