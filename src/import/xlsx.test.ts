import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { makeXlsx, type XSheet, xlsxParts, zipParts } from '../../test/fixtures/xlsx-writer.ts';
import { setDeclaredSize, setEncryptedFlag } from '../../test/fixtures/zip-patch.ts';
import { type ByteSource, bufferSource, fileSource } from './byte-source.ts';
import { withLimits } from './limits.ts';
import { readXlsx } from './xlsx.ts';

const read = (bytes: Uint8Array, options = {}) => readXlsx(bufferSource(bytes), 'kpi.xlsx', options);
const sheetsOf = async (bytes: Uint8Array) => {
  const r = await read(bytes);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r;
};

const KPI: XSheet = {
  name: 'KPI一覧',
  rows: [
    ['基本目標', null, '重要業績評価指標', '基準値', '目標値', '達成率'],
    [
      { v: '１ しごとをつくる', ruby: 'シゴトヲツクル' },
      null,
      { runs: ['新規', '求人数'] },
      { v: 1563, fmt: '#,##0"件"' },
      { v: 1602, fmt: '#,##0"件"' },
      { v: 0.956, fmt: '0.0%', f: 'D2/E2' },
    ],
    [
      null,
      null,
      '転入者数',
      { v: -236, fmt: '"△"#,##0;"▲"#,##0' },
      { v: 45383, fmt: '[$-411]ggge"年"m"月"d"日"' },
      { f: 'D3/E3' },
    ],
    [
      null,
      null,
      { v: 'インライン', inline: true },
      true,
      { error: '#DIV/0!' },
      { v: '済', f: 'IF(1,"済","")' },
    ],
  ],
  merges: ['A1:B1', 'A2:B3'],
};

describe('readXlsx: cells as displayed', () => {
  it('reads values, number formats, rich text without furigana, formulas as cached results, merges', async () => {
    const r = await sheetsOf(makeXlsx([KPI]));
    const [sheet] = r.value;
    expect(sheet).toEqual({
      file: 'kpi.xlsx',
      name: 'KPI一覧',
      merges: [
        { top: 1, left: 1, bottom: 1, right: 2 },
        { top: 2, left: 1, bottom: 3, right: 2 },
      ],
      rows: [
        { row: 1, cells: ['基本目標', null, '重要業績評価指標', '基準値', '目標値', '達成率'] },
        { row: 2, cells: ['１ しごとをつくる', null, '新規求人数', '1,563件', '1,602件', '95.6%'] },
        { row: 3, cells: [null, null, '転入者数', '▲236', '令和6年4月1日'] },
        { row: 4, cells: [null, null, 'インライン', 'TRUE', '#DIV/0!', '済'] },
      ],
    });
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'XLSX_FORMULA_NO_VALUE',
        severity: 'warning',
        place: { file: 'kpi.xlsx', sheet: 'KPI一覧', row: 3, column: 6 },
      }),
    ]);
  });

  it('reads every sheet, hidden ones included, in workbook order', async () => {
    const r = await sheetsOf(
      makeXlsx([
        { name: '総括', rows: [['a']] },
        { name: '非表示', rows: [['b']], state: 'hidden' },
        { name: '空', rows: [] },
      ]),
    );
    expect(r.value.map((s) => [s.name, s.rows.length])).toEqual([
      ['総括', 1],
      ['非表示', 1],
      ['空', 0],
    ]);
  });

  it('keeps the value of a merged range in its top-left cell and reports a value hidden under it', async () => {
    const r = await sheetsOf(makeXlsx([{ name: 'S', rows: [['top', 'hidden'], ['x']], merges: ['A1:B2'] }]));
    expect(r.value[0]!.rows).toEqual([{ row: 1, cells: ['top', null] }]);
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'XLSX_MERGED_HIDDEN_VALUE',
        place: { file: 'kpi.xlsx', sheet: 'S', row: 1, column: 2 },
      }),
      expect.objectContaining({
        code: 'XLSX_MERGED_HIDDEN_VALUE',
        place: { file: 'kpi.xlsx', sheet: 'S', row: 2, column: 1 },
      }),
    ]);
  });

  it('honours the 1904 date system and row numbers that skip', async () => {
    const r = await sheetsOf(
      makeXlsx([{ name: 'S', startRow: 5, rows: [[{ v: 45383 - 1462, fmt: 'yyyy/m/d' }]] }], {
        date1904: true,
      }),
    );
    expect(r.value[0]!.rows).toEqual([{ row: 5, cells: ['2024/4/1'] }]);
  });

  it('unescapes _xHHHH_ and reads prefixed element names (x:row) as written by some tools', async () => {
    const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
    parts['xl/worksheets/sheet1.xml'] =
      '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="C2" t="inlineStr"><x:is><x:t>行1_x000D_行2</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>';
    const r = await sheetsOf(zipParts(parts));
    expect(r.value[0]!.rows).toEqual([{ row: 2, cells: [null, null, '行1\r行2'] }]);
  });
});

describe('readXlsx: bad input', () => {
  const codes = async (bytes: Uint8Array, options = {}) => {
    const r = await read(bytes, options);
    expect(r.ok).toBe(false);
    for (const i of r.issues) expect(i.place?.file).toBe('kpi.xlsx');
    return r.issues;
  };

  it('a truncated workbook', async () => {
    const bytes = makeXlsx([KPI]);
    for (const cut of [bytes.length - 10, Math.floor(bytes.length / 2), 30]) {
      const issues = await codes(bytes.subarray(0, cut));
      expect(issues.map((i) => i.code)).toEqual(['XLSX_CORRUPT']);
    }
  });

  it('a zip that is not a workbook', async () => {
    const issues = await codes(zipParts({ 'word/document.xml': '<w:document/>' }));
    expect(issues.map((i) => i.code)).toEqual(['XLSX_NOT_WORKBOOK']);
  });

  it('malformed XML in a sheet names the sheet', async () => {
    const parts = xlsxParts([{ name: '壊れた', rows: [['a']] }]);
    parts['xl/worksheets/sheet1.xml'] =
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row></sheetData';
    parts['xl/worksheets/sheet1.xml'] += '<<<';
    const issues = await codes(zipParts(parts));
    expect(issues[0]).toMatchObject({ code: 'XLSX_CORRUPT', place: { file: 'kpi.xlsx', sheet: '壊れた' } });
  });

  it('a zip bomb: a part that inflates more than 100 times, refused from the directory', async () => {
    const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
    parts['xl/worksheets/sheet1.xml'] =
      `<worksheet><sheetData>${' '.repeat(3 * 2 ** 20)}</sheetData></worksheet>`;
    const issues = await codes(zipParts(parts, 9));
    expect(issues[0]).toMatchObject({ code: 'ZIP_RATIO_TOO_HIGH', severity: 'error' });
    expect(issues[0]!.messageEn).toContain('xl/worksheets/sheet1.xml');
  });

  it('a zip bomb: a directory declaring more than 200 MB uncompressed, refused before inflating', async () => {
    const bytes = setDeclaredSize(makeXlsx([KPI]), 'xl/sharedStrings.xml', 300 * 2 ** 20);
    const issues = await codes(bytes, {
      limits: withLimits({ maxCompressionRatio: Number.POSITIVE_INFINITY }),
    });
    expect(issues.map((i) => i.code)).toEqual(['ZIP_TOO_LARGE']);
  });

  it('a zip bomb that lies about its sizes is stopped while inflating', async () => {
    const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
    parts['xl/worksheets/sheet1.xml'] =
      `<worksheet><sheetData>${'<row/>'.repeat(400_000)}</sheetData></worksheet>`;
    const bytes = setDeclaredSize(zipParts(parts, 9), 'xl/worksheets/sheet1.xml', 1000);
    const issues = await codes(bytes);
    expect(issues.map((i) => i.code)).toEqual(['XLSX_CORRUPT']);
    expect(issues[0]!.messageEn).toMatch(/bytes/);
  });

  it('the inflated total is counted too (limit lowered to show it)', async () => {
    const parts = xlsxParts([{ name: 'S', rows: Array.from({ length: 2000 }, (_, i) => [`r${i}`, i]) }]);
    const issues = await codes(zipParts(parts), {
      limits: withLimits({ maxUncompressedBytes: 60_000, maxCompressionRatio: Number.POSITIVE_INFINITY }),
    });
    expect(issues[0]!.code).toBe('ZIP_TOO_LARGE');
  });

  it('an XML entity bomb (billion laughs) is refused: no DTD entity is expanded', async () => {
    const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
    const defs = Array.from({ length: 10 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join(
      '',
    );
    parts['xl/worksheets/sheet1.xml'] =
      `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">${defs}]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e10;</t></is></c></row></sheetData></worksheet>`;
    const issues = await codes(zipParts(parts));
    expect(issues.map((i) => i.code)).toEqual(['XLSX_CORRUPT']);
  });

  it('a zip entry encrypted with a zip password', async () => {
    const issues = await codes(setEncryptedFlag(makeXlsx([KPI]), 'xl/worksheets/sheet1.xml'));
    expect(issues.map((i) => i.code)).toEqual(['XLSX_ENCRYPTED']);
  });

  it('a cell past column XFD names row and column; a too-long cell names its place', async () => {
    const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
    parts['xl/worksheets/sheet1.xml'] =
      `<worksheet><sheetData><row r="7"><c r="XFE7" t="inlineStr"><is><t>x</t></is></c></row><row r="8"><c r="B8" t="inlineStr"><is><t>${'長'.repeat(33_000)}</t></is></c></row></sheetData></worksheet>`;
    const issues = await codes(zipParts(parts));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'TOO_MANY_COLUMNS',
        place: { file: 'kpi.xlsx', sheet: 'S', row: 7, column: 16_385 },
      }),
      expect.objectContaining({
        code: 'CELL_TOO_LONG',
        place: { file: 'kpi.xlsx', sheet: 'S', row: 8, column: 2 },
      }),
    ]);
  });

  it('one cell per row far to the right is refused by the cell budget, naming the sheet and the row', async () => {
    const parts = xlsxParts([{ name: 'S', rows: [['a']] }]);
    const rows = Array.from(
      { length: 50 },
      (_, i) => `<row r="${i + 1}"><c r="XFD${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`,
    ).join('');
    parts['xl/worksheets/sheet1.xml'] = `<worksheet><sheetData>${rows}</sheetData></worksheet>`;
    // 16,384 places a row: the third row passes a budget of 40,000 places.
    const issues = await codes(zipParts(parts), { limits: withLimits({ maxCells: 40_000 }) });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'TOO_MANY_CELLS', place: { file: 'kpi.xlsx', sheet: 'S', row: 3 } }),
    ]);
    // The budget counts the places of every sheet of the workbook: two copies of a table pass
    // a budget of twice its places and are refused, at the second sheet, by one place less.
    const one = await read(makeXlsx([KPI]));
    if (!one.ok) throw new Error('the KPI sheet should read');
    const places = one.value[0]!.rows.reduce((n, r) => n + r.cells.length, 0);
    const two = makeXlsx([KPI, { ...KPI, name: 'KPI2' }]);
    expect((await read(two, { limits: withLimits({ maxCells: 2 * places }) })).ok).toBe(true);
    const small = await codes(two, { limits: withLimits({ maxCells: 2 * places - 1 }) });
    const errors = small.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.place?.sheet])).toEqual([['TOO_MANY_CELLS', 'KPI2']]);
  });

  it('a workbook with no value anywhere', async () => {
    expect((await codes(makeXlsx([{ name: 'S', rows: [] }]))).map((i) => i.code)).toEqual(['FILE_NO_CELLS']);
  });

  it('not a zip at all', async () => {
    expect((await codes(Buffer.from('PK but not really a zip file at all'))).map((i) => i.code)).toEqual([
      'XLSX_CORRUPT',
    ]);
  });
});

describe('readXlsx: streaming', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-xlsx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A file source that records every read, to show the reader never loads the file whole. */
  async function countingSource(path: string): Promise<{ source: ByteSource; reads: number[] }> {
    const inner = await fileSource(path);
    const reads: number[] = [];
    return {
      reads,
      source: {
        size: inner.size,
        read: async (pos, len) => {
          reads.push(len);
          return inner.read(pos, len);
        },
        close: () => inner.close(),
      },
    };
  }

  it('reads a 50,000-row workbook through bounded reads, never the whole file at once', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [
      `${Math.floor(i / 100) + 1}-${(i % 100) + 1}`,
      `指標${i}`,
      { v: i * 3, fmt: '#,##0"人"' },
      { v: (i % 1000) / 1000, fmt: '0.0%' },
      i % 2 === 0 ? 'R6' : null,
    ]);
    const path = join(dir, 'big.xlsx');
    writeFileSync(path, makeXlsx([{ name: 'KPI', rows }], { level: 1 }));
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(1_000_000);
    const { source, reads } = await countingSource(path);
    const r = await readXlsx(source, 'big.xlsx');
    await source.close();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sheet = r.value[0]!;
    expect(sheet.rows).toHaveLength(50_000);
    expect(sheet.rows[49_999]).toEqual({
      row: 50_000,
      cells: ['500-100', '指標49999', '149,997人', '99.9%'],
    });
    expect(Math.max(...reads)).toBeLessThanOrEqual(65_536);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(size * 1.5);
  });
});

describe('readXlsx: fuzz', () => {
  const small = makeXlsx([KPI], { level: 6 });
  const stored = makeXlsx([KPI], { level: 0 });

  const check = async (bytes: Uint8Array) => {
    const r = await read(bytes);
    if (!r.ok) expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
    for (const i of r.issues) {
      expect(i.code).toMatch(/^[A-Z0-9_]+$/);
      expect(i.place?.file).toBe('kpi.xlsx');
    }
  };

  it('random bytes after a zip signature never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (tail) => {
        await check(Buffer.concat([Buffer.from('PK\x03\x04'), tail]));
      }),
      { numRuns: 200 },
    );
  });

  it('mutated valid workbooks (deflated and stored) never throw', async () => {
    const mutation = fc.record({
      base: fc.constantFrom(small, stored),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      cut: fc.option(fc.nat(), { nil: null }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ base, edits, cut }) => {
        const bytes = new Uint8Array(base);
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        await check(cut === null ? bytes : bytes.subarray(0, cut % bytes.length));
      }),
      { numRuns: 400 },
    );
  });
});
