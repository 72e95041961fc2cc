import { readdirSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR, referenceDocuments } from '../../test/optional.ts';
import { readBytes, readFile } from './read-file.ts';

/** The shared reference documents (tab-separated text of real municipal PDFs), if present. */
const dir = REFERENCE_DIR;
const files = referenceDocuments() ? readdirSync(dir).filter((f) => f.endsWith('.txt')) : [];

describe.skipIf(files.length === 0)('reference documents through the file adapters', () => {
  it.each(files)('%s reads as tab-separated UTF-8 without issues', async (name) => {
    const r = await readFile(`${dir}${name}`);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.encoding).toBe('utf-8');
    const [sheet] = r.value.sheets;
    expect(sheet!.rows.length).toBeGreaterThan(50);
    expect(Math.max(...sheet!.rows.map((row) => row.cells.length))).toBeGreaterThan(8);
    const numbers = sheet!.rows.map((row) => row.row);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it.each(files)('%s gives the same grid in CP932 and in UTF-16LE (Excel "Unicode text")', async (name) => {
    const text = readFileSync(`${dir}${name}`, 'utf8');
    const utf8 = await readBytes(Buffer.from(text), name);
    const utf16 = await readBytes(
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]),
      name,
    );
    expect(utf16.ok && utf16.value.sheets).toEqual(utf8.ok && utf8.value.sheets);
    // CP932 cannot hold every character: compare with the text as CP932 round-trips it.
    const sjisBytes = iconv.encode(text, 'cp932');
    const sjis = await readBytes(sjisBytes, name);
    const expected = await readBytes(Buffer.from(iconv.decode(sjisBytes, 'cp932')), name);
    expect(sjis.ok && sjis.value.encoding).toBe('shift_jis');
    expect(sjis.ok && sjis.value.sheets).toEqual(expected.ok && expected.value.sheets);
  });

  it('keeps figures as written (a KPI list has `1,563件` in a cell of its own)', async () => {
    const all = await Promise.all(files.map((f) => readFile(`${dir}${f}`)));
    const cells = all.flatMap((r) =>
      r.ok ? r.value.sheets.flatMap((s) => s.rows.flatMap((row) => row.cells)) : [],
    );
    expect(cells).toContain('1,563件');
  });
});
