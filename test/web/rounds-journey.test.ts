/**
 * The reporting round (照会) in chromium, on both databases (demo city): a planner opens a round
 * with a deadline (and an earlier one for one department) on the progress page; two departments (their own editors) see the notice and
 * their task on the home page and enter figures in the entry grid; one submits with its findings
 * acknowledged with a reason; the planner returns one indicator with a comment; the department
 * sees it returned, is refused (409) on another indicator, fixes the returned one and resubmits;
 * the planner approves both and confirms (確定). After that an edit in the entry grid and in the
 * commentary editor shows the lock's reason in Japanese and the API answers 423; the planner
 * picks one indicator by name in the exception form and reopens it with a reason: the department
 * can change that one and not another, and the correction is in the indicator's history. Last,
 * the planner publishes (公表) the confirmed year from the round page.
 * (The same journey over HTTP: test/api/rounds.test.ts.)
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts/users.ts';
import { systemContext } from '../../src/services/context.ts';
import { setUserPreferences } from '../../src/store/users.ts';
import { dialectsToRun } from '../store/dialects.ts';
import {
  AUTH,
  axeViolations,
  browserAvailable,
  DEMO_PASSWORD,
  type Harness,
  newPage,
  signIn,
  startHarness,
} from './harness.ts';

const FY = 2024;
const DEADLINE = '2030-05-31';
/** Department B's own earlier deadline. */
const B_DEADLINE = '2030-04-30';
/** The two departments of the journey (each has several indicators in the demo city). */
const A = '商工観光課';
const B = '農林課';

interface RoundJson {
  id: string;
  indicators: { indicatorId: string; name: string; departmentNames: string[] }[];
  parts: { departmentId: string; departmentName: string; state: string }[];
}

const withBrowser = browserAvailable();

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip || !withBrowser)(
    `reporting round in chromium on ${dialect.name} (demo data)`,
    { timeout: 180_000 },
    () => {
      let h: Harness;
      let planner: Page;
      let editorA: Page;
      let editorB: Page;
      let roundId = '';
      /** Department A's indicators: R is returned, X reopened by the exception, L stays locked. */
      let R = '';
      let X = '';
      let L = '';
      const idOf = new Map<string, string>();

      beforeAll(async () => {
        h = await startHarness({ dialect, big: false });
        // One editor per department (the demo has one editor only).
        for (const [userName, dept] of [
          ['shoko-editor', A],
          ['norin-editor', B],
        ] as const) {
          const d = await h.db.db
            .selectFrom('departments')
            .select('id')
            .where('municipality_id', '=', h.municipalityId)
            .where('name', '=', dept)
            .executeTakeFirstOrThrow();
          const u = await createAccount(h.db.db, AUTH, systemContext(), {
            userName,
            name: `${dept} 担当者`,
            password: DEMO_PASSWORD,
            role: 'editor',
            municipalityId: h.municipalityId,
            departmentIds: [d.id],
          });
          if (!u.ok) throw new Error(JSON.stringify(u.error));
          await setUserPreferences(h.db.db, u.value.id, { strategyId: h.demoStrategyId });
        }
      }, 180_000);
      afterAll(async () => {
        await h?.close();
      });

      async function as(userName: string): Promise<Page> {
        const p = await newPage(h);
        await signIn(p, h, userName);
        await p.locator('[data-ready="dashboard"]').waitFor();
        return p;
      }
      const roundJson = (p: Page) =>
        p.evaluate(async (id) => (await (await fetch(`/api/rounds/${id}`)).json()) as RoundJson, roundId);
      const partUrl = async (dept: string) => {
        const r = await roundJson(planner);
        const part = r.parts.find((x) => x.departmentName === dept)!;
        return `${h.base}/strategies/${h.demoStrategyId}/rounds/${roundId}/departments/${part.departmentId}`;
      };
      /** The entry grid of the journey's year, loaded (rows are the indicator rows, not the commentary rows). */
      async function grid(p: Page): Promise<Locator> {
        await p.goto(`${h.base}/strategies/${h.demoStrategyId}/entry?fy=${FY}`);
        await p.locator('table.grid').waitFor();
        await p.locator('[data-testid="entry-round"]').waitFor();
        return p.locator('table.grid > tbody > tr:not(.commentary-row)');
      }
      /** The grid row of an indicator (by its exact name: the demo has 観光入込客数 and 観光入込客数（市街地）). */
      const rowOf = (p: Page, name: string) =>
        p.locator('table.grid > tbody > tr:not(.commentary-row)').filter({
          has: p.locator('th', { hasText: new RegExp(`^${name.replace(/[()（）]/g, '.')}(\\s|$)`) }),
        });
      /** Types a figure into a row's 実績値 (the previous year's, shown beside it, by default), confirms warnings, saves. */
      async function enter(
        p: Page,
        name: string,
        edit: (previous: string) => string = (x) => x,
      ): Promise<void> {
        const row = rowOf(p, name);
        const previous = (await row.locator('td').nth(0).textContent())!.trim();
        expect(previous).not.toBe('—');
        await row.locator('input[data-col="0"]').fill(edit(previous));
        await expect.poll(() => row.getAttribute('class')).toContain('row-dirty');
        const confirm = row.locator('label.confirm input[type="checkbox"]');
        if (await confirm.count()) await confirm.check();
        await p.getByRole('button', { name: /^保存/ }).click();
      }
      /** Submits a department's answer from its page, acknowledging every open finding with a reason. */
      async function submit(p: Page, url: string): Promise<void> {
        await p.goto(url);
        await p.locator('[data-ready="round-part"]').waitFor();
        for (const input of await p.locator('input[name^="ack-"]').all())
          await input.fill('集計方法を確認済み');
        await p.getByRole('button', { name: '提出する' }).click();
        await p.locator('[data-ready="round-part"][data-state="submitted"]').waitFor();
      }

      it('a planner opens a round with a deadline: one row per department, counts per state', async () => {
        planner = await as('demo-planner');
        await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/rounds`);
        await planner.locator('[data-ready="rounds"]').waitFor();
        await planner.fill('input[name="fiscalYear"]', String(FY));
        await planner.fill('input[name="deadline"]', DEADLINE);
        await planner.getByText('課ごとの締切（任意）').click();
        await planner.fill(`input[name="deadline-${B}"]`, B_DEADLINE);
        await planner.getByRole('button', { name: '照会を開始する' }).click();
        await planner.locator('[data-testid="round-state"]').getByText('受付中').waitFor();
        const headers = await planner.locator('section[data-round-state] thead th').allTextContents();
        for (const h of ['課', '状態', '件数', '入力済', '確認済', '締切日', '最終更新'])
          expect(headers).toContain(h);
        const rows = planner.locator('tbody tr[data-department]');
        expect(await rows.count()).toBeGreaterThan(2);
        // Each department's deadline: the round's, or its own earlier one.
        expect(await rows.locator('td').allTextContents()).toContain(DEADLINE);
        expect(await planner.locator(`tr[data-department="${B}"] td`).allTextContents()).toContain(
          B_DEADLINE,
        );
        const notStarted = Number(await planner.locator('[data-count="not_started"]').textContent());
        expect(notStarted).toBe(await rows.count());
        roundId = await planner.evaluate(
          async ({ sid, fy }) =>
            ((await (await fetch(`/api/strategies/${sid}/rounds/${fy}`)).json()) as { id: string }).id,
          { sid: h.demoStrategyId, fy: FY },
        );
        const r = await roundJson(planner);
        for (const i of r.indicators) idOf.set(i.name, i.indicatorId);
        const aNames = r.indicators.filter((i) => i.departmentNames.includes(A)).map((i) => i.name);
        // The reopened one has a name no other indicator contains (the search finds it alone).
        X = aNames.find((n) => r.indicators.filter((i) => i.name.includes(n)).length === 1)!;
        [R, L] = aNames.filter((n) => n !== X) as [string, string];
        expect([R, X, L].every(Boolean)).toBe(true);
      });

      it('two departments see the notice and their task, and enter figures in the entry grid', async () => {
        editorA = await as('shoko-editor');
        editorB = await as('norin-editor');
        for (const [p, dept] of [
          [editorA, A],
          [editorB, B],
        ] as const) {
          await p.getByRole('button', { name: /未読のお知らせが\d+件あります/ }).waitFor();
          const task = p.locator(`[data-ready="round-tasks"] tr[data-task="${dept}"]`);
          await task.waitFor();
          expect(await task.getAttribute('data-state')).toBe('not_started');
          expect(await task.textContent()).toContain(dept === B ? B_DEADLINE : DEADLINE);
          // Only the department's own task is listed.
          expect(await p.locator('[data-ready="round-tasks"] tbody tr').count()).toBe(1);
          if (dept === A) expect(await axeViolations(p)).toEqual([]);
          const rows = await grid(p);
          expect(await p.locator('[data-testid="entry-round"]').textContent()).toContain('照会中');
          const first =
            dept === A ? R : ((await rows.nth(0).locator('th').textContent()) ?? '').split(' ')[0]!;
          await enter(p, first);
          await rowOf(p, first).locator('.ok', { hasText: '保存済み' }).waitFor();
        }
        await planner.reload();
        await planner
          .locator('[data-ready="rounds"] tr[data-department="商工観光課"][data-state="in_progress"]')
          .waitFor();
        expect(await planner.locator('[data-count="in_progress"]').textContent()).toBe('2');
      });

      it('department A submits with its findings acknowledged; submitting without reasons is refused', async () => {
        await editorA.goto(await partUrl(A));
        await editorA.locator('[data-ready="round-part"]').waitFor();
        if (await editorA.locator('input[name^="ack-"]').count()) {
          await editorA.getByRole('button', { name: '提出する' }).click();
          await editorA.locator('p.error').getByText('提出前チェック').waitFor();
        }
        await submit(editorA, await partUrl(A));
        await submit(editorB, await partUrl(B));
      });

      it('the planner returns one indicator with a comment; A sees it returned, is refused another, fixes and resubmits', async () => {
        const url = await partUrl(A);
        await planner.goto(url);
        await planner.locator('[data-ready="round-part"][data-state="submitted"]').waitFor();
        await planner
          .getByLabel(`差戻しの理由（指標ごと） ${R}`, { exact: true })
          .fill('前年度の数値と同じです。今年度の数値を確認してください');
        await planner.getByRole('button', { name: '選んだ指標を差し戻す' }).click();
        await planner.locator('[data-ready="round-part"][data-state="returned"]').waitFor();

        // The department sees it on its home page and on its answer, with the comment.
        await editorA.goto(`${h.base}/`);
        await editorA
          .locator(`[data-ready="round-tasks"] tr[data-task="${A}"][data-state="returned"]`)
          .waitFor();
        await editorA.goto(url);
        const returned = editorA.locator('tr[data-returned="true"]');
        await returned.waitFor();
        expect(await returned.count()).toBe(1);
        expect(await returned.textContent()).toContain('今年度の数値を確認してください');
        await editorA.getByRole('link', { name: '差し戻された指標を入力画面で修正する' }).click();
        await rowOf(editorA, X).waitFor();
        expect(await editorA.locator('[data-testid="entry-round"]').textContent()).toContain(
          '差し戻された指標のほかは変更できません',
        );

        // An indicator that was not returned: 409, its reason on the row and in the status line.
        await enter(editorA, X);
        const refused = rowOf(editorA, X).locator('[data-error-code="ROUND_STATE"]');
        await refused.waitFor();
        expect(await refused.textContent()).toContain('差戻しされた指標だけを変更できます');
        expect(await editorA.locator('#entry-status').textContent()).toContain('1件は保存できませんでした');

        // The returned one is fixed (a new figure: the previous year's with its first digit changed).
        await grid(editorA);
        await enter(editorA, R, (prev) => prev.replace(/\d/, (d) => String((Number(d) % 9) + 1)));
        await rowOf(editorA, R).locator('.ok', { hasText: '保存済み' }).waitFor();
        await submit(editorA, url);
      });

      it('the planner approves both departments and confirms; the progress page counts them', async () => {
        for (const dept of [A, B]) {
          await planner.goto(await partUrl(dept));
          await planner.locator('[data-ready="round-part"][data-state="submitted"]').waitFor();
          await planner.getByRole('button', { name: '承認する' }).click();
          await planner.locator('[data-ready="round-part"][data-state="approved"]').waitFor();
        }
        await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/rounds`);
        await planner.locator('[data-count="approved"]').getByText('2').waitFor();
        // The other departments of the demo city did not answer: confirming needs a reason.
        await planner.getByRole('button', { name: '確定する' }).click();
        await planner.locator('p.error').getByText('承認されていない課があります').waitFor();
        await planner.fill('input[name="confirmReason"]', '他の課は前年度の方法で集計済みのため');
        await planner.getByRole('button', { name: '確定する' }).click();
        await planner.locator('[data-testid="round-state"]').getByText('確定').waitFor();
      });

      it('after 確定 the entry grid and the commentary editor show the lock in Japanese; the API answers 423', async () => {
        // The city calls its planning division otherwise: the way out names its own division.
        const named = await planner.evaluate(async () => {
          const csrf = ((await (await fetch('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
          const m = (
            (await (await fetch('/api/municipalities')).json()) as {
              items: { id: string; version: number }[];
            }
          ).items[0]!;
          const r = await fetch(`/api/municipalities/${m.id}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
            body: JSON.stringify({ planningDivision: '政策推進課', version: m.version }),
          });
          return r.status;
        });
        expect(named).toBe(200);
        await grid(editorA);
        const notice = editorA.locator('[data-testid="entry-round"][data-round-state="confirmed"]');
        expect(await notice.textContent()).toContain('数値とコメントは変更できません');
        expect(await notice.textContent()).toContain('政策推進課に例外での再開を依頼');
        const row = rowOf(editorA, X);
        expect(await row.locator('th').textContent()).toContain('確定済み');
        await enter(editorA, X);
        const locked = row.locator('[data-error-code="YEAR_LOCKED"]');
        await locked.waitFor();
        const text = (await locked.textContent())!;
        expect(text).toContain(`${FY}年度は照会で「確定」済みのため`);
        expect(text).toContain('政策推進課が例外として指標を再開');
        expect(text).not.toContain('エラー (423)');

        await row.getByRole('button', { name: /コメント（①②③）を編集/ }).click();
        const editor = editorA.locator('tr.commentary-row form');
        await editor.getByLabel('①実施状況').fill('確定後に書き足したコメント');
        await editor.getByRole('button', { name: 'コメントを保存' }).click();
        const alert = editor.locator('p.error[role="alert"]');
        await alert.waitFor();
        expect(await alert.textContent()).toContain('確定');
        expect(await alert.textContent()).toContain('YEAR_LOCKED');

        const api = await editorA.evaluate(
          async ({ indicatorId, fy }) => {
            const csrf = ((await (await fetch('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
            const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
            const figure = await fetch(`/api/indicators/${indicatorId}/observations/${fy}`, {
              method: 'PUT',
              headers,
              body: JSON.stringify({ raw: '1' }),
            });
            const comment = await fetch(`/api/indicators/${indicatorId}/commentary`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ fiscalYear: fy, progress: 'x' }),
            });
            return {
              figure: { status: figure.status, body: await figure.text() },
              comment: { status: comment.status, body: await comment.text() },
            };
          },
          { indicatorId: idOf.get(X)!, fy: FY },
        );
        expect(api.figure.status).toBe(423);
        expect(api.figure.body).toContain('YEAR_LOCKED');
        expect(api.comment.status).toBe(423);
        expect(api.comment.body).toContain('確定');
      });

      it('the planner picks one indicator by name and reopens it with a reason (accessible form)', async () => {
        await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/rounds`);
        await planner.locator('[data-testid="round-state"]').getByText('確定').waitFor();
        const form = planner.locator('form[aria-labelledby="ex-form-h"]');
        const open = form.getByRole('button', { name: '例外として再開' });
        expect(await open.isDisabled()).toBe(true);
        const all = Number(
          (await form.locator('[data-testid="picker-matches"]').textContent())!.match(/\d+/)![0],
        );
        expect(all).toBe(idOf.size);
        // Searching by department lists its indicators (one group): one is chosen from the list.
        const search = form.getByLabel('指標名・課名で検索');
        const list = form.getByLabel('一覧から選ぶ');
        await search.fill(A);
        expect(await list.locator('optgroup').count()).toBe(1);
        expect(await list.locator('option').count()).toBeGreaterThan(2);
        expect(await form.locator('[data-testid="picker-chosen"]').textContent()).toBe(
          '指標を選んでください',
        );
        await list.selectOption(idOf.get(X)!);
        await form.locator('[data-testid="picker-chosen"]').getByText(X).waitFor();
        // A search that hides the choice drops it; the exact name narrows the list to it alone and chooses it.
        await search.fill(B);
        await form.locator('[data-testid="picker-chosen"]').getByText('指標を選んでください').waitFor();
        await search.fill(X);
        await form.locator('[data-testid="picker-chosen"]').getByText(X).waitFor();
        expect(await list.locator('option').count()).toBe(1);
        expect(await list.inputValue()).toBe(idOf.get(X));
        await form.getByLabel('理由').fill('統計の訂正が公表されたため');
        expect(await axeViolations(planner)).toEqual([]);
        await open.click();
        const item = planner.locator(`li[data-exception="${idOf.get(X)}"][data-open="true"]`);
        await item.waitFor();
        expect(await item.textContent()).toContain(X);
        expect(await item.textContent()).toContain('統計の訂正が公表されたため');
      });

      it('the department can change the reopened indicator and not another; the correction is in its history', async () => {
        await grid(editorA);
        expect(await editorA.locator('[data-testid="entry-round"]').textContent()).toContain(X);
        expect(await rowOf(editorA, X).locator('th').textContent()).toContain('例外で再開中');
        expect(await rowOf(editorA, L).locator('th').textContent()).toContain('確定済み');
        await enter(editorA, X);
        await rowOf(editorA, X).locator('.ok', { hasText: '保存済み' }).waitFor();
        const corrected = await rowOf(editorA, X).locator('input[data-col="0"]').inputValue();
        await enter(editorA, L);
        await rowOf(editorA, L).locator('[data-error-code="YEAR_LOCKED"]').waitFor();

        // The answer page says which item is reopened and why.
        await editorA.goto(await partUrl(A));
        const reopened = editorA.locator('tr[data-editable="true"]');
        await reopened.waitFor();
        expect(await reopened.count()).toBe(1);
        expect(await reopened.textContent()).toContain('統計の訂正が公表されたため');

        // The indicator's history: the figure's new version is a correction with the exception's reason,
        // and the exception itself is audited on the indicator.
        const indicatorId = idOf.get(X)!;
        await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/indicators/${indicatorId}`);
        const history = planner.locator('section[aria-labelledby="hist-h"]');
        await history.getByText(corrected, { exact: false }).first().waitFor();
        // The exception reads as words, never as the stored code (exception_open).
        await history.getByText('例外として再開（確定後の例外）', { exact: false }).first().waitFor();
        expect(await history.textContent()).not.toMatch(/exception_|round_|（その他）/);
        const recorded = await planner.evaluate(
          async ({ id, fy }) => ({
            versions: (await (await fetch(`/api/indicators/${id}/figure-versions`)).json()) as unknown,
            audit: (await (await fetch(`/api/audit?indicatorId=${id}&limit=50`)).json()) as {
              items: { action: string; after: unknown }[];
            },
            fy,
          }),
          { id: indicatorId, fy: FY },
        );
        expect(JSON.stringify(recorded.versions)).toContain('correction');
        expect(JSON.stringify(recorded.versions)).toContain('統計の訂正が公表されたため');
        const opened = recorded.audit.items.filter((a) => a.action === 'exception_open');
        expect(opened).toHaveLength(1);
        expect(JSON.stringify(opened[0]!.after)).toContain('統計の訂正が公表されたため');
        // Exactly one indicator was reopened: no other indicator has an exception.
        const others = await planner.evaluate(
          async (id) =>
            (
              (await (await fetch(`/api/audit?limit=200`)).json()) as {
                items: { action: string; indicatorId: string | null }[];
              }
            ).items.filter((a) => a.action === 'exception_open' && a.indicatorId !== id).length,
          indicatorId,
        );
        expect(others).toBe(0);
      });

      it('the planner publishes (公表) the confirmed year from the round page', async () => {
        await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/rounds`);
        await planner.locator('[data-testid="round-state"]').getByText('確定').waitFor();
        await planner.getByRole('button', { name: '公表する' }).click();
        await planner.locator('[data-testid="round-state"]').getByText('公表').waitFor();
        const published = await planner.evaluate(
          async (sid) => (await (await fetch(`/api/strategies/${sid}/publication`)).json()) as unknown,
          h.demoStrategyId,
        );
        expect(JSON.stringify(published)).toMatch(
          new RegExp(`"fiscalYear":${FY}[^}]*"state":"published"|"state":"published"[^}]*"fiscalYear":${FY}`),
        );
      });
    },
  );
}
