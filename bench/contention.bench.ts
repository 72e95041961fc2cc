/**
 * Contention benchmark (`npm run bench -- contention`): does the server keep answering while heavy
 * work runs? Through the real server (a child process, built with the project's own code):
 *
 * 1. Heavy jobs at once: a 19 MB one-line CSV upload (refused in the end, as too long a row), the
 *    KPI list of a 5,000-indicator strategy as XLSX, and a backup of the database (5,000
 *    indicators × 10 years). Meanwhile `/api/health` is asked every 10 ms by 4 clients; printed:
 *    health p50/p95/p99/max while the jobs run and each job's duration and status, first with no
 *    worker threads (SOUSEI_WORKERS=0, everything on the event loop), then with the pool.
 *    What should hold with the pool: health p99 < 100 ms.
 * 2. 50 concurrent sign-ins with unknown user names from one address (production scrypt): the
 *    answers by status (429 after the per-address limit), the server's memory (RSS before, after,
 *    peak during the burst, polled every 25 ms) and health p99 during the burst. What should hold:
 *    RSS growth < 100 MB, 429s after the limit, health unaffected.
 *
 * SOUSEI_CONTENTION_INDICATORS changes the size of the strategy (default 5000).
 * A focused variant of 1., the preview of a large upload that is accepted:
 * SOUSEI_CONTENTION_UPLOAD=table uploads a KPI table CSV (bench/kpi-table.ts) of
 * SOUSEI_CONTENTION_UPLOAD_MB megabytes (default 19) instead of the one-line file;
 * SOUSEI_CONTENTION_JOBS=upload runs the upload alone; SOUSEI_CONTENTION_RUNS=pool skips the run
 * without worker threads; SOUSEI_CONTENTION_BURST=0 skips 2.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DbConfig } from '../src/store/db.ts';
import { benchDocument, rssMb, signInCookie, stop, waitFor } from './http.ts';
import { kpiTable, toCsv } from './kpi-table.ts';
import { fmt } from './util.ts';

const here = fileURLToPath(import.meta.url);
const USER = 'contention-planner';
const PASSWORD = 'contention planner passphrase 2026';
const INDICATORS = Number(process.env.SOUSEI_CONTENTION_INDICATORS ?? 5000);
const UPLOAD = process.env.SOUSEI_CONTENTION_UPLOAD === 'table' ? 'table' : 'one-line';
const UPLOAD_MB = Number(process.env.SOUSEI_CONTENTION_UPLOAD_MB ?? 19);
const UPLOAD_ONLY = process.env.SOUSEI_CONTENTION_JOBS === 'upload';

/** The upload: 19 MB on one line (refused in the end), or a KPI table of UPLOAD_MB (accepted). */
function uploadBytes(): { label: string; bytes: Buffer } {
  if (UPLOAD === 'one-line')
    // 19 MB on one line: no newline anywhere (a row longer than the reader's limit).
    return {
      label: '19 MB one-line CSV upload',
      bytes: Buffer.alloc(19 * 1024 * 1024, 'あいう,'.repeat(1024)),
    };
  const rowBytes = Buffer.byteLength(toCsv(kpiTable(1000), ',')) / 1000;
  const bytes = Buffer.from(toCsv(kpiTable(Math.floor((UPLOAD_MB * 2 ** 20) / rowBytes)), ','));
  return { label: `${(bytes.length / 2 ** 20).toFixed(1)} MB KPI table CSV upload`, bytes };
}

/** Child: the real server on the bench database, plus a bench-only route that takes a backup now. */
async function contentionChild(configJson: string, backupDir: string): Promise<void> {
  const config = JSON.parse(configJson) as DbConfig;
  const { openDb } = await import('../src/store/db.ts');
  const { buildServer } = await import('../src/api/server.ts');
  const { addRoute, Http } = await import('../src/api/route.ts');
  const { scopes } = await import('../src/api/access-scopes.ts');
  const { ok } = await import('../src/services/errors.ts');
  const { runBackup } = await import('../src/services/ops/backup-run.ts');
  const h = await openDb(config);
  const strategy = await h.db.selectFrom('strategies').select('id').executeTakeFirstOrThrow();
  const app = buildServer({ db: h.db });
  // The same call the server's daily schedule makes (cli/commands/serve.ts), on demand.
  addRoute(app, [], {
    method: 'POST',
    url: '/bench/backup',
    tag: 'bench',
    summary: 'bench: a backup now',
    access: { action: 'data.read' as const, scope: scopes(h.db).own },
    async handler() {
      const done = await runBackup(h.db, config, backupDir, 2);
      return ok(new Http(200, { rows: done.rows }));
    },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`READY ${address} ${strategy.id}\n`);
}

/** Builds the bench database: one strategy of INDICATORS indicators × 10 years, and a planner. */
async function build(config: DbConfig): Promise<void> {
  const { openDb } = await import('../src/store/db.ts');
  const { importDocument } = await import('../src/services/import/import-document.ts');
  const { systemContext } = await import('../src/services/context.ts');
  const { createAccount } = await import('../src/services/accounts/users.ts');
  const { DEFAULT_AUTH } = await import('../src/services/accounts/auth-config.ts');
  const h = await openDb(config);
  try {
    const r = await importDocument(h.db, systemContext(), benchDocument(INDICATORS, 10));
    if (!r.ok) throw new Error(r.error.messageEn);
    const account = await createAccount(h.db, DEFAULT_AUTH, systemContext(), {
      userName: USER,
      name: '競合 企画',
      password: PASSWORD,
      role: 'planner',
      municipalityId: r.value.municipalityId,
      departmentIds: [],
    });
    if (!account.ok) throw new Error(account.error.messageEn);
  } finally {
    await h.close();
  }
}

function quantiles(times: number[]) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s.at(-1) ?? Number.NaN };
}

/** Asks /api/health from `clients` loops, one request every `gapMs` each, until stopped. */
function healthProbe(base: string, clients = 4, gapMs = 10) {
  const times: number[] = [];
  let running = true;
  let failures = 0;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${base}/api/health`);
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      } catch {
        failures++;
      }
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, gapMs));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return { ...quantiles(times), failures };
    },
  };
}

async function timed(label: string, f: () => Promise<Response>) {
  const t0 = performance.now();
  const res = await f();
  const body = Buffer.from(await res.arrayBuffer());
  return { label, ms: performance.now() - t0, status: res.status, bytes: body.length, body };
}

function startChild(config: DbConfig, backupDir: string, workers: string | undefined) {
  const env = { ...process.env };
  if (workers === undefined) delete env.SOUSEI_WORKERS;
  else env.SOUSEI_WORKERS = workers;
  return spawn(
    process.execPath,
    ['--import', 'tsx', here, '--contention-child', JSON.stringify(config), backupDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
}

async function heavyRun(
  config: DbConfig,
  backupDir: string,
  workers: string | undefined,
  upload: { label: string; bytes: Buffer },
) {
  const csv = upload.bytes;
  const child = startChild(config, backupDir, workers);
  try {
    const [, base, strategyId] = await waitFor(child, /READY (\S+) (\S+)/);
    const cookie = await signInCookie(base!, USER, PASSWORD);
    const csrf = await fetch(`${base}/api/auth/session`, { headers: { cookie } }).then(
      async (r) => ((await r.json()) as { csrfToken?: string }).csrfToken ?? '',
    );
    const headers = { cookie, 'x-csrf-token': csrf };
    // Warm-up: each route once (modules loaded, workers started), then the idle figure.
    await fetch(`${base}/api/health`);
    await timed('warm-up report', () =>
      fetch(`${base}/api/strategies/${strategyId}/reports/kpi-list?format=xlsx`, { headers }),
    );
    await timed('warm-up upload', () =>
      fetch(`${base}/api/imports?fileName=warm.csv`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream' },
        body: csv.subarray(0, 300 * 1024),
      }),
    );
    const idleProbe = healthProbe(base!);
    await new Promise((r) => setTimeout(r, 1500));
    const idle = await idleProbe.stop();
    const rss0 = rssMb(child.pid!);
    let peak = rss0;
    const poll = setInterval(() => {
      peak = Math.max(peak, rssMb(child.pid!));
    }, 25);
    const probe = healthProbe(base!);
    const jobs = await Promise.all([
      timed(upload.label, () =>
        fetch(`${base}/api/imports?fileName=${UPLOAD}.csv`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body: csv,
        }),
      ),
      ...(UPLOAD_ONLY
        ? []
        : [
            timed(`KPI list XLSX, ${INDICATORS} indicators`, () =>
              fetch(`${base}/api/strategies/${strategyId}/reports/kpi-list?format=xlsx`, { headers }),
            ),
            timed('backup', () => fetch(`${base}/bench/backup`, { method: 'POST', headers })),
          ]),
    ]);
    const busy = await probe.stop();
    clearInterval(poll);
    // The documents alone, one after another (print HTML and CSV streamed from a worker), with
    // the server's peak memory while each runs.
    const documents: { label: string; ms: number; status: number; bytes: number; peakMb: number }[] = [];
    for (const format of ['html', 'csv']) {
      const before = rssMb(child.pid!);
      let docPeak = before;
      const docPoll = setInterval(() => {
        docPeak = Math.max(docPeak, rssMb(child.pid!));
      }, 25);
      const r = await timed(`KPI list ${format.toUpperCase()}, ${INDICATORS} indicators`, () =>
        fetch(`${base}/api/strategies/${strategyId}/reports/kpi-list?format=${format}`, { headers }),
      );
      clearInterval(docPoll);
      documents.push({
        label: r.label,
        ms: r.ms,
        status: r.status,
        bytes: r.bytes,
        peakMb: docPeak - before,
      });
    }
    return { idle, busy, jobs, documents, rss: { before: rss0, peak, after: rssMb(child.pid!) } };
  } finally {
    await stop(child);
  }
}

async function signInBurst(config: DbConfig, backupDir: string) {
  const child = startChild(config, backupDir, undefined);
  try {
    const [, base] = await waitFor(child, /READY (\S+) (\S+)/);
    await fetch(`${base}/api/health`);
    const before = rssMb(child.pid!);
    let peak = before;
    const poll = setInterval(() => {
      peak = Math.max(peak, rssMb(child.pid!));
    }, 25);
    const probe = healthProbe(base!);
    const t0 = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const t = performance.now();
        const res = await fetch(`${base}/api/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userName: `nobody-${i}`, password: 'not the password at all 1' }),
        });
        await res.arrayBuffer();
        return { status: res.status, ms: performance.now() - t, retryAfter: res.headers.get('retry-after') };
      }),
    );
    const ms = performance.now() - t0;
    const health = await probe.stop();
    clearInterval(poll);
    const after = rssMb(child.pid!);
    peak = Math.max(peak, after);
    const byStatus: Record<number, number> = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    return { ms, byStatus, answers, health, rss: { before, after, peak } };
  } finally {
    await stop(child);
  }
}

const line = (label: string, q: ReturnType<typeof quantiles> & { failures: number }) =>
  `  ${label.padEnd(34)} p50 ${fmt(q.p50, 1)} ms, p95 ${fmt(q.p95, 1)} ms, p99 ${fmt(q.p99, 1)} ms, max ${fmt(q.max, 0)} ms (${q.n} requests${q.failures ? `, ${q.failures} failed` : ''})`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sousei-contention-'));
  try {
    const config: DbConfig = { sqlite: { file: join(dir, 'contention.db') } };
    const t0 = performance.now();
    await build(config);
    console.log(
      `database: ${INDICATORS} indicators × 10 years built in ${fmt((performance.now() - t0) / 1000, 1)} s (SQLite); load average ${(
        await import('node:os')
      )
        .loadavg()
        .map((l) => fmt(l, 2))
        .join(', ')}`,
    );
    const upload = uploadBytes();
    const runs = [
      ['no worker threads (SOUSEI_WORKERS=0)', '0'],
      ['worker pool (default size)', undefined],
    ] as const;
    for (const [label, workers] of runs.filter(
      ([, w]) => process.env.SOUSEI_CONTENTION_RUNS !== 'pool' || w !== '0',
    )) {
      const r = await heavyRun(config, join(dir, 'backups'), workers, upload);
      console.log(`\n${label}`);
      console.log(line('/api/health idle', r.idle));
      console.log(line('/api/health during the heavy jobs', r.busy));
      for (const j of r.jobs) {
        const error =
          j.status >= 400
            ? ` ${(JSON.parse(j.body.toString()) as { error: { code: string } }).error.code}`
            : '';
        console.log(
          `  ${j.label.padEnd(34)} ${fmt(j.ms / 1000, 2)} s, ${j.status}${error}, ${fmt(j.bytes / 1024, 0)} KB`,
        );
      }
      console.log(
        `  server RSS before ${fmt(r.rss.before, 0)} MB, peak ${fmt(r.rss.peak, 0)} MB during the jobs, after ${fmt(r.rss.after, 0)} MB`,
      );
      for (const d of r.documents)
        console.log(
          `  ${d.label.padEnd(34)} ${fmt(d.ms / 1000, 2)} s, ${d.status}, ${fmt(d.bytes / 1024, 0)} KB; server RSS growth ${fmt(d.peakMb, 0)} MB`,
        );
    }
    if (process.env.SOUSEI_CONTENTION_BURST === '0') return;
    const b = await signInBurst(config, join(dir, 'backups'));
    const first429 = b.answers.findIndex((a) => a.status === 429);
    console.log('\n50 concurrent sign-ins with unknown user names (one address, production scrypt)');
    console.log(
      `  answers by status ${JSON.stringify(b.byStatus)} in ${fmt(b.ms / 1000, 2)} s; first 429 at attempt ${first429 + 1} (Retry-After ${b.answers[first429]?.retryAfter ?? '-'} s)`,
    );
    console.log(
      `  server RSS before ${fmt(b.rss.before, 0)} MB, after ${fmt(b.rss.after, 0)} MB, peak ${fmt(b.rss.peak, 0)} MB (growth ${fmt(b.rss.peak - b.rss.before, 0)} MB)`,
    );
    console.log(line('/api/health during the burst', b.health));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--contention-child');
if (childAt > 0) await contentionChild(process.argv[childAt + 1]!, process.argv[childAt + 2]!);
