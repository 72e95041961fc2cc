/**
 * The move to the next period in chromium, on the demo city (SQLite, and PostgreSQL when it
 * answers): a planner starts it from the 第2期 dashboard, sees the proposed baseline (the latest
 * final figure with its year, not a later 速報値), continues, changes, deletes (refused without a
 * reason, the problem linked to its field, fixed from the keyboard), moves and adds KPIs, saves the
 * draft and comes back to it, confirms; the new 第3期 strategy shows the proposed baselines; the
 * indicator pages of both periods link to each other and show the figure history; the period
 * review prints both sides with the reason of the deletion.
 * (The same move over HTTP on both databases: test/periods/transition.test.ts.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsToRun } from '../store/dialects.ts';
import { axeViolations, browserAvailable, type Harness, newPage, signIn, startHarness } from './harness.ts';

const CONTINUED = '社会増減数';
const CHANGED = '待機児童数';
const CHANGED_TO = '待機児童数（4月1日時点）';
const DELETED = '子育て環境に満足している市民の割合';
const DELETE_REASON = '市民意識調査の設問が廃止されたため';
const MOVED = '婚活イベントでの成婚数';
const MOVED_TO = '3-(1) 結婚の希望をかなえる支援';
const ADDED = '移住体験ツアー参加者数';

interface Stored {
  id: string;
  name: string;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(!browserAvailable() || skip)(
    `move to the next period in chromium on ${dialect.name} (demo data)`,
    { timeout: 180_000 },
    () => {
      let h: Harness;
      let page: Page;
      let wizardUrl: string;
      let nextStrategyId: string;
      /** The expected proposal of the continued KPI: its latest final actual, read from the API. */
      let proposal: { raw: string; fiscalYear: number };

      beforeAll(async () => {
        h = await startHarness({ dialect: dialect.name === 'sqlite' ? undefined : dialect, big: false });
        page = await newPage(h);
        await signIn(page, h, 'demo-planner');
      }, 180_000);
      afterAll(async () => {
        await h?.close();
      });

      const get = <T>(path: string) =>
        page.evaluate(async (p) => (await (await fetch(p)).json()) as unknown, path) as Promise<T>;
      const indicatorsOf = async (strategyId: string) =>
        (await get<{ items: Stored[] }>(`/api/strategies/${strategyId}/indicators?limit=500`)).items;
      const fieldset = (name: string) => page.locator(`fieldset[data-indicator="${name}"]`);

      it('starts from the strategy’s dashboard and proposes the latest final figure as the baseline', async () => {
        await page.goto(`${h.base}/strategies/${h.demoStrategyId}`);
        await page.locator('[data-ready="transitions"]').waitFor();
        await page.getByRole('button', { name: '次期への移行を始める' }).click();
        await page.locator('[data-ready="transition"][data-state="draft"]').waitFor();
        wizardUrl = page.url();
        expect(await page.getByLabel('名称', { exact: true }).inputValue()).toMatch(/^第3期 /);
        expect(await page.getByLabel('計画期間の始まり（年度）').inputValue()).toBe('2025');
        expect(await page.getByLabel('計画期間の終わり（年度）').inputValue()).toBe('2029');
        // Grouped by 基本目標 and 施策.
        expect(await page.locator('h3').first().textContent()).toMatch(/^基本目標 1 /);
        expect(await page.locator('h4').first().textContent()).toContain('1-(1)');

        const old = (await indicatorsOf(h.demoStrategyId)).find((i) => i.name === CONTINUED)!;
        const detail = await get<{
          actuals: { fiscalYear: number; value: number | null; raw: string; state: string }[];
        }>(`/api/indicators/${old.id}`);
        const finals = detail.actuals.filter((a) => a.state === 'final' && a.value !== null);
        const latest = finals.sort((a, b) => b.fiscalYear - a.fiscalYear)[0]!;
        // The demo's last year of this KPI is a 速報値: the proposal is the year before, final.
        expect(
          detail.actuals.some((a) => a.fiscalYear > latest.fiscalYear && a.state === 'preliminary'),
        ).toBe(true);
        proposal = { raw: latest.raw, fiscalYear: latest.fiscalYear };
        const box = fieldset(CONTINUED);
        expect(await box.getAttribute('data-action')).toBe('continue');
        expect(await box.locator('[data-proposal]').getAttribute('data-proposal')).toBe(
          `${proposal.raw}|${proposal.fiscalYear}`,
        );
        expect(await box.locator('[data-proposal]').textContent()).toContain('確定値');
        expect(await box.getByLabel('次期の基準値', { exact: true }).inputValue()).toBe(proposal.raw);
        expect(await box.getByLabel('基準値の年度').inputValue()).toBe(String(proposal.fiscalYear));
      });

      it('changes, deletes (a reason is required), moves and adds KPIs, saves the draft and comes back to it', async () => {
        const changed = fieldset(CHANGED);
        await changed.getByRole('radio', { name: '変更' }).check();
        await changed.getByLabel('新しい指標名').fill(CHANGED_TO);
        await changed.getByLabel('理由').fill('年度途中の変動を除くため');

        const deleted = fieldset(DELETED);
        await deleted.getByRole('radio', { name: '削除' }).check();

        const moved = fieldset(MOVED);
        await moved.getByRole('radio', { name: '移動' }).check();
        await moved.getByLabel('移動先の施策').selectOption({ label: MOVED_TO });

        await page.getByRole('button', { name: '新規指標を追加' }).click();
        const added = page.locator('fieldset[data-addition="0"]');
        await added.getByLabel('名称').fill(ADDED);
        await added.getByLabel('施策').selectOption({ label: '2-(1) 移住・定住の促進' });
        await added.getByLabel('単位').fill('人');
        await added.getByLabel('方向').selectOption({ label: '増やす' });
        await added.getByLabel('次期の目標値', { exact: true }).fill('120人');
        const total = await page.locator('fieldset[data-indicator]').count();
        expect(total).toBeGreaterThan(10);
        await page
          .locator('[data-testid="tr-counts"]')
          .getByText(`継続 ${total - 3}・変更 1・削除 1・移動 1・新規 1`)
          .waitFor();

        // Confirming without the deletion's reason is refused: the problem is listed and linked to the field.
        await page.getByRole('button', { name: '確定して次期の総合戦略を作成' }).click();
        const issue = page.locator('#tr-issues a', { hasText: `「${DELETED}」を削除する理由` });
        await issue.waitFor();
        expect(await page.locator('[data-ready="transition"]').getAttribute('data-state')).toBe('draft');
        const reason = deleted.getByLabel('削除の理由（必須）');
        expect(await reason.getAttribute('aria-invalid')).toBe('true');
        // From the keyboard: the link leads to the field.
        await issue.focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => {
          const d = (globalThis as unknown as { document: { activeElement: { id: string } | null } })
            .document;
          return d.activeElement?.id.endsWith('-reason') ?? false;
        });
        await page.keyboard.type(DELETE_REASON);
        await page.getByRole('button', { name: '下書きを保存' }).click();
        await page.locator('#tr-issues h2', { hasText: '確定を妨げる問題はありません' }).waitFor();

        // Come back to the draft later: every decision is there.
        await page.goto(`${h.base}/strategies/${h.demoStrategyId}`);
        await page.getByRole('link', { name: /^下書きを開く: 第3期 / }).click();
        await page.locator('[data-ready="transition"][data-state="draft"]').waitFor();
        expect(page.url()).toBe(wizardUrl);
        expect(await fieldset(CHANGED).getAttribute('data-action')).toBe('change');
        expect(await fieldset(CHANGED).getByLabel('新しい指標名').inputValue()).toBe(CHANGED_TO);
        expect(await fieldset(DELETED).getByLabel('削除の理由（必須）').inputValue()).toBe(DELETE_REASON);
        expect(await fieldset(MOVED).getByLabel('移動先の施策').inputValue()).not.toBe('');
        expect(await page.locator('fieldset[data-addition="0"]').getByLabel('名称').inputValue()).toBe(ADDED);
        expect(await fieldset(CONTINUED).getByLabel('次期の基準値', { exact: true }).inputValue()).toBe(
          proposal.raw,
        );
        expect(await axeViolations(page)).toEqual([]);
      });

      it('confirms: the new strategy holds the proposed baselines', async () => {
        await page.getByRole('button', { name: '確定して次期の総合戦略を作成' }).click();
        await page.locator('[data-ready="transition"][data-state="confirmed"]').waitFor();
        await page.getByRole('link', { name: /^確定しました。次期の総合戦略を開く: 第3期 / }).click();
        await page.locator('[data-ready="dashboard"]').waitFor();
        nextStrategyId = /\/strategies\/([^/?]+)/.exec(page.url())![1]!;
        expect(nextStrategyId).not.toBe(h.demoStrategyId);
        expect(await page.locator('h1').textContent()).toMatch(/^第3期 /);
        // 社会増減数 is a 数値目標 of its goal: the dashboard lists it with its new baseline.
        const row = page.locator('tr', { has: page.getByRole('link', { name: CONTINUED, exact: true }) });
        expect(await row.locator('td').first().textContent()).toBe(proposal.raw);
        const names = (await indicatorsOf(nextStrategyId)).map((i) => i.name);
        expect(names).toContain(CHANGED_TO);
        expect(names).toContain(MOVED);
        expect(names).toContain(ADDED);
        expect(names).not.toContain(DELETED);
        expect(names).not.toContain(CHANGED);
      });

      it('links the indicator pages of both periods, and shows the figure history', async () => {
        const next = (await indicatorsOf(nextStrategyId)).find((i) => i.name === CONTINUED)!;
        await page.goto(`${h.base}/strategies/${nextStrategyId}/indicators/${next.id}`);
        await page.locator('[data-ready="links"]').waitFor();
        const back = page.locator('[data-link="predecessor"]');
        expect(await back.textContent()).toContain('継続');
        // The new baseline's version says where it comes from.
        const revisions = page.locator('[data-testid="revision-history"]');
        await revisions.getByText('次期への移行').first().waitFor();
        expect(await revisions.textContent()).toContain(proposal.raw);
        await back.getByRole('link', { name: CONTINUED }).click();
        await page.locator('[data-ready="links"]').waitFor();
        expect(page.url()).toContain(`/strategies/${h.demoStrategyId}/indicators/`);
        const forward = page.locator('[data-link="successor"]');
        expect(await forward.getByRole('link', { name: CONTINUED }).getAttribute('href')).toBe(
          `/strategies/${nextStrategyId}/indicators/${next.id}`,
        );
        // Every version of the years' actuals: the last year's 速報値 with who, when and the path.
        const history = page.locator('[data-testid="figure-history"]');
        await history.locator('tr[data-version="1"]').first().waitFor();
        expect(await history.textContent()).toContain('速報値');

        const changed = (await indicatorsOf(nextStrategyId)).find((i) => i.name === CHANGED_TO)!;
        await page.goto(`${h.base}/strategies/${nextStrategyId}/indicators/${changed.id}`);
        await page.locator('[data-ready="links"]').waitFor();
        expect(await page.locator('[data-link="predecessor"]').textContent()).toContain(CHANGED);
        expect(await page.locator('[data-link="predecessor"]').textContent()).toContain('変更');

        const moved = (await indicatorsOf(nextStrategyId)).find((i) => i.name === MOVED)!;
        await page.goto(`${h.base}/strategies/${nextStrategyId}/indicators/${moved.id}`);
        await page.locator('[data-ready="links"]').waitFor();
        expect(await page.locator('[data-link="predecessor"]').textContent()).toContain('移動');

        const gone = (await indicatorsOf(h.demoStrategyId)).find((i) => i.name === DELETED)!;
        await page.goto(`${h.base}/strategies/${h.demoStrategyId}/indicators/${gone.id}`);
        await page.locator('[data-ready="links"]').waitFor();
        expect(await page.locator('[data-link="deleted"]').textContent()).toContain(DELETE_REASON);
        expect(await axeViolations(page)).toEqual([]);
      });

      it('prints the period review with both periods side by side and the reason of the deletion', async () => {
        // The confirmed move offers the print of the period review.
        await page.goto(wizardUrl);
        // (Read before leaving the app: the printed page allows no requests.)
        const strategies = await get<{ items: { id: string; name: string }[] }>('/api/strategies');
        const oldName = strategies.items.find((s) => s.id === h.demoStrategyId)!.name;
        const newName = strategies.items.find((s) => s.id === nextStrategyId)!.name;

        await page.locator('[data-ready="transition"][data-state="confirmed"]').waitFor();
        const print = page.locator('a[data-print="period-review"]');
        expect(await print.textContent()).toBe('期間の検証を印刷（A3横）');
        const res = await page.goto(`${h.base}${await print.getAttribute('href')}`);
        expect(res?.status()).toBe(200);
        const html = await page.content();
        expect(html).toContain(`${oldName} 指標名`);
        expect(html).toContain(`${newName} 指標名`);
        expect(html).toContain(DELETE_REASON);
        expect(html).toContain(CHANGED_TO);
        expect(html).toContain(ADDED);
        expect(html).toContain('次期の新規指標');
        expect(h.foreign).toEqual([]);
      });
    },
  );
}
