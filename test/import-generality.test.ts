/**
 * Generality corpus for import recognition: small synthetic tables in the many ways different
 * municipalities lay out the same content (header words, header depth, where the year is
 * written, section rows, merged cells, column order). Each case checks the recognized figures and
 * that nothing is lost: every non-empty cell's text ends up in the document or in `unmapped`.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type ImportReport, recognize } from '../src/core/import/recognize.ts';
import type { Indicator, StrategyDocument } from '../src/core/interchange.ts';
import { strategyDocumentSchema } from '../src/core/interchange.ts';
import { readBytes } from '../src/import/read-file.ts';
import { makeXlsx, type XSheet, type XValue } from './fixtures/xlsx-writer.ts';

async function importText(name: string, text: string): Promise<StrategyDocument> {
  const read = await readBytes(Buffer.from(text, 'utf8'), name);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const result = recognize({ sheets: read.value.sheets, encodings: { [name]: read.value.encoding } });
  const doc = strategyDocumentSchema.parse(result.document);
  expectNothingLost(cellsOf(text, name.endsWith('.csv') ? ',' : '\t'), doc, result.report);
  return doc;
}

async function importXlsx(rows: XValue[][], merges: string[] = []): Promise<StrategyDocument> {
  return importSheets([{ name: 'KPI', rows, merges }]);
}

async function importSheets(sheets: XSheet[]): Promise<StrategyDocument> {
  return (await importSheetsWithReport(sheets)).doc;
}

async function importSheetsWithReport(
  sheets: XSheet[],
): Promise<{ doc: StrategyDocument; report: ImportReport }> {
  const bytes = makeXlsx(sheets);
  const read = await readBytes(bytes, 'kpi.xlsx');
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  const result = recognize({ sheets: read.value.sheets, encodings: { 'kpi.xlsx': null } });
  const doc = strategyDocumentSchema.parse(result.document);
  const texts = sheets.flatMap((sh) =>
    sh.rows
      .flat()
      .flatMap((v) => (v == null || typeof v === 'object' ? [] : [String(v).trim()].filter(Boolean))),
  );
  expectNothingLost(texts, doc, result.report);
  return { doc, report: result.report };
}

/** A TSV file as a 担当課 saves it from Excel on Windows: Shift_JIS (CP932), CRLF line ends. */
async function importCp932(name: string, text: string): Promise<StrategyDocument> {
  const bytes = iconv.encode(text.replace(/\n/g, '\r\n'), 'cp932');
  const read = await readBytes(bytes, name);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  expect(read.value.encoding).toMatch(/shift_jis|cp932|windows-31j/i);
  const result = recognize({ sheets: read.value.sheets, encodings: { [name]: read.value.encoding } });
  const doc = strategyDocumentSchema.parse(result.document);
  expectNothingLost(cellsOf(text, '\t'), doc, result.report);
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

  it('reads a sheet-wide 基本目標 title, 指標の名称 / 現況値 / 目標年次 and the years in columns of their own', async () => {
    const doc = await importText(
      'v9.csv',
      [
        '【基本目標１】地域の特性を活かした安定した雇用を創出する',
        '指標の名称,現況値,現況値の年度,目標値,目標年次,令和3年度,令和4年度,令和5年度,所管課',
        '市内事業所の従業者数,"24,310人",令和元年度,"25,000人",令和6年度,"24,520人","24,880人",－,商工振興課',
        '新規創業件数（年間）,18件,令和元年度,25件,令和7年度,20件,-,,商工振興課',
        '※「－」は未集計',
      ].join('\n'),
    );
    expect(doc.goals).toMatchObject([{ code: '1', name: '地域の特性を活かした安定した雇用を創出する' }]);
    expect(doc.indicators.map((i) => i.name)).toEqual(['市内事業所の従業者数', '新規創業件数（年間）']);
    const workers = byName(doc, '市内事業所の従業者数');
    expect(workers.owner).toEqual({ type: 'goal', id: doc.goals[0]!.id });
    expect(workers.baseline).toMatchObject({ value: 24310, fiscalYear: 2019 });
    expect(workers.target).toMatchObject({ value: 25000, fiscalYear: 2024 });
    expect(workers.unit).toBe('人');
    expect(actuals(workers)).toEqual([
      [2021, 24520],
      [2022, 24880],
    ]);
    const startups = byName(doc, '新規創業件数（年間）');
    expect(startups.target).toMatchObject({ value: 25, fiscalYear: 2025 });
    expect(actuals(startups)).toEqual([[2021, 20]]);
    expect(startups.departments).toEqual(['商工振興課']);
  });

  it('reads one row per indicator and year (long format) with 基準年度 and 目標年度 columns', async () => {
    const doc = await importText(
      'v10.csv',
      [
        '基本目標,指標名,単位,基準値,基準年度,目標値,目標年度,年度,実績値,担当課',
        '1,転入者数,人,3210,H30,3500,R6,R2,3100,企画課',
        '1,転入者数,人,3210,H30,3500,R6,R3,3050,企画課',
        '1,転入者数,人,3210,H30,3500,R6,R4,3300,企画課',
        '2,出生数,人,420,R1,450,R6,R2,401,子育て支援課',
        '2,出生数,人,420,R1,450,R6,R3,395,子育て支援課',
      ].join('\n'),
    );
    expect(doc.indicators.map((i) => i.name)).toEqual(['転入者数', '出生数']);
    const moving = byName(doc, '転入者数');
    expect(moving.baseline).toMatchObject({ value: 3210, fiscalYear: 2018, unit: '人' });
    expect(moving.target).toMatchObject({ value: 3500, fiscalYear: 2024 });
    expect(actuals(moving)).toEqual([
      [2020, 3100],
      [2021, 3050],
      [2022, 3300],
    ]);
    expect(actuals(byName(doc, '出生数'))).toEqual([
      [2020, 401],
      [2021, 395],
    ]);
    expect(byName(doc, '出生数').departments).toEqual(['子育て支援課']);
    expect(doc.goals.map((g) => g.code)).toEqual(['1', '2']);
  });

  it('reads the long format with a 区分 column, 万人 units and a goal section row right under the header', async () => {
    const doc = await importText(
      'v10b.csv',
      [
        '区分,指標名,単位,基準値,基準年度,目標値,目標年度,年度,実績値,担当課',
        '基本目標1 しごとをつくる,,,,,,,,,',
        '数値目標,観光入込客数,万人,120.5,R1,150,R6,R2,98.2,観光課・商工課',
        '数値目標,観光入込客数,万人,120.5,R1,150,R6,R3,－,観光課・商工課',
        'KPI,宿泊者数,万人,12.0,R1,15.0,R6,R2,9.5,観光課',
        'KPI,宿泊者数,万人,12.0,R1,15.0,R6,R3,10.8,観光課',
      ].join('\n'),
    );
    expect(doc.indicators.map((i) => [i.name, i.role])).toEqual([
      ['観光入込客数', 'numeric_target'],
      ['宿泊者数', 'kpi'],
    ]);
    const tourists = byName(doc, '観光入込客数');
    expect(tourists.owner).toEqual({ type: 'goal', id: doc.goals[0]!.id });
    expect(tourists.baseline).toMatchObject({ value: 1205000, fiscalYear: 2019, unit: '人' });
    expect(tourists.unit).toBe('人');
    expect(actuals(tourists)).toEqual([[2020, 982000]]);
    expect(tourists.departments).toEqual(['観光課', '商工課']);
    expect(actuals(byName(doc, '宿泊者数'))).toEqual([
      [2020, 95000],
      [2021, 108000],
    ]);
  });

  it('reads percentages with % only in the header, ①②③ comments in one cell, A/B/C with its legend below', async () => {
    const doc = await importText(
      'v11.csv',
      [
        'No.,施策,KPI,基準値(%),R5実績(%),目標値(%),評価,実施状況・課題・今後の方向性,担当課',
        '1,(1)健康づくり,特定健診受診率,38.2,41.5,60.0,B,①受診勧奨を実施した ②若年層の受診が少ない ③SNSで周知する,健康増進課',
        '2,,がん検診受診率,15.1,14.8,25.0,C,①集団検診を実施した ②受診率が低下した ③個別通知を行う,健康増進課',
        '',
        '【評価基準】',
        'A,目標を達成',
        'B,概ね順調',
        'C,遅れている',
      ].join('\n'),
    );
    expect(doc.indicators.map((i) => i.name)).toEqual(['特定健診受診率', 'がん検診受診率']);
    const checkups = byName(doc, '特定健診受診率');
    expect(checkups.baseline).toMatchObject({ value: 38.2, unit: '%' });
    expect(checkups.target).toMatchObject({ value: 60, unit: '%' });
    expect(actuals(checkups)).toEqual([[2023, 41.5]]);
    expect(checkups.unit).toBe('%');
    expect(checkups.reportedStatus).toMatchObject({ label: 'B', fiscalYear: 2023 });
    expect(checkups.commentary?.[0]).toMatchObject({
      progress: '受診勧奨を実施した',
      issues: '若年層の受診が少ない',
      nextSteps: 'SNSで周知する',
    });
    const cancer = byName(doc, 'がん検診受診率');
    expect(cancer.reportedStatus?.label).toBe('C');
    expect(doc.measures.find((m) => m.id === cancer.owner?.id)?.name).toContain('健康づくり');
  });

  it('reads a workbook with a sheet per basic goal (named by a title row or by the sheet name)', async () => {
    const header = ['KPI', '基準値(R1)', 'R5実績', '目標値(R6)', '担当課'];
    const doc = await importSheets([
      {
        name: '基本目標1',
        rows: [
          ['基本目標1 しごとをつくる'],
          header,
          ['新規就農者数', '19人', '28人', '49人', '農業振興課'],
          ['創業者数', '57人', '146人', '148人', '商工観光課'],
        ],
      },
      {
        name: '基本目標2 ひとの流れ',
        rows: [header, ['移住相談件数', '120件', '170件', '200件', '企画課']],
      },
    ]);
    expect(doc.indicators.map((i) => i.name)).toEqual(['新規就農者数', '創業者数', '移住相談件数']);
    const goalName = (name: string) => doc.goals.find((g) => g.id === byName(doc, name).owner?.id)?.name;
    expect(goalName('創業者数')).toBe('しごとをつくる');
    expect(goalName('移住相談件数')).toBe('ひとの流れ');
    expect(doc.goals.map((g) => g.code)).toEqual(['1', '2']);
    expect(actuals(byName(doc, '移住相談件数'))).toEqual([[2023, 170]]);
  });

  it('reads a project list with 事業番号 like 411-6, two departments in one cell and an unknown column', async () => {
    const doc = await importText(
      'v13.csv',
      [
        '事業番号,事業名,事業概要,担当課,重点,事業費（千円）',
        '411-6,移住定住促進事業,移住相談窓口の運営と住宅取得の補助,企画課・財政課,○,"12,500"',
        '411-7,空き家バンク事業,空き家の登録と紹介,都市計画課,,"3,200"',
      ].join('\n'),
    );
    expect(doc.projects.map((p) => [p.code, p.name])).toEqual([
      ['411-6', '移住定住促進事業'],
      ['411-7', '空き家バンク事業'],
    ]);
    const [moving, houses] = doc.projects;
    expect(moving?.departments).toEqual(['企画課', '財政課']);
    expect(moving?.summary).toBe('移住相談窓口の運営と住宅取得の補助');
    expect(moving?.priority).toBe(true);
    expect(houses?.priority ?? false).toBe(false);
    expect(houses?.departments).toEqual(['都市計画課']);
  });

  it('reads an XLSX with a 区分 column and department, unit and 目標年度 merged over rows', async () => {
    const doc = await importXlsx(
      [
        ['区分', '指標', '単位', '基準値', '実績(R4)', '実績(R5)', '目標値', '目標年度', '担当'],
        ['数値目標', '社会増減数', '人', '-120', '-80', '-45', '0', 'R7', '企画政策課'],
        ['KPI', '移住者数', null, '85', '102', '118', '150', null, null],
        [null, '移住体験参加者数', null, '30', '41', '52', '60', null, '移住推進室'],
      ],
      ['A3:A4', 'C2:C4', 'H2:H4', 'I2:I3'],
    );
    expect(doc.indicators.map((i) => [i.name, i.role])).toEqual([
      ['社会増減数', 'numeric_target'],
      ['移住者数', 'kpi'],
      ['移住体験参加者数', 'kpi'],
    ]);
    const movers = byName(doc, '移住者数');
    expect(movers.target).toMatchObject({ value: 150, fiscalYear: 2025 });
    expect(movers.departments).toEqual(['企画政策課']);
    expect(movers.unit).toBe('人');
    expect(actuals(movers)).toEqual([
      [2022, 102],
      [2023, 118],
    ]);
    const trial = byName(doc, '移住体験参加者数');
    expect(trial.target).toMatchObject({ value: 60, fiscalYear: 2025 });
    expect(trial.departments).toEqual(['移住推進室']);
    expect(byName(doc, '社会増減数').baseline?.value).toBe(-120);
  });

  it('reads group headers 実績値 and 目標値 over years: yearly milestones and the final target', async () => {
    const doc = await importText(
      'v15.tsv',
      [
        '指標名\t単位\t基準値\t実績値\t\t目標値\t',
        '\t\tR1\tR3\tR4\tR5\tR6',
        '公民館利用者数\t千人\t85\t62\t70\t80\t90',
        '図書館来館者数\t千人\t210\t180\t195\t205\t220',
      ].join('\n'),
    );
    const hall = byName(doc, '公民館利用者数');
    expect(hall.baseline).toMatchObject({ value: 85000, fiscalYear: 2019 });
    expect(hall.unit).toBe('人');
    expect(actuals(hall)).toEqual([
      [2021, 62000],
      [2022, 70000],
    ]);
    expect(hall.target).toMatchObject({ value: 90000, fiscalYear: 2024 });
    expect(hall.milestones?.map((m) => [m.fiscalYear, m.value])).toEqual([[2023, 80000]]);
  });

  it('reads a Shift_JIS TSV saved from Excel, with 現状値（H30）, pending and preliminary figures', async () => {
    const doc = await importCp932(
      'v16.tsv',
      [
        '基本目標\t指標\t現状値（H30）\t実績値（R4）\t実績値（R5）\t目標値（R6）\t進捗\t所管課',
        '3 結婚・出産・子育ての希望をかなえる\t合計特殊出生率\t1.45\t1.38\t令和6年9月公表予定\t1.60\t遅れ\t子育て支援課',
        '\t保育所待機児童数\t12人\t待機児童なし\t(速報値) 2人\t0人\t概ね順調\t保育課',
      ].join('\n'),
    );
    const rate = byName(doc, '合計特殊出生率');
    expect(rate.baseline).toMatchObject({ value: 1.45, fiscalYear: 2018 });
    expect(rate.actuals.find((a) => a.fiscalYear === 2023)?.state).toBe('pending');
    expect(actuals(rate)).toEqual([[2022, 1.38]]);
    const waiting = byName(doc, '保育所待機児童数');
    expect(actuals(waiting)).toEqual([
      [2022, 0],
      [2023, 2],
    ]);
    expect(waiting.actuals.find((a) => a.fiscalYear === 2023)?.state).toBe('preliminary');
    expect(waiting.reportedStatus?.label).toBe('概ね順調');
    expect(doc.goals.find((g) => g.id === waiting.owner?.id)?.code).toBe('3');
  });

  it('reads headers broken over lines in an XLSX, with the table shifted right under a title', async () => {
    const doc = await importXlsx([
      [null, '重点プロジェクト 進捗管理表'],
      [
        null,
        '重要業績評価指標\n（ＫＰＩ）',
        '基準値\n（令和元年度）',
        '実績値\n（令和５年度）',
        '目標値\n（令和７年度）',
        '担当課名',
      ],
      [null, '観光消費額', '45億円', '38億円', '50億円', '観光課'],
      [null, '宿泊者数', '120千人', '98千人', '150千人', '観光課'],
    ]);
    const spending = byName(doc, '観光消費額');
    expect(spending.baseline).toMatchObject({ value: 4_500_000_000, fiscalYear: 2019, unit: '円' });
    expect(actuals(spending)).toEqual([[2023, 3_800_000_000]]);
    expect(spending.target).toMatchObject({ value: 5_000_000_000, fiscalYear: 2025 });
    expect(actuals(byName(doc, '宿泊者数'))).toEqual([[2023, 98000]]);
  });

  it('reads 数値目標 and KPI tables of one sheet apart by the title line above each', async () => {
    const doc = await importText(
      'v18.csv',
      [
        '基本目標2 新しいひとの流れをつくる',
        '■数値目標',
        '指標,基準値(R1),目標値(R6),R5実績',
        '転入超過数,-150人,0人,-60人',
        '',
        '■重要業績評価指標（KPI）',
        '指標,基準値(R1),目標値(R6),R5実績',
        'ふるさと納税寄附件数,"3,200件","6,000件","7,450件"',
        '移住相談件数,120件,200件,185件',
      ].join('\n'),
    );
    expect(doc.indicators.map((i) => [i.name, i.role])).toEqual([
      ['転入超過数', 'numeric_target'],
      ['ふるさと納税寄附件数', 'kpi'],
      ['移住相談件数', 'kpi'],
    ]);
    const goal = doc.goals[0]!;
    expect(goal).toMatchObject({ code: '2', name: '新しいひとの流れをつくる' });
    expect(byName(doc, '転入超過数').owner).toEqual({ type: 'goal', id: goal.id });
    expect(byName(doc, '転入超過数').target).toMatchObject({ value: 0, fiscalYear: 2024 });
    expect(actuals(byName(doc, 'ふるさと納税寄附件数'))).toEqual([[2023, 7450]]);
  });

  it('reads statuses written as words and a 備考 column, with measure section rows between KPIs', async () => {
    const doc = await importText(
      'v19.csv',
      [
        '施策・KPI,策定時,R4,R5,目標(R6),達成状況,備考',
        '施策1 子育て支援の充実,,,,,,',
        '放課後児童クラブ定員数,480人,520人,560人,600人,順調,',
        '子育て支援センター利用者数,"8,200人","6,100人","7,300人","9,000人",遅れ,コロナの影響',
        '施策2 教育環境の整備,,,,,,',
        'ICT支援員配置校数,4校,10校,14校,14校,達成,KPI変更(R4)',
      ].join('\n'),
    );
    expect(doc.indicators.map((i) => i.name)).toEqual([
      '放課後児童クラブ定員数',
      '子育て支援センター利用者数',
      'ICT支援員配置校数',
    ]);
    expect(doc.measures.map((m) => [m.code, m.name])).toEqual([
      ['1', '子育て支援の充実'],
      ['2', '教育環境の整備'],
    ]);
    const center = byName(doc, '子育て支援センター利用者数');
    expect(doc.measures.find((m) => m.id === center.owner?.id)?.code).toBe('1');
    expect(actuals(center)).toEqual([
      [2022, 6100],
      [2023, 7300],
    ]);
    expect(center.reportedStatus?.label).toBe('遅れ');
    expect(center.notes).toEqual(['コロナの影響']);
    const ict = byName(doc, 'ICT支援員配置校数');
    expect(doc.measures.find((m) => m.id === ict.owner?.id)?.code).toBe('2');
    expect(ict.reportedStatus?.label).toBe('達成');
  });
});
