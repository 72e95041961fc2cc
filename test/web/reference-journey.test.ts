/**
 * The acceptance journey of issue 11 on the three reference documents (../shared/fixtures/reference;
 * skips when absent, fails in CI), in a browser, on each database: an administrator creates a new municipality
 * (its empty state checked too), a planner of it imports the document through the wizard, then on
 * every resulting strategy: dashboard, tree, an indicator page, next year's figure entered, the KPI
 * list opened for print. Every page: no `null`, `NaN`, `undefined`, `-4年度`, `pending` or loading
 * message left, no console error, axe clean; screenshots at 1366×768 and 390×844.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { WEB_DIST } from '../../src/api/static.ts';
import { systemContext } from '../../src/services/context.ts';
import { createAccount } from '../../src/services/users.ts';
import { REFERENCE_DIR, referenceDocuments } from '../optional.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { AUTH, axeViolations, browserAvailable, CHROMIUM, CHROMIUM_ARGS, SHOTS } from './harness.ts';

const present = referenceDocuments();
const FILES = present
  ? ['000_e54ae924d7379e4f.txt', '002_74bc9d9ecc966527.txt', '004_dc16f73320b311c9.txt']
  : [];
const PASSWORD = 'reference journey passphrase 11';

/** What must never be left on a page. */
const LEAKS = /\bnull\b|NaN|\bundefined\b|-\d+年度|\bpending\b|読み込み中|Loading…|\{"/;

interface StrategyJson {
  id: string;
  name: string;
  timeline: {
    asOf: number;
    years: number[];
    latestActual: number | null;
    period: { from: number; to: number };
  };
}

const ready = existsSync(join(WEB_DIST, 'index.html'));

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip || !present || !browserAvailable())(
    `issue 11 journey on the reference documents (${dialect.name})`,
    () => {
      let t: TestDb;
      let app: FastifyInstance;
      let base: string;
      let browser: Browser;
      const errors: string[] = [];
      /** Steps that did not apply, printed at the end (never silently). */
      const skipped: string[] = [];
      const foreign: string[] = [];

      beforeAll(async () => {
        if (!ready) {
          const { build } = await import('vite');
          await build({
            configFile: new URL('../../web/vite.config.ts', import.meta.url).pathname,
            logLevel: 'warn',
          });
        }
        mkdirSync(SHOTS, { recursive: true });
        t = await dialect.open();
        const admin = await createAccount(t.db, AUTH, systemContext(), {
          userName: 'ref-admin',
          name: '管理 太郎',
          password: PASSWORD,
          role: 'admin',
          municipalityId: null,
          departmentIds: [],
        });
        if (!admin.ok) throw new Error(admin.error.messageEn);
        app = buildServer({ db: t.db, auth: AUTH });
        await app.listen({ port: 0, host: '127.0.0.1' });
        base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      }, 120_000);
      afterAll(async () => {
        await browser?.close();
        app?.server.closeAllConnections();
        await app?.close();
        await t?.cleanup();
      });

      async function open(): Promise<Page> {
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP' });
        const page = await context.newPage();
        const own = new URL(base).host;
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
        page.on('request', (r) => {
          const url = new URL(r.url());
          if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.host !== own) foreign.push(r.url());
        });
        return page;
      }

      async function signIn(page: Page, userName: string) {
        await page.goto(`${base}/`);
        await page.getByLabel('ユーザー名').fill(userName);
        await page.getByLabel('パスワード').fill(PASSWORD);
        await page.getByRole('button', { name: 'サインイン' }).click();
        await page.locator('nav').waitFor();
      }

      /** The page's checks: nothing leaked, nothing loading, axe clean, both screenshots. */
      async function check(page: Page, name: string) {
        await page.waitForLoadState('networkidle');
        // In-app navigation does not fire a new load state: wait (bounded) for the pages' own loading
        // messages to go; one left after 20 s fails below as a spinner that never ends.
        await page
          .waitForFunction(
            () =>
              !(
                globalThis as unknown as { document: { body: { innerText: string } } }
              ).document.body.innerText.includes('読み込み中'),
            undefined,
            { timeout: 20_000 },
          )
          .catch(() => {});
        const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
        const leak = text.match(LEAKS);
        expect(
          leak?.[0] ?? null,
          `${name}: …${leak ? text.slice(Math.max(0, (leak.index ?? 0) - 300), (leak.index ?? 0) + 100) : ''}`,
        ).toBeNull();
        const violations = await axeViolations(page);
        expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
        const file = `ref-${dialect.name}-${name}`;
        await page.screenshot({ path: join(SHOTS, `${file}-1366.png`) });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.screenshot({ path: join(SHOTS, `${file}-390.png`) });
        await page.setViewportSize({ width: 1366, height: 768 });
      }

      for (const [i, fileName] of FILES.entries()) {
        const doc = fileName.slice(0, 3);
        it(`${doc}: a new municipality, the import, and each strategy's pages`, async () => {
          // An administrator creates the municipality; its empty state is a page, not a dead end.
          const admin = await open();
          await signIn(admin, 'ref-admin');
          await admin.goto(`${base}/strategies`);
          await admin.locator('[data-ready="strategies"]').waitFor();
          const name = `参照検証市${i + 1}`;
          await admin.getByLabel('自治体名').fill(name);
          await admin.getByRole('button', { name: '作成' }).click();
          await admin.getByRole('heading', { name, level: 2 }).waitFor();
          const municipalityId = await admin.evaluate(async (n) => {
            const r = (await (await fetch('/api/municipalities')).json()) as {
              items: { id: string; name: string }[];
            };
            return r.items.find((m) => m.name === n)!.id;
          }, name);
          await check(admin, `${doc}-new-municipality`);
          await admin.context().close();
          const planner = await createAccount(t.db, AUTH, systemContext(), {
            userName: `ref-planner-${doc}`,
            name: '企画 花子',
            password: PASSWORD,
            role: 'planner',
            municipalityId,
            departmentIds: [],
          });
          if (!planner.ok) throw new Error(planner.error.messageEn);

          // The planner: no strategy yet, then the import through the wizard.
          const page = await open();
          await signIn(page, `ref-planner-${doc}`);
          await page.locator('[data-ready="strategies"]').waitFor();
          await expect(page.locator('main').innerText()).resolves.toContain('総合戦略はまだありません');
          await check(page, `${doc}-empty`);
          await page.getByRole('link', { name: '取り込み' }).first().click();
          const bytes = readFileSync(REFERENCE_DIR + fileName);
          await page
            .getByLabel(/ファイルを選ぶ/)
            .setInputFiles({ name: `${doc}.tsv`, mimeType: 'text/tab-separated-values', buffer: bytes });
          await page.getByRole('button', { name: 'プレビュー' }).click();
          await page.getByRole('heading', { name: /認識した構造/ }).waitFor({ timeout: 60_000 });
          await page.getByRole('button', { name: '確定して取り込む' }).click();
          await page.locator('[data-ready="dashboard"]').waitFor({ timeout: 60_000 });

          const strategies = await page.evaluate(async (id) => {
            const r = (await (await fetch(`/api/municipalities/${id}/strategies`)).json()) as {
              items: unknown[];
            };
            return r.items;
          }, municipalityId);
          expect(strategies.length).toBeGreaterThan(0);
          for (const [k, s] of (strategies as StrategyJson[]).entries()) {
            const tag = `${doc}-s${k + 1}`;
            const root = `${base}/strategies/${s.id}`;
            // Dashboard: never a spinner, an as-of year, the targets and baselines even without figures.
            await page.goto(root);
            await page.locator('[data-ready="dashboard"]').waitFor();
            if (s.timeline.latestActual === null)
              await expect(page.locator('main').innerText()).resolves.toContain('実績なし');
            await check(page, `${tag}-dashboard`);
            // Tree, then the first indicator's page.
            await page.goto(`${root}/tree`);
            await page.getByRole('heading', { name: '戦略ツリー' }).waitFor();
            await check(page, `${tag}-tree`);
            const count = await page.evaluate(async (id) => {
              const r = (await (await fetch(`/api/strategies/${id}/indicators?limit=1`)).json()) as {
                total: number;
              };
              return r.total;
            }, s.id);
            if (count === 0) {
              // A strategy without indicators (an import may make one) says so instead of showing nothing.
              await expect(page.locator('main').innerText()).resolves.toContain('指標はまだありません');
              skipped.push(`${dialect.name} ${tag}: no indicators (indicator page and entry not applicable)`);
              continue;
            }
            // Every indicator is reachable from the tree (none left outside it): open the first.
            await expect(page.getByRole('status').first().innerText()).resolves.toBe(
              `${count} / ${count}件が該当`,
            );
            await page.locator('main a[href*="/indicators/"]').first().click();
            await page.getByRole('heading', { name: '評価と根拠' }).waitFor();
            await check(page, `${tag}-indicator`);
            // Next year's figure: the year after the as-of year is offered and takes a figure.
            const next = s.timeline.asOf + 1;
            expect(s.timeline.years, `${tag}: entry years`).toContain(next);
            await page.goto(`${root}/entry?fy=${next}`);
            await page.getByRole('heading', { level: 1, name: /実績入力/ }).waitFor();
            const cell = page.locator('input.cell[data-col="0"]').first();
            if ((await cell.count()) > 0) {
              // The previous year's figure again (no unit, range or jump warning to confirm), else a first one.
              const previous = (
                await page.locator('tbody tr').first().locator('td').first().innerText()
              ).trim();
              await cell.fill(/\d/.test(previous) ? previous : '1');
              await page.getByRole('button', { name: /^保存/ }).click();
              await page
                .locator('#entry-status')
                .filter({ hasText: /件を保存しました/ })
                .waitFor();
              // The figure is stored for that year: the strategy's latest figure is now that year.
              const latest = await page.evaluate(async (id) => {
                const r = (await (await fetch(`/api/strategies/${id}`)).json()) as StrategyJson;
                return r.timeline.latestActual;
              }, s.id);
              expect(latest).toBe(next);
            }
            await check(page, `${tag}-entry`);
            // The KPI list for print: a page in a new tab, not a download.
            await page.goto(`${root}/documents`);
            await page.locator('[data-ready="documents"]').waitFor();
            await check(page, `${tag}-documents`);
            const [tab] = await Promise.all([
              page.context().waitForEvent('page'),
              page.locator('a[data-print="kpi-list"]').click(),
            ]);
            await tab.waitForLoadState();
            const printed = (await tab.locator('body').innerText()).replace(/\s+/g, ' ');
            expect(printed.length).toBeGreaterThan(100);
            expect(printed.match(LEAKS)?.[0] ?? null, `${tag}: printed KPI list`).toBeNull();
            await tab.screenshot({ path: join(SHOTS, `ref-${dialect.name}-${tag}-print-1366.png`) });
            await tab.close();
          }
          await page.context().close();
          expect(errors).toEqual([]);
        }, 300_000);
      }

      it('made no request to any other host', () => {
        if (skipped.length) console.info(`[reference journey] ${skipped.join('\n')}`);
        expect(foreign).toEqual([]);
      });
    },
  );
}
