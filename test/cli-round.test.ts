/** `sousei round open|status|close|remind` through the CLI entry (embedded DB). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { systemContext } from '../src/services/context.ts';
import { importDocument } from '../src/services/import/import-document.ts';
import { openDb } from '../src/store/db.ts';
import { smallDocument } from './store/fixtures.ts';

function io() {
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
  input.end('');
  return { io: { stdin: input, stdout: out, stderr: err }, text: () => ({ stdout, stderr }) };
}

describe('sousei round', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-cli-round-'));
  const file = join(dir, 'r.db');
  const env = { DATABASE_URL: process.env.DATABASE_URL, SMTP: process.env.SOUSEI_SMTP_URL };
  let strategyId = '';
  beforeAll(async () => {
    process.env.DATABASE_URL = '';
    delete process.env.SOUSEI_SMTP_URL;
    const handle = await openDb({ sqlite: { file } });
    const r = await importDocument(handle.db, systemContext(), smallDocument());
    await handle.close();
    if (!r.ok) throw new Error('import');
    strategyId = r.value.strategyId;
  });
  afterAll(() => {
    process.env.DATABASE_URL = env.DATABASE_URL;
    if (env.SMTP !== undefined) process.env.SOUSEI_SMTP_URL = env.SMTP;
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async (...args: string[]) => {
    const x = io();
    const code = await main(['round', ...args, '--db', file], x.io);
    return { code, ...x.text() };
  };

  it('opens a round, shows its progress per department, closes it', async () => {
    const opened = await run('open', '--strategy', strategyId, '--year', '2024', '--deadline', '2030-05-31');
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.stdout).toContain('2024年度 照会: 受付中');
    expect(opened.stdout).toMatch(/商工観光課\t未着手\t2\t0\t/);
    expect(opened.stdout).toMatch(/企画政策課\t未着手\t2\t0\t/);
    expect(opened.stdout).toContain('未着手 2 / 入力中 0');
    const again = await run('open', '--strategy', strategyId, '--year', '2024', '--deadline', '2030-05-31');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('既にあります');
    const status = await run('status', '--strategy', strategyId, '--year', '2024', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'open', counts: { not_started: 2 } });
    const remind = await run('remind', '--strategy', strategyId, '--year', '2024');
    expect(remind.code, remind.stderr).toBe(0);
    expect(JSON.parse(remind.stdout).mail).toEqual({ configured: false, sent: 0, failed: [] });
    const closed = await run('close', '--strategy', strategyId, '--year', '2024');
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.stdout).toContain('照会: 締切');
    const twice = await run('close', '--strategy', strategyId, '--year', '2024');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('締切');
  });

  it('names what is missing', async () => {
    const noYear = await run('status', '--strategy', strategyId);
    expect(noYear.code).toBe(2);
    expect(noYear.stderr).toContain('--year');
    const noDeadline = await run('open', '--strategy', strategyId, '--year', '2023');
    expect(noDeadline.code).toBe(2);
    expect(noDeadline.stderr).toContain('--deadline');
    const none = await run('status', '--strategy', strategyId, '--year', '2021');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('見つかりません');
  });
});
