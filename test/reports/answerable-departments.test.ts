/**
 * The one rule of answerable departments (core/answerable-departments.ts: an indicator's own 担当課,
 * else its project's) where a strategy is read for evaluation and documents: the dashboard's
 * breakdown by department, the KPI list's 担当課, the open data and the public pages. The small
 * fixture strategy, whose project 創業塾 (商工観光課) has indicators with no department of their
 * own (k3, and a KPI k5 added here) beside one with its own (k4: 企画政策課).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectedReportModel } from '../../src/core/reports/report-model.ts';
import { systemContext } from '../../src/services/context.ts';
import { evaluateStrategy } from '../../src/services/figures/evaluation.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { publicStrategy } from '../../src/services/reports/public-site.ts';
import { publishFiscalYear } from '../../src/services/reports/publication.ts';
import { fileBytes, strategyReport } from '../../src/services/reports/reports.ts';
import { DIALECTS, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';

const ctx = systemContext({ now: () => new Date('2025-06-01T00:00:00Z') });

function document() {
  const doc = smallDocument();
  doc.indicators = [
    ...(doc.indicators ?? []),
    {
      id: 'k4',
      name: '創業塾の満足度',
      unit: '%',
      role: 'project_indicator',
      owner: { type: 'project', id: 'p1' },
      target: { value: 90, fiscalYear: 2024, raw: '90%' },
      actuals: [{ value: 80, fiscalYear: 2021, raw: '80%' }],
      departments: ['企画政策課'],
    },
    {
      id: 'k5',
      name: '創業塾からの創業件数',
      unit: '件',
      role: 'kpi',
      owner: { type: 'project', id: 'p1' },
      baseline: { value: 2, fiscalYear: 2019, raw: '2件' },
      target: { value: 10, fiscalYear: 2024, raw: '10件' },
      actuals: [{ value: 4, fiscalYear: 2021, raw: '4件' }],
    },
  ];
  return doc;
}

describe('documents and the dashboard name the departments answerable for each indicator', () => {
  let t: TestDb;
  let strategyId = '';
  beforeAll(async () => {
    t = await DIALECTS.find((d) => d.name === 'sqlite')!.open();
    const r = await importDocument(t.db, ctx, document(), { source: 'answerable.json' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    strategyId = r.value.strategyId;
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const report = async (kind: 'project-list' | 'open-data') => {
    const r = await strategyReport(t.db, ctx, strategyId, kind, 'json', { date: '2025-06-01' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return JSON.parse(new TextDecoder().decode(await fileBytes(r.value)));
  };

  it('counts the project’s indicators under the project’s department on the dashboard', async () => {
    const r = await evaluateStrategy(t.db, ctx, strategyId, { asOf: 2021, text: false });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const groups = new Map(r.value.evaluation.summary.byDepartment.map((g) => [g.name, g.total]));
    // k3 and k5 (no own department) with the project's; k4 with its own only
    expect(groups.get('商工観光課')).toBe(
      2 + document().indicators!.filter((i) => i.departments?.includes('商工観光課')).length,
    );
    expect(groups.get('企画政策課')).toBeGreaterThanOrEqual(1);
    expect(groups.has('(担当課なし)')).toBe(false);
  });

  it('prints the project’s department beside each of its KPIs in the project list', async () => {
    // (the KPI list leaves projects' indicators to the project documents)
    const m = (await report('project-list')) as CollectedReportModel;
    const table = m.sections[0]!.tables[0]!;
    const col = (h: string) => table.columns.findIndex((c) => c.header === h);
    const dept = new Map(
      table.rows
        .filter((r) => r.cells)
        .map((r) => [r.cells![col('KPI')]!.text, r.cells![col('担当課')]!.text]),
    );
    expect(dept.get('創業塾の修了者数')).toBe('商工観光課');
    expect(dept.get('創業塾からの創業件数')).toBe('商工観光課');
    expect(dept.get('創業塾の満足度')).toBe('企画政策課');
  });

  it('gives the project’s department in the open data', async () => {
    const data = await report('open-data');
    const rows = (Array.isArray(data) ? data : data.records) as {
      indicator_id: string;
      department: string | null;
    }[];
    const byName = new Map<string, Set<string | null>>();
    for (const r of rows)
      byName.set(r.indicator_id, (byName.get(r.indicator_id) ?? new Set()).add(r.department));
    const names = [...byName.values()];
    expect(names.some((s) => s.has('商工観光課'))).toBe(true);
    expect(rows.filter((r) => r.department == null)).toEqual([]);
  });

  it('names the project’s department on the public pages, and keeps an indicator’s own', async () => {
    const p = await publishFiscalYear(t.db, ctx, strategyId, 2021);
    if (!p.ok) throw new Error(JSON.stringify(p.error));
    const view = await publicStrategy(t.db, strategyId);
    const deps = new Map(view!.indicators.map((i) => [i.name, i.departments]));
    expect(deps.get('創業塾の修了者数')).toEqual(['商工観光課']);
    expect(deps.get('創業塾からの創業件数')).toEqual(['商工観光課']);
    expect(deps.get('創業塾の満足度')).toEqual(['企画政策課']);
  });
});
