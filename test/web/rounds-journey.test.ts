/**
 * The reporting round in chromium (demo city, SQLite): a planner opens a round through the
 * progress page; the department sees the notice and its task on its home page, opens its answer,
 * acknowledges the findings with a reason and submits; the planner sees the department 提出済 on
 * the progress page, approves, and confirms; the confirmed year is then refused with the reason.
 * (The same journey over HTTP on both databases: test/api/rounds.test.ts.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, type Harness, newPage, signIn, startHarness } from './harness.ts';

describe.skipIf(!browserAvailable())('reporting round in chromium (demo data)', { timeout: 120_000 }, () => {
  let h: Harness;
  let planner: Page;
  let editor: Page;
  const FY = 2024;

  beforeAll(async () => {
    h = await startHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  async function as(userName: string): Promise<Page> {
    const p = await newPage(h);
    await signIn(p, h, userName);
    await p.locator('[data-ready="dashboard"]').waitFor();
    return p;
  }

  it('a planner opens a round from the progress page: one row per department, counts per state', async () => {
    planner = await as('demo-planner');
    await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/rounds`);
    await planner.locator('[data-ready="rounds"]').waitFor();
    await planner.fill('input[name="fiscalYear"]', String(FY));
    await planner.fill('input[name="deadline"]', '2030-05-31');
    await planner.getByRole('button', { name: '照会を開始する' }).click();
    await planner.locator('[data-testid="round-state"]').getByText('受付中').waitFor();
    const rows = planner.locator('tbody tr[data-department]');
    expect(await rows.count()).toBeGreaterThan(1);
    const notStarted = Number(await planner.locator('[data-count="not_started"]').textContent());
    expect(notStarted).toBe(await rows.count());
  });

  it('the department sees the notice and its task, acknowledges findings and submits', async () => {
    editor = await as('demo-editor');
    await editor.getByRole('button', { name: /未読のお知らせが\d+件あります/ }).waitFor();
    const task = editor.locator('[data-ready="round-tasks"] a').first();
    await task.waitFor();
    expect(await task.textContent()).toContain('未着手');
    await task.click();
    await editor.locator('[data-ready="round-part"]').waitFor();
    // Submitting without reasons is refused with the findings named.
    await editor.getByRole('button', { name: '提出する' }).click();
    await editor.locator('p.error').getByText('提出前チェック').waitFor();
    for (const input of await editor.locator('input[name^="ack-"]').all()) await input.fill('集計中のため');
    await editor.getByRole('button', { name: '提出する' }).click();
    await editor.locator('[data-ready="round-part"][data-state="submitted"]').waitFor();
  });

  it('the planner approves, confirms with a reason for the others, and the year is locked', async () => {
    const url = editor.url();
    await planner.goto(url);
    await planner.locator('[data-ready="round-part"][data-state="submitted"]').waitFor();
    await planner.getByRole('button', { name: '承認する' }).click();
    await planner.locator('[data-ready="round-part"][data-state="approved"]').waitFor();
    await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/rounds`);
    await planner.locator('[data-count="approved"]').getByText('1').waitFor();
    await planner.fill('input[name="confirmReason"]', '締切を過ぎたため');
    await planner.getByRole('button', { name: '確定する' }).click();
    await planner.locator('[data-testid="round-state"]').getByText('確定').waitFor();
    // A write into the confirmed year answers 423 with the reason.
    const refused = await planner.evaluate(
      async ({ sid, fy }) => {
        const tree = (await (await fetch(`/api/strategies/${sid}/indicators?limit=1`)).json()) as {
          items: { id: string }[];
        };
        const csrf = ((await (await fetch('/api/auth/session')).json()) as { csrfToken: string }).csrfToken;
        const r = await fetch(`/api/indicators/${tree.items[0]!.id}/observations/${fy}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ raw: '1' }),
        });
        return { status: r.status, body: await r.text() };
      },
      { sid: h.demoStrategyId, fy: FY },
    );
    expect(refused.status).toBe(423);
    expect(refused.body).toContain('確定');
  });
});
