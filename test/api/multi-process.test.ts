/**
 * Several server processes on one PostgreSQL (as a prefecture-wide service grows behind a proxy):
 * each process has its own tree cache, keyed by the strategy's revision that every write bumps in
 * the same transaction, so a figure written through one process is what the other serves next —
 * tree, summary and the indicator's evaluation — and each cache still answers 304 while nothing
 * changed. Runs two real `sousei serve` processes on one schema.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts/users.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/ops/demo.ts';
import { openDb } from '../../src/store/db.ts';
import { needs } from '../optional.ts';
import { PG_URL, postgresReachable } from '../store/dialects.ts';
import { TEST_AUTH, TEST_PASSWORD } from './auth-helper.ts';

const bin = fileURLToPath(new URL('../../bin/sousei.js', import.meta.url));
const hasPg = needs(
  `PostgreSQL (${PG_URL})`,
  await postgresReachable(),
  'start PostgreSQL on 127.0.0.1:5432',
);

interface Server {
  child: ChildProcess;
  base: string;
  cookie: string;
  csrf: string;
}

function start(databaseUrl: string): Promise<ChildProcess & { base?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--no-demo'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, SOUSEI_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }) as ChildProcess & { base?: string };
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m && !child.base) {
        clearTimeout(timer);
        child.base = m[1]!;
        resolve(child);
      }
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
  });
}

describe.skipIf(!hasPg)('two server processes on one PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const servers: Server[] = [];
  let strategyId = '';
  let indicatorId = '';

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = await openDb({ postgres: { connectionString: PG_URL, schema } });
    const ctx = systemContext();
    const demo = await loadDemo(handle.db, ctx);
    if (!demo.ok) throw new Error('demo');
    const made = await createAccount(handle.db, TEST_AUTH, ctx, {
      userName: 'mp-planner',
      name: '複数プロセス 企画',
      password: TEST_PASSWORD,
      role: 'planner',
      municipalityId: demo.value.municipalityId,
      departmentIds: [],
    });
    if (!made.ok) throw new Error(JSON.stringify(made.error));
    const s = await handle.db.selectFrom('strategies').select('id').executeTakeFirstOrThrow();
    strategyId = s.id;
    const ind = await handle.db
      .selectFrom('indicators')
      .select('id')
      .where('strategy_id', '=', strategyId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    indicatorId = ind.id;
    await handle.close();
    for (const child of await Promise.all([start(url), start(url)])) {
      const res = await fetch(`${child.base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userName: 'mp-planner', password: TEST_PASSWORD }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as { csrfToken: string };
      servers.push({
        child,
        base: child.base!,
        cookie: String(res.headers.get('set-cookie')).split(';')[0]!,
        csrf: body.csrfToken,
      });
    }
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      await new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)));
    }
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  const get = (s: Server, path: string, headers: Record<string, string> = {}) =>
    fetch(`${s.base}${path}`, { headers: { cookie: s.cookie, ...headers } });

  async function putFigure(s: Server, year: number, raw: string): Promise<void> {
    const path = `/api/indicators/${indicatorId}/observations/${year}`;
    const current = await get(s, `/api/indicators/${indicatorId}`);
    const actual = (
      (await current.json()) as { actuals?: { fiscalYear: number; version: number }[] }
    ).actuals?.find((a) => a.fiscalYear === year);
    const send = (confirm?: string[]) =>
      fetch(`${s.base}${path}`, {
        method: 'PUT',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ raw, version: actual?.version ?? null, ...(confirm ? { confirm } : {}) }),
      });
    let res = await send();
    if (res.status === 422) {
      const body = (await res.json()) as { error: { details?: { warnings?: { code: string }[] } } };
      res = await send((body.error.details?.warnings ?? []).map((w) => w.code));
    }
    expect([200, 201], await res.clone().text()).toContain(res.status);
  }

  it('a figure written through one process is served by the other at once (tree, summary, evaluation)', async () => {
    const [a, b] = servers as [Server, Server];
    for (const [writer, reader, raw] of [
      [a, b, '987654'],
      [b, a, '123457'],
    ] as const) {
      const before = await get(reader, `/api/strategies/${strategyId}/tree`);
      expect(before.status).toBe(200);
      const etag = before.headers.get('etag')!;
      // The reader's cache answers 304 while nothing changed.
      expect(
        (await get(reader, `/api/strategies/${strategyId}/tree`, { 'if-none-match': etag })).status,
      ).toBe(304);
      await putFigure(writer, 2030, raw);
      const after = await get(reader, `/api/strategies/${strategyId}/tree`, { 'if-none-match': etag });
      expect(after.status).toBe(200);
      expect(after.headers.get('etag')).not.toBe(etag);
      const tree = await after.text();
      expect(tree).toContain(raw);
      const evaluation = await (await get(reader, `/api/indicators/${indicatorId}/evaluation`)).text();
      expect(evaluation).toContain(raw);
      const summary = await get(reader, `/api/strategies/${strategyId}/summary`);
      expect(summary.status).toBe(200);
    }
  }, 120_000);
});
