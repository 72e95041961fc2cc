/**
 * The public site in chromium (the real server on the demo city, no sign-in): axe-core (WCAG 2.1
 * A/AA, the level JIS X 8341-3:2016 AA asks) clean on every page type at 1366×768, 320×640 and at
 * 200 % zoom; no horizontal scrolling of the page at 320 px or 200 %; the skip link is the first
 * stop of the keyboard and moves the focus to the main content; every table has a caption and
 * header cells; every status is a label with its shape (never colour alone); nothing is requested
 * from another host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/ops/demo.ts';
import { type Db, openDb } from '../../src/store/db.ts';
import {
  AUTH,
  axeViolations,
  browserAvailable,
  CHROMIUM,
  CHROMIUM_ARGS,
  type InPage,
} from '../web/harness.ts';

/** Viewports: the desktop, a 320 px phone, and 200 % zoom of the desktop (half the CSS pixels, twice the density). */
const VIEWS = [
  { name: '1366x768', width: 1366, height: 768, scale: 1 },
  { name: '320x640', width: 320, height: 640, scale: 1 },
  { name: 'zoom200', width: 683, height: 384, scale: 2 },
] as const;

describe.skipIf(!browserAvailable())(
  'public pages in chromium (axe, keyboard, reflow)',
  { timeout: 180_000 },
  () => {
    let dir: string;
    let db: Db;
    let app: FastifyInstance;
    let browser: Browser;
    let base: string;
    const foreign: string[] = [];
    const pages: Record<string, string> = {};

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sousei-public-a11y-'));
      db = await openDb({ sqlite: { file: join(dir, 'p.db') } });
      const demo = await loadDemo(db.db, systemContext());
      if (!demo.ok) throw new Error(demo.error.messageEn);
      const sid = demo.value.strategyId;
      const k3 = await db.db
        .selectFrom('indicators')
        .select('id')
        .where('strategy_id', '=', sid)
        .where('ref', '=', 'k3')
        .executeTakeFirstOrThrow();
      app = buildServer({ db: db.db, auth: AUTH });
      await app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/public/`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      Object.assign(pages, {
        index: '',
        summary: `s/${sid}/index.html`,
        tree: `s/${sid}/tree.html`,
        indicator: `s/${sid}/i/${k3.id}.html`,
        opinions: `s/${sid}/opinions.html`,
        judging: `s/${sid}/judging.html`,
        catalogue: 'data.html',
        accessibility: 'accessibility.html',
      });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      app?.server.closeAllConnections();
      await app?.close();
      await db?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function open(view: (typeof VIEWS)[number], path: string): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width: view.width, height: view.height },
        deviceScaleFactor: view.scale,
        locale: 'ja-JP',
        bypassCSP: true, // to inject axe-core; the pages themselves run no script
        javaScriptEnabled: true,
      });
      const page = await context.newPage();
      const own = new URL(base).host;
      page.on('request', (r) => {
        if (new URL(r.url()).host !== own) foreign.push(r.url());
      });
      const res = await page.goto(base + path);
      expect(res?.status(), path).toBe(200);
      return page;
    }

    for (const view of VIEWS)
      it(`every page type is axe-clean and reflows at ${view.name}`, async () => {
        const problems: string[] = [];
        for (const [kind, path] of Object.entries(pages)) {
          const page = await open(view, path);
          for (const v of await axeViolations(page))
            problems.push(`${kind} @${view.name}: ${v.id} ${v.help} ${v.nodes.join(', ')}`);
          // No horizontal scrolling of the page (tables scroll inside their own focusable region).
          const overflow = await page.evaluate(() => {
            const d = (
              globalThis as unknown as {
                document: { documentElement: { scrollWidth: number; clientWidth: number } };
              }
            ).document;
            return d.documentElement.scrollWidth - d.documentElement.clientWidth;
          });
          if (overflow > 1) problems.push(`${kind} @${view.name}: page scrolls sideways by ${overflow}px`);
          await page.context().close();
        }
        expect(problems).toEqual([]);
      });

    it('the skip link is the first keyboard stop and moves the focus to the main content', async () => {
      for (const [kind, path] of Object.entries(pages)) {
        const page = await open(VIEWS[0], path);
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const w = globalThis as unknown as InPage & {
            document: { activeElement: { textContent: string } | null };
          };
          return w.document.activeElement?.textContent ?? '';
        });
        expect(first, kind).toBe('本文へ移動');
        await expect(page.locator('.skip').isVisible(), kind).resolves.toBe(true);
        await page.keyboard.press('Enter');
        const focused = await page.evaluate(() => {
          const w = globalThis as unknown as { document: { activeElement: { id: string } | null } };
          return w.document.activeElement?.id ?? '';
        });
        expect(focused, kind).toBe('main');
        await page.context().close();
      }
    });

    it('tables have captions and header cells; statuses are labels with shapes; the chart has a text alternative', async () => {
      for (const [kind, path] of Object.entries(pages)) {
        const page = await open(VIEWS[0], path);
        const tables = page.locator('table');
        const n = await tables.count();
        for (let i = 0; i < n; i++) {
          const t = tables.nth(i);
          expect(
            (await t.locator('caption').innerText()).trim().length,
            `${kind} table ${i}`,
          ).toBeGreaterThan(0);
          expect(await t.locator('th').count(), `${kind} table ${i}`).toBeGreaterThan(0);
        }
        for (const s of await page.locator('.status').all()) {
          const text = (await s.innerText()).trim();
          expect(text, kind).toMatch(/^\S+\s+\S/); // a shape, then a label in words
          expect(await s.locator('.shape').getAttribute('aria-hidden'), kind).toBe('true');
        }
        await page.context().close();
      }
      const page = await open(VIEWS[0], pages.indicator!);
      const chart = page.locator('svg.chart');
      await expect(chart.getAttribute('role')).resolves.toBe('img');
      expect((await page.locator('svg.chart title').textContent())?.length).toBeGreaterThan(0);
      expect((await page.locator('svg.chart desc').textContent())?.length).toBeGreaterThan(0);
      expect(await page.locator('table caption').filter({ hasText: 'の数値' }).count()).toBe(1);
      await page.context().close();
    });

    it('asked nothing of another host', () => {
      expect(foreign).toEqual([]);
    });
  },
);
