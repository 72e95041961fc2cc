import { describe, expect, it } from 'vitest';
import { reportDocument } from '../../../test/reports/fixture.ts';
import { evaluateDocument } from '../evaluation/evaluate.ts';
import { diffEntries, entryWorkbook } from './entry-workbook.ts';
import { kpiHierarchy } from './kpi-hierarchy.ts';
import { kpiList } from './kpi-list.ts';
import { OPEN_DATA_COLUMNS, openDataRecords } from './open-data.ts';
import { periodReview } from './period-review.ts';
import { projectList } from './project-list.ts';
import { projectMatrix } from './project-matrix.ts';
import { projectSheets } from './project-sheets.ts';
import type { ReportRow } from './report-model.ts';
import { collectModel, formatJapaneseDate, sheetName } from './report-model.ts';
import { statusSummary } from './status-summary.ts';

const doc = reportDocument();
const evaluation = evaluateDocument(doc, { asOf: 2021, text: false });
const options = { date: '2025-06-01' };
const cells = (r: ReportRow | undefined) => r?.cells?.map((c) => c.text) ?? [];

describe('report model helpers', () => {
  it('writes the date with the era and makes Excel-safe unique sheet names', () => {
    expect(formatJapaneseDate('2025-06-01')).toBe('令和7年6月1日');
    const taken = new Set<string>();
    expect(sheetName('a/b', taken)).toBe('a・b');
    expect(sheetName('a/b', taken)).toBe('a・b(2)');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
  });
});

describe('kpiList', () => {
  const m = collectModel(kpiList(doc, evaluation, options));
  const rows = m.sections[0]?.tables[0]?.rows ?? [];
  const headers = m.sections[0]?.tables[0]?.columns.map((c) => c.header) ?? [];

  it('groups by goal and measure, and leaves project indicators to the project sheets', () => {
    expect(rows.filter((r) => r.heading).map((r) => r.heading)).toEqual([
      '1 仕事をつくる',
      '1-(1) 雇用の場の確保',
      '2 人の流れをつくる',
      '2-(1) 移住の促進',
    ]);
    // only the period containing the fiscal year (第2期), not the next period's KPIs
    expect(rows.some((r) => r.cells?.[1]?.text === '移住相談件数')).toBe(false);
    expect(rows.some((r) => r.cells?.[1]?.text === '相談件数')).toBe(false);
    expect(m.municipality).toBe('テスト市');
    expect(m.dateText).toBe('令和7年6月1日');
  });

  it('has 和暦 year columns up to the fiscal year, figures with numbers, status and comments', () => {
    expect(headers).toContain('令和2年度 実績値');
    expect(headers).toContain('令和3年度 実績値');
    expect(headers.some((h) => h.includes('令和4年度'))).toBe(false);
    const k1 = rows.find((r) => r.cells?.[1]?.text === '新規求人数' && r.cells?.[3]?.text === '1,563件');
    const at = (h: string) => k1?.cells?.[headers.indexOf(h)];
    expect(at('基準値')).toMatchObject({ text: '1,563件', value: 1563 });
    expect(at('令和3年度 実績値')).toMatchObject({ text: '1,320件', value: 1320 });
    expect(at('進捗状況')?.text).toBe(evaluation.statusAt(1).label);
    expect(at('①関連事業実施状況')?.text).toBe('説明会を開いた');
    expect(at('③今後の方策')?.text).toBe('連携する');
    expect(at('担当課')?.text).toBe('商工課');
  });

  it('closes with counts and shares per status that add up', () => {
    const summary = m.sections[1]?.tables[0]?.rows ?? [];
    const total = summary.at(-1)?.cells?.[1]?.value;
    expect(total).toBe(evaluation.length);
    const sum = summary.slice(0, -1).reduce((n, r) => n + (r.cells?.[1]?.value ?? 0), 0);
    expect(sum).toBe(total);
  });
});

describe('projectSheets', () => {
  const m = collectModel(projectSheets(doc, evaluation, { ...options, projects: ['111-1', '211-1'] }));
  it('makes one section per project with its fields, indicators and yearly plan/results', () => {
    expect(m.sections.map((s) => s.title)).toEqual([
      '重点施策一覧',
      '111-1 創業支援事業',
      '211-1 移住相談事業',
    ]);
    const [overview, indicators, years] = m.sections[1]?.tables ?? [];
    const kv = Object.fromEntries(overview?.rows.map((r) => cells(r)) ?? []);
    expect(kv).toMatchObject({
      事業名: '創業支援事業',
      基本目標: '1 仕事をつくる',
      関連する施策: '1-(1) 雇用の場の確保',
      事業主体: '市・商工会',
      実施期間: 'R2～R6',
      重点施策: '●',
      SDGs: '8・9',
      新たな視点: 'デジタル',
    });
    expect(cells(indicators?.rows[0]).slice(0, 3)).toEqual(['相談件数', '10件', '30件']);
    expect(cells(indicators?.rows[0])[4]).toBe('50件');
    expect(years?.rows.map(cells)).toEqual([
      ['令和5年度', '相談会4回', '相談会5回'],
      ['令和6年度', '相談会6回', ''],
    ]);
  });
});

describe('projectSheets with a sheet naming the strategy’s figures', () => {
  it('keeps the project’s 設定指標 apart from the 成果目標・KPI its sheet names; the list shows the 設定指標', () => {
    const withGoal = structuredClone(doc);
    // Listed before the project's own: its own still come first where both are shown.
    withGoal.indicators.unshift({
      id: 'x2',
      name: '合計特殊出生率',
      role: 'numeric_target',
      strategyId: 'p2',
      owner: { type: 'project', id: 'pr1' },
      target: { value: 1.8, fiscalYear: 2024 },
      actuals: [],
    });
    const sheets = collectModel(
      projectSheets(withGoal, evaluateDocument(withGoal, { asOf: 2021, text: false }), {
        ...options,
        projects: ['111-1'],
      }),
    );
    const sheet = sheets.sections[1]!;
    expect(sheet.tables.map((t) => [t.id, t.title])).toEqual([
      ['overview', null],
      ['indicators', '設定指標'],
      ['related', '成果目標・KPI'],
      ['years', '年度別の計画・実績'],
    ]);
    expect(sheet.tables[1]!.rows.map((r) => cells(r)[0])).toEqual(['相談件数']);
    expect(sheet.tables[2]!.rows.map((r) => cells(r)[0])).toEqual(['合計特殊出生率']);
    const list = sheets.sections[0]!.tables[0]!.rows.filter((r) => cells(r)[1] === '創業支援事業');
    expect(list.map((r) => cells(r)[4])).toEqual(['相談件数']);
    const ev = evaluateDocument(withGoal, { asOf: 2021, text: false });
    const hierarchy = collectModel(kpiHierarchy(withGoal, ev, options)).sections[0]!.tables[0]!;
    const row = hierarchy.rows.find((r) => cells(r)[3] === '111-1 創業支援事業')!;
    const kpi = (k: number) => cells(row)[hierarchy.columns.findIndex((c) => c.header === `KPI${k}`)];
    expect([kpi(1), kpi(2)]).toEqual(['相談件数', '合計特殊出生率']);
  });
});

describe('projectMatrix', () => {
  it('marks goals, tags, SDGs and priority with ●', () => {
    const t = collectModel(projectMatrix(doc, evaluation, options)).sections[0]?.tables[0];
    const headers = t?.columns.map((c) => c.header) ?? [];
    expect(headers).toEqual([
      '番号',
      '事業名',
      '担当課',
      '基本目標1 仕事をつくる',
      '基本目標2 人の流れをつくる',
      '新たな視点: デジタル',
      'SDGs 8',
      'SDGs 9',
      '重点',
    ]);
    expect(cells(t?.rows[0]).slice(3)).toEqual(['●', '', '●', '●', '●', '●']);
    expect(cells(t?.rows[1]).slice(3)).toEqual(['', '●', '', '', '', '']);
  });
});

describe('periodReview', () => {
  it('puts the next period beside the finished one and lists new indicators last', () => {
    const t = collectModel(periodReview(doc, evaluation, options)).sections[0]?.tables[0];
    const headers = t?.columns.map((c) => c.header) ?? [];
    expect(headers[0]).toBe('第2期 指標名');
    expect(headers).toContain('第3期 指標名');
    const k1 = t?.rows.find((r) => r.cells?.[0]?.text === '新規求人数');
    const at = (h: string) => k1?.cells?.[headers.indexOf(h)]?.text;
    expect(at('次期の扱い')).toBe('継続');
    expect(at('新たな基準値')).toBe('1,400件 (R6)');
    expect(at('新たな目標値')).toBe('1,500件');
    const n1 = t?.rows.find((r) => r.cells?.[0]?.text === '市内就業者数');
    expect(n1?.cells?.[headers.indexOf('次期の扱い')]?.text).toBe('削除');
    const headingAt = t?.rows.findIndex((r) => r.heading === '次期の新規指標') ?? -1;
    expect(headingAt).toBeGreaterThan(0);
    expect(t?.rows[headingAt + 1]?.cells?.[headers.indexOf('第3期 指標名')]?.text).toBe('移住相談件数');
    // without opinions there is no opinion column
    expect(headers).not.toContain('委員会の意見・対応');
  });

  it('gives the reason of a 削除 and of a 変更 beside it, but not an imported bare marker', () => {
    const withReasons = reportDocument();
    const n1 = withReasons.indicators.find((i) => i.name === '市内就業者数')!;
    n1.lineage = { change: 'deleted', predecessorId: null, raw: '統計の調査が終了したため' };
    const k1Next = withReasons.indicators.find((i) => i.lineage?.change === 'continued')!;
    k1Next.lineage = { ...k1Next.lineage!, change: 'changed', raw: '対象を市外在住者にも広げる' };
    const t = collectModel(
      periodReview(withReasons, evaluateDocument(withReasons, { asOf: 2021, text: false }), options),
    ).sections[0]?.tables[0];
    const headers = t?.columns.map((c) => c.header) ?? [];
    const at = (name: string, h: string) =>
      t?.rows.find((r) => r.cells?.[0]?.text === name)?.cells?.[headers.indexOf(h)]?.text;
    expect(at('市内就業者数', '次期の扱い')).toBe('削除');
    expect(at('市内就業者数', '変更・削除の理由')).toBe('統計の調査が終了したため');
    expect(at('新規求人数', '次期の扱い')).toBe('変更');
    expect(at('新規求人数', '変更・削除の理由')).toBe('対象を市外在住者にも広げる');
    n1.lineage = { change: 'deleted', predecessorId: null, raw: '削除' };
    const bare = collectModel(
      periodReview(withReasons, evaluateDocument(withReasons, { asOf: 2021, text: false }), options),
    ).sections[0]?.tables[0];
    const row = bare?.rows.find((r) => r.cells?.[0]?.text === '市内就業者数');
    expect(row?.cells?.[headers.indexOf('変更・削除の理由')]?.text).toBe('');
    // Every row has one cell per column.
    for (const r of t?.rows ?? []) if (r.cells) expect(r.cells).toHaveLength(headers.length);
  });

  it('shows the committee’s opinions of every year of the period beside their KPI and measure', () => {
    const m = collectModel(
      periodReview(doc, evaluation, {
        ...options,
        opinions: [
          {
            targetType: 'indicator',
            targetId: 'k1',
            fiscalYear: 2021,
            body: '求人の内訳を示すこと',
            response: '業種別に示す',
            respondedAt: null,
          },
          {
            targetType: 'indicator',
            targetId: 'k1',
            fiscalYear: 2020,
            body: '説明会の周知を',
            response: null,
            respondedAt: null,
          },
          {
            targetType: 'measure',
            targetId: 'm2',
            fiscalYear: 2022,
            body: '相談窓口を一本化すること',
            response: null,
            respondedAt: null,
          },
        ],
      }),
    );
    const t = m.sections[0]!.tables[0]!;
    const headers = t.columns.map((c) => c.header);
    const col = headers.indexOf('委員会の意見・対応');
    expect(col).toBeGreaterThan(headers.indexOf('総括'));
    expect(t.rows.every((r) => !r.cells || r.cells.length === headers.length)).toBe(true);
    const k1 = t.rows.find((r) => r.cells?.[0]?.text === '新規求人数');
    expect(k1?.cells?.[col]?.text).toBe(
      '令和2年度: 説明会の周知を\n令和3年度: 求人の内訳を示すこと → 対応: 業種別に示す',
    );
    const measures = m.sections.find((s) => s.id === 'measures')!.tables[0]!;
    const mcol = measures.columns.findIndex((c) => c.header === '委員会の意見・対応');
    const m2 = measures.rows.find((r) => r.cells?.[1]?.text.startsWith('2-(1)'));
    expect(m2?.cells?.[mcol]?.text).toBe('令和4年度: 相談窓口を一本化すること');
  });
});

describe('statusSummary', () => {
  it('counts per goal and department, the whole strategy first', () => {
    const m = collectModel(statusSummary(doc, evaluation, options));
    expect(m.sections.map((s) => s.sheetName)).toEqual(['基本目標別', '担当課別']);
    const t = m.sections[1]?.tables[0];
    expect(t?.rows[0]?.cells?.[0]?.text).toBe('全体');
    const totalCol = t?.columns.findIndex((c) => c.key === 'total') ?? -1;
    expect(t?.rows[0]?.cells?.[totalCol]?.value).toBe(doc.indicators.length);
    const depts = t?.rows.slice(1).map((r) => r.cells?.[0]?.text);
    expect(depts).toEqual(expect.arrayContaining(['商工課', '企画課']));
  });
});

describe('openDataRecords', () => {
  it('gives one record per figure with every documented column', () => {
    const records = openDataRecords(doc, evaluation, options);
    const figures = doc.indicators.reduce((n, i) => n + 2 + i.actuals.length, 0);
    expect(records).toHaveLength(figures);
    for (const r of records) expect(Object.keys(r).sort()).toEqual([...OPEN_DATA_COLUMNS].sort());
    const x = records.find((r) => r.indicator_id === 'x1' && r.figure === 'actual');
    expect(x).toMatchObject({
      project_code: '111-1',
      measure_code: '1-(1)',
      goal_code: '1',
      value: 30,
      fiscal_year_ja: '令和3年度',
    });
  });
});

describe('entry workbook model and diff', () => {
  const model = entryWorkbook(doc, {
    department: '商工課',
    fiscalYear: 2021,
    date: '2022-04-01',
    strategyId: 's',
    versions: new Map([['k1', 3]]),
  });
  it('holds the department indicators with history before the year and the year actual', () => {
    expect(model.rows.map((r) => r.indicatorId)).toEqual(['k1', 'x1', 'q1']);
    expect(model.historyYears).toEqual([2020]);
    expect(model.rows[0]).toMatchObject({
      actual: '1,320件',
      actualVersion: 3,
      fixed: ['1,563件', '1,208件', '1,602件'],
    });
  });

  const indicators = new Map(doc.indicators.map((i) => [i.id, i]));
  const row = (id: string, entered: string, exported = '', version: number | null = null) => ({
    indicatorId: id,
    actualVersion: version,
    exportedActual: exported,
    enteredActual: entered,
    exportedNote: '',
    enteredNote: '',
    sheet: '入力',
    row: 5,
    column: 7,
    cell: 'G5',
  });
  const expected = { strategyId: 's', department: '商工課', fiscalYear: 2021 };

  it('classifies change, new and conflict and parses each figure with the core', () => {
    const current = new Map([
      ['k1', { raw: '1,320件', note: '', version: 3 }],
      ['q1', { raw: '9件', note: '', version: 2 }],
    ]);
    const upload = {
      strategyId: 's',
      department: '商工課',
      fiscalYear: 2021,
      entries: [row('k1', '1,330件', '1,320件', 3), row('x1', '(速報値) 31件'), row('q1', '12件', '', null)],
    };
    const { changes, issues } = diffEntries(upload, expected, current, indicators);
    expect(issues).toEqual([]);
    expect(changes.map((c) => [c.indicatorId, c.kind])).toEqual([
      ['k1', 'change'],
      ['x1', 'new'],
      ['q1', 'conflict'],
    ]);
    expect(changes[0]?.figure).toMatchObject({ value: 1330, fiscalYear: 2021 });
    expect(changes[1]?.figure).toMatchObject({ value: 31, state: 'preliminary' });
    expect(changes[2]?.current?.raw).toBe('9件');
  });

  it('skips unchanged rows and names the cell of unreadable figures and unknown indicators', () => {
    const upload = {
      strategyId: 's',
      department: '商工課',
      fiscalYear: 2021,
      entries: [row('k1', '1,320件', '1,320件', 3), row('x1', 'たくさん'), row('zz', '5件')],
    };
    const { changes, issues } = diffEntries(upload, expected, new Map(), indicators);
    expect(changes).toEqual([]);
    expect(issues.map((i) => [i.code, i.cell])).toEqual([
      ['VALUE_UNPARSEABLE', 'G5'],
      ['UNKNOWN_INDICATOR', 'G5'],
    ]);
    expect(issues[0]?.message).toContain('G5');
  });

  it('refuses a workbook of another department, year or strategy', () => {
    const upload = { strategyId: 'other', department: '企画課', fiscalYear: 2020, entries: [] };
    const { issues } = diffEntries(upload, expected, new Map(), indicators);
    expect(issues.map((i) => i.code)).toEqual([
      'WORKBOOK_OTHER_STRATEGY',
      'WORKBOOK_OTHER_DEPARTMENT',
      'WORKBOOK_OTHER_YEAR',
    ]);
  });
});

describe('judgements of record', () => {
  // The city judged n1 and k1 in its own classes; the computed grades stay beside them.
  const judged = (label: string, indicatorId: string) => ({
    indicatorId,
    label,
    reason: '取込: 公表資料',
    by: '取込',
    at: '2025-06-01',
    fiscalYear: 2021,
    source: 'import' as const,
  });
  const overrides = [judged('順調に進捗', 'n1'), judged('進捗の遅れ（コロナ）', 'k1')];
  const e = evaluateDocument(doc, { asOf: 2021, text: false, overrides });
  const index = (id: string) => doc.indicators.findIndex((i) => i.id === id);

  it('shows the judgement of record and the differing computed grade in a column', () => {
    const m = collectModel(kpiList(doc, e, options));
    const table = m.sections[0]?.tables[0];
    const headers = table?.columns.map((c) => c.header) ?? [];
    const row = (name: string) => table?.rows.find((r) => r.cells?.[1]?.text === name);
    const at = (name: string, h: string) => row(name)?.cells?.[headers.indexOf(h)]?.text;
    expect(at('市内就業者数', '進捗状況')).toBe('順調に進捗');
    expect(at('新規求人数', '進捗状況')).toBe('進捗の遅れ（コロナ）');
    const computedK1 = e.computedAt(index('k1')).label;
    expect(at('新規求人数', '算定評価(異なる場合)')).toBe(computedK1);
    // an indicator without a judgement shows its computed grade once, nothing beside
    const other = doc.indicators.find((i) => !['n1', 'k1'].includes(i.id) && i.role !== 'project_indicator');
    if (other) expect(at(other.name, '算定評価(異なる場合)')).toBe('');
  });

  it('marks the computed grade in the status cell when asked, or leaves it out', () => {
    const marked = collectModel(kpiList(doc, e, { ...options, computedGrade: 'mark' }));
    const headers = marked.sections[0]?.tables[0]?.columns.map((c) => c.header) ?? [];
    expect(headers).not.toContain('算定評価(異なる場合)');
    const k1 = marked.sections[0]?.tables[0]?.rows.find((r) => r.cells?.[1]?.text === '新規求人数');
    expect(k1?.cells?.[headers.indexOf('進捗状況')]?.text).toBe(
      `進捗の遅れ（コロナ） 〔算定: ${e.computedAt(index('k1')).label}〕`,
    );
    const none = collectModel(kpiList(doc, e, { ...options, computedGrade: 'none' }));
    expect(none.sections[0]?.tables[0]?.columns.map((c) => c.header)).not.toContain('算定評価(異なる場合)');
  });

  it('counts by the classes of record', () => {
    const m = collectModel(kpiList(doc, e, options));
    const lines = (m.sections[1]?.tables[0]?.rows ?? []).map((r): [string | undefined, number] => [
      r.cells?.[0]?.text,
      r.cells?.[1]?.value ?? 0,
    ]);
    expect(lines).toContainEqual(['順調に進捗', 1]);
    expect(lines).toContainEqual(['進捗の遅れ（コロナ）', 1]);
    expect(lines.every(([, n]) => n > 0)).toBe(true);
    expect(lines.at(-1)).toEqual(['合計', e.length]);
  });
});

describe('project list, KPI table by hierarchy, project sheets selection, period review groups', () => {
  it('lists goal → numeric targets → measures with KPIs → numbered projects', () => {
    const m = collectModel(
      projectList(doc, evaluation, { ...options, title: '具体的事業一覧 (令和7年度版)' }),
    );
    expect(m.title).toBe('具体的事業一覧 (令和7年度版)');
    const rows = m.sections[0]!.tables[0]!.rows;
    const kinds = rows.map((r) => r.heading ?? r.cells?.[0]?.text);
    expect(kinds.slice(0, 2)).toEqual(['基本目標1 仕事をつくる', '数値目標']);
    const project = rows.find((r) => r.cells?.[1]?.text === '111-1');
    expect(project?.cells?.map((c) => c.text).slice(0, 4)).toEqual([
      '事業',
      '111-1',
      '創業支援事業',
      '創業の相談と補助',
    ]);
    expect(project?.cells?.[8]?.text).toContain('商工課');
    // the project comes after its measure's heading
    const heading = rows.findIndex((r) => r.heading === '1-(1) 雇用の場の確保');
    expect(rows.indexOf(project!)).toBeGreaterThan(heading);
  });

  it('puts up to four KPIs of a project on a row of the hierarchy table', () => {
    const m = collectModel(kpiHierarchy(doc, evaluation, options));
    const t = m.sections[0]!.tables[0]!;
    expect(t.columns.map((c) => c.header).slice(0, 5)).toEqual([
      '新たな視点',
      '基本目標',
      'リーディング・プロジェクト',
      '事業',
      '担当課',
    ]);
    expect(t.columns.filter((c) => c.header.startsWith('KPI'))).toHaveLength(4);
    const row = t.rows.find((r) => r.cells?.[3]?.text === '111-1 創業支援事業');
    expect(row?.cells?.[0]?.text).toBe('デジタル');
    expect(row?.cells?.[1]?.text).toBe('1 仕事をつくる');
  });

  it('prints the priority projects by default, with the 重点施策一覧 first; or the ones chosen', () => {
    const m = collectModel(projectSheets(doc, evaluation, options));
    expect(m.sections.map((s) => s.title)).toEqual(['重点施策一覧', '111-1 創業支援事業']);
    const chosen = collectModel(projectSheets(doc, evaluation, { ...options, projects: ['211-1'] }));
    expect(chosen.sections.map((s) => s.title)).toEqual(['重点施策一覧', '211-1 移住相談事業']);
  });

  it('groups the period review by goal and measure, with a 総括 column', () => {
    const m = collectModel(periodReview(doc, evaluation, options));
    const t = m.sections[0]!.tables[0]!;
    expect(t.columns.map((c) => c.header)).toContain('総括');
    expect(t.rows.filter((r) => r.heading).map((r) => r.heading)).toEqual(
      expect.arrayContaining(['基本目標1 仕事をつくる', '1-(1) 雇用の場の確保']),
    );
  });
});
