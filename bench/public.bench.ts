/**
 * Public site benchmark (autocannon, server in a child process). On a 300-indicator strategy with
 * 10 years of figures, nine of them published, prints:
 * - the first render of the strategy's public files after a change (what one request pays once);
 * - the static export of the whole site (`exportPublicSite`, what `sousei publish` writes);
 * - p50/p95/p99 and requests/s at 50 connections of the public summary page, an indicator page
 *   and the strategy CSV (anonymous, gzip not negotiated: the bytes as they are), beside the
 *   signed-in tree of the same strategy (identity), and the ratio of their p95;
 * - revalidation: the summary page with If-None-Match (304).
 * Any non-2xx/304 answer makes the benchmark throw.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import {
  BENCH_PASSWORD,
  BENCH_USER,
  benchDocument,
  load,
  openBenchDb,
  signInCookie,
  stop,
  waitFor,
} from './http.ts';
import { fmt } from './util.ts';

const here = fileURLToPath(import.meta.url);

async function publicChild(file: string): Promise<void> {
  const { buildServer } = await import('../src/api/server.ts');
  const { h, strategy } = await openBenchDb(file);
  const app = buildServer({ db: h.db });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const indicator = await h.db
    .selectFrom('indicators')
    .select('id')
    .where('strategy_id', '=', strategy.id)
    .orderBy('position')
    .executeTakeFirstOrThrow();
  process.stdout.write(`READY ${address} ${strategy.id} ${indicator.id}\n`);
}

/** GET that must answer `status`; returns the elapsed ms and the ETag. */
async function timed(url: string, headers: Record<string, string> = {}, status = 200) {
  const t = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== status) throw new Error(`bench: GET ${url} answered ${res.status}, not ${status}`);
  return { ms: performance.now() - t, etag: res.headers.get('etag') ?? '' };
}

/** Load of 304 answers (autocannon counts them as non-2xx, so they are checked here instead). */
async function load304(url: string, etag: string) {
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, connections: 50, duration: 5, headers: { 'if-none-match': etag } }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
  if (r['3xx'] !== r.requests.total || r.errors > 0)
    throw new Error(
      `bench: revalidation answered other than 304 (${r['2xx']} 2xx, ${r['4xx']} 4xx, ${r.errors} errors)`,
    );
  return r;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-bench-public-'));
  let child: ChildProcess | null = null;
  try {
    const { openDb } = await import('../src/store/db.ts');
    const { importDocument } = await import('../src/services/import/import-document.ts');
    const { systemContext } = await import('../src/services/context.ts');
    const { publishFiscalYear } = await import('../src/services/reports/publication.ts');
    const { exportPublicSite } = await import('../src/services/reports/public-site.ts');
    const file = join(dir, 'public.db');
    const h = await openDb({ sqlite: { file } });
    const imported = await importDocument(h.db, systemContext(), benchDocument(300, 10));
    if (!imported.ok) throw new Error(imported.error.messageEn);
    for (let y = 2015; y <= 2023; y++) {
      const p = await publishFiscalYear(h.db, systemContext(), imported.value.strategyId, y);
      if (!p.ok) throw new Error(p.error.messageEn);
    }
    const t0 = performance.now();
    const site = await exportPublicSite(h.db);
    if (!site.ok) throw new Error(site.error.messageEn);
    let bytes = 0;
    for (const f of site.value.values())
      bytes += typeof f.body === 'string' ? Buffer.byteLength(f.body) : f.body.length;
    console.log(
      `static export (300 indicators, 9 published years): ${site.value.size} files, ${fmt(bytes / 1024 / 1024, 1)} MiB in ${fmt(performance.now() - t0, 0)} ms`,
    );
    await h.close();

    child = spawn(process.execPath, ['--import', 'tsx', here, '--public-child', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, base, sid, iid] = await waitFor(child, /READY (\S+) (\S+) (\S+)/);
    const summary = `${base}/public/s/${sid}/index.html`;
    const indicator = `${base}/public/s/${sid}/i/${iid}.html`;
    const csv = `${base}/public/s/${sid}/data/strategy.csv`;
    const first = await timed(summary);
    const second = await timed(summary);
    console.log(
      `public summary page: first request (renders the strategy's ${site.value.size - 4} files) ${fmt(first.ms, 0)} ms, next ${fmt(second.ms, 2)} ms`,
    );
    const cookie = await signInCookie(base!, BENCH_USER, BENCH_PASSWORD);
    const treeUrl = `${base}/api/strategies/${sid}/tree`;
    const identity = { cookie, 'accept-encoding': 'identity' };
    await load(treeUrl, 10, 2, identity); // warm-up
    await load(summary, 10, 2);
    const line = (label: string, r: Awaited<ReturnType<typeof load>>) =>
      console.log(
        `${label.padEnd(44)} p50 ${fmt(r.p50, 2)} ms, p95 ${fmt(r.p95, 2)} ms, p99 ${fmt(r.p99, 2)} ms, ${fmt(r.rps)} req/s`,
      );
    const tree = await load(treeUrl, 50, 8, identity);
    line('signed-in tree (identity), 50 conns:', tree);
    for (const [label, url] of [
      ['public summary page, 50 conns:', summary],
      ['public indicator page, 50 conns:', indicator],
      ['public strategy CSV, 50 conns:', csv],
    ] as const) {
      const r = await load(url, 50, 8);
      line(label, r);
      console.log(`  p95 / signed-in tree p95: ${fmt(r.p95 / tree.p95, 2)}×`);
    }
    const gzipTree = await load(treeUrl, 50, 8, { cookie, 'accept-encoding': 'gzip' });
    line('signed-in tree (gzip), 50 conns:', gzipTree);
    const gzipCsv = await load(csv, 50, 8, { 'accept-encoding': 'gzip' });
    line('public strategy CSV (gzip), 50 conns:', gzipCsv);
    console.log(`  p95 / signed-in tree (gzip) p95: ${fmt(gzipCsv.p95 / gzipTree.p95, 2)}×`);
    const size = async (url: string, headers: Record<string, string> = {}) =>
      (await (await fetch(url, { headers })).arrayBuffer()).byteLength / 1024;
    console.log(
      `sizes: tree JSON ${fmt(await size(treeUrl, identity), 1)} KiB, summary page ${fmt(await size(summary), 1)} KiB, indicator page ${fmt(await size(indicator), 1)} KiB, strategy CSV ${fmt(await size(csv), 1)} KiB`,
    );
    const reval = await load304(summary, second.etag);
    console.log(
      `public summary page revalidated (If-None-Match → 304), 50 conns: p50 ${fmt(reval.latency.p50, 2)} ms, ${fmt(reval.requests.average)} req/s`,
    );
  } finally {
    if (child) await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--public-child');
if (childAt >= 0) await publicChild(process.argv[childAt + 1]!);
