/**
 * Search by reading: the readings of a strategy's names (made by the analyser in a worker thread,
 * no network), for the tree's search to find 人口 from ｼﾞﾝｺｳ or じんこう; on both databases.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import type { StrategyDocumentInput } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { readingsOf, workerRuns } from '../../src/services/figures/readings.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { insertMunicipality } from '../../src/store/municipalities.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

const doc = (): StrategyDocumentInput => ({
  strategy: { id: 's', name: '読み検証戦略' },
  goals: [{ id: 'g', name: '人口減少に歯止めをかける' }],
  measures: [{ id: 'm', goalId: 'g', name: '移住の促進' }],
  indicators: [
    { id: 'a', name: '社会増減数', unit: '人', owner: { type: 'measure', id: 'm' } },
    { id: 'b', name: 'ふるさと納税の寄附額', unit: '千円', owner: { type: 'measure', id: 'm' } },
    { id: 'c', name: 'しごとづくり', unit: '件', owner: { type: 'goal', id: 'g' } },
  ],
});

describe('readings by the analyser (a worker thread)', () => {
  it('reads kanji names in katakana; kana stays itself; the second ask comes from the cache', async () => {
    const r = await readingsOf(['人口', '合計特殊出生率', 'しごと', '']);
    expect(r.get('人口')).toBe('ジンコウ');
    expect(r.get('合計特殊出生率')).toBe('ゴウケイトクシュシュッショウリツ');
    expect(r.get('しごと')).toBe('シゴト');
    expect(r.has('')).toBe(false);
    // No worker the second time: the readings come from the cache.
    const runs = workerRuns();
    const again = await readingsOf(['人口', '合計特殊出生率']);
    expect(again.get('人口')).toBe('ジンコウ');
    expect(workerRuns()).toBe(runs);
  }, 60_000);
});

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`GET /api/strategies/:id/readings on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let viewer: Client;
    let stranger: Client;

    beforeAll(async () => {
      t = await dialect.open();
      const now = new Date().toISOString();
      const m = (await insertMunicipality(t.db, { name: '読み市' }, now)).id;
      const other = (await insertMunicipality(t.db, { name: '他町' }, now)).id;
      const a = await importDocument(t.db, systemContext({ municipalityId: m }), doc());
      if (!a.ok) throw new Error(a.error.messageEn);
      strategyId = a.value.strategyId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId: m });
      stranger = await signedInClient(app, t.db, { role: 'viewer', municipalityId: other });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('answers the reading of every name that has one, and only to readers of the municipality', async () => {
      const res = await viewer.inject(`/api/strategies/${strategyId}/readings`);
      expect(res.statusCode).toBe(200);
      expect(res.json().readings).toMatchObject({
        人口減少に歯止めをかける: 'ジンコウゲンショウニハドメヲカケル',
        移住の促進: 'イジュウノソクシン',
        社会増減数: 'シャカイゾウゲンスウ',
      });
      expect(res.json().readings['ふるさと納税の寄附額']).toMatch(/^フルサトノウゼイノキフ/);
      // A name that is its own reading (kana) is left out.
      expect(Object.keys(res.json().readings)).not.toContain('しごとづくり');
      expect((await stranger.inject(`/api/strategies/${strategyId}/readings`)).statusCode).toBe(403);
      expect((await viewer.inject('/api/strategies/nope/readings')).statusCode).toBe(404);
    }, 60_000);
  });
}
