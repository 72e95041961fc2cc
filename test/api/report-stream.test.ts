/**
 * Documents answered in pieces: a large strategy's print HTML and CSV come from a worker of the
 * pool as a chunked answer (several pieces, no length known up front), with the Shift_JIS warnings
 * in the headers; a small strategy's answer is byte for byte the whole rendering of its model; and
 * the document is made from the shared evaluation cache, on both databases.
 */
import { get } from 'node:http';
import type { FastifyInstance } from 'fastify';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { kpiList } from '../../src/core/reports/kpi-list.ts';
import { reportCsvWithWarnings } from '../../src/reports/csv.ts';
import { printHtml } from '../../src/reports/html-print.ts';
import { systemContext } from '../../src/services/context.ts';
import { evaluateStrategy, evaluationCacheOf } from '../../src/services/figures/evaluation.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { closeOffload, offloadStats } from '../../src/services/ops/offload.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

/** A strategy of `n` indicators; one name holds 𠮷 (not in Shift_JIS), one 〜 (mapped to ～). */
function strategyOf(n: number, code: string): StrategyDocumentInput {
  return {
    municipality: { name: `架空${code}市`, code },
    strategy: { id: 's', name: '戦略', period: { from: 2020, to: 2024 } },
    goals: [{ id: 'g', code: '1', name: '基本目標1' }],
    measures: [{ id: 'm', goalId: 'g', name: '施策1' }],
    projects: [],
    indicators: Array.from({ length: n }, (_, i) => ({
      id: `k${i}`,
      name: i === 1 ? '𠮷野地区の来訪者数' : i === 2 ? 'R2〜R6 の相談件数' : `指標${i + 1}`,
      unit: '件',
      owner: { type: 'measure' as const, id: 'm' },
      direction: 'increase' as const,
      baseline: { value: 100 + i, fiscalYear: 2019 },
      target: { value: 150 + i, fiscalYear: 2024 },
      actuals: [2020, 2021, 2022].map((y) => ({
        value: 100 + i + y - 2019,
        fiscalYear: y,
        state: 'final' as const,
      })),
      departments: ['企画課'],
    })),
  };
}

/** GET through a real socket: status, headers, and the body's pieces as they arrived. */
function fetchPieces(base: string, path: string, cookie: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; pieces: Buffer[] }>(
    (resolve, reject) => {
      get(`${base}${path}`, { headers: { cookie } }, (res) => {
        const pieces: Buffer[] = [];
        res.on('data', (c: Buffer) => pieces.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, pieces }));
        res.on('error', reject);
      }).on('error', reject);
    },
  );
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`documents answered in pieces on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let base: string;
    let large: { id: string; client: Client };
    let small: { id: string; client: Client };

    beforeAll(async () => {
      await closeOffload();
      t = await dialect.open();
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      const make = async (n: number, code: string) => {
        const r = await importDocument(t.db, systemContext(), strategyOf(n, code));
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        const client = await signedInClient(app, t.db, {
          role: 'planner',
          municipalityId: r.value.municipalityId,
        });
        return { id: r.value.strategyId, client };
      };
      large = await make(1_200, '999901');
      small = await make(12, '999902');
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
      await closeOffload();
    });

    it('a large strategy: HTML and Shift_JIS CSV come from a worker, chunked, in several pieces', async () => {
      const url = (format: string, extra = '') =>
        `/api/strategies/${large.id}/reports/kpi-list?format=${format}&date=2025-04-01${extra}`;
      const html = await fetchPieces(base, url('html'), large.client.cookie);
      expect(html.status).toBe(200);
      expect(offloadStats().workers).toBeGreaterThan(0);
      expect(html.headers['transfer-encoding']).toBe('chunked');
      expect(html.headers['content-length']).toBeUndefined();
      expect(html.pieces.length).toBeGreaterThan(1);
      const text = Buffer.concat(html.pieces).toString('utf8');
      expect(text.startsWith('<!doctype html>')).toBe(true);
      expect(text.endsWith('</body></html>')).toBe(true);
      expect(text.match(/<tr>/g)?.length).toBeGreaterThanOrEqual(1_200);

      const csv = await fetchPieces(base, url('csv', '&encoding=shift_jis'), large.client.cookie);
      expect(csv.status).toBe(200);
      expect(csv.headers['transfer-encoding']).toBe('chunked');
      expect(csv.headers['content-type']).toBe('text/csv; charset=shift_jis');
      expect(csv.pieces.length).toBeGreaterThan(1);
      // The warning found before the first piece was sent: in the headers, with its place.
      expect(csv.headers['x-sousei-warning-count']).toBe('1');
      expect(decodeURIComponent(String(csv.headers['x-sousei-warnings']))).toContain('𠮷');
      const sjis = iconv.decode(Buffer.concat(csv.pieces), 'cp932');
      expect(sjis).toContain('R2～R6 の相談件数');
      expect(sjis.split('\r\n').filter((l) => /^[^,]*,指標\d+,/.test(l)).length).toBe(1_200 - 2);
    }, 120_000);

    it('a small strategy: the answer is the whole rendering of its model, byte for byte, from the shared cache', async () => {
      const cache = evaluationCacheOf(t.db);
      const before = cache.indicators;
      const url = (format: string, extra = '') =>
        `/api/strategies/${small.id}/reports/kpi-list?format=${format}&date=2025-04-01${extra}`;
      const html = await fetchPieces(base, url('html'), small.client.cookie);
      // The report put the strategy's evaluation into the cache the tree and summary use.
      expect(cache.indicators - before).toBe(12);
      const cached = () => evaluateStrategy(t.db, systemContext(), small.id, { text: false, cached: true });
      const first = await cached();
      if (!first.ok) throw new Error(first.error.message);
      const csv = await fetchPieces(base, url('csv', '&encoding=shift_jis'), small.client.cookie);
      const summary = await small.client.inject(`/api/strategies/${small.id}/summary`);
      expect(summary.statusCode).toBe(200);
      // The second document and the summary were answered from that same entry: nothing re-evaluated.
      const again = await cached();
      expect(again.ok && again.value).toBe(first.value);
      const model = kpiList(first.value.loaded.doc, first.value.evaluation, {
        date: '2025-04-01',
        fiscalYear: null,
      });
      expect(html.status).toBe(200);
      expect(Buffer.concat(html.pieces).equals(Buffer.from(printHtml(model), 'utf8'))).toBe(true);
      const whole = reportCsvWithWarnings(model, 'shift_jis');
      expect(Buffer.concat(csv.pieces).equals(Buffer.from(whole.bytes))).toBe(true);
      expect(csv.headers['x-sousei-warning-count']).toBe(String(whole.warnings.length));
      expect(whole.warnings).toHaveLength(1);
    });
  });
}
