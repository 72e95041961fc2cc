/**
 * The README's first command on a connected machine: `npm start` (after `npm ci`) serves the web
 * app and the API with a new database filled with the fictional demo city, and the README's demo
 * account signs in with the README's password. (The second command, `npm test`, is what CI runs.)
 * The database goes to a temporary file through SOUSEI_DB, so the checkout's `./data` is untouched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'sousei-start-'));
let child: ChildProcess | null = null;

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    // npm runs the server as its child: end the whole process group.
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  rmSync(work, { recursive: true, force: true });
});

describe('npm start (README quick start)', () => {
  it('serves the demo city, and the demo account of the README signs in', async () => {
    const account = /sign in as `([a-z-]+)`, password `([^`]+)`/.exec(readme);
    expect(account, 'the README names the demo account and its password').not.toBeNull();
    const [, userName, password] = account!;
    const dbFile = join(work, 'sousei.db');
    const env: Record<string, string | undefined> = {
      ...process.env,
      SOUSEI_DB: dbFile,
      SOUSEI_LOG_LEVEL: 'warn',
    };
    for (const k of Object.keys(env)) if (/^(DATABASE_URL|SOUSEI_(?!DB$|LOG_LEVEL$))/.test(k)) delete env[k];
    const started = spawn('npm', ['start', '--silent', '--', '--port', '0'], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let out = '';
    const base = await new Promise<string>((resolveBase, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not listen: ${out}`)), 90_000);
      const seen = (d: Buffer) => {
        out += d;
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolveBase(m[1]!);
        }
      };
      started.stdout!.on('data', seen);
      started.stderr!.on('data', seen);
      started.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${out}`)));
    });
    expect(out).toContain('loaded the fictional demo municipality');
    expect(existsSync(dbFile)).toBe(true);

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');

    const signIn = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const strategies = await fetch(`${base}/api/strategies`, { headers: { cookie } });
    const body = (await strategies.json()) as { items: { name: string }[] };
    expect(body.items.length).toBeGreaterThan(0);
  }, 120_000);
});
