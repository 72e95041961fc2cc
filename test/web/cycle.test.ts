/**
 * The yearly cycle in chromium on the demo city: a department editor writes the commentary of a
 * figure (①②③ 総括), a planner overrides a status beside the computed grade, a committee member
 * writes an opinion, the department answers it, the planner sees it answered, and the
 * 有識者会議意見・対応方針一覧 prints with both. Axe on every screen; screenshots at 1366 and 390.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  browserAvailable,
  type Harness,
  newPage,
  SHOTS,
  signIn,
  startHarness,
} from './harness.ts';

describe.skipIf(!browserAvailable())('yearly cycle in chromium (demo data)', { timeout: 90_000 }, () => {
  let h: Harness;
  const pages: Page[] = [];
  let indicator: { id: string; name: string };

  beforeAll(async () => {
    h = await startHarness();
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  async function as(userName: string): Promise<Page> {
    const p = await newPage(h);
    pages.push(p);
    await signIn(p, h, userName);
    await p.locator('[data-ready="dashboard"]').waitFor();
    return p;
  }
  async function accessible(p: Page, name: string) {
    const violations = await axeViolations(p);
    expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }
  async function shots(p: Page, name: string) {
    await p.screenshot({ path: join(SHOTS, `${name}-1366.png`) });
    await p.setViewportSize({ width: 390, height: 844 });
    await p.screenshot({ path: join(SHOTS, `${name}-390.png`) });
    await p.setViewportSize({ width: 1366, height: 768 });
  }

  it('an editor writes the year’s commentary from the entry page; it shows on the indicator page', async () => {
    const editor = await as('demo-editor');
    // The editor's first indicator, as the API says (their department → the tree).
    indicator = await editor.evaluate(async (sid) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { departmentIds: string[] };
      const tree = (await (await fetch(`/api/strategies/${sid}/tree`)).json()) as {
        goals: unknown[];
        departments: { id: string; name: string }[];
      };
      const own = tree.departments.filter((d) => me.departmentIds.includes(d.id)).map((d) => d.name);
      const all: { id: string; name: string; departments: string[] }[] = [];
      const walk = (n: { indicators?: typeof all; measures?: unknown[]; projects?: unknown[] }) => {
        all.push(...(n.indicators ?? []));
        for (const m of [...(n.measures ?? []), ...(n.projects ?? [])]) walk(m as never);
      };
      for (const g of tree.goals) walk(g as never);
      const mine = all.find((i) => i.departments.some((d) => own.includes(d)))!;
      return { id: mine.id, name: mine.name };
    }, h.demoStrategyId);
    expect(indicator.id).toBeTruthy();
    await editor.getByRole('link', { name: '実績入力' }).click();
    await editor.locator('input.cell').first().waitFor();
    await editor.getByRole('button', { name: `${indicator.name}のコメント（①②③）を編集` }).click();
    await editor.getByLabel('①実施状況').fill('説明会を年3回開催し、延べ120社が参加した');
    await editor.getByLabel('②課題').fill('小規模事業者の参加が少ない');
    await editor.getByLabel('③今後の方策').fill('商工会と連携して個別訪問を行う');
    await editor.getByRole('button', { name: 'コメントを保存' }).click();
    await editor.getByText('コメントを保存しました').waitFor();
    await accessible(editor, 'entry-commentary');
    await shots(editor, 'entry-commentary');
    await editor.goto(`${h.base}/strategies/${h.demoStrategyId}/indicators/${indicator.id}`);
    await editor.getByRole('heading', { name: 'コメント' }).waitFor();
    await expect(editor.getByLabel('②課題').inputValue()).resolves.toBe('小規模事業者の参加が少ない');
    // The editor is not offered the override.
    await expect(editor.getByRole('button', { name: '上書きを保存' }).count()).resolves.toBe(0);
    await accessible(editor, 'indicator-editor');
  });

  it('a planner overrides the status with a reason; the computed grade stays beside it', async () => {
    const planner = await as('demo-planner');
    await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/indicators/${indicator.id}`);
    const computed = planner.locator('dd[data-status="computed"]');
    await computed.waitFor();
    const before = await computed.textContent();
    const select = planner.locator('select#ovr-status');
    const options = await select.locator('option').allTextContents();
    const choice = options.find((o) => o !== '評価を選択' && !before?.includes(o))!;
    await select.selectOption({ label: choice });
    await planner.locator('textarea#ovr-reason').fill('統計の集計方法が変わったため');
    await planner.getByRole('button', { name: '上書きを保存' }).click();
    await planner.getByText('評価の上書きを保存しました').waitFor();
    // The evaluation reloads after the save: wait for the new override to be shown.
    await planner
      .locator('dd[data-status="override"]')
      .filter({ hasText: '統計の集計方法が変わったため' })
      .waitFor();
    await expect(planner.locator('dd[data-status="override"]').textContent()).resolves.toContain(choice);
    await expect(computed.textContent()).resolves.toBe(before);
    await accessible(planner, 'indicator-override');
    await shots(planner, 'indicator-override');
  });

  it('a committee member writes an opinion, the department answers, the planner sees it answered', async () => {
    const member = await as('demo-committee');
    await member.getByRole('link', { name: '有識者会議' }).click();
    const item = member.locator(`section[aria-labelledby="it-indicator-${indicator.id}"]`);
    await item.waitFor();
    await accessible(member, 'committee-member');
    await item.getByText('意見を追加').click();
    await item.getByLabel(`${indicator.name}への意見`).fill('参加企業の業種の内訳を示してほしい');
    await item.getByRole('button', { name: '意見を保存' }).click();
    await item.locator('article.opinion[data-state="unanswered"]').waitFor();
    await member.locator('[data-counts]').filter({ hasText: '意見 1 件（未回答 1 件）' }).waitFor();
    await shots(member, 'committee-member');

    const editor = pages[0]!;
    await editor.goto(`${h.base}/strategies/${h.demoStrategyId}/committee`);
    const mine = editor.locator(`section[aria-labelledby="it-indicator-${indicator.id}"]`);
    await mine.waitFor();
    // Only their department's items are listed at first.
    await expect(editor.getByLabel('自分の課の項目のみ').isChecked()).resolves.toBe(true);
    await mine
      .getByLabel(`${indicator.name}への意見に対する対応方針`)
      .fill('次回の会議で業種別の内訳を示します');
    await mine.getByRole('button', { name: '対応方針を保存' }).click();
    await mine.getByText('対応方針を保存しました').waitFor();
    await accessible(editor, 'committee-editor');

    const planner = pages[1]!;
    await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/committee`);
    await planner.locator('[data-counts]').filter({ hasText: '意見 1 件（未回答 0 件）' }).waitFor();
    await planner.getByLabel('表示する意見').selectOption('answered');
    await expect(planner.locator('article.opinion[data-state="answered"]').count()).resolves.toBe(1);
    await accessible(planner, 'committee-planner');
  });

  it('prints the committee opinions document with the opinion and the response', async () => {
    const planner = pages[1]!;
    await planner.goto(`${h.base}/strategies/${h.demoStrategyId}/documents`);
    const link = planner.locator('a[data-kind="committee-opinions"][data-format="html"]');
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    const doc = await planner.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href);
    expect(doc.status).toBe(200);
    expect(doc.type).toMatch(/^text\/html/);
    expect(doc.text).toContain('有識者会議意見・対応方針一覧');
    expect(doc.text).toContain('参加企業の業種の内訳を示してほしい');
    expect(doc.text).toContain('次回の会議で業種別の内訳を示します');
    expect(doc.text).toContain(indicator.name);
  });

  it('the department writes the commentary in the entry workbook; the upload shows it and saves it', async () => {
    const editor = pages[0]!;
    await editor.goto(`${h.base}/strategies/${h.demoStrategyId}/documents`);
    await editor.locator('[data-ready="documents"]').waitFor();
    const href = (await editor.locator('a[data-kind="entry-workbook"]').getAttribute('href'))!;
    const bytes = await editor.evaluate(
      async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer())],
      href,
    );
    // The department fills ③ of its first row in Excel (the workbook's ②③ columns are unlocked).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('入力')!;
    let col = 0;
    ws.getRow(4).eachCell((c, n) => {
      if (String(c.value).startsWith('③今後の方策')) col = n;
    });
    expect(col).toBeGreaterThan(0);
    const name = String(ws.getCell(5, 2).value);
    ws.getCell(5, col).value = '来年度は業種別の説明会を開く';
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    await editor.getByLabel('記入したブック').setInputFiles({
      name: 'entry.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: filled,
    });
    await editor.getByRole('button', { name: '差分を見る' }).click();
    const line = editor.locator('table[data-diff="commentary"] tbody tr').filter({ hasText: name });
    await line.waitFor();
    await expect(line.innerText()).resolves.toContain('来年度は業種別の説明会を開く');
    await accessible(editor, 'workbook-commentary-diff');
    await shots(editor, 'workbook-commentary-diff');
    await editor.getByRole('button', { name: /^選んだ \d+ 件を保存$/ }).click();
    await editor.getByText(/コメント 1 件を保存しました/).waitFor();
    const saved = await editor.evaluate(
      async ({ sid, n }) => {
        const list = (await (await fetch(`/api/strategies/${sid}/indicators?limit=500`)).json()) as {
          items: { id: string; name: string }[];
        };
        const id = list.items.find((i) => i.name === n)!.id;
        return (await (await fetch(`/api/indicators/${id}/commentary`)).json()) as {
          nextSteps: string | null;
        }[];
      },
      { sid: h.demoStrategyId, n: name },
    );
    expect(saved.map((c) => c.nextSteps)).toContain('来年度は業種別の説明会を開く');
  });

  it('made no request to any other host', () => {
    expect(h.foreign).toEqual([]);
  });
});
