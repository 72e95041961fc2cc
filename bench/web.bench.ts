/**
 * Web app: first-page JavaScript (gzipped) from the production build, and, with chromium, the
 * 300-indicator dashboard's time to ready and the 200-row grid's per-keystroke time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { WEB_DIST } from '../src/api/static.ts';
import { BIG_DEPARTMENT, CHROMIUM, newPage, signIn, startHarness } from '../test/web/harness.ts';

export async function run(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: new URL('../web/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  let raw = 0;
  let gz = 0;
  for (const s of scripts) {
    const body = readFileSync(join(WEB_DIST, s));
    raw += body.length;
    gz += gzipSync(body, { level: 9 }).length;
  }
  console.log(
    `web: first-page JavaScript ${scripts.length} file(s), ${raw} bytes, ${(gz / 1024).toFixed(1)} KB gzipped (limit 250 KB)`,
  );
  if (!existsSync(CHROMIUM)) {
    console.log(`web: ${CHROMIUM} not found; browser timings skipped`);
    return;
  }
  const h = await startHarness();
  try {
    const page = await newPage(h);
    await signIn(page, h);
    const ready: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.goto(`${h.base}/strategies/${h.bigStrategyId}`);
      await page.locator('[data-ready="dashboard"]').waitFor();
      ready.push(await page.evaluate(() => performance.now()));
    }
    ready.sort((a, b) => a - b);
    console.log(
      `web: dashboard of 300 indicators ready after navigation: median ${ready[2]!.toFixed(0)} ms, best ${ready[0]!.toFixed(0)} ms (5 loads)`,
    );
    await page.goto(
      `${h.base}/strategies/${h.bigStrategyId}/entry?department=${encodeURIComponent(BIG_DEPARTMENT)}&fy=2024`,
    );
    const cells = page.locator('input.cell[data-col="0"]');
    await cells.nth(199).waitFor();
    await cells.nth(150).focus();
    await page.keyboard.press('Control+a');
    await page.evaluate(() => performance.clearMeasures('grid-key'));
    await page.keyboard.type('1,234,567件 (R6) 速報値', { delay: 30 });
    await page.waitForTimeout(200);
    const times = await page.evaluate(() => performance.getEntriesByName('grid-key').map((e) => e.duration));
    times.sort((a, b) => a - b);
    console.log(
      `web: grid of 200 rows, ${times.length} keystrokes: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, p90 ${times[Math.floor(times.length * 0.9)]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (input → rendered)`,
    );
  } finally {
    await h.close();
  }
}
