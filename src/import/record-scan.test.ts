import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanRecords } from './record-scan.ts';

const limits = { maxColumns: 3, maxRowBytes: 20 };
const codes = (pieces: (string | Uint8Array)[], delimiter: ',' | '\t' = ',', l = limits) =>
  scanRecords(pieces, delimiter, l, 'f.csv').map((i) => [i.code, i.place?.row, i.place?.column ?? null]);

describe('scanRecords', () => {
  it('names each record with too many columns, counting quoted delimiters as text', () => {
    expect(codes(['a,b,c\n1,2,3,4\n"x,y,z",2,3\n5,6,7,8,9\n'])).toEqual([
      ['TOO_MANY_COLUMNS', 2, 4],
      ['TOO_MANY_COLUMNS', 4, 4],
    ]);
  });

  it('follows "" inside quotes, quoted line breaks and CRLF, also across pieces', () => {
    // Record 2 spans two lines inside quotes; its 4th column makes it too wide.
    expect(codes(['a,b\r', '\n"q ""x"", \n', 'y",2,3,4\r\n1,2\n'])).toEqual([['TOO_MANY_COLUMNS', 2, 4]]);
    // A quote in the middle of an unquoted field is text (the parser's relax_quotes).
    expect(codes(['a"b,c,d\n1,2,3\n'])).toEqual([]);
  });

  it('stops at the first record longer than the limit (a quote left open swallows the rest)', () => {
    expect(codes([`a,b\n1,"open\n${'2,3\n'.repeat(10)}`])).toEqual([['ROW_TOO_LONG', 2, null]]);
  });

  it('counts characters, not bytes, in UTF-8 input', () => {
    const kanji = '漢'.repeat(20); // 60 bytes, 20 characters: within the limit
    expect(codes([Buffer.from(`${kanji}\n`)])).toEqual([]);
    expect(codes([Buffer.from(`${kanji}字\n`)])).toEqual([['ROW_TOO_LONG', 1, null]]);
  });

  it('agrees with the CSV parser on the number of records and columns (property)', () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'a', '漢字', '1,2', 'x"y', 'line\nbreak', '"', 'q""q'),
      fc.string({ maxLength: 3 }),
    );
    const quoteIfNeeded = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const text = `${rows.map((r) => r.map(quoteIfNeeded).join(',')).join('\n')}\n`;
          const records = parse(text, { relax_column_count: true, relax_quotes: true }) as string[][];
          const wide = records.flatMap((r, i) => (r.length > 3 ? [i + 1] : []));
          const found = scanRecords([text], ',', { maxColumns: 3, maxRowBytes: 10_000 }, 'f.csv').map(
            (i) => i.place?.row,
          );
          expect(found).toEqual(wide);
        },
      ),
      { numRuns: 300 },
    );
  });
});
