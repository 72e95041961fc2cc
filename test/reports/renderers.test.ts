import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { evaluateDocument } from '../../src/core/evaluation/evaluate.ts';
import { kpiList } from '../../src/core/reports/kpi-list.ts';
import { openDataRecords } from '../../src/core/reports/open-data.ts';
import { projectSheets } from '../../src/core/reports/project-sheets.ts';
import { reportCsv } from '../../src/reports/csv.ts';
import { printHtml } from '../../src/reports/html-print.ts';
import { neutralize } from '../../src/reports/neutralize.ts';
import { openDataCsv, openDataJson } from '../../src/reports/open-data.ts';
import { reportXlsx } from '../../src/reports/xlsx.ts';
import { CHROMIUM, chromiumPresent } from '../optional.ts';
import { reportDocument } from './fixture.ts';

const doc = reportDocument();
const evaluation = evaluateDocument(doc, { asOf: 2021, text: false });
const options = { date: '2025-06-01' };

describe('neutralize', () => {
  it('prefixes formula-like text and leaves numbers alone', () => {
    for (const s of ['=1+1', '+cmd', '-x', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])
      expect(neutralize(s)).toBe(`'${s}`);
    for (const s of ['-236', '+1.5', '-1,234', '-3.2%', '', '１', '△236人']) expect(neutralize(s)).toBe(s);
  });
});

describe('XLSX', () => {
  it('writes numbers as numbers, 和暦 headers, frozen header, widths, and inert formula-like text', async () => {
    const bytes = await reportXlsx(kpiList(doc, evaluation, options));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['KPI一覧', '集計']);
    const ws = wb.getWorksheet('KPI一覧') as ExcelJS.Worksheet;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    const header = (ws.getRow(4).values as unknown[]).map(String);
    expect(header).toContain('令和3年度 実績値');
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
    const all: ExcelJS.Cell[] = [];
    ws.eachRow((r) => r.eachCell((c) => all.push(c)));
    const baseline = all.find((c) => c.value === 1563);
    expect(baseline?.type).toBe(ExcelJS.ValueType.Number);
    expect(all.find((c) => c.value === -236)?.type).toBe(ExcelJS.ValueType.Number);
    const hostile = all.find((c) => String(c.value).includes('HYPERLINK'));
    expect(hostile?.type).toBe(ExcelJS.ValueType.String);
    expect(all.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(String(ws.getCell('A1').value)).toContain('令和3年度');
    expect(String(ws.getCell('A2').value)).toContain('テスト市');
    // written by the streaming writer: the header row repeats on printed pages, notes stay
    expect(ws.pageSetup.printTitlesRow).toBe('4:4');
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(all.some((c) => c.note != null)).toBe(true);
  });
});

describe('CSV', () => {
  const model = kpiList(doc, evaluation, options);
  it('is UTF-8 with a BOM by default, neutralizing formula-like text but not negative numbers', () => {
    const bytes = reportCsv(model);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.subarray(3));
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain('令和3年度 実績値');
    expect(text).toContain('\r\n');
  });
  it('is Shift_JIS on request', () => {
    const bytes = reportCsv(model, 'shift_jis');
    expect(bytes[0]).not.toBe(0xef);
    expect(iconv.decode(Buffer.from(bytes), 'Shift_JIS')).toContain('新規求人数');
  });
  it('writes open data with the documented columns, numbers as plain numbers', () => {
    const records = openDataRecords(doc, evaluation, options);
    const text = new TextDecoder().decode(openDataCsv(records).subarray(3));
    const [head, ...lines] = text.trim().split('\r\n');
    expect(head?.split(',')[0]).toBe('municipality');
    expect(lines.some((l) => l.includes(',-236,'))).toBe(true);
    const docs = readFileSync(new URL('../../docs/open-data.md', import.meta.url), 'utf8');
    for (const c of head?.split(',') ?? []) expect(docs).toContain(`\`${c}\``);
    const json = JSON.parse(
      openDataJson(records, { municipality: 'テスト市', date: '2025-06-01', asOf: 2021 }),
    );
    expect(json.records).toHaveLength(records.length);
    expect(json.records.find((r: { indicator_id: string }) => r.indicator_id === 'k2').indicator_name).toBe(
      `'=HYPERLINK("http://x")`,
    );
  });
});

describe('print HTML', () => {
  it('is self-contained with @page, repeated headers, unsplit rows, page numbers, city and date', () => {
    const html = printHtml(projectSheets(doc, evaluation, options));
    expect(html).toContain('size:A4 landscape');
    expect(html).toContain('counter(page)');
    expect(html).toContain('thead{display:table-header-group}');
    expect(html).toContain('break-inside:avoid');
    expect(html).toContain('テスト市');
    expect(html).toContain('令和7年6月1日');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    expect(html).not.toContain('@import');
    expect(html.match(/<section class="part"/g)).toHaveLength(2);
    const kpi = printHtml(kpiList(doc, evaluation, options));
    expect(kpi).toContain('size:A3 landscape');
    expect(kpi).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(kpi.match(/<thead>/g)?.length).toBe(2);
  });
});

describe.skipIf(!chromiumPresent())('print to PDF in chromium', () => {
  it('prints one page per project sheet plus continuation pages for a long table', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required under CI`).toBe(true);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const count = async (html: string) => {
        await page.setContent(html);
        const pdf = await page.pdf({ preferCSSPageSize: true });
        return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      };
      expect(await count(printHtml(projectSheets(doc, evaluation, options)))).toBe(2);
      // a KPI list with many rows runs over several A3 pages, the header repeated on each
      const many = {
        ...doc,
        indicators: Array.from({ length: 150 }, (_, i) => ({ ...doc.indicators[1]!, id: `k${i}` })),
      };
      const manyEval = evaluateDocument(many, { asOf: 2021, text: false });
      const pages = await count(printHtml(kpiList(many, manyEval, options)));
      expect(pages).toBeGreaterThan(2);
      expect(pages).toBeLessThan(40);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('CLI sousei report', () => {
  it('writes a document from an interchange JSON file without a database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sousei-report-'));
    const input = join(dir, 'doc.json');
    writeFileSync(input, JSON.stringify(doc));
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/sousei.js', 'report', ...args], {
        cwd: new URL('../..', import.meta.url).pathname,
      });
    const out = join(dir, 'kpi.xlsx');
    await run([
      'kpi-list',
      '--strategy',
      input,
      '--format',
      'xlsx',
      '--fiscal-year',
      'R3',
      '--out',
      out,
      '--date',
      '2025-06-01',
    ]);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const csv = join(dir, 'open.csv');
    await run(['open-data', '--strategy', input, '--format', 'csv', '--encoding', 'shift_jis', '--out', csv]);
    expect(iconv.decode(readFileSync(csv), 'Shift_JIS')).toContain('新規求人数');
    await expect(run(['nonsense', '--strategy', input, '--out', out])).rejects.toMatchObject({ code: 2 });
    // The city's published status is the judgement of record, as when the strategy is stored: printed
    // as the status, the computed grade beside it.
    const judged = structuredClone(doc);
    const first = judged.indicators[0]!;
    first.reportedStatus = { label: '概ね順調に進捗', fiscalYear: 2021, raw: '概ね順調に進捗' };
    writeFileSync(input, JSON.stringify(judged));
    const json = join(dir, 'kpi.json');
    await run(['kpi-list', '--strategy', input, '--format', 'json', '--fiscal-year', 'R3', '--out', json]);
    const printed = JSON.stringify(JSON.parse(readFileSync(json, 'utf8')));
    const row = printed.slice(printed.indexOf(`"text":"${first.name}"`));
    expect(row.slice(0, row.indexOf(']}'))).toContain('"text":"概ね順調に進捗"');
  }, 60_000);
});
