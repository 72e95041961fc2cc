import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readDelimited, sniffDelimiter } from './delimited.ts';
import { withLimits } from './limits.ts';

const rowsOf = async (bytes: Uint8Array, file = 'kpi.csv', options = {}) => {
  const r = await readDelimited(bytes, file, options);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('readDelimited: formats and encodings', () => {
  it('reads CSV with quoted fields holding newlines, tabs, commas and doubled quotes', async () => {
    const csv = '基本目標,KPI,基準値\r\n1,"新規\r\n求人数","1,563件"\r\n2,"a\tb ""引用""",△236人\r\n';
    const r = await rowsOf(Buffer.from(csv));
    expect(r.delimiter).toBe(',');
    expect(r.encoding).toBe('utf-8');
    expect(r.sheet).toEqual({
      file: 'kpi.csv',
      name: null,
      merges: [],
      rows: [
        { row: 1, cells: ['基本目標', 'KPI', '基準値'] },
        { row: 2, cells: ['1', '新規\r\n求人数', '1,563件'] },
        { row: 3, cells: ['2', 'a\tb "引用"', '△236人'] },
      ],
    });
  });

  it('numbers rows as a spreadsheet does: blank records count, but only non-empty rows are kept', async () => {
    const r = await rowsOf(Buffer.from('a,b\n\n,,\n c ,\n'));
    expect(r.sheet.rows).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 4, cells: [' c '] },
    ]);
  });

  it('reads a Shift_JIS TSV', async () => {
    const tsv = '施策\t指標名\t目標値\n①移住促進\t転入者数\t1,200人(R6)\n';
    const r = await rowsOf(iconv.encode(tsv, 'cp932'), 'kpi.tsv');
    expect(r.encoding).toBe('shift_jis');
    expect(r.delimiter).toBe('\t');
    expect(r.sheet.rows.map((x) => x.cells)).toEqual([
      ['施策', '指標名', '目標値'],
      ['①移住促進', '転入者数', '1,200人(R6)'],
    ]);
  });

  it('reads Excel "Unicode text" (UTF-16LE with BOM, tab-separated .txt)', async () => {
    const text = '指標\t実績値\r\n"観光入込客数"\t"3.5万人"\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    const r = await rowsOf(bytes, 'export.txt');
    expect(r.encoding).toBe('utf-16le');
    expect(r.delimiter).toBe('\t');
    expect(r.sheet.rows[1]!.cells).toEqual(['観光入込客数', '3.5万人']);
  });

  it('reads UTF-16BE with BOM and UTF-8 with BOM', async () => {
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('a\tb\n', 'utf-16be')]);
    expect((await rowsOf(be, 'x.txt')).sheet.rows[0]!.cells).toEqual(['a', 'b']);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('目標,値\n')]);
    expect((await rowsOf(bom)).sheet.rows[0]!.cells).toEqual(['目標', '値']);
  });

  it('sniffs the delimiter of .csv and .txt files, and a forced encoding wins', async () => {
    expect((await rowsOf(Buffer.from('a\tb\n1\t2\n'), 'x.csv')).delimiter).toBe('\t');
    expect((await rowsOf(Buffer.from('a,b\n1,2\n'), 'x.txt')).delimiter).toBe(',');
    expect((await rowsOf(Buffer.from('only\n'), 'x.txt')).delimiter).toBe('\t');
    const forced = await rowsOf(iconv.encode('ｱ,ｲ\n', 'cp932'), 'x.csv', { encoding: 'sjis' });
    expect(forced.sheet.rows[0]!.cells).toEqual(['ｱ', 'ｲ']);
  });

  it('sniffDelimiter ignores separators inside quotes', () => {
    expect(sniffDelimiter('"a,b,c"\tx\n"d,e"\ty\n')).toBe('\t');
    expect(sniffDelimiter('a,b\n"x\ty",z\n')).toBe(',');
    expect(sniffDelimiter('no separators')).toBeNull();
  });

  it('reads a mixed-encoding file with a warning naming the first odd line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('目標,値\n'),
      iconv.encode('転入者数,①\n', 'cp932'),
      Buffer.from('出生数,1\n'),
    ]);
    const r = await readDelimited(bytes, 'mixed.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sheet.rows[1]!.cells).toEqual(['転入者数', '①']);
    expect(r.issues).toEqual([
      expect.objectContaining({
        code: 'ENCODING_MIXED',
        severity: 'warning',
        place: { file: 'mixed.csv', row: 2 },
      }),
    ]);
  });
});

describe('readDelimited: bad input gets an issue naming the place', () => {
  const fail = async (bytes: Uint8Array, options = {}, file = 'bad.csv') => {
    const r = await readDelimited(bytes, file, options);
    expect(r.ok).toBe(false);
    return r.issues;
  };

  it('an empty file', async () => {
    expect(await fail(Buffer.alloc(0))).toEqual([
      expect.objectContaining({ code: 'FILE_EMPTY', place: { file: 'bad.csv' } }),
    ]);
  });

  it('a file with no value in any cell', async () => {
    expect((await fail(Buffer.from('\n,,\n\n')))[0]).toMatchObject({ code: 'FILE_NO_CELLS' });
  });

  it('binary garbage', async () => {
    const bytes = Buffer.from('a,b\n1,2\n\u0000\u0001\u0002\u00ff', 'latin1');
    expect((await fail(bytes))[0]).toMatchObject({ code: 'FILE_BINARY', place: { file: 'bad.csv', row: 3 } });
  });

  it('a quote left open names the row and the line it opened on', async () => {
    const issues = await fail(Buffer.from('a,b\n1,2\n3,"open\n4,5\n'));
    expect(issues[0]).toMatchObject({ code: 'CSV_QUOTE_NOT_CLOSED', place: { file: 'bad.csv', row: 3 } });
    expect(issues[0]!.messageEn).toContain('line 3');
    const multiline = await fail(Buffer.from('a,"x\ny"\n1,2\n3,"open\n4,5\n'));
    expect(multiline[0]).toMatchObject({ code: 'CSV_QUOTE_NOT_CLOSED', place: { row: 3 } });
    expect(multiline[0]!.messageEn).toContain('line 4');
  });

  it('a line with 100,000 columns: an error naming the row and the first column past the limit', async () => {
    const bytes = Buffer.from(`a,b\n${'x,'.repeat(99_999)}x\nc,d\n`);
    const issues = await fail(bytes);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'TOO_MANY_COLUMNS',
        place: { file: 'bad.csv', row: 2, column: 16_385 },
      }),
    ]);
    expect(issues[0]!.message).toContain('100000 列');
  });

  it('a cell longer than Excel allows names row and column', async () => {
    const bytes = Buffer.from(`a,b\n1,"${'長'.repeat(40_000)}"\n`);
    expect((await fail(bytes))[0]).toMatchObject({ code: 'CELL_TOO_LONG', place: { row: 2, column: 2 } });
  });

  it('a quote left open early in a big file stops at the row size limit instead of swallowing the file', async () => {
    const bytes = Buffer.from(`a,b\n1,"open\n${'2,3\n'.repeat(5000)}`);
    const issues = await fail(bytes, { limits: withLimits({ maxRowBytes: 1000 }) });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'ROW_TOO_LONG', place: { file: 'bad.csv', row: 2 } }),
    ]);
  });

  it('too many rows stops at the limit and names the row', async () => {
    const bytes = Buffer.from('1\n'.repeat(50));
    const issues = await fail(bytes, { limits: withLimits({ maxRows: 10 }) });
    expect(issues).toEqual([
      expect.objectContaining({ code: 'TOO_MANY_ROWS', place: { file: 'bad.csv', row: 11 } }),
    ]);
  });

  it('caps repeated issues of one kind and summarises the rest', async () => {
    const wide = `${'x,'.repeat(20)}x\n`;
    const issues = await fail(Buffer.from(wide.repeat(30)), {
      limits: withLimits({ maxColumns: 5, maxIssuesPerKind: 3 }),
    });
    expect(issues.filter((i) => i.code === 'TOO_MANY_COLUMNS')).toHaveLength(3);
    expect(issues.at(-1)).toMatchObject({
      code: 'ISSUES_TRUNCATED',
      messageEn: expect.stringContaining('27 more'),
    });
  });
});

describe('readDelimited: fuzz', () => {
  const check = (r: Awaited<ReturnType<typeof readDelimited>>) => {
    if (r.ok) {
      for (const row of r.value.sheet.rows) expect(row.cells.some((c) => c)).toBe(true);
    } else {
      expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
    }
    for (const i of r.issues) {
      expect(i.code).toMatch(/^[A-Z0-9_]+$/);
      expect(i.message.length).toBeGreaterThan(0);
      expect(i.messageEn.length).toBeGreaterThan(0);
      expect(i.place?.file).toBe('f.csv');
    }
  };

  it('random bytes never throw and always give rows or an error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        check(await readDelimited(bytes, 'f.csv'));
      }),
      { numRuns: 300 },
    );
  });

  it('random CSV-ish text in every encoding never throws', async () => {
    const char = fc.constantFrom(...'a1,\t\n\r" 漢①ｶ'.split(''));
    const enc = fc.constantFrom('utf8', 'cp932', 'utf-16le');
    await fc.assert(
      fc.asyncProperty(fc.array(char, { maxLength: 300 }), enc, async (chars, e) => {
        check(await readDelimited(iconv.encode(chars.join(''), e, { addBOM: e === 'utf-16le' }), 'f.csv'));
      }),
      { numRuns: 300 },
    );
  });
});
