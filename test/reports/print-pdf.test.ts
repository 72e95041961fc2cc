/**
 * Each document kind printed to PDF in chromium (the fixture strategy): a page per section at
 * least, a bounded page count, cells drawn, and no cell holding `null`, `NaN`, `undefined` or a raw
 * JSON fragment. The PDFs and first-page pictures go to $TMPDIR/sousei-prints for a look.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateDocument } from '../../src/core/evaluation/evaluate.ts';
import type { CommitteeOpinion } from '../../src/core/reports/committee-opinions.ts';
import {
  fileBytes,
  REPORT_KINDS,
  type ReportRequestKind,
  renderReport,
} from '../../src/services/reports/reports.ts';
import { reportDocument } from './fixture.ts';
import { hasChromium, LEAK, launch, type PrintCheck, printCheck } from './pdf-check.ts';

const doc = reportDocument();
const evaluation = evaluateDocument(doc, { asOf: 2021, text: false });
const opinions: CommitteeOpinion[] = [
  {
    targetType: 'measure',
    targetId: 'm1',
    fiscalYear: 2021,
    body: '求人の減少への手当てを求める',
    response: '説明会を増やす',
    respondedAt: '2022-03-01T00:00:00Z',
  },
  {
    targetType: 'indicator',
    targetId: 'k1',
    fiscalYear: 2021,
    body: '指標の定義を明記すること',
    response: null,
    respondedAt: null,
  },
];
const KINDS = REPORT_KINDS.filter(
  (k): k is Exclude<ReportRequestKind, 'entry-workbook' | 'open-data'> =>
    k !== 'entry-workbook' && k !== 'open-data',
);

describe('the leak pattern', () => {
  it('finds program values and JSON fragments, and leaves document text alone', () => {
    for (const bad of [
      'null',
      '1,563件 / NaN',
      'undefined',
      '{"value":1}',
      '[object Object]',
      '[]',
      '{}',
      'a":"b',
    ])
      expect(LEAK.test(bad), bad).toBe(true);
    for (const good of [
      '1,563件',
      '順調に進捗',
      '（該当なし）',
      'R2～R6',
      '基本目標1【しごと】',
      '(累計)',
      '—',
    ])
      expect(LEAK.test(good), good).toBe(false);
  });
});

describe.skipIf(!hasChromium)('every document kind printed to PDF in chromium', () => {
  let browser: Awaited<ReturnType<typeof launch>>;
  beforeAll(async () => {
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each(KINDS)(
    '%s: pages, cells, no leaked values',
    async (kind) => {
      const r = await renderReport(doc, evaluation, kind, 'html', {
        date: '2025-06-01',
        title: `${kind} の検証`,
        municipality: 'テスト市',
        opinions,
      });
      if (!r.ok) throw new Error(r.error.message);
      const html = new TextDecoder().decode(await fileBytes(r.value));
      const check: PrintCheck = await printCheck(browser, html, `fixture-${kind}`);
      expect(check.leaks).toEqual([]);
      expect(check.cells).toBeGreaterThan(10);
      expect(check.sections).toBeGreaterThan(0);
      // each section starts a page; a small strategy never runs to many pages
      expect(check.pages).toBeGreaterThanOrEqual(check.sections);
      expect(check.pages).toBeLessThanOrEqual(check.sections * 3);
      expect(html).toContain('テスト市');
      expect(html).toContain('令和7年6月1日');
    },
    60_000,
  );
});
