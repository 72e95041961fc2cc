/**
 * Helpers shared by the HTTP benchmarks: the generated strategy, sign-in, child servers, load runs
 * with autocannon (p50/p95/p99 from every response; error answers refused), and process figures.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { StrategyDocumentInput } from '../src/core/interchange.ts';
import { rng } from './util.ts';

/** A strategy with `n` indicators and `years` yearly figures each, written as departments write them. */
export function benchDocument(
  n: number,
  years: number,
  municipality = 'ベンチ市（架空）',
): StrategyDocumentInput {
  const r = rng(42);
  const goals = Array.from({ length: 4 }, (_, g) => ({
    id: `g${g}`,
    code: String(g + 1),
    name: `基本目標${g + 1}`,
  }));
  const measures = Array.from({ length: 16 }, (_, m) => ({
    id: `m${m}`,
    goalId: `g${m % 4}`,
    name: `施策${m + 1}`,
  }));
  const projects = Array.from({ length: 40 }, (_, p) => ({
    id: `p${p}`,
    measureId: `m${p % 16}`,
    name: `事業${p + 1}`,
  }));
  const indicators = Array.from({ length: n }, (_, i) => {
    const base = Math.round(100 + r() * 5000);
    const owner =
      i % 10 === 0
        ? { type: 'goal' as const, id: `g${i % 4}` }
        : i % 3 === 0
          ? { type: 'project' as const, id: `p${i % 40}` }
          : { type: 'measure' as const, id: `m${i % 16}` };
    return {
      id: `k${i}`,
      name: `指標${i + 1}`,
      unit: '件',
      owner,
      direction: 'increase' as const,
      baseline: { value: base, fiscalYear: 2014, raw: `${base.toLocaleString('en-US')}件` },
      target: { value: Math.round(base * 1.2), fiscalYear: 2024 },
      actuals: Array.from({ length: years }, (_, y) => {
        const v = Math.round(base * (1 + 0.02 * (y + 1) + (r() - 0.5) * 0.05));
        return {
          value: v,
          fiscalYear: 2015 + y,
          raw: `${v.toLocaleString('en-US')}件`,
          state: 'final' as const,
        };
      }),
      departments: [`課${i % 12}`],
    };
  });
  return {
    municipality: { name: municipality },
    strategy: { id: 's', name: 'ベンチ用戦略', period: { from: 2015, to: 2024 } },
    goals,
    measures,
    projects,
    indicators,
  };
}

/** Signs in through the API; returns the session cookie. Throws unless the sign-in succeeds. */
export async function signInCookie(base: string, userName: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName, password }),
  });
  if (res.status !== 200)
    throw new Error(`bench: sign-in as ${userName} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('bench: sign-in set no cookie');
  return cookie;
}

/** GET that must answer 2xx (throws otherwise). */
export async function getOk(url: string, headers: Record<string, string>): Promise<Response> {
  const res = await fetch(url, { headers });
  if (res.status < 200 || res.status > 299)
    throw new Error(`bench: GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res;
}

export function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${pattern}: ${out}`)), 60_000);
    const on = (d: Buffer) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', (d) => {
      out += d;
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Load test with autocannon; p95 computed from every response time. */
export async function load(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string> = {},
) {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, pipelining: 1, headers }, (err, r) =>
      err ? reject(err) : resolve(r),
    );
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
  // Figures of error responses are worthless: refuse them loudly.
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(
      `bench: ${url} answered ${result.non2xx} non-2xx responses, ${result.errors} errors, ${result.timeouts} timeouts (of ${times.length}); status counts ${JSON.stringify(statusCounts(result))}`,
    );
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;
  return {
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function statusCounts(r: autocannon.Result): Record<string, number> {
  return { '1xx': r['1xx'], '2xx': r['2xx'], '3xx': r['3xx'], '4xx': r['4xx'], '5xx': r['5xx'] };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const BENCH_USER = 'bench-viewer';
export const BENCH_PASSWORD = 'bench viewer passphrase 2026';

/** Opens the bench database and makes sure the signed-in bench viewer exists; its first strategy. */
export async function openBenchDb(file: string) {
  const { openDb } = await import('../src/store/db.ts');
  const { createAccount } = await import('../src/services/accounts/users.ts');
  const { DEFAULT_AUTH } = await import('../src/services/accounts/auth-config.ts');
  const { systemContext } = await import('../src/services/context.ts');
  const h = await openDb({ sqlite: { file } });
  const strategy = await h.db
    .selectFrom('strategies')
    .select(['id', 'municipality_id'])
    .executeTakeFirstOrThrow();
  const account = await createAccount(h.db, DEFAULT_AUTH, systemContext(), {
    userName: BENCH_USER,
    name: 'ベンチ 閲覧者',
    password: BENCH_PASSWORD,
    role: 'viewer',
    municipalityId: strategy.municipality_id,
    departmentIds: [],
  });
  if (!account.ok && account.error.code !== 'ALREADY_EXISTS') throw new Error(account.error.messageEn);
  return { h, strategy };
}
