/**
 * Heavy work in worker threads (services/ops/offload.ts): a large upload, a large strategy's document
 * and a backup give the same answers and errors from a worker of the pool as in the request's
 * thread (SOUSEI_WORKERS=0), on both databases; the pool really ran them (its workers started).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { writeBackup } from '../../src/services/ops/backup-files.ts';
import { runBackup } from '../../src/services/ops/backup-run.ts';
import { closeOffload, offloadStats } from '../../src/services/ops/offload.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

/** A CSV of `n` indicators, above the size from which uploads go to a worker (256 KB). */
function bigCsv(n: number): string {
  const lines = ['指標名,基準値,目標値,調査値,担当'];
  for (let i = 0; i < n; i++)
    lines.push(
      `観光と交流の指標その${i + 1}（年間の延べ人数）,${100 + i}人,${150 + i}人,${120 + i}人,観光課`,
    );
  return lines.join('\n');
}

/** A strategy of `n` indicators (above the 300 from which documents are rendered in a worker). */
function largeStrategy(n: number): StrategyDocumentInput {
  return {
    municipality: { name: '架空大規模市', code: '999998' },
    strategy: { id: 's', name: '大規模の戦略', period: { from: 2020, to: 2024 } },
    goals: [{ id: 'g', code: '1', name: '基本目標1' }],
    measures: [{ id: 'm', goalId: 'g', name: '施策1' }],
    projects: [],
    indicators: Array.from({ length: n }, (_, i) => ({
      id: `k${i}`,
      name: `指標${i + 1}`,
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
  describe.skipIf(skip)(`heavy work in worker threads on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let planner: Client;
    let strategyId: string;
    const dir = mkdtempSync(join(tmpdir(), 'sousei-offload-'));

    beforeAll(async () => {
      await closeOffload();
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), largeStrategy(300));
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
      rmSync(dir, { recursive: true, force: true });
    });

    const upload = (name: string, bytes: Buffer) =>
      planner.inject({
        method: 'POST',
        url: `/api/imports?fileName=${encodeURIComponent(name)}`,
        payload: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });

    it('a large upload: the same preview, and the same refusal naming the file, from a worker', async () => {
      const csv = Buffer.from(bigCsv(4_000), 'utf8');
      expect(csv.length).toBeGreaterThan(256 * 1024);
      const inPlace = await withWorkers('0', () => upload('kpi.csv', csv));
      expect(offloadStats().workers).toBe(0);
      const pooled = await withWorkers(undefined, () => upload('kpi.csv', csv));
      expect(offloadStats().workers).toBeGreaterThan(0);
      expect(inPlace.statusCode, inPlace.body).toBe(201);
      expect(pooled.statusCode, pooled.body).toBe(201);
      const strip = (b: { id: string }) => ({ ...b, id: null });
      expect(strip(pooled.json())).toEqual(strip(inPlace.json()));
      expect(pooled.json().report.counts.indicators).toBe(4_000);

      // The stored preview read back and recognized again with a corrected mapping (its stored
      // report, with the cells, read in a worker): the same answers both ways.
      const again = (id: string) => planner.inject(`/api/imports/${id}`);
      const readHere = await withWorkers('0', () => again(inPlace.json().id));
      const readThere = await withWorkers(undefined, () => again(pooled.json().id));
      expect(readThere.statusCode, readThere.body.slice(0, 300)).toBe(200);
      expect(strip(readThere.json())).toEqual(strip(readHere.json()));
      expect(strip(readThere.json())).toEqual(strip(pooled.json()));
      const remap = (id: string) =>
        planner.inject({
          method: 'POST',
          url: `/api/imports/${id}/mapping`,
          payload: {
            version: 1,
            overrides: [{ file: 'kpi.csv', sheet: null, table: 0, column: 5, field: 'ignore' }],
          },
        });
      const remappedHere = await withWorkers('0', () => remap(inPlace.json().id));
      const remappedThere = await withWorkers(undefined, () => remap(pooled.json().id));
      expect(remappedThere.statusCode, remappedThere.body.slice(0, 300)).toBe(200);
      expect(strip(remappedThere.json())).toEqual(strip(remappedHere.json()));
      expect(remappedThere.json()).toMatchObject({ version: 2, overrides: [{ column: 5, field: 'ignore' }] });

      // Not an XLSX at all, over 256 KB: 400 naming the file, the same both ways.
      const junk = Buffer.alloc(300 * 1024, 7);
      const refusedHere = await withWorkers('0', () => upload('kpi.xlsx', junk));
      const refusedThere = await withWorkers(undefined, () => upload('kpi.xlsx', junk));
      expect(refusedThere.statusCode).toBe(400);
      expect(refusedThere.json()).toEqual(refusedHere.json());
      expect(refusedThere.json().error).toMatchObject({
        code: 'UNSUPPORTED_FILE',
        place: { file: 'kpi.xlsx' },
      });
      // Workers start through tsx from the sources here: slow on a busy machine.
    }, 180_000);

    it('a large strategy: the same document bytes from a worker', async () => {
      for (const format of ['html', 'csv', 'json']) {
        const url = `/api/strategies/${strategyId}/reports/kpi-list?format=${format}&date=2025-04-01`;
        const here = await withWorkers('0', () => planner.inject(url));
        const there = await withWorkers(undefined, () => planner.inject(url));
        expect(there.statusCode, there.body.slice(0, 300)).toBe(200);
        expect(there.headers['content-type']).toBe(here.headers['content-type']);
        expect(there.rawPayload.equals(here.rawPayload), format).toBe(true);
      }
      const xlsx = await planner.inject(`/api/strategies/${strategyId}/reports/kpi-list?format=xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });

    it('a backup through the worker’s own connection holds the same rows as one taken in place', async () => {
      const inPlace = await writeBackup(t.db, join(dir, 'here'), 3);
      const pooled = await withWorkers(undefined, () => runBackup(t.db, t.config, join(dir, 'there'), 3));
      expect(pooled.rows).toBe(inPlace.rows);
      expect(pooled.schema).toBe(inPlace.schema);
      const tables = (f: string) => JSON.parse(readFileSync(f, 'utf8')).tables;
      expect(tables(pooled.file)).toEqual(tables(inPlace.file));
    });
  });
}
