/**
 * Generality corpus for import recognition: small synthetic tables in the many ways different
 * municipalities lay out the same content (header words, header depth, where the year is
 * written, section rows, merged cells, column order). Each case checks the recognized figures and
 * that nothing is lost: every non-empty cell's text ends up in the document or in `unmapped`.
 */
import { describe, expect, it } from 'vitest';
import { type ImportReport, recognize } from '../src/core/import/recognize.ts';
import type { Indicator, StrategyDocument } from '../src/core/interchange.ts';
import { strategyDocumentSchema } from '../src/core/interchange.ts';
import { readBytes } from '../src/import/read-file.ts';
import { makeXlsx, type XValue } from './fixtures/xlsx-writer.ts';

async function importText(name: string, text: string): Promise<StrategyDocument> {
  const read = await readBytes(Buffer.from(text, 'utf8'), name);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const result = recognize({ sheets: read.value.sheets, encodings: { [name]: read.value.encoding } });
  const doc = strategyDocumentSchema.parse(result.document);
  expectNothingLost(cellsOf(text, name.endsWith('.csv') ? ',' : '\t'), doc, result.report);
  return doc;
}

async function importXlsx(rows: XValue[][], merges: string[] = []): Promise<StrategyDocument> {
  const bytes = makeXlsx([{ name: 'KPI', rows, merges }]);
  const read = await readBytes(bytes, 'kpi.xlsx');
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const result = recognize({ sheets: read.value.sheets, encodings: { 'kpi.xlsx': null } });
  const doc = strategyDocumentSchema.parse(result.document);
  const texts = rows.flat().flatMap((v) => (v == null || typeof v === 'object' ? [] : [String(v)]));
  expectNothingLost(texts, doc, result.report);
  return doc;
}

/** Splits simple test CSV/TSV (no quoted delimiters except "1,563件"-style quotes) into cell texts. */
function cellsOf(text: string, delimiter: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const cells = delimiter === ',' ? (line.match(/"[^"]*"|[^,]+/g) ?? []) : line.split('\t');
    for (const c of cells) {
      const t = c.replace(/^"|"$/g, '').trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/**
 * Every string of the document (except `unmapped`) and of the report's table mappings (header
 * cells are mapped to columns there), joined for substring search.
 */
function mappedText(doc: StrategyDocument, report: ImportReport): string {
  const { unmapped: _u, ...rest } = doc;
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'number') parts.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(rest);
  walk(report.tables);
  return parts.join('\u0000');
}

const squash = (s: string) => s.replace(/\s+/g, '');

function expectNothingLost(cells: string[], doc: StrategyDocument, report: ImportReport) {
  const { coverage } = report;
  const mapped = squash(mappedText(doc, report));
  const unmapped = doc.unmapped.map((u) => squash(u.raw));
  const lost = cells.filter((c) => !mapped.includes(squash(c)) && !unmapped.includes(squash(c)));
  expect(lost, 'cells neither mapped into the document nor listed as unmapped').toEqual([]);
  expect(coverage.nonEmptyCells).toBe(cells.length);
  expect(coverage.mappedCells + doc.unmapped.length).toBe(coverage.nonEmptyCells);
}

function byName(doc: StrategyDocument, name: string): Indicator {
  const found = doc.indicators.find((i) => i.name === name);
  if (!found)
    throw new Error(`indicator ${name} not found among ${doc.indicators.map((i) => i.name).join(', ')}`);
  return found;
}

const actuals = (i: Indicator) =>
  i.actuals
    .filter((a) => a.value != null)
    .map((a) => [a.fiscalYear, a.value])
    .sort((a, b) => Number(a[0]) - Number(b[0]));

describe('import recognition across layouts of other municipalities', () => {
  it('reads year-only actual columns (令和2年度, 令和3年度) beside 現状値(R1) / 目標値(R6)', async () => {
    const doc = await importText(
      'v1.csv',
      [
        'No.,指標名,単位,現状値(R1),目標値(R6),令和2年度,令和3年度,評価,所管課',
        '1,観光入込客数,万人,120.5,150,98.2,110.3,B,観光課',
        '2,合計特殊出生率,,1.42,1.60,1.38,1.35,C,子育て支援課',
        '3,ごみ排出量,g/人・日,874,800,860,850,A,環境課',
      ].join('\n'),
    );
    expect(doc.indicators).toHaveLength(3);
    const tourists = byName(doc, '観光入込客数');
    expect(tourists.baseline).toMatchObject({ value: 1205000, fiscalYear: 2019 });
    expect(tourists.target).toMatchObject({ value: 1500000, fiscalYear: 2024 });
    expect(actuals(tourists)).toEqual([
      [2020, 982000],
      [2021, 1103000],
    ]);
    expect(tourists.reportedStatus?.label).toBe('B');
    expect(tourists.departments).toEqual(['観光課']);
    expect(actuals(byName(doc, 'ごみ排出量'))).toEqual([
      [2020, 860],
      [2021, 850],
    ]);
  });

  it('reads goal and measure section rows inside the table (a title row, then its KPIs)', async () => {
    const doc = await importText(
      'v2.csv',
      [
        '基本目標,施策,KPI,単位,基準値,目標値,R2実績,R3実績,R4実績,R5実績,担当課',
        '基本目標1 しごとをつくる,,,,,,,,,,',
        ',(1) 創業支援,創業者数,人,57,148,91,111,137,146,商工観光課',
        ',,新規就農者数,人,19,49,20,21,25,28,農業振興課',
        '基本目標2 ひとの流れをつくる,,,,,,,,,,',
        ',(1) 移住促進,移住相談件数,件,120,200,130,150,160,170,企画課',
      ].join('\n'),
    );
    expect(doc.indicators.map((i) => i.name)).toEqual(['創業者数', '新規就農者数', '移住相談件数']);
    expect(doc.goals.map((g) => g.name)).toEqual(['しごとをつくる', 'ひとの流れをつくる']);
    const founders = byName(doc, '創業者数');
    expect(actuals(founders)).toEqual([
      [2020, 91],
      [2021, 111],
      [2022, 137],
      [2023, 146],
    ]);
    const measure = doc.measures.find((m) => m.id === byName(doc, '新規就農者数').owner?.id);
    expect(measure?.name).toContain('創業支援');
    expect(doc.goals.find((g) => g.id === measure?.goalId)?.name).toBe('しごとをつくる');
    const moving = doc.measures.find((m) => m.id === byName(doc, '移住相談件数').owner?.id);
    expect(doc.goals.find((g) => g.id === moving?.goalId)?.name).toBe('ひとの流れをつくる');
  });

  it('reads a two-row header: a group header 実績値 over the fiscal years', async () => {
    const doc = await importText(
      'v3.tsv',
      [
        '指標名\t基準値(H30)\t実績値\t\t\t目標値(R6)\t担当課',
        '\t\tR2\tR3\tR4\t\t',
        '転入者数\t3,210人\t3,100人\t3,050人\t3,300人\t3,500人\t企画課',
        '市民活動団体数\t45団体\t47団体\t50団体\t52団体\t60団体\t市民協働課',
      ].join('\n'),
    );
    const moving = byName(doc, '転入者数');
    expect(moving.baseline).toMatchObject({ value: 3210, fiscalYear: 2018 });
    expect(moving.target).toMatchObject({ value: 3500, fiscalYear: 2024 });
    expect(actuals(moving)).toEqual([
      [2020, 3100],
      [2021, 3050],
      [2022, 3300],
    ]);
    expect(byName(doc, '市民活動団体数').unit).toBe('団体');
  });

  it('reads other header words (策定時 / 目標 / 実績 / 達成度 / 担当部署) and years written in the cells', async () => {
    const doc = await importText(
      'v4.csv',
      [
        '項目名,策定時,目標,実績,達成度,担当部署',
        '"新規求人数","1,563件 (R1)","1,602件 (R6)","1,320件 (R3)",概ね順調,商工労働課',
        '"待機児童数","12人 (R1)","0人 (R6)",待機児童なし (R3),順調,子育て支援課',
      ].join('\n'),
    );
    const jobs = byName(doc, '新規求人数');
    expect(jobs.baseline).toMatchObject({ value: 1563, fiscalYear: 2019 });
    expect(jobs.target).toMatchObject({ value: 1602, fiscalYear: 2024 });
    expect(actuals(jobs)).toEqual([[2021, 1320]]);
    expect(jobs.reportedStatus?.label).toBe('概ね順調');
    expect(jobs.departments).toEqual(['商工労働課']);
    expect(actuals(byName(doc, '待機児童数'))).toEqual([[2021, 0]]);
  });

  it('fills down a goal column and reads numeric targets and KPIs in a different column order', async () => {
    const doc = await importText(
      'v5.tsv',
      [
        '担当課\t基本目標\t区分\t指標\t単位\t基準値 (令和元年度)\t令和4年度 実績値\t令和5年度 実績値\t目標値 (令和6年度)',
        '企画課\t1 結婚・出産・子育て\t数値目標\t出生数\t人\t420\t401\t395\t450',
        '健康課\t\tKPI\t妊婦健診受診率\t%\t92.1\t93.0\t94.2\t95.0',
        '学校教育課\t2 教育\t数値目標\t学力調査の平均正答率\t%\t61.0\t62.5\t63.1\t65.0',
      ].join('\n'),
    );
    expect(doc.indicators).toHaveLength(3);
    const births = byName(doc, '出生数');
    expect(births.role).toBe('numeric_target');
    expect(byName(doc, '妊婦健診受診率').role).toBe('kpi');
    expect(births.baseline).toMatchObject({ value: 420, fiscalYear: 2019 });
    expect(births.target).toMatchObject({ value: 450, fiscalYear: 2024 });
    expect(actuals(births)).toEqual([
      [2022, 401],
      [2023, 395],
    ]);
    expect(births.departments).toEqual(['企画課']);
    const goalOf = (i: Indicator) => {
      if (i.owner?.type === 'goal') return doc.goals.find((g) => g.id === i.owner?.id)?.name;
      const m = doc.measures.find((x) => x.id === i.owner?.id);
      return doc.goals.find((g) => g.id === m?.goalId)?.name;
    };
    expect(goalOf(byName(doc, '妊婦健診受診率'))).toBe('結婚・出産・子育て');
    expect(goalOf(byName(doc, '学力調査の平均正答率'))).toBe('教育');
  });

  it('keeps titles and footnotes around the table (mapped as narrative or listed as unmapped)', async () => {
    const doc = await importText(
      'v6.csv',
      [
        '第3期 さくら野市総合戦略 KPI 進捗状況',
        '',
        'KPI名称,基準値(R5),目標値(R11),R7実績,担当課',
        '図書館の貸出冊数,"512,000冊","550,000冊","520,300冊",生涯学習課',
        '※ 実績値は各年度末時点',
      ].join('\n'),
    );
    const loans = byName(doc, '図書館の貸出冊数');
    expect(loans.baseline).toMatchObject({ value: 512000, fiscalYear: 2023 });
    expect(loans.target).toMatchObject({ value: 550000, fiscalYear: 2029 });
    expect(actuals(loans)).toEqual([[2025, 520300]]);
  });

  it('reads an XLSX whose goal and measure cells are merged vertically', async () => {
    const doc = await importXlsx(
      [
        ['基本目標', '施策', 'KPI', '基準値(R1)', 'R2実績', 'R3実績', '目標値(R6)', '担当課'],
        ['1 安定した雇用', '(1) 企業誘致', '企業立地件数', '4件', '5件', '6件', '13件', '企業誘致課'],
        [null, null, '雇用創出数', '120人', '130人', '150人', '300人', '企業誘致課'],
        [null, '(2) 創業支援', '創業者数', '57人', '91人', '111人', '148人', '商工観光課'],
      ],
      ['A2:A4', 'B2:B3'],
    );
    expect(doc.indicators.map((i) => i.name)).toEqual(['企業立地件数', '雇用創出数', '創業者数']);
    const jobs = byName(doc, '雇用創出数');
    expect(doc.measures.find((m) => m.id === jobs.owner?.id)?.name).toContain('企業誘致');
    expect(actuals(byName(doc, '創業者数'))).toEqual([
      [2020, 91],
      [2021, 111],
    ]);
    expect(new Set(doc.measures.map((m) => m.goalId)).size).toBe(1);
  });

  it('reads a project matrix with ○ marks under a group header and an SDGs column', async () => {
    const doc = await importText(
      'v7.tsv',
      [
        'No.\t事業名\t基本目標\t\t\t重点\tSDGs',
        '\t\t1\t2\t3\t\t',
        '1\t移住支援事業\t\t○\t\t○\t11',
        '2\t創業応援補助金\t○\t\t\t\t8, 9',
        '3\t子育て応援券事業\t\t\t○\t○\t3・4',
      ].join('\n'),
    );
    expect(doc.projects.map((p) => p.name)).toEqual(['移住支援事業', '創業応援補助金', '子育て応援券事業']);
    const [moving, startup, kids] = doc.projects;
    expect(moving?.priority).toBe(true);
    expect(startup?.priority ?? false).toBe(false);
    expect(moving?.sdgs).toEqual([11]);
    expect(startup?.sdgs).toEqual([8, 9]);
    expect(kids?.sdgs).toEqual([3, 4]);
    // Goal ids are opaque: compare the goals' numbers (codes) and the tags.
    const goalTags = (p: (typeof doc.projects)[number] | undefined) =>
      [
        ...(p?.goalIds ?? []).map((id) => doc.goals.find((g) => g.id === id)?.code),
        ...(p?.tags ?? []).map((t) => t.tag),
      ].join(' ');
    expect(goalTags(moving)).toMatch(/2/);
    expect(goalTags(startup)).toMatch(/1/);
    expect(goalTags(kids)).toMatch(/3/);
  });
});
