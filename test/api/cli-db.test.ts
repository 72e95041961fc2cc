/** `sousei demo`, `sousei export-db` and `sousei import-db` through the CLI entry (embedded DB). */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

function io(stdin = '') {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => {
    stdout += d;
  });
  err.on('data', (d) => {
    stderr += d;
  });
  const input = new PassThrough();
  input.end(stdin);
  return { io: { stdin: input, stdout: out, stderr: err }, text: () => ({ stdout, stderr }) };
}

describe('sousei demo / export-db / import-db', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-cli-db-'));
  const env = process.env.DATABASE_URL;
  process.env.DATABASE_URL = '';
  afterAll(() => {
    process.env.DATABASE_URL = env;
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips the demo database through a JSON dump, losslessly', async () => {
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    const demo = io();
    expect(await main(['demo', '--db', a], demo.io)).toBe(0);
    expect(demo.text().stdout).toMatch(/架空.*40 indicators/);
    const dump = join(dir, 'dump.json');
    const exp = io();
    expect(await main(['export-db', '--db', a, '--out', dump], exp.io)).toBe(0);
    const first = JSON.parse(readFileSync(dump, 'utf8'));
    expect(first.format).toBe('sousei-db-dump');
    expect(first.tables.indicators).toHaveLength(40);
    expect(first.tables.observations.length).toBe(40 * 7);
    const imp = io();
    expect(await main(['import-db', dump, '--db', b], imp.io)).toBe(0);
    const again = io();
    expect(await main(['export-db', '--db', b], again.io)).toBe(0);
    const second = JSON.parse(again.text().stdout);
    expect({ ...second, exportedAt: null }).toEqual({ ...first, exportedAt: null });
    // Restoring twice is refused: the target is no longer empty; nothing changes.
    const twice = io();
    expect(await main(['import-db', dump, '--db', b], twice.io)).toBe(1);
    expect(twice.text().stderr).toMatch(/既にデータ/);
    const bad = io('{"format":"other"}');
    expect(await main(['import-db', '-', '--db', join(dir, 'c.db')], bad.io)).toBe(1);
    expect(bad.text().stderr).toMatch(/バックアップファイルとして読めません/);
  });

  it('import-db reads the dump through src/import: a damaged or missing file is named with the fix, nothing restored', async () => {
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, '{"format":"sousei-db-dump","tables":{');
    const damaged = io();
    expect(await main(['import-db', cut, '--db', join(dir, 'd.db')], damaged.io)).toBe(2);
    expect(damaged.text().stderr).toMatch(/cut\.json: JSON として読めません/);
    expect(damaged.text().stderr).toMatch(/export-db/);
    const missing = io();
    expect(await main(['import-db', join(dir, 'none.json'), '--db', join(dir, 'd.db')], missing.io)).toBe(2);
    expect(missing.text().stderr).toMatch(/ファイルが見つかりません/);
  });

  it('backup: dated dumps that restore, the oldest beyond --keep removed, bad usage named', async () => {
    const db = join(dir, 'backup-source.db');
    expect(await main(['demo', '--db', db], io().io)).toBe(0);
    const target = join(dir, 'backups');
    // Three older backups by name (the stamp sorts by time), and one unrelated file that stays.
    mkdirSync(target, { recursive: true });
    for (const s of ['20200101T000000Z', '20200102T000000Z', '20200103T000000Z'])
      writeFileSync(join(target, `sousei-backup-${s}.json`), '{}');
    writeFileSync(join(target, 'notes.txt'), 'keep me');
    const run = io();
    expect(await main(['backup', '--dir', target, '--keep', '2', '--db', db], run.io)).toBe(0);
    const files = readdirSync(target).sort();
    expect(files).toHaveLength(3);
    expect(files).toContain('notes.txt');
    expect(files).toContain('sousei-backup-20200103T000000Z.json');
    const fresh = files.find(
      (f) => /^sousei-backup-\d{8}T\d{6}Z\.json$/.test(f) && !f.startsWith('sousei-backup-2020'),
    );
    expect(fresh).toBeDefined();
    expect(run.text().stderr).toMatch(/removed 2 old backups/);
    // The backup restores into an empty database.
    expect(await main(['import-db', join(target, fresh!), '--db', join(dir, 'restored.db')], io().io)).toBe(
      0,
    );
    const usage = io();
    expect(await main(['backup', '--keep', '0', '--db', db], usage.io)).toBe(2);
    expect(usage.text().stderr).toMatch(/--dir/);
  });
});
