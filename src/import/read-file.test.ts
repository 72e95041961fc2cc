import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CFB from 'cfb';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { makeXlsx } from '../../test/fixtures/xlsx-writer.ts';
import { readBytes, readFile, readFiles, sniffKind } from './read-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'sousei-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const put = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

function ole(streams: Record<string, Uint8Array>): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(cfb, `/${name}`, Buffer.from(data));
  return CFB.write(cfb, { type: 'buffer' }) as Uint8Array;
}

describe('sniffKind', () => {
  it('decides by magic bytes first, then by extension', () => {
    expect(sniffKind(Buffer.from('PK\x03\x04'), '.csv').kind).toBe('xlsx');
    expect(sniffKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), '.xlsx').kind).toBe(
      'ole',
    );
    expect(sniffKind(Buffer.from('%PDF-1.7'), '.csv')).toEqual({ kind: 'unsupported', format: 'PDF' });
    expect(sniffKind(Buffer.from('<html><table>'), '.xls').kind).toBe('unsupported');
    expect(sniffKind(Buffer.from('a,b'), '.txt').kind).toBe('delimited');
    expect(sniffKind(Buffer.from('a,b'), '').kind).toBe('delimited');
  });
});

describe('readFile: dispatch and encodings', () => {
  it('reads xlsx, csv (UTF-8), tsv (CP932) and txt (UTF-16LE) files and reports the encoding', async () => {
    const files = [
      put(
        'kpi.xlsx',
        makeXlsx([
          {
            name: 'KPI',
            rows: [
              ['指標', '基準値'],
              ['転入者数', { v: 1200, fmt: '#,##0"人"' }],
            ],
          },
        ]),
      ),
      put('kpi.csv', '指標,基準値\n転入者数,"1,200人"\n'),
      put('kpi.tsv', iconv.encode('指標\t基準値\n転入者数\t1,200人\n', 'cp932')),
      put(
        'kpi.txt',
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          iconv.encode('指標\t基準値\r\n転入者数\t1,200人\r\n', 'utf-16le'),
        ]),
      ),
    ];
    const r = await readFiles(files);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.encodings).toEqual({
      'kpi.xlsx': null,
      'kpi.csv': 'utf-8',
      'kpi.tsv': 'shift_jis',
      'kpi.txt': 'utf-16le',
    });
    expect(r.value.sheets.map((s) => [s.file, s.name, s.rows[1]?.cells])).toEqual([
      ['kpi.xlsx', 'KPI', ['転入者数', '1,200人']],
      ['kpi.csv', null, ['転入者数', '1,200人']],
      ['kpi.tsv', null, ['転入者数', '1,200人']],
      ['kpi.txt', null, ['転入者数', '1,200人']],
    ]);
  });

  it('reads a workbook saved with a .csv name as a workbook, and says so', async () => {
    const r = await readFile(put('renamed.csv', makeXlsx([{ name: 'S', rows: [['a']] }])));
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => i.code)).toEqual(['FORMAT_MISMATCH']);
  });

  it('a forced encoding applies to text files', async () => {
    const r = await readFile(put('forced.csv', iconv.encode('ｱ,ｲ\n', 'cp932')), { encoding: 'cp932' });
    expect(r.ok && r.value).toMatchObject({
      encoding: 'shift_jis',
      sheets: [{ rows: [{ row: 1, cells: ['ｱ', 'ｲ'] }] }],
    });
  });
});

describe('readFile: bad input is an issue naming the file, never a throw', () => {
  const failWith = async (path: string, code: string) => {
    const r = await readFile(path);
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ code, severity: 'error', place: { file: path.split('/').pop() } });
    expect(r.issues[0]!.message).toBeTruthy();
    expect(r.issues[0]!.messageEn).toBeTruthy();
    return r.issues[0]!;
  };

  it('a password-protected workbook (OLE with EncryptionInfo)', async () => {
    const path = put(
      'secret.xlsx',
      ole({ EncryptionInfo: new Uint8Array(64), EncryptedPackage: new Uint8Array(4096) }),
    );
    const issue = await failWith(path, 'XLSX_ENCRYPTED');
    expect(issue.message).toContain('パスワード付きのファイルは読めません');
    expect(issue.hint).toContain('remove the password in Excel and save again');
  });

  it('a legacy .xls workbook', async () => {
    const issue = await failWith(put('old.xls', ole({ Workbook: new Uint8Array(4096) })), 'XLS_LEGACY');
    expect(issue.hint).toContain('.xlsx');
  });

  it('a broken OLE file, a PDF, garbage named .xlsx', async () => {
    await failWith(
      put(
        'broken.xls',
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100, 7)]),
      ),
      'XLSX_CORRUPT',
    );
    await failWith(put('plan.pdf', '%PDF-1.7\n...'), 'FORMAT_UNSUPPORTED');
    await failWith(put('garbage.xlsx', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), 'XLSX_CORRUPT');
  });

  it('a missing file, a directory, an empty file', async () => {
    await failWith(join(dir, 'missing.csv'), 'FILE_NOT_FOUND');
    mkdirSync(join(dir, 'folder.csv'));
    await failWith(join(dir, 'folder.csv'), 'FILE_UNREADABLE');
    await failWith(put('empty.csv', ''), 'FILE_EMPTY');
    await failWith(put('empty.xlsx', ''), 'FILE_EMPTY');
  });

  it('a file over 200 MB is refused from its size, before reading', async () => {
    const path = put('huge.csv', 'a,b\n');
    truncateSync(path, 201 * 2 ** 20); // sparse: costs no disk
    const issue = await failWith(path, 'FILE_TOO_LARGE');
    expect(issue.message).toContain('200 MB');
  });

  it('a 100 MB CSV is read (within the limits) without a crash', async () => {
    const line = `${'指標名テキスト,'.repeat(20)}1234\n`;
    const chunk = Buffer.from(line.repeat(Math.ceil(2 ** 20 / Buffer.byteLength(line))));
    const path = join(dir, 'big100.csv');
    writeFileSync(path, Buffer.concat(Array.from({ length: 100 }, () => chunk)));
    const r = await readFile(path);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rows = r.value.sheets[0]!.rows;
    expect(rows.length).toBe(100 * (chunk.length / Buffer.byteLength(line)));
    expect(rows.at(-1)!.cells.at(-1)).toBe('1234');
    rmSync(path);
  }, 120_000);

  it('several files: all issues are collected and nothing is returned when one fails', async () => {
    const r = await readFiles([put('good.csv', 'a\n'), put('bad.csv', ''), join(dir, 'nope.csv')]);
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => [i.code, i.place?.file])).toEqual([
      ['FILE_EMPTY', 'bad.csv'],
      ['FILE_NOT_FOUND', 'nope.csv'],
    ]);
  });
});

describe('readBytes: fuzz over every kind of file', () => {
  it('random bytes under any extension never throw and always say what went wrong', async () => {
    const ext = fc.constantFrom('.csv', '.tsv', '.txt', '.xlsx', '.xls', '', '.dat');
    const prefix = fc.constantFrom(
      new Uint8Array(0),
      Buffer.from('PK\x03\x04'),
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.from([0xff, 0xfe]),
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    await fc.assert(
      fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 3000 }), ext, async (head, body, e) => {
        const r = await readBytes(Buffer.concat([head, body]), `f${e}`);
        if (!r.ok) expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
        for (const i of r.issues) expect(i.place?.file).toBe(`f${e}`);
      }),
      { numRuns: 400 },
    );
  });
});
