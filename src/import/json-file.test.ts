import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonBytes, readJsonFile } from './json-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'sousei-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (s: string) => new TextEncoder().encode(s);

describe('readJsonFile / readJsonBytes: a dump to restore, through src/import', () => {
  it('reads a JSON document, with or without a BOM', async () => {
    expect(readJsonBytes(bytes('{"format":"sousei-db-dump"}'), 'a.json')).toEqual({
      ok: true,
      value: { format: 'sousei-db-dump' },
      issues: [],
    });
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\uFEFF${JSON.stringify({ tables: {} })}`);
    expect(await readJsonFile(path)).toMatchObject({ ok: true, value: { tables: {} } });
  });

  it('refuses a file over the limit before reading it, naming the file, its size and the limit', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, JSON.stringify({ x: 'y'.repeat(5000) }));
    const r = await readJsonFile(path, { maxJsonBytes: 4096 });
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'FILE_TOO_LARGE', place: { file: 'big.json' } }),
    ]);
    expect(r.issues[0]!.messageEn).toContain('limit 4 KB');
  });

  it('names what is wrong: not found, empty, not UTF-8, not JSON (with the parser’s reason and the fix)', async () => {
    const codes = async (p: Promise<{ issues: { code: string }[] }> | { issues: { code: string }[] }) =>
      (await p).issues.map((i) => i.code);
    expect(await codes(readJsonFile(join(dir, 'missing.json')))).toEqual(['FILE_NOT_FOUND']);
    expect(await codes(readJsonBytes(new Uint8Array(), 'e.json'))).toEqual(['FILE_EMPTY']);
    expect(await codes(readJsonBytes(new Uint8Array([0x7b, 0xff, 0x7d]), 'b.json'))).toEqual([
      'JSON_INVALID',
    ]);
    const bad = readJsonBytes(bytes('{"tables": [1, 2,'), 'cut.json');
    expect(bad.issues[0]).toMatchObject({ code: 'JSON_INVALID', place: { file: 'cut.json' } });
    expect(bad.issues[0]!.messageEn).toMatch(/^Cannot read the file as JSON \(.+\)$/);
    expect(bad.issues[0]!.hint).toContain('export-db');
  });
});
