/**
 * Backfill of judgements of record for strategies imported before published statuses were stored
 * as such (an older import kept them only on the indicators): the service and `sousei
 * backfill-judgements`, on both databases. Written once; a planner's judgement is never replaced;
 * running it again changes nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { anonymousContext, systemContext } from '../../src/services/context.ts';
import { evaluateStrategy } from '../../src/services/figures/evaluation.ts';
import { backfillImportedJudgements, putOverride } from '../../src/services/figures/overrides.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { configFromEnv, openDb } from '../../src/store/db.ts';
import { listOverrides } from '../../src/store/overrides.ts';
import { insertRound } from '../../src/store/reporting-rounds.ts';
import { dialectsToRun, type TestDb } from './dialects.ts';

const doc = {
  municipality: { name: '補完市' },
  strategy: { id: 's2', name: '第2期', generation: 2, period: { from: 2020, to: 2024 } },
  indicators: [
    {
      id: 'a',
      name: '転入者数',
      unit: '人',
      baseline: { value: 100, fiscalYear: 2019 },
      target: { value: 200, fiscalYear: 2024 },
      actuals: [{ value: 115, fiscalYear: 2021 }],
      reportedStatus: { label: '概ね順調に進捗', fiscalYear: 2021, raw: '概ね順調に進捗' },
      reportedStatuses: [{ label: '順調に進捗', fiscalYear: 2020, raw: '順調に進捗' }],
    },
    {
      id: 'b',
      name: '観光客数',
      unit: '人',
      baseline: { value: 1000, fiscalYear: 2019 },
      target: { value: 1200, fiscalYear: 2024 },
      actuals: [{ value: 500, fiscalYear: 2021 }],
      reportedStatus: { label: '進捗の遅れ（コロナ）', fiscalYear: 2021, raw: '進捗の遅れ（コロナ）' },
    },
    {
      id: 'c',
      name: '相談件数',
      unit: '件',
      baseline: { value: 10, fiscalYear: 2019 },
      target: { value: 20, fiscalYear: 2024 },
      actuals: [{ value: 20, fiscalYear: 2021 }],
    },
  ],
};

const ctx = systemContext({ now: () => new Date('2025-06-01T00:00:00Z') });

/** An import as older versions stored it: the statuses on the indicators, no judgement rows. */
async function olderImport(t: TestDb): Promise<string> {
  const r = await importDocument(t.db, ctx, doc);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  await t.db.deleteFrom('evaluation_overrides').where('strategy_id', '=', r.value.strategyId).execute();
  return r.value.strategyId;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`backfill of judgements of record on ${dialect.name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await dialect.open();
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('writes the published statuses as judgements of their years, once, keeping a planner’s', async () => {
      const strategyId = await olderImport(t);
      expect(await listOverrides(t.db, { strategyId })).toEqual([]);
      // a planner judged 観光客数 2021 in the meantime: that judgement stays
      const b = await t.db
        .selectFrom('indicators')
        .select('id')
        .where('ref', '=', 'b')
        .where('strategy_id', '=', strategyId)
        .executeTakeFirstOrThrow();
      const put = await putOverride(t.db, ctx, b.id, 2021, { label: '進捗の遅れ', reason: '委員会で再評価' });
      if (!put.ok) throw new Error(JSON.stringify(put.error));

      const r = await backfillImportedJudgements(t.db, ctx, strategyId);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value).toEqual({ strategyId, created: 2, kept: 1 });
      const stored = await listOverrides(t.db, { strategyId });
      expect(stored.map((o) => [o.status, o.fiscalYear, o.source]).sort()).toEqual([
        ['概ね順調に進捗', 2021, 'import'],
        ['進捗の遅れ', 2021, 'planner'],
        ['順調に進捗', 2020, 'import'],
      ]);
      const audit = await t.db
        .selectFrom('audit_log')
        .select('entity_type')
        .where('strategy_id', '=', strategyId)
        .where('entity_type', '=', 'evaluation_override')
        .execute();
      expect(audit.length).toBe(3); // the planner's and the two written now

      const again = await backfillImportedJudgements(t.db, ctx, strategyId);
      expect(again.ok && again.value).toEqual({ strategyId, created: 0, kept: 3 });
      expect(await listOverrides(t.db, { strategyId })).toHaveLength(3);

      const e = await evaluateStrategy(t.db, ctx, strategyId, { asOf: 2021 });
      if (!e.ok) throw new Error(JSON.stringify(e.error));
      const a = e.value.evaluation.results.find((x) => x.name === '転入者数')!;
      expect(a.status.label).toBe('概ね順調に進捗');
      expect(a.override?.source).toBe('import');
    });

    it('leaves out the years whose reporting round is confirmed (確定), and says so', async () => {
      const strategyId = await olderImport(t);
      const s = await t.db
        .selectFrom('strategies')
        .select('municipality_id')
        .where('id', '=', strategyId)
        .executeTakeFirstOrThrow();
      await insertRound(
        t.db,
        {
          municipalityId: s.municipality_id,
          strategyId,
          fiscalYear: 2021,
          state: 'confirmed',
          deadline: '2022-05-31',
          remindDays: 3,
          note: null,
          opened: null,
          parts: [],
        },
        '2022-06-01T00:00:00Z',
      );
      const r = await backfillImportedJudgements(t.db, ctx, strategyId);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value).toMatchObject({ created: 1, kept: 0 });
      expect(r.value.locked).toEqual([
        {
          fiscalYear: 2021,
          skipped: 2,
          message: expect.stringMatching(/2021年度.*確定.*記録上の評価/u),
          messageEn: expect.any(String),
        },
      ]);
      // only the open year is written; the confirmed year has no judgement of record
      const stored = await listOverrides(t.db, { strategyId });
      expect(stored.map((o) => [o.status, o.fiscalYear])).toEqual([['順調に進捗', 2020]]);
      // a year without a round, or an open one, is written as before
      const again = await backfillImportedJudgements(t.db, ctx, strategyId);
      expect(again.ok && again.value).toMatchObject({
        created: 0,
        kept: 1,
        locked: [{ fiscalYear: 2021, skipped: 2 }],
      });
    });

    it('answers not found for an unknown strategy and refuses a reader', async () => {
      const missing = await backfillImportedJudgements(t.db, ctx, 'no-such-strategy');
      expect(missing.ok).toBe(false);
      const strategyId = await olderImport(t);
      const denied = await backfillImportedJudgements(t.db, anonymousContext(), strategyId);
      expect(denied.ok).toBe(false);
      expect(await listOverrides(t.db, { strategyId })).toEqual([]);
    });
  });
}

describe('sousei backfill-judgements', () => {
  it('backfills every strategy of the database and says what it did', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sousei-backfill-')), 'db.sqlite');
    const handle = await openDb(configFromEnv({}, file));
    try {
      const r = await importDocument(handle.db, ctx, doc);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      await handle.db.deleteFrom('evaluation_overrides').execute();
    } finally {
      await handle.close();
    }
    const run = async () => {
      const out = new PassThrough();
      let text = '';
      out.on('data', (d) => {
        text += d;
      });
      const input = new PassThrough();
      input.end();
      const code = await main(['backfill-judgements', '--db', file], {
        stdin: input,
        stdout: out,
        stderr: new PassThrough(),
      });
      return { code, text };
    };
    expect(await run()).toMatchObject({ code: 0, text: expect.stringMatching(/3 written, 0 kept/) });
    expect(await run()).toMatchObject({ code: 0, text: expect.stringMatching(/0 written, 3 kept/) });
  }, 60_000);

  it('says which confirmed years it left out, and why', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sousei-backfill-')), 'db.sqlite');
    const handle = await openDb(configFromEnv({}, file));
    try {
      const r = await importDocument(handle.db, ctx, doc);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      await handle.db.deleteFrom('evaluation_overrides').execute();
      await insertRound(
        handle.db,
        {
          municipalityId: r.value.municipalityId,
          strategyId: r.value.strategyId,
          fiscalYear: 2020,
          state: 'published',
          deadline: '2021-05-31',
          remindDays: 3,
          note: null,
          opened: null,
          parts: [],
        },
        '2021-06-01T00:00:00Z',
      );
    } finally {
      await handle.close();
    }
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => {
      text += d;
    });
    const input = new PassThrough();
    input.end();
    const code = await main(['backfill-judgements', '--db', file], {
      stdin: input,
      stdout: out,
      stderr: new PassThrough(),
    });
    expect(code).toBe(0);
    expect(text).toMatch(/2 written, 0 kept/);
    expect(text).toMatch(/2020年度の 1 件は書き込みませんでした: 2020年度は照会で「公表」済み/u);
    expect(text).toMatch(/1 left out for 2020: Fiscal year 2020 is published/);
  }, 60_000);
});
