/**
 * Documents written in pieces: every kind's print HTML, CSV (both encodings) and XLSX come as
 * several chunks for a long document, and the chunks joined are exactly the whole rendering.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { evaluateDocument } from '../../src/core/evaluation/evaluate.ts';
import { kpiList } from '../../src/core/reports/kpi-list.ts';
import { openDataRecords } from '../../src/core/reports/open-data.ts';
import type { ReportModel } from '../../src/core/reports/report-model.ts';
import { reportCsv, reportCsvStream, reportCsvWithWarnings } from '../../src/reports/csv.ts';
import { printHtml, printHtmlChunks } from '../../src/reports/html-print.ts';
import { openDataCsv, openDataCsvChunks } from '../../src/reports/open-data.ts';
import { reportXlsx, reportXlsxChunks } from '../../src/reports/xlsx.ts';
import {
  fileBytes,
  REPORT_KINDS,
  type ReportRequestKind,
  renderReport,
} from '../../src/services/reports/reports.ts';
import { reportDocument } from './fixture.ts';

const base = reportDocument();
// A long document: the fixture's indicators many times over, one with a character Shift_JIS lacks.
const doc = {
  ...base,
  indicators: Array.from({ length: 2_000 }, (_, i) => {
    const ind = base.indicators[i % base.indicators.length]!;
    return { ...ind, id: `${ind.id}-${i}`, name: i === 421 ? `𠮷野の${ind.name}` : `${ind.name}〜${i}` };
  }),
};
const evaluation = evaluateDocument(doc, { asOf: 2021, text: false });
const options = { date: '2025-06-01' };
const join = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('documents in pieces', () => {
  it('print HTML: several chunks, joined exactly the whole page', () => {
    const model = kpiList(doc, evaluation, options);
    const chunks = [...printHtmlChunks(model)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(printHtml(model));
    // Each chunk ends on a whole row or part (never inside a tag).
    for (const c of chunks.slice(0, -1)) expect(c).toMatch(/>$/);
  });

  it('CSV: several chunks in UTF-8 (BOM first only) and Shift_JIS, joined exactly; the same warnings', () => {
    const model = kpiList(doc, evaluation, options);
    for (const encoding of ['utf8-bom', 'shift_jis'] as const) {
      const whole = reportCsvWithWarnings(model, encoding);
      const streamed = reportCsvStream(model, encoding);
      const chunks = [...streamed.chunks];
      expect(chunks.length, encoding).toBeGreaterThan(1);
      expect(Buffer.from(join(chunks)).equals(Buffer.from(whole.bytes)), encoding).toBe(true);
      expect(streamed.warnings).toEqual(whole.warnings);
      const boms = chunks.filter((c) => c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf).length;
      expect(boms).toBe(encoding === 'utf8-bom' ? 1 : 0);
    }
    const sjis = reportCsvStream(model, 'shift_jis');
    expect(sjis.warnings.map((w) => w.character)).toEqual(['𠮷']);
    // 〜 mapped to its CP932 form in every chunk, not `?`.
    const text = iconv.decode(Buffer.from(join([...sjis.chunks])), 'cp932');
    expect(text).toMatch(/～\d+/);
    expect(text).not.toMatch(/[〜?]\d+/);
  });

  it('open data CSV and XLSX: joined exactly the whole file', async () => {
    const records = openDataRecords(doc, evaluation, options);
    for (const encoding of ['utf8-bom', 'shift_jis'] as const)
      expect(
        Buffer.from(join([...openDataCsvChunks(records, encoding)])).equals(
          Buffer.from(openDataCsv(records, encoding)),
        ),
      ).toBe(true);
    // XLSX: the zip's entries carry the time they were written, so the workbooks are compared.
    const model = kpiList(doc, evaluation, options);
    const parts: Uint8Array[] = [];
    for await (const p of reportXlsxChunks(model)) parts.push(p);
    expect(parts.length).toBeGreaterThan(1);
    const cells = async (bytes: Uint8Array) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => ({
        name: ws.name,
        rows: ws.getSheetValues().map((r) => JSON.stringify(r)),
      }));
    };
    expect(await cells(join(parts))).toEqual(await cells(await reportXlsx(model)));
  });

  it('every kind: renderReport’s pieces joined are the whole rendering of its model', async () => {
    const some = { ...doc, indicators: doc.indicators.slice(0, 600) };
    const someEvaluation = evaluateDocument(some, { asOf: 2021, text: false });
    for (const kind of REPORT_KINDS.filter((k) => k !== 'entry-workbook' && k !== 'open-data'))
      for (const format of ['html', 'csv'] as const) {
        const k = kind as Exclude<ReportRequestKind, 'entry-workbook'>;
        const r = await renderReport(some, someEvaluation, k, format, options);
        const json = await renderReport(some, someEvaluation, k, 'json', options);
        if (!r.ok || !json.ok) throw new Error(`${kind} not rendered`);
        const model = JSON.parse(new TextDecoder().decode(await fileBytes(json.value))) as ReportModel;
        const whole = format === 'html' ? new TextEncoder().encode(printHtml(model)) : reportCsv(model);
        const bytes = await fileBytes(r.value);
        expect(Buffer.from(bytes).equals(Buffer.from(whole)), `${kind} ${format}`).toBe(true);
      }
  });
});
