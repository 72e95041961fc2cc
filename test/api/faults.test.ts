/**
 * Faults: the server is killed with SIGKILL in the middle of an import commit and of a burst of
 * edits; the database must reopen consistent — each import all or nothing, each applied edit with
 * its audit entry. Runs the real CLI (`sousei serve`) on an embedded database in a temp folder.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts/users.ts';
import { systemContext } from '../../src/services/context.ts';
import { openDb } from '../../src/store/db.ts';
import { sql } from '../../src/store/kysely.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { largeDocument } from '../store/fixtures.ts';
import { TEST_AUTH, TEST_PASSWORD } from './auth-helper.ts';

const bin = fileURLToPath(new URL('../../bin/sousei.js', import.meta.url));
const faultServer = fileURLToPath(new URL('./fault-server.ts', import.meta.url));

type FaultPoint = 'before-commit' | 'after-commit';

interface Running {
  child: ChildProcess;
  base: string;
  /** Resolves when a fault server froze at its point (never for a plain server). */
  frozen: Promise<void>;
}

/** `sousei serve` on the file; with `fault`, the server that freezes at that point of an import commit. */
function startServer(dbFile: string, fault?: FaultPoint): Promise<Running> {
  return new Promise((resolve, reject) => {
    const serve = ['--port', '0', '--db', dbFile, '--empty'];
    const args = fault ? ['--import', 'tsx', faultServer, ...serve] : [bin, 'serve', ...serve];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: '', ...(fault ? { SOUSEI_FAULT_AT: fault } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let onFrozen = () => {};
    const frozen = new Promise<void>((r) => {
      onFrozen = r;
    });
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes(`fault: frozen ${fault}`)) onFrozen();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1]!, frozen });
      }
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.on('exit', () => clearTimeout(timer));
  });
}

function kill(r: Running): Promise<void> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
    r.child.once('exit', () => resolve());
    r.child.kill('SIGKILL');
  });
}

/** Session cookie and CSRF token of the planner (sessions are in the database: they survive restarts). */
const auth: Record<string, string> = {};

async function signIn(base: string): Promise<void> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName: 'faults-planner', password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  auth.cookie = String(res.headers.get('set-cookie')).split(';')[0]!;
  auth['x-csrf-token'] = ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function post(base: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const N = 1500;
const YEARS = 10;

/**
 * Reopens the killed server's database: the import is either fully there (and marked committed)
 * or not at all, and nothing is half-written anywhere.
 */
async function outcomeOf(dbFile: string, importId: string, name: string): Promise<'committed' | 'nothing'> {
  let outcome: 'committed' | 'nothing';
  const h = await openDb({ sqlite: { file: dbFile } });
  try {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(h.db);
    expect(integrity.rows[0]?.integrity_check).toBe('ok');
    const imp = await h.db
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    const strategy = await h.db
      .selectFrom('strategies')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (imp.state === 'committed') {
      expect(strategy?.id).toBe(imp.strategy_id);
      const n = await h.db
        .selectFrom('indicators')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('strategy_id', '=', strategy!.id)
        .executeTakeFirstOrThrow();
      const o = await h.db
        .selectFrom('observations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('strategy_id', '=', strategy!.id)
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(N);
      expect(Number(o.n)).toBe(N * (YEARS + 2));
      outcome = 'committed';
    } else {
      expect(imp.state).toBe('previewed');
      expect(strategy).toBeUndefined();
      outcome = 'nothing';
    }
    // Nothing half-written anywhere: every strategy has all its indicators' figures.
    const orphans = await h.db
      .selectFrom('observations')
      .leftJoin('indicators', 'indicators.id', 'observations.indicator_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('indicators.id', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(orphans.n)).toBe(0);
  } finally {
    await h.close();
  }
  return outcome;
}

// Four commits of 15,000 figures each, three of them killed and reopened: about 25 s on a shared
// two-core machine, close to the default 30 s; the test asserts consistency, never time.
describe('SIGKILL during writes leaves the embedded database consistent', { timeout: 120_000 }, () => {
  let dir: string;
  let dbFile: string;
  let server: Running;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sousei-faults-'));
    dbFile = join(dir, 'faults.db');
    const h = await openDb({ sqlite: { file: dbFile } });
    const m = await insertMunicipality(h.db, { name: '障害試験市', code: null }, new Date().toISOString());
    const planner = await createAccount(h.db, TEST_AUTH, systemContext(), {
      userName: 'faults-planner',
      name: '企画 太郎',
      password: TEST_PASSWORD,
      role: 'planner',
      municipalityId: m.id,
    });
    await h.close();
    if (!planner.ok) throw new Error(JSON.stringify(planner.error));
    server = await startServer(dbFile);
    await signIn(server.base);
  });
  afterAll(async () => {
    if (server) await kill(server);
    rmSync(dir, { recursive: true, force: true });
  });

  // Real server processes over 1,500 indicators × 10 years: 10–25 s on a shared 2-core machine.
  it('an import commit is all or nothing', async () => {
    // Time one uninterrupted commit, to aim the kills inside the next ones.
    const first = await post(
      server.base,
      '/api/imports?fileName=first.json',
      largeDocument(N, YEARS, 'first'),
    );
    expect(first.status).toBe(201);
    const t0 = performance.now();
    const done = await post(server.base, `/api/imports/${first.json.id}/commit`, { version: 1 });
    const commitMs = performance.now() - t0;
    expect(done.status).toBe(200);

    const outcomes: string[] = [];
    for (const [k, share] of [0.15, 0.4, 0.7].entries()) {
      const name = `killed-${k}`;
      const preview = await post(
        server.base,
        `/api/imports?fileName=${name}.json`,
        largeDocument(N, YEARS, name),
      );
      expect(preview.status).toBe(201);
      const commit = fetch(`${server.base}/api/imports/${preview.json.id}/commit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ version: 1 }),
      }).catch(() => null);
      await new Promise((r) => setTimeout(r, commitMs * share));
      await kill(server);
      await commit;

      outcomes.push(await outcomeOf(dbFile, preview.json.id as string, name));
      server = await startServer(dbFile);
    }
    console.info(
      `[faults] uninterrupted commit ${commitMs.toFixed(0)} ms; after SIGKILL: ${outcomes.join(', ')}`,
    );
    // At least one kill landed before the commit finished (else the test proved nothing).
    expect(outcomes).toContain('nothing');
  }, 180_000);

  // The timed kills above land wherever they land; here the server freezes at a point the test
  // chooses, so both outcomes are seen: killed just before COMMIT → nothing, just after → all.
  it.each([
    ['before-commit', 'nothing'],
    ['after-commit', 'committed'],
  ] as const)(
    'SIGKILL frozen at %s: the import is %s',
    async (point, expected) => {
      await kill(server);
      server = await startServer(dbFile, point);
      await signIn(server.base);
      const name = `frozen-${point}`;
      const preview = await post(
        server.base,
        `/api/imports?fileName=${name}.json`,
        largeDocument(N, YEARS, name),
      );
      expect(preview.status).toBe(201);
      const commit = fetch(`${server.base}/api/imports/${preview.json.id}/commit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ version: 1 }),
      }).catch(() => null);
      await server.frozen;
      await kill(server);
      expect(await commit).toBeNull(); // the answer never came: the process died at the point
      expect(await outcomeOf(dbFile, preview.json.id as string, name)).toBe(expected);
      server = await startServer(dbFile);
    },
    180_000,
  );

  it('a burst of edits: every applied edit has its audit entry, none half-applied', async () => {
    const h0 = await openDb({ sqlite: { file: dbFile } });
    const ind = await h0.db.selectFrom('indicators').select('id').orderBy('id').executeTakeFirstOrThrow();
    await h0.close();
    const put = (raw: string, version: number | null) =>
      fetch(`${server.base}/api/indicators/${ind.id}/observations/2030`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...auth },
        // Whatever the entry checks warn about these figures (unit, range, jump), it is confirmed up front.
        body: JSON.stringify({
          raw,
          version,
          confirm: [
            'VALUE_UNPARSEABLE',
            'UNIT_DIFFERS',
            'OUTSIDE_PAST_RANGE',
            'UNUSUAL_JUMP',
            'YEAR_MISMATCH',
          ],
        }),
      })
        .then(async (r) => ({ status: r.status, body: (await r.json()) as { version?: number } }))
        .catch(() => null);
    const created = await put('1件', null);
    expect(created?.status).toBe(201);
    let version = 1;
    const burst = (async () => {
      for (let i = 2; i < 100_000; i++) {
        const r = await put(`${i}件`, version);
        if (r?.status !== 200) return;
        version = r.body.version!;
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    await kill(server);
    await burst;
    const h = await openDb({ sqlite: { file: dbFile } });
    try {
      const obs = await h.db
        .selectFrom('observations')
        .selectAll()
        .where('indicator_id', '=', ind.id)
        .where('fiscal_year', '=', 2030)
        .executeTakeFirstOrThrow();
      const audits = await h.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('entity_id', '=', obs.id)
        .executeTakeFirstOrThrow();
      expect(obs.version).toBeGreaterThan(1);
      // One create + one update per applied version; the value matches the last applied edit.
      expect(Number(audits.n)).toBe(obs.version);
      expect(obs.value).toBe(obs.version);
    } finally {
      await h.close();
    }
    server = await startServer(dbFile);
  }, 180_000);
});
