/**
 * One door for uploads, through the API on both databases: a crafted ~5 MB entry workbook (the
 * department's own exported workbook with its entry sheet replaced by a zip bomb of repeated cells
 * declared at gigabytes) is refused with 400 naming the part and the limit, as any import would be,
 * and nothing is stored, the same whether it is read in the request's thread or (over 256 KB, as
 * it is) in a worker of the pool. How little memory and time the refusal takes:
 * `npm run bench -- entry-bomb`.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { formatBytes } from '../../src/import/limits.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { closeOffload, offloadStats } from '../../src/services/ops/offload.ts';
import { type Client, signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { entryWorkbookBomb } from '../fixtures/zip-bomb.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';

const DEPT = '商工観光課';
const FY = 2023;
const Q = `department=${encodeURIComponent(DEPT)}&fiscalYear=${FY}`;

/** Runs `f` with SOUSEI_WORKERS set (undefined: the default pool), restoring it after. */
async function withWorkers<T>(workers: string | undefined, f: () => Promise<T>): Promise<T> {
  const before = process.env.SOUSEI_WORKERS;
  if (workers === undefined) delete process.env.SOUSEI_WORKERS;
  else process.env.SOUSEI_WORKERS = workers;
  try {
    return await f();
  } finally {
    if (before === undefined) delete process.env.SOUSEI_WORKERS;
    else process.env.SOUSEI_WORKERS = before;
  }
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`a crafted entry workbook on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let planner: Client;

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: r.value.municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
      await closeOffload();
    });

    const post = (step: 'preview' | 'apply', bytes: Uint8Array) =>
      planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/${step}?${Q}${step === 'apply' ? '&confirm=x' : ''}`,
        payload: Buffer.from(bytes),
        headers: { 'content-type': 'application/octet-stream' },
      });

    it('is refused from its declared sizes with 400 naming the part and the limit; nothing is stored', async () => {
      const exported = await planner.inject(`/api/strategies/${strategyId}/entry-workbook?${Q}`);
      expect(exported.statusCode).toBe(200);
      const bomb = entryWorkbookBomb(new Uint8Array(exported.rawPayload));
      expect(bomb.bytes.length).toBeGreaterThan(4 * 2 ** 20);
      expect(bomb.bytes.length).toBeLessThan(6 * 2 ** 20);
      expect(bomb.inflated).toBeGreaterThan(2 ** 30);
      const observationsBefore = await t.db.selectFrom('observations').select('id').execute();
      // Over 256 KB: read in a worker of the pool (the default), then in the request's thread.
      const pooled = await withWorkers(undefined, () => post('preview', bomb.bytes));
      expect(offloadStats().workers).toBeGreaterThan(0);
      await closeOffload();
      const inPlace = await withWorkers('0', () => post('preview', bomb.bytes));
      const applied = await withWorkers('0', () => post('apply', bomb.bytes));
      expect(offloadStats().workers).toBe(0);
      for (const res of [pooled, inPlace, applied]) {
        expect(res.statusCode, res.body).toBe(400);
        const error = res.json().error;
        expect(error.code).toBe('IMPORT_INVALID');
        expect(error.details).toHaveLength(1);
        expect(error.details[0]).toMatchObject({
          code: 'ZIP_RATIO_TOO_HIGH',
          severity: 'error',
          cell: null,
          hint: expect.stringContaining('保存し直して'),
        });
        // The part and the limit, in both languages, and the top-level message says it too.
        expect(error.details[0].message).toContain(bomb.part);
        expect(error.details[0].message).toContain('上限 100 倍');
        expect(error.details[0].messageEn).toContain(
          `${bomb.part}: ${formatBytes(bomb.inflated)} uncompressed`,
        );
        expect(error.details[0].messageEn).toContain('limit 100x');
        expect(error.message).toContain(bomb.part);
      }
      expect(pooled.json()).toEqual(inPlace.json());
      const observationsAfter = await t.db.selectFrom('observations').select('id').execute();
      expect(observationsAfter.length).toBe(observationsBefore.length);
    });
  });
}
