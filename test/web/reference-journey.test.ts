/**
 * The acceptance journey of issue 11 on the three reference documents (../shared/fixtures/reference;
 * skips when absent, fails in CI), in a browser, on each database. An administrator imports the document through
 * the wizard and chooses a new municipality at the target step; then on every resulting strategy,
 * carrying one fiscal year (the one after the as-of year) through every step: dashboard, tree,
 * next year's figure and its commentary ①②③ entered by the owning department, the indicator page
 * judging that year with the planner's override, a committee member's opinion and the
 * department's response, and the KPI list and the 有識者会議意見・対応方針一覧 printed in a new tab.
 * Every page: no `null`, `NaN`, `undefined`, `-4年度`, `pending` or loading message left, no
 * console error, axe clean; screenshots at 1366×768 and 390×844.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { WEB_DIST } from '../../src/api/static.ts';
import { createAccount } from '../../src/services/accounts/users.ts';
import { systemContext } from '../../src/services/context.ts';
import { fiscalYearLabel } from '../../web/src/lib/format.ts';
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

      /** A new page signed in as `userName`. */
      async function as(userName: string): Promise<Page> {
        const page = await open();
        await signIn(page, userName);
        return page;
      }

      async function account(
        userName: string,
        role: 'planner' | 'editor' | 'committee',
        municipalityId: string,
        departmentIds: string[] = [],
      ) {
        const r = await createAccount(t.db, AUTH, systemContext(), {
          userName,
          name: `${role} 参照`,
          password: PASSWORD,
          role,
          municipalityId,
          departmentIds,
        });
        if (!r.ok) throw new Error(r.error.messageEn);
      }

      /** Opens the printable page behind a print link in a new tab; its text, checked for leaks. */
      async function printed(page: Page, kind: string, tag: string): Promise<string> {
        const [tab] = await Promise.all([
          page.context().waitForEvent('page'),
          page.locator(`a[data-print="${kind}"]`).click(),
        ]);
        await tab.waitForLoadState();
        const text = (await tab.locator('body').innerText()).replace(/\s+/g, ' ');
        expect(text.length, `${tag}: printed ${kind}: ${text}`).toBeGreaterThan(100);
        const leak = text.match(LEAKS);
        expect(
          leak?.[0] ?? null,
          `${tag}: printed ${kind}: …${text.slice(Math.max(0, (leak?.index ?? 0) - 200), (leak?.index ?? 0) + 100)}`,
        ).toBeNull();
        await tab.screenshot({ path: join(SHOTS, `ref-${dialect.name}-${tag}-${kind}-1366.png`) });
        await tab.close();
        return text;
      }

      for (const [i, fileName] of FILES.entries()) {
        const doc = fileName.slice(0, 3);
        it(`${doc}: imported into a new municipality chosen in the wizard, then a year on each strategy`, async () => {
          // An administrator imports through the wizard and chooses a new municipality at the target step.
          const admin = await as('ref-admin');
          await admin.goto(`${base}/import`);
          const bytes = readFileSync(REFERENCE_DIR + fileName);
          await admin
            .getByLabel(/ファイルを選ぶ/)
            .setInputFiles({ name: `${doc}.tsv`, mimeType: 'text/tab-separated-values', buffer: bytes });
          await admin.getByRole('button', { name: 'プレビュー' }).click();
          await admin.getByRole('heading', { name: /認識した構造/ }).waitFor({ timeout: 60_000 });
          const name = `参照検証市${i + 1}`;
          const planned = () =>
            admin.waitForResponse((r) => r.url().includes('/plan') && r.request().method() === 'POST');
          const fresh = admin.getByRole('radio', { name: '新しい自治体' });
          await fresh.waitFor();
          if (!(await fresh.isChecked())) await Promise.all([planned(), fresh.check()]);
          const field = admin.locator('section[aria-labelledby="target-h"]').getByLabel('自治体名');
          await field.fill(name);
          await Promise.all([planned(), field.press('Tab')]);
          await expect(field.inputValue()).resolves.toBe(name);
          await check(admin, `${doc}-target`);
          await admin.getByRole('button', { name: '確定して取り込む' }).click();
          await admin.locator('[data-ready="dashboard"]').waitFor({ timeout: 60_000 });
          const municipalityId = await admin.evaluate(async (n) => {
            const r = (await (await fetch('/api/municipalities')).json()) as {
              items: { id: string; name: string }[];
            };
            return r.items.find((m) => m.name === n)?.id ?? null;
          }, name);
          expect(municipalityId, `${doc}: the new municipality ${name}`).not.toBeNull();
          await admin.goto(`${base}/strategies`);
          await admin.getByRole('heading', { name, level: 2 }).waitFor();
          await check(admin, `${doc}-strategies`);
          await admin.context().close();

          // The city's planner and committee member (an administrator's accounts screen makes the same).
          await account(`ref-planner-${doc}`, 'planner', municipalityId!);
          await account(`ref-committee-${doc}`, 'committee', municipalityId!);
          const page = await as(`ref-planner-${doc}`);
          const member = await as(`ref-committee-${doc}`);

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
            // Tree: every indicator reachable (none left outside it).
            await page.goto(`${root}/tree`);
            await page.getByRole('heading', { name: '戦略ツリー' }).waitFor();
            await check(page, `${tag}-tree`);
            const found = await page.evaluate(async (id) => {
              const tree = (await (await fetch(`/api/strategies/${id}/tree`)).json()) as {
                goals: unknown[];
                unassigned: { indicators: unknown[]; measures: unknown[]; projects: unknown[] };
                departments?: { id: string; name: string }[];
              };
              type Found = { id: string; name: string; departments: string[]; inProject?: boolean };
              const all: Found[] = [];
              const walk = (
                n: { indicators?: Found[]; measures?: unknown[]; projects?: unknown[] },
                inProject: boolean,
              ) => {
                all.push(...(n.indicators ?? []).map((x) => ({ ...x, inProject })));
                for (const m of n.measures ?? []) walk(m as never, inProject);
                for (const p of n.projects ?? []) walk(p as never, true);
              };
              for (const g of tree.goals) walk(g as never, false);
              walk(
                { measures: tree.unassigned.measures, indicators: tree.unassigned.indicators as Found[] },
                false,
              );
              walk({ projects: tree.unassigned.projects }, true);
              // A KPI a department answers for, else any indicator a department answers for, else the first.
              const pick =
                all.find((x) => x.departments.length > 0 && !x.inProject) ??
                all.find((x) => x.departments.length > 0) ??
                all[0] ??
                null;
              const department = pick?.departments[0] ?? null;
              return {
                total: all.length,
                pick,
                department,
                departmentId: (tree.departments ?? []).find((d) => d.name === department)?.id ?? null,
              };
            }, s.id);
            if (found.total === 0 || !found.pick) {
              // A strategy without indicators says so instead of showing nothing.
              await expect(page.locator('main').innerText()).resolves.toContain('指標はまだありません');
              skipped.push(`${dialect.name} ${tag}: no indicators (the year's steps not applicable)`);
              continue;
            }
            await expect(page.getByRole('status').first().innerText()).resolves.toBe(
              `${found.total} / ${found.total}件が該当`,
            );
            const ind = found.pick;
            // The year carried through every step: the one after the as-of year.
            const next = s.timeline.asOf + 1;
            const year = fiscalYearLabel(next, 'ja');
            expect(s.timeline.years, `${tag}: entry years`).toContain(next);

            // Entry of next year's figure and its commentary ①②③ (by the owning department when there is one).
            const editorName = `ref-editor-${doc}-${k}`;
            if (found.departmentId)
              await account(editorName, 'editor', municipalityId!, [found.departmentId]);
            else
              skipped.push(
                `${dialect.name} ${tag}: no department answers for an indicator (the planner enters and answers)`,
              );
            const editor = found.departmentId ? await as(editorName) : page;
            // Without a department, the planner enters the indicators no department answers for.
            const dep = encodeURIComponent(found.department ?? ' ');
            await editor.goto(`${root}/entry?department=${dep}&fy=${next}`);
            await editor.getByRole('heading', { level: 1, name: /実績入力/ }).waitFor();
            {
              const row = editor.locator('tbody tr').filter({ hasText: ind.name }).first();
              const cell = row.locator('input.cell[data-col="0"]');
              await cell.waitFor();
              // The previous year's figure again (no unit, range or jump warning to confirm), else a first one.
              const previous = (await row.locator('td').first().innerText()).trim();
              await cell.fill(/\d/.test(previous) ? previous : '1');
              await editor.getByRole('button', { name: /^保存/ }).click();
              await editor
                .locator('#entry-status')
                .filter({ hasText: /件を保存しました/ })
                .waitFor();
              await editor
                .getByRole('button', { name: `${ind.name}のコメント（①②③）を編集` })
                .first()
                .click();
              await editor.getByLabel('①実施状況').fill('参照検証の実施状況');
              await editor.getByLabel('②課題').fill('参照検証の課題');
              await editor.getByLabel('③今後の方策').fill('参照検証の今後の方策');
              await editor.getByRole('button', { name: 'コメントを保存' }).click();
              await editor.getByText('コメントを保存しました').waitFor();
              await expect(editor.locator('main').innerText()).resolves.toContain(`コメント（${year}）`);
              // The figure is stored for that year: the strategy's latest figure is now that year.
              const latest = await editor.evaluate(async (id) => {
                const r = (await (await fetch(`/api/strategies/${id}`)).json()) as StrategyJson;
                return r.timeline;
              }, s.id);
              expect(latest.latestActual).toBe(next);
              expect(latest.asOf).toBe(next);
            }
            await check(editor, `${tag}-entry`);

            // The indicator page judges that year, shows the commentary, and takes the planner's override.
            const answered = page.waitForResponse((r) =>
              r.url().includes(`/api/indicators/${ind.id}/evaluation`),
            );
            await page.goto(`${root}/indicators/${ind.id}`);
            await page.getByRole('heading', { name: '評価と根拠' }).waitFor();
            // The city's classes on record that the scheme does not name are offered apart, as answered.
            const recordClasses = (
              (await (await answered).json()) as { scheme: { recordClasses: { label: string }[] } }
            ).scheme.recordClasses;
            await expect(
              page.locator('select#ovr-status optgroup[label="記録にある市の区分"] option').allTextContents(),
            ).resolves.toEqual(recordClasses.map((c) => c.label));
            if (doc === '004') expect(recordClasses.length, `${tag}: the city's classes`).toBeGreaterThan(0);
            await expect(page.getByLabel('②課題').inputValue()).resolves.toBe('参照検証の課題');
            await expect(page.locator('main').innerText()).resolves.toContain(`${year}の評価を上書き`);
            const computed = page.locator('dd[data-status="computed"]');
            await computed.waitFor();
            const before = await computed.textContent();
            const options = await page.locator('select#ovr-status option').allTextContents();
            const choice = options.find((o) => o !== '評価を選択' && !before?.includes(o))!;
            await page.locator('select#ovr-status').selectOption({ label: choice });
            await page.locator('textarea#ovr-reason').fill('参照検証の上書き理由');
            await page.getByRole('button', { name: '上書きを保存' }).click();
            await page.getByText('評価の上書きを保存しました').waitFor();
            await page
              .locator('dd[data-status="override"]')
              .filter({ hasText: '参照検証の上書き理由' })
              .waitFor();
            await expect(computed.textContent()).resolves.toBe(before);
            await check(page, `${tag}-indicator`);

            // The committee member's opinion on that year, the department's response.
            await member.goto(`${root}/committee?fy=${next}`);
            await member.getByRole('heading', { level: 1, name: `有識者会議の意見（${year}）` }).waitFor();
            const item = member.locator(`section[aria-labelledby="it-indicator-${ind.id}"]`);
            await item.waitFor();
            await item.getByText('意見を追加').click();
            await item.getByLabel(`${ind.name}への意見`).fill('参照検証の意見');
            await item.getByRole('button', { name: '意見を保存' }).click();
            await item.locator('article.opinion[data-state="unanswered"]').waitFor();
            await check(member, `${tag}-committee-member`);
            await editor.goto(`${root}/committee?fy=${next}`);
            const mine = editor.locator(`section[aria-labelledby="it-indicator-${ind.id}"]`);
            await mine.waitFor();
            await mine.getByLabel(`${ind.name}への意見に対する対応方針`).fill('参照検証の対応方針');
            await mine.getByRole('button', { name: '対応方針を保存' }).click();
            await mine.getByText('対応方針を保存しました').waitFor();
            await check(editor, `${tag}-committee-response`);
            if (editor !== page) await editor.context().close();

            // The KPI list and the opinions document of that year, each a printable page in a new tab.
            await page.goto(`${root}/documents`);
            await page.locator('[data-ready="documents"]').waitFor();
            await check(page, `${tag}-documents`);
            const kpi = await printed(page, 'kpi-list', tag);
            // The KPI list lists KPIs and numeric targets (a project's indicators are in the project documents).
            if (!ind.inProject) expect(kpi).toContain(ind.name);
            else
              skipped.push(
                `${dialect.name} ${tag}: the indicator is a project’s (listed in the project documents, not the KPI list)`,
              );
            const opinions = await printed(page, 'committee-opinions', tag);
            // The document is of that year (its heading names the era year: 令和6年度).
            expect(opinions).toContain(year.replace(/\s*\(\d{4}\)$/, ''));
            expect(opinions).toContain('参照検証の意見');
            expect(opinions).toContain('参照検証の対応方針');
          }
          await member.context().close();
          await page.context().close();
          expect(errors).toEqual([]);
        }, 600_000);
      }

      it('made no request to any other host', () => {
        if (skipped.length) console.info(`[reference journey] ${skipped.join('\n')}`);
        expect(foreign).toEqual([]);
      });
    },
  );
}
