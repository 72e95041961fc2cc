/** `sousei config check` and the refusal of `sousei serve` to start with unsafe settings. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEFAULT_AUTH } from '../../src/services/accounts/auth-config.ts';
import { loadDemoAccounts } from '../../src/services/accounts/users-demo.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/ops/demo.ts';
import { openDb } from '../../src/store/db.ts';

const work = mkdtempSync(join(tmpdir(), 'sousei-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli() {
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
  return { io: { stdin: new PassThrough(), stdout: out, stderr: err }, text: () => ({ stdout, stderr }) };
}

const SAVED = ['DATABASE_URL', 'SOUSEI_HOST', 'SOUSEI_CONFIG', 'SOUSEI_SMTP_URL', 'SOUSEI_MAIL_FROM'];
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = Object.fromEntries(SAVED.map((k) => [k, process.env[k]]));
  for (const k of SAVED) delete process.env[k];
});
afterEach(() => {
  for (const k of SAVED) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('sousei config check', () => {
  it('prints every setting with its source and masks secrets', async () => {
    const file = join(work, 'sousei.env');
    writeFileSync(
      file,
      'SOUSEI_PORT=7100\nSOUSEI_SMTP_URL=smtp://sousei:hunter2@mail.example.lg.jp:587\nSOUSEI_MAIL_FROM=sousei@example.lg.jp\n',
    );
    const run = cli();
    const code = await main(['config', 'check', '--config', file, '--db', join(work, 'new.db')], run.io);
    const { stdout, stderr } = run.text();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/SOUSEI_PORT\s+7100\s+\(設定ファイル \/ file\)/);
    expect(stdout).toMatch(/SOUSEI_LOG_LEVEL\s+info\s+\(既定値 \/ default\)/);
    expect(stdout).toContain('smtp://sousei:****@mail.example.lg.jp:587');
    expect(stdout).not.toContain('hunter2');
    expect(stdout).toMatch(/問題はありません/);
  });

  it('refuses demo accounts reachable from the network (new database or demo accounts in it)', async () => {
    const fresh = cli();
    expect(
      await main(['config', 'check', '--host', '0.0.0.0', '--db', join(work, 'none.db')], fresh.io),
    ).toBe(2);
    expect(fresh.text().stderr).toMatch(/--no-demo/);
    const safe = cli();
    expect(
      await main(
        ['config', 'check', '--host', '0.0.0.0', '--no-demo', '--db', join(work, 'none.db')],
        safe.io,
      ),
    ).toBe(0);

    // A database that already holds the demo accounts: --no-demo does not make it safe.
    const dbFile = join(work, 'demo.db');
    const handle = await openDb({ sqlite: { file: dbFile } });
    const demo = await loadDemo(handle.db, systemContext());
    if (!demo.ok) throw new Error('demo');
    await loadDemoAccounts(handle.db, DEFAULT_AUTH, systemContext(), demo.value.municipalityId);
    await handle.close();
    const held = cli();
    expect(await main(['config', 'check', '--host', '0.0.0.0', '--no-demo', '--db', dbFile], held.io)).toBe(
      2,
    );
    expect(held.text().stdout).toMatch(/active demo accounts: 5/);
    const serve = cli();
    expect(
      await main(['serve', '--host', '0.0.0.0', '--port', '0', '--no-demo', '--db', dbFile], serve.io),
    ).toBe(2);
    expect(serve.text().stderr).toMatch(/refusing to start/);
  });

  it('names a bad value and its source, and exits 2', async () => {
    const file = join(work, 'bad.env');
    writeFileSync(file, 'SOUSEI_BACKUP_TIME=7pm\n');
    const run = cli();
    expect(await main(['config', 'check', '--config', file, '--offline'], run.io)).toBe(2);
    expect(run.text().stderr).toMatch(/SOUSEI_BACKUP_TIME=7pm: HH:MM/);
  });
});
