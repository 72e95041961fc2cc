/**
 * `sousei publish` on the demo city (embedded DB and PostgreSQL through DATABASE_URL): the pages
 * and open data files, relative links only, no other host, the demo's unpublished year absent;
 * usage errors name the option.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DEMO_PUBLISHED_YEARS } from '../../src/services/ops/demo.ts';
import { dialectsToRun, PG_URL } from '../store/dialects.ts';

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

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Checks an exported site: counts, hosts, links, the unpublished demo year. */
function checkSite(out: string) {
  const files = walk(out).map((f) => relative(out, f).split('\\').join('/'));
  const pages = files.filter((f) => f.endsWith('.html'));
  const data = files.filter((f) => /\.(csv|json)$/.test(f));
  expect(pages.length).toBeGreaterThanOrEqual(3);
  expect(pages).toEqual(expect.arrayContaining(['index.html', 'data.html', 'accessibility.html']));
  expect(data.some((f) => f.endsWith('/data/strategy.csv'))).toBe(true);
  expect(data.some((f) => f.endsWith('/data/strategy.json'))).toBe(true);
  expect(data.some((f) => f.endsWith('/data/metadata.json'))).toBe(true);
  for (const f of files) {
    const body = readFileSync(join(out, f), 'utf8');
    expect(body, f).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
    if (f.endsWith('.html'))
      for (const m of body.matchAll(/\s(?:href|src)="([^"#][^"]*)"/g)) {
        const target = new URL(m[1]!, `file:///site/${f}`).pathname.slice('/site/'.length).split('#')[0]!;
        expect(files.includes(target), `${f} → ${m[1]}`).toBe(true);
      }
  }
  // The demo's last year (still under review) is not published: no actual of it in the data.
  const last = Math.max(...DEMO_PUBLISHED_YEARS) + 1;
  const csv = readFileSync(join(out, files.find((f) => f.endsWith('/data/strategy.csv'))!), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const years = new Set(
    csv
      .split('\r\n')
      .filter((r) => r.includes(',実績値,'))
      .map((r) => Number(r.split(',')[17])),
  );
  expect([...years].sort()).toEqual([...DEMO_PUBLISHED_YEARS]);
  expect(years.has(last)).toBe(false);
  const opinions = readFileSync(join(out, files.find((f) => f.endsWith('/opinions.html'))!), 'utf8');
  expect(opinions).toContain('架空の意見');
  expect(opinions).not.toContain('デモ有識者');
  return { pages: pages.length, data: data.length };
}

describe('sousei publish', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-publish-'));
  const env = process.env.DATABASE_URL;
  afterAll(() => {
    process.env.DATABASE_URL = env;
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the demo city’s public site and open data from an SQLite file', async () => {
    process.env.DATABASE_URL = '';
    const db = join(dir, 'demo.db');
    expect(await main(['demo', '--db', db], io().io)).toBe(0);
    const out = join(dir, 'site');
    const run = io();
    expect(await main(['publish', '--db', db, '--out', out], run.io)).toBe(0);
    const { pages, data } = checkSite(out);
    expect(run.text().stderr).toContain(`wrote ${pages} pages and ${data} data files`);
    // Publishing again replaces the folder (no stale files from before).
    expect(await main(['publish', '--db', db, '--out', out], io().io)).toBe(0);
    checkSite(out);
  }, 120_000);

  it('explains bad usage and an unknown strategy', async () => {
    process.env.DATABASE_URL = '';
    const noOut = io();
    expect(await main(['publish', '--db', join(dir, 'demo.db')], noOut.io)).toBe(2);
    expect(noOut.text().stderr).toContain('--out');
    const missing = io();
    expect(await main(['publish', '--db', join(dir, 'none.db'), '--out', join(dir, 'x')], missing.io)).toBe(
      2,
    );
    expect(missing.text().stderr).toContain('none.db');
    const unknown = io();
    expect(
      await main(
        ['publish', '--db', join(dir, 'demo.db'), '--out', join(dir, 'y'), '--strategy', 'nope'],
        unknown.io,
      ),
    ).toBe(1);
    expect(unknown.text().stderr).toContain('公表した年度がありません');
  });
});

for (const { dialect, skip } of await dialectsToRun()) {
  if (dialect.name !== 'postgres') continue;
  describe.skipIf(skip)('sousei publish with DATABASE_URL (PostgreSQL)', () => {
    it('writes the same kind of site from PostgreSQL', async () => {
      const t = await dialect.open();
      const env = process.env.DATABASE_URL;
      const dir = mkdtempSync(join(tmpdir(), 'sousei-publish-pg-'));
      try {
        const { loadDemo } = await import('../../src/services/ops/demo.ts');
        const { systemContext } = await import('../../src/services/context.ts');
        const r = await loadDemo(t.db, systemContext());
        expect(r.ok).toBe(true);
        const schema = 'postgres' in t.config ? t.config.postgres.schema : '';
        process.env.DATABASE_URL = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
        const out = join(dir, 'site');
        expect(await main(['publish', '--out', out], io().io)).toBe(0);
        checkSite(out);
      } finally {
        process.env.DATABASE_URL = env;
        rmSync(dir, { recursive: true, force: true });
        await t.cleanup();
      }
      // The demo city loaded into PostgreSQL and published on a loaded shared machine.
    }, 120_000);
  });
}
