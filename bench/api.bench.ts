/**
 * HTTP API benchmark (autocannon). Prints:
 * - the strategy tree of a 300-indicator strategy with 10 years of figures on the embedded
 *   database: p50/p95/p99 latency and requests/s at 50 concurrent connections;
 * - the floor: the same JSON bytes served from memory by the same server (a bench-only route);
 * - server start to ready on an existing database (`sousei serve`, whole process);
 * - memory (RSS) of `sousei serve` with the demo municipality loaded, after serving its tree.
 *
 * The server runs in a child process (this file with `--serve-child`), so that the load generator
 * and the server do not share one event loop. Every request is made as a signed-in viewer (session
 * cookie from the real sign-in route), and the bench-only routes declare their access rule like
 * every API route, so the floor pays the same authentication as the tree. Any response that is not
 * 2xx makes the benchmark throw: it never reports figures of error responses.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BENCH_PASSWORD,
  BENCH_USER,
  benchDocument,
  getOk,
  load,
  openBenchDb,
  rssMb,
  signInCookie,
  stop,
  waitFor,
} from './http.ts';
import { fmt } from './util.ts';

const here = fileURLToPath(import.meta.url);
const bin = fileURLToPath(new URL('../bin/sousei.js', import.meta.url));

/**
 * Child mode: serve the API on an existing database plus bench-only routes with the tree bytes
 * (declared through addRoute with a read rule, so they pass the same central access check).
 */
async function serveChild(file: string): Promise<void> {
  const { buildServer } = await import('../src/api/server.ts');
  const { addRoute, Http } = await import('../src/api/route.ts');
  const { scopes } = await import('../src/api/access-scopes.ts');
  const { ok } = await import('../src/services/errors.ts');
  const { strategyTreeAnswer } = await import('../src/api/routes/strategies.answers.ts');
  const { h, strategy } = await openBenchDb(file);
  const app = buildServer({ db: h.db });
  let bytes: Buffer = Buffer.alloc(0);
  let gzipped: Buffer = Buffer.alloc(0);
  const read = { action: 'data.read' as const, scope: scopes(h.db).own };
  const docs: Parameters<typeof addRoute>[1] = [];
  addRoute(app, docs, {
    method: 'GET',
    url: '/bench/tree-bytes',
    tag: 'bench',
    summary: 'bench: the tree bytes from memory',
    access: read,
    answer: strategyTreeAnswer,
    async handler() {
      return ok(new Http(200, bytes, { 'content-type': 'application/json; charset=utf-8' }));
    },
  });
  addRoute(app, docs, {
    method: 'GET',
    url: '/bench/tree-bytes-gzip',
    tag: 'bench',
    summary: 'bench: the gzipped tree bytes from memory',
    access: read,
    answer: strategyTreeAnswer,
    async handler() {
      return ok(
        new Http(200, gzipped, {
          'content-type': 'application/json; charset=utf-8',
          'content-encoding': 'gzip',
        }),
      );
    },
  });
  await app.ready();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const cookie = await signInCookie(address, BENCH_USER, BENCH_PASSWORD);
  const treeUrl = `${address}/api/strategies/${strategy.id}/tree`;
  bytes = Buffer.from(await (await getOk(treeUrl, { cookie, 'accept-encoding': 'identity' })).arrayBuffer());
  const gz = await app.inject({
    url: treeUrl.slice(address.length),
    headers: { cookie, 'accept-encoding': 'gzip' },
  });
  if (gz.statusCode !== 200 || gz.headers['content-encoding'] !== 'gzip')
    throw new Error(
      `bench: gzipped tree answered ${gz.statusCode} (${String(gz.headers['content-encoding'])})`,
    );
  gzipped = gz.rawPayload;
  process.stdout.write(`READY ${address} ${strategy.id} ${bytes.length} ${gzipped.length}\n`);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-bench-'));
  try {
    // 1. An existing embedded database with a 300-indicator strategy, 10 years of figures.
    const { openDb } = await import('../src/store/db.ts');
    const { importDocument } = await import('../src/services/import/import-document.ts');
    const { systemContext } = await import('../src/services/context.ts');
    const file = join(dir, 'bench.db');
    const h = await openDb({ sqlite: { file } });
    const t0 = performance.now();
    const imported = await importDocument(h.db, systemContext(), benchDocument(300, 10));
    if (!imported.ok) throw new Error(imported.error.messageEn);
    console.log(
      `import of 300 indicators × 10 years (${imported.value.counts.observations} figures), one transaction: ${fmt(performance.now() - t0, 0)} ms`,
    );
    await h.close();

    // 2. Tree vs. the same bytes from memory, 50 connections, on the same server.
    const child = spawn(process.execPath, ['--import', 'tsx', here, '--serve-child', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, base, strategyId, size, gzSize] = await waitFor(child, /READY (\S+) (\S+) (\d+) (\d+)/);
    const treeUrl = `${base}/api/strategies/${strategyId}/tree`;
    const cookie = await signInCookie(base!, BENCH_USER, BENCH_PASSWORD);
    const identity = { cookie, 'accept-encoding': 'identity' };
    const gzip = { cookie, 'accept-encoding': 'gzip' };
    await load(treeUrl, 10, 2, identity); // warm-up
    console.log(`tree JSON: ${fmt(Number(size) / 1024, 1)} KiB (gzip ${fmt(Number(gzSize) / 1024, 1)} KiB)`);
    const line = (label: string, r: Awaited<ReturnType<typeof load>>) =>
      console.log(
        `${label.padEnd(40)} p50 ${fmt(r.p50, 2)} ms, p95 ${fmt(r.p95, 2)} ms, p99 ${fmt(r.p99, 2)} ms, ${fmt(r.rps)} req/s (non-2xx ${r.non2xx}, errors ${r.errors})`,
      );
    for (const [label, headers, floorUrl] of [
      ['identity', identity, `${base}/bench/tree-bytes`],
      ['gzip', gzip, `${base}/bench/tree-bytes-gzip`],
    ] as const) {
      const tree = await load(treeUrl, 50, 8, headers);
      const floor = await load(floorUrl, 50, 8, headers);
      line(`tree (${label}), 50 conns:`, tree);
      line(`same bytes from memory (${label}), 50 conns:`, floor);
      console.log(`  tree p95 / floor p95 (${label}): ${fmt(tree.p95 / floor.p95, 2)}×`);
    }
    await stop(child);

    // 3. `sousei serve` start to ready on the existing database (whole process, tsx included).
    const starts: number[] = [];
    const inner: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const s = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', file, '--empty'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: '' },
      });
      const m = await waitFor(s, /ready in (\d+) ms/);
      starts.push(performance.now() - t);
      inner.push(Number(m[1]));
      await stop(s);
    }
    console.log(
      `sousei serve start → ready (existing DB): process ${starts.map((x) => fmt(x, 0)).join(' / ')} ms; after boot (open + migrate check + listen) ${inner.join(' / ')} ms`,
    );

    // 4. Memory with the demo municipality loaded (fresh DB → demo import), after serving its tree.
    const demoFile = join(dir, 'demo.db');
    const d = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', demoFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    const [, demoBase] = await waitFor(d, /listening on (http:\/\/\S+) \(/);
    const { DEMO_PASSWORD } = await import('../src/services/accounts/users-demo.ts');
    const demoCookie = { cookie: await signInCookie(demoBase!, 'demo-viewer', DEMO_PASSWORD) };
    const list = (await (await getOk(`${demoBase}/api/strategies`, demoCookie)).json()) as {
      items: { id: string }[];
    };
    if (!list.items[0]) throw new Error('bench: the demo server lists no strategy');
    for (let i = 0; i < 20; i++)
      await (await getOk(`${demoBase}/api/strategies/${list.items[0].id}/tree`, demoCookie)).text();
    await load(`${demoBase}/api/strategies/${list.items[0].id}/tree`, 50, 3, demoCookie);
    console.log(`memory of sousei serve with the demo loaded: RSS ${fmt(rssMb(d.pid!), 1)} MB`);
    await stop(d);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--serve-child');
if (childAt >= 0) await serveChild(process.argv[childAt + 1]!);
