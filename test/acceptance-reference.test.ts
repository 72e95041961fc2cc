/**
 * Acceptance on three real municipal documents (PDF text, tab-separated) kept outside the repo in
 * ../shared/fixtures/reference. Skips when that folder is absent. Counts and figures asserted here
 * were read from the files by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GridWorkbook } from '../src/core/import/grid.ts';
import { type RecognizeResult, recognize } from '../src/core/import/recognize.ts';
import type { Indicator, StrategyDocument } from '../src/core/interchange.ts';
import { strategyDocumentSchema } from '../src/core/interchange.ts';

const dir = new URL('../../shared/fixtures/reference/', import.meta.url);

function load(name: string): RecognizeResult {
  const text = readFileSync(new URL(name, dir), 'utf8');
  const rows = text
    .split('\n')
    .map((line, i) => ({ row: i + 1, cells: line.replace(/\r$/, '').split('\t') }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  const workbook: GridWorkbook = {
    sheets: [{ file: name, name: null, rows, merges: [] }],
    encodings: { [name]: 'utf-8' },
  };
  return recognize(workbook);
}

function byName(doc: StrategyDocument, name: string, strategyId?: string): Indicator {
  const found = doc.indicators.filter((i) => i.name === name && (!strategyId || i.strategyId === strategyId));
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

function actual(ind: Indicator, year: number) {
  return ind.actuals.find((a) => a.fiscalYear === year);
}

describe.skipIf(!existsSync(dir))('reference documents', () => {
  describe('004: a KPI progress list', () => {
    const res = load('004_dc16f73320b311c9.txt');
    const doc = res.document;

    it('reads all 47 numeric targets and KPIs and covers ≥98% of cells', () => {
      expect(doc.indicators).toHaveLength(47);
      expect(res.report.coverage.ratio).toBeGreaterThanOrEqual(0.98);
      expect(res.report.coverage.mappedCells + doc.unmapped.length).toBe(res.report.coverage.nonEmptyCells);
      expect(strategyDocumentSchema.safeParse(doc).success).toBe(true);
    });

    it('keeps the reported statuses with consistent spacing', () => {
      const counts = new Map<string, number>();
      for (const i of doc.indicators)
        counts.set(i.reportedStatus!.label, (counts.get(i.reportedStatus!.label) ?? 0) + 1);
      expect(Object.fromEntries(counts)).toEqual({
        順調に進捗: 11,
        概ね順調に進捗: 18,
        '進捗の遅れ(コロナ)': 12,
        進捗の遅れ: 6,
      });
      expect(doc.indicators.every((i) => i.reportedStatus!.fiscalYear === 2021)).toBe(true);
    });

    it('reads the summary table as a summary, not as indicators', () => {
      expect(res.report.tables.map((t) => t.kind)).toEqual(['kpi_list', 'summary']);
    });

    it('reads baseline, FY2020 and FY2021 actuals and targets with their years', () => {
      const jobs = byName(doc, '新規求人数');
      expect(jobs.role).toBe('numeric_target');
      expect(jobs.baseline).toMatchObject({ value: 1563, fiscalYear: 2019, unit: '件' });
      expect(actual(jobs, 2020)?.value).toBe(1208);
      expect(actual(jobs, 2021)?.value).toBe(1320);
      expect(jobs.target).toMatchObject({ value: 1602, fiscalYear: 2024 });
      expect(jobs.departments).toEqual(['商工労働課']);
      expect(jobs.commentary?.[0]).toMatchObject({ fiscalYear: 2021, progress: 'なし' });

      const shipments = byName(doc, '製造品出荷額等');
      expect(shipments.role).toBe('kpi');
      expect(shipments.baseline).toMatchObject({ value: 1194200000000, fiscalYear: 2018 });
      expect(shipments.target).toMatchObject({ value: 1250000000000, fiscalYear: 2022 });
      expect(shipments.actuals.find((a) => a.state === 'pending')).toBeTruthy();

      const visitors = byName(doc, '年間観光入込客数');
      expect(visitors.baseline?.value).toBe(3310000);
      expect(actual(visitors, 2021)?.value).toBe(1630000);
      expect(visitors.reportedStatus?.label).toBe('進捗の遅れ(コロナ)');

      const rail = byName(doc, '鉄道利用者数');
      expect(rail.target).toMatchObject({ value: 4925000, fiscalYear: 2023 });
    });

    it('realigns the row shifted by one column', () => {
      const houses = byName(doc, '危険空き家除却件数');
      expect(houses.baseline).toMatchObject({ value: 30, fiscalYear: 2018 });
      expect(actual(houses, 2020)?.value).toBe(65);
      expect(actual(houses, 2021)?.value).toBe(76);
      expect(houses.target).toMatchObject({ value: 130, fiscalYear: 2023 });
      expect(houses.reportedStatus?.label).toBe('進捗の遅れ');
    });

    it('fills the goal and measure hierarchy down', () => {
      expect(doc.goals.map((g) => g.code)).toEqual(['1-1', '1-2', '2-1', '2-2', '3-1', '3-2']);
      const kpi = byName(doc, '創業相談件数');
      const measure = doc.measures.find((m) => m.id === kpi.owner?.id);
      expect(measure?.name).toBe('地域産業の活性化、付加価値の向上');
      expect(doc.goals.find((g) => g.id === measure?.goalId)?.code).toBe('1-1');
      expect(doc.strategy?.generation).toBe(2);
    });
  });
});
