/**
 * Prints report HTML to PDF in chromium and reads back what a reader would see: the page count of
 * the PDF and the text of every table cell that reads like a leak of the program (`null`, `NaN`,
 * `undefined`, `[object Object]`, a raw JSON fragment). Writes the PDF and a picture of the first
 * page to `SOUSEI_PRINTS` (default `$TMPDIR/sousei-prints`) so the documents can be laid beside
 * their sources.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, chromiumPresent } from '../optional.ts';

export { CHROMIUM };

/** Whether chromium is there (in CI it must be: test/optional.ts). */
export const hasChromium = chromiumPresent();

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Cell text that betrays a program value instead of a document's content. */
export const LEAK =
  /\b(?:null|NaN|undefined|Infinity)\b|\[object Object\]|^\s*[[{]\s*"|"\s*:\s*[[{"\d]|^\s*\[\s*\]\s*$|^\s*\{\s*\}\s*$/;

/** The little of the DOM read here (the tests are compiled without the DOM library). */
interface Node {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
  textContent: string | null;
}

export interface PrintCheck {
  pages: number;
  /** Cells that read like a leak, with their table and position. */
  leaks: { table: string | null; row: number; col: number; text: string }[];
  /** Rendered cells in all (so a check on an empty document cannot pass unnoticed). */
  cells: number;
  sections: number;
}

export async function printCheck(browser: Browser, html: string, name: string): Promise<PrintCheck> {
  const page = await browser.newPage();
  try {
    await page.setContent(html);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    const found = await page.$$eval('table', (tables: Node[]) =>
      tables.flatMap((t) =>
        Array.from(t.querySelectorAll('tr')).flatMap((tr: Node, row: number) =>
          Array.from(tr.querySelectorAll('th,td')).map((c: Node, col: number) => ({
            table: t.getAttribute('data-table'),
            row,
            col,
            text: c.textContent ?? '',
          })),
        ),
      ),
    );
    const sections = await page.$$eval('section.part', (s) => s.length);
    const dir = process.env.SOUSEI_PRINTS ?? join(tmpdir(), 'sousei-prints');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.pdf`), pdf);
    await page.setViewportSize({ width: 1400, height: 990 });
    await page.screenshot({ path: join(dir, `${name}.png`) });
    return {
      pages,
      leaks: found.filter((c) => LEAK.test(c.text)),
      cells: found.length,
      sections,
    };
  } finally {
    await page.close();
  }
}
