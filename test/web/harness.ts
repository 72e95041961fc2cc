/**
 * Browser-test harness: the real server on a temporary database (SQLite by default, or a fresh
 * PostgreSQL schema: `startHarness({ dialect })` with a case of test/store/dialects.ts) with the
 * demo city, the demo accounts (fast test scrypt) and a large synthetic strategy; one chromium per
 * test file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildServer } from '../../src/api/server.ts';
import { WEB_DIST } from '../../src/api/static.ts';
import type { StrategyDocument } from '../../src/core/interchange.ts';
import { DEFAULT_AUTH } from '../../src/services/accounts/auth-config.ts';
import { TEST_SCRYPT } from '../../src/services/accounts/auth-password.ts';
import { loadDemoAccounts } from '../../src/services/accounts/users-demo.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { demoDocument, loadDemo } from '../../src/services/ops/demo.ts';
import { type Db, openDb } from '../../src/store/db.ts';
import { setUserPreferences } from '../../src/store/users.ts';
import { CHROMIUM, chromiumPresent } from '../optional.ts';
import type { DialectCase } from '../store/dialects.ts';

export { CHROMIUM };
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const AUTH = { ...DEFAULT_AUTH, scrypt: TEST_SCRYPT };
export const DEMO_PASSWORD = 'midorino-demo-2026';
export const BIG_DEPARTMENT = 'ベンチ課';

/** Runs only with chromium; outside CI a missing chromium skips with a message, in CI it fails. */
export function browserAvailable(): boolean {
  return chromiumPresent();
}

/**
 * The demo document grown to `n` indicators (copies of the demo's, renamed), the first `inDept`
 * owned by one department, as a second strategy of the same fictional city.
 */
export function bigDocument(n: number, inDept: number): StrategyDocument {
  const doc = demoDocument();
  const measure = doc.measures[0]!;
  const indicators = [];
  for (let i = 0; i < n; i++) {
    const src = doc.indicators[i % doc.indicators.length]!;
    indicators.push({
      ...src,
      id: `big-${i}`,
      name: `${src.name}（${i + 1}）`,
      owner: { type: 'measure' as const, id: measure.id },
      departments: i < inDept ? [BIG_DEPARTMENT] : src.departments,
    });
  }
  return {
    ...doc,
    strategy: { ...doc.strategy, id: 'big-300', name: `大規模テスト戦略（架空、${n}指標）` },
    indicators,
  } as StrategyDocument;
}

export interface Harness {
  app: FastifyInstance;
  base: string;
  db: Db;
  browser: Browser;
  demoStrategyId: string;
  /** The large synthetic strategy's id ('' when started with `big: false`). */
  bigStrategyId: string;
  /** The demo city's id. */
  municipalityId: string;
  /** Requests to any host other than the server's own. */
  foreign: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The database (a case of test/store/dialects.ts); default a temporary SQLite file. */
  dialect?: DialectCase;
  /** Whether to import the large synthetic strategy (300 indicators); default true. */
  big?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is required under CI (${CHROMIUM} missing)`);
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const { build } = await import('vite');
    await build({
      configFile: new URL('../../web/vite.config.ts', import.meta.url).pathname,
      logLevel: 'warn',
    });
  }
  let db: Db;
  let cleanup: () => Promise<void>;
  if (options.dialect) {
    const t = await options.dialect.open();
    db = t;
    cleanup = () => t.cleanup();
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'sousei-web-'));
    const handle = await openDb({ sqlite: { file: join(dir, 'web.db') } });
    db = handle;
    cleanup = async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const ctx = systemContext();
  const demo = await loadDemo(db.db, ctx);
  if (!demo.ok) throw new Error(demo.error.messageEn);
  await loadDemoAccounts(db.db, AUTH, ctx, demo.value.municipalityId);
  let bigStrategyId = '';
  if (options.big ?? true) {
    const big = await importDocument(db.db, ctx, bigDocument(300, 200), { source: 'test' });
    if (!big.ok) throw new Error(big.error.messageEn);
    bigStrategyId = big.value.strategyId;
  }
  // The demo accounts chose the demo strategy before (the city has two): `/` opens it for them.
  const demoUsers = await db.db.selectFrom('users').select('id').where('demo', '=', 1).execute();
  for (const u of demoUsers) await setUserPreferences(db.db, u.id, { strategyId: demo.value.strategyId });
  const app = buildServer({ db: db.db, auth: AUTH });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    app,
    base,
    db,
    browser,
    demoStrategyId: demo.value.strategyId,
    bigStrategyId,
    municipalityId: demo.value.municipalityId,
    foreign: [],
    async close() {
      await browser.close();
      // Keep-alive connections (the test's own fetch calls) would hold the server open.
      app.server.closeAllConnections();
      await app.close();
      await cleanup();
    },
  };
}

/** A new page at the size given, recording requests to other hosts. */
export async function newPage(h: Harness, width = 1366, height = 768): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width, height }, locale: 'ja-JP' });
  const page = await context.newPage();
  const own = new URL(h.base).host;
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.host !== own) h.foreign.push(r.url());
  });
  return page;
}

export async function signIn(page: Page, h: Harness, userName = 'demo-planner'): Promise<void> {
  await page.goto(`${h.base}/`);
  await page.getByLabel('ユーザー名').fill(userName);
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.locator('nav').waitFor();
}

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface InPageElement {
  getAttribute(name: string): string | null;
  dispatchEvent(event: unknown): boolean;
}

/** The few browser globals tests touch inside page.evaluate (the test tsconfig has no DOM lib). */
export interface InPage {
  document: { activeElement: InPageElement | null };
  DataTransfer: new () => { setData(type: string, data: string): void };
  ClipboardEvent: new (type: string, init: Record<string, unknown>) => unknown;
  axe: { run(context: unknown, options: unknown): Promise<unknown> };
}

/** axe-core (from node_modules, evaluated in the page: no CDN) with the WCAG 2.1 A/AA tags. */
export async function axeViolations(page: Page): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const w = globalThis as unknown as InPage;
    const r = (await w.axe.run(w.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/** Where screenshots go: a temporary folder, never the repository. */
export const SHOTS = process.env.SOUSEI_SHOTS ?? join(tmpdir(), 'sousei-web-shots');
