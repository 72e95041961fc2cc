/**
 * Scale benchmark: N municipalities (default 1, 50, 500; `SOUSEI_SCALE_N=1,50`), each with one
 * strategy of 40 indicators × 5 years, built through the project's own import, served from SQLite
 * and PostgreSQL (when reachable). For one municipality in the middle it prints, per route (tree,
 * summary, indicator page = indicator + its evaluation), p50/p95 and requests/s at 20 connections,
 * the floor (the same tree bytes from memory on the same server, same authentication), CPU per
 * request of the server process, and its memory (RSS) after the runs. What should hold as N grows:
 * p95 ≤ 3× the floor, CPU per request flat (≤ 1.5× from 1 to 500), RSS < 400 MB.
 *
 * The server runs in a child process (this file with `--scale-child`), so that the load generator
 * and the server do not share one event loop.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbConfig } from '../src/store/db.ts';
import { benchDocument, cpuSeconds, getOk, load, rssMb, signInCookie, stop, waitFor } from './http.ts';
import { fmt } from './util.ts';

const here = fileURLToPath(import.meta.url);
const USER = 'scale-viewer';
const PASSWORD = 'scale viewer passphrase 2026';
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Builds `n` municipalities with one strategy each; returns how long it took. */
async function build(config: DbConfig, n: number): Promise<number> {
  const { openDb } = await import('../src/store/db.ts');
  const { importDocument } = await import('../src/services/import/import-document.ts');
  const { systemContext } = await import('../src/services/context.ts');
  const h = await openDb(config);
  const t0 = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      const r = await importDocument(
        h.db,
        systemContext(),
        benchDocument(40, 5, `規模市${String(i).padStart(4, '0')}（架空）`),
      );
      if (!r.ok) throw new Error(r.error.messageEn);
    }
  } finally {
    await h.close();
  }
  return performance.now() - t0;
}

/** Child: serve the API plus the floor route; a viewer of the municipality in the middle. */
async function scaleChild(configJson: string): Promise<void> {
  const { openDb } = await import('../src/store/db.ts');
  const { buildServer } = await import('../src/api/server.ts');
  const { addRoute, Http } = await import('../src/api/route.ts');
  const { scopes } = await import('../src/api/access-scopes.ts');
  const { ok } = await import('../src/services/errors.ts');
  const { createAccount } = await import('../src/services/accounts/users.ts');
  const { DEFAULT_AUTH } = await import('../src/services/accounts/auth-config.ts');
  const { systemContext } = await import('../src/services/context.ts');
  const h = await openDb(JSON.parse(configJson) as DbConfig);
  const all = await h.db.selectFrom('strategies').select(['id', 'municipality_id']).orderBy('id').execute();
  const strategy = all[Math.floor(all.length / 2)]!;
  const indicator = await h.db
    .selectFrom('indicators')
    .select('id')
    .where('strategy_id', '=', strategy.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const account = await createAccount(h.db, DEFAULT_AUTH, systemContext(), {
    userName: USER,
    name: '規模 閲覧者',
    password: PASSWORD,
    role: 'viewer',
    municipalityId: strategy.municipality_id,
    departmentIds: [],
  });
  if (!account.ok) throw new Error(account.error.messageEn);
  const app = buildServer({ db: h.db });
  let bytes: Buffer = Buffer.alloc(0);
  const { strategyTreeAnswer } = await import('../src/api/routes/strategies.answers.ts');
  addRoute(app, [], {
    method: 'GET',
    url: '/bench/tree-bytes',
    tag: 'bench',
    summary: 'bench: the tree bytes from memory',
    access: { action: 'data.read' as const, scope: scopes(h.db).own },
    answer: strategyTreeAnswer,
    async handler() {
      return ok(new Http(200, bytes, { 'content-type': 'application/json; charset=utf-8' }));
    },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const cookie = await signInCookie(address, USER, PASSWORD);
  bytes = Buffer.from(
    await (
      await getOk(`${address}/api/strategies/${strategy.id}/tree`, { cookie, 'accept-encoding': 'identity' })
    ).arrayBuffer(),
  );
  process.stdout.write(`READY ${address} ${strategy.id} ${indicator.id}\n`);
}

interface Row {
  dialect: string;
  n: number;
  route: string;
  p50: number;
  p95: number;
  rps: number;
  cpuMs: number;
}

async function measure(dialect: string, config: DbConfig, n: number, rows: Row[]): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', here, '--scale-child', JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const [, base, strategyId, indicatorId] = await waitFor(child, /READY (\S+) (\S+) (\S+)/);
    const headers = { cookie: await signInCookie(base!, USER, PASSWORD), 'accept-encoding': 'identity' };
    const routes: [string, string][] = [
      ['floor (tree bytes from memory)', `${base}/bench/tree-bytes`],
      ['tree', `${base}/api/strategies/${strategyId}/tree`],
      ['summary', `${base}/api/strategies/${strategyId}/summary`],
      ['indicator', `${base}/api/indicators/${indicatorId}`],
      ['indicator evaluation', `${base}/api/indicators/${indicatorId}/evaluation`],
    ];
    for (const [, url] of routes) await load(url, 5, 1, headers); // warm-up
    for (const [route, url] of routes) {
      const cpu0 = cpuSeconds(child.pid!);
      const r = await load(url, 20, 4, headers);
      const requests = r.rps * 4;
      rows.push({
        dialect,
        n,
        route,
        p50: r.p50,
        p95: r.p95,
        rps: r.rps,
        cpuMs: ((cpuSeconds(child.pid!) - cpu0) * 1000) / Math.max(1, requests),
      });
    }
    return rssMb(child.pid!);
  } finally {
    await stop(child);
  }
}

async function pgReachable(): Promise<boolean> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

export async function run(): Promise<void> {
  const sizes = (process.env.SOUSEI_SCALE_N ?? '1,50,500').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'sousei-scale-'));
  const rows: Row[] = [];
  const pg = (await import('pg')).default;
  const dialects: {
    name: string;
    config: (n: number) => Promise<{ config: DbConfig; drop: () => Promise<void> }>;
  }[] = [
    {
      name: 'sqlite',
      config: async (n) => ({
        config: { sqlite: { file: join(dir, `scale-${n}.db`) } },
        drop: async () => {},
      }),
    },
  ];
  if (await pgReachable())
    dialects.push({
      name: 'postgres',
      config: async () => {
        const schema = `scale_${randomBytes(5).toString('hex')}`;
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        return {
          config: { postgres: { connectionString: PG_URL, schema } },
          drop: async () => {
            const c = new pg.Client({ connectionString: PG_URL });
            await c.connect();
            await c.query(`drop schema if exists ${schema} cascade`);
            await c.end();
          },
        };
      },
    });
  else console.log(`PostgreSQL not reachable at ${PG_URL}: SQLite only`);
  try {
    for (const d of dialects) {
      for (const n of sizes) {
        const { config, drop } = await d.config(n);
        try {
          const ms = await build(config, n);
          const rss = await measure(d.name, config, n, rows);
          console.log(
            `${d.name}, ${n} municipalities (${n * 40} indicators, ${n * 200} figures): built in ${fmt(ms / 1000, 1)} s; server RSS after the runs ${fmt(rss, 0)} MB`,
          );
          for (const r of rows.filter((x) => x.dialect === d.name && x.n === n))
            console.log(
              `  ${r.route.padEnd(32)} p50 ${fmt(r.p50, 2)} ms, p95 ${fmt(r.p95, 2)} ms, ${fmt(r.rps, 0)} req/s, CPU ${fmt(r.cpuMs, 3)} ms/request`,
            );
          const floor = rows.find((x) => x.dialect === d.name && x.n === n && x.route.startsWith('floor'))!;
          const worst = rows
            .filter((x) => x.dialect === d.name && x.n === n && !x.route.startsWith('floor'))
            .reduce((a, b) => (b.p95 > a.p95 ? b : a));
          console.log(`  worst route p95 / floor p95: ${fmt(worst.p95 / floor.p95, 2)}× (${worst.route})`);
        } finally {
          await drop();
        }
      }
      const first = sizes[0]!;
      const last = sizes.at(-1)!;
      for (const route of ['tree', 'summary', 'indicator', 'indicator evaluation']) {
        const a = rows.find((x) => x.dialect === d.name && x.n === first && x.route === route);
        const b = rows.find((x) => x.dialect === d.name && x.n === last && x.route === route);
        if (a && b && first !== last)
          console.log(
            `${d.name} ${route}: CPU per request at ${last} / at ${first} municipalities: ${fmt(b.cpuMs / a.cpuMs, 2)}×`,
          );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--scale-child');
if (childAt > 0) await scaleChild(process.argv[childAt + 1]!);
