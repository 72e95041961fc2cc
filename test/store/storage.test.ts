import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StrategyDocument, strategyDocumentSchema } from '../../src/core/interchange.ts';
import { systemContext } from '../../src/services/context.ts';
import { checkDocument, importDocument, writeDocument } from '../../src/services/import/import-document.ts';
import { exportDatabase, importDatabase } from '../../src/services/ops/backup.ts';
import { editIndicator } from '../../src/services/strategy/indicators.ts';
import { loadStrategy } from '../../src/services/strategy/strategy-document.ts';
import { listAudit } from '../../src/store/audit.ts';
import { migrateToLatest } from '../../src/store/db.ts';
import { countAllRows } from '../../src/store/dump.ts';
import { getIndicatorRow, listIndicatorRows } from '../../src/store/indicators.ts';
import { sql } from '../../src/store/kysely.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { getStrategyRevision } from '../../src/store/strategies.ts';
import { dialectsToRun, type TestDb } from './dialects.ts';
import { smallDocument } from './fixtures.ts';

const ctx = (name = 'テスト太郎', id: string | null = 'user-1') =>
  systemContext({ actor: { id, name }, now: () => new Date('2025-06-01T09:00:00.000Z') });

/** Replaces database ids by the document's refs so that a stored strategy compares with its source. */
function normalize(doc: StrategyDocument, refs: Map<string, string>): unknown {
  const text = JSON.stringify(doc, (_k, v) => (typeof v === 'string' && refs.has(v) ? refs.get(v) : v));
  return JSON.parse(text);
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`storage on ${dialect.name}`, () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await dialect.open();
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('applies the migrations once, forward-only, and records them', async () => {
      const again = await migrateToLatest(t.db);
      expect(again.error).toBeNull();
      expect(again.applied).toEqual([]);
      const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(t.db);
      expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    });

    it('imports a document whole and reads it back unchanged', async () => {
      const r = await importDocument(t.db, ctx(), smallDocument(), { source: 'small.json' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value.counts).toMatchObject({
        goals: 2,
        measures: 2,
        projects: 1,
        indicators: 3,
        observations: 10,
      });
      const loaded = await loadStrategy(t.db, r.value.strategyId);
      expect(loaded).not.toBeNull();
      const refs = new Map<string, string>();
      const rowsOf = async (table: 'goals' | 'measures' | 'projects' | 'indicators') =>
        t.db.selectFrom(table).select(['id', 'ref']).where('strategy_id', '=', r.value.strategyId).execute();
      for (const table of ['goals', 'measures', 'projects', 'indicators'] as const)
        for (const row of await rowsOf(table)) refs.set(row.id, row.ref!);
      refs.set(r.value.strategyId, 's2');
      const tagSets = await t.db.selectFrom('tag_sets').select(['id', 'ref']).execute();
      for (const ts of tagSets) if (ts.ref) refs.set(ts.id, ts.ref);
      const tags = await t.db.selectFrom('tags').select(['id', 'ref']).execute();
      for (const tg of tags) if (tg.ref) refs.set(tg.id, tg.ref);

      const source = strategyDocumentSchema.parse(smallDocument());
      const back = normalize(loaded!.doc, refs) as StrategyDocument;
      // Everything the document said is stored: figures with raw text, state, provenance; tags; departments.
      for (const ind of source.indicators) {
        const stored = back.indicators.find((i) => i.id === ind.id)!;
        expect(stored.actuals).toEqual(ind.actuals);
        expect(stored.baseline ?? null).toEqual(ind.baseline ?? null);
        expect(stored.target ?? null).toEqual(ind.target ?? null);
        expect(stored.departments).toEqual(ind.departments);
        expect(stored.tags).toEqual(ind.tags);
        expect(stored.owner).toEqual(ind.owner);
        expect(
          stored.commentary?.map(({ progress, issues, nextSteps, fiscalYear }) => ({
            progress,
            issues,
            nextSteps,
            fiscalYear,
          })),
        ).toEqual(
          ind.commentary?.map(({ progress, issues, nextSteps, fiscalYear }) => ({
            progress,
            issues,
            nextSteps,
            fiscalYear,
          })),
        );
      }
      expect(back.projects[0]).toMatchObject({
        id: 'p1',
        code: '411-6',
        measureId: 'm1',
        goalIds: ['g1'],
        departments: ['商工観光課'],
        bodies: ['市', '商工会'],
        priority: true,
        sdgs: [8, 9],
        tags: [{ set: '新たな視点', tag: 'デジタル' }],
        years: [{ fiscalYear: 2021, plan: '年4回開催', result: '年3回開催' }],
      });
      expect(back.goals[0]!.narratives).toEqual([
        { kind: 'summary', title: null, text: '雇用の場を増やす', fiscalYear: null },
      ]);
      expect(back.tagSets.find((s) => s.id === 'ts1')?.tags.map((x) => x.name)).toEqual([
        'デジタル',
        'グリーン',
      ]);
    });

    it('refuses a document with problems and writes nothing', async () => {
      const before = await countAllRows(t.db);
      const doc = smallDocument();
      doc.indicators[0]!.actuals!.push({ value: 1, fiscalYear: 2020, raw: '1件' });
      const r = await importDocument(t.db, ctx(), doc);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('IMPORT_INVALID');
        expect(JSON.stringify(r.error.details)).toContain('IMPORT_DUPLICATE_ACTUAL');
      }
      const bad = await importDocument(t.db, ctx(), { indicators: [{ id: 'x', name: 3 }] });
      expect(bad.ok).toBe(false);
      if (!bad.ok)
        expect(bad.error.details).toEqual([expect.objectContaining({ path: 'indicators[0].name' })]);
      expect(await countAllRows(t.db)).toBe(before);
    });

    it('rolls back a half-written import when the transaction fails', async () => {
      const before = await countAllRows(t.db);
      const checked = checkDocument(smallDocument());
      if (!checked.ok) throw new Error('fixture invalid');
      await expect(
        t.db.transaction().execute(async (trx) => {
          await writeDocument(trx, ctx(), checked.doc, {});
          expect(await countAllRows(trx)).toBeGreaterThan(before);
          throw new Error('simulated failure after the last write');
        }),
      ).rejects.toThrow('simulated failure');
      expect(await countAllRows(t.db)).toBe(before);
    });

    it('refuses an update naming an old version and returns the current state', async () => {
      const r = await importDocument(t.db, ctx(), smallDocument());
      if (!r.ok) throw new Error('import failed');
      const [ind] = await listIndicatorRows(t.db, r.value.strategyId);
      const rev0 = await getStrategyRevision(t.db, r.value.strategyId);
      const first = await editIndicator(t.db, ctx('A', 'user-a'), ind!.id, 1, { definition: 'A の定義' });
      expect(first.ok).toBe(true);
      const second = await editIndicator(t.db, ctx('B', 'user-b'), ind!.id, 1, { definition: 'B の定義' });
      expect(second.ok).toBe(false);
      if (!second.ok) {
        expect(second.error.code).toBe('VERSION_CONFLICT');
        expect(second.error.current).toMatchObject({ version: 2, definition: 'A の定義' });
      }
      const row = await getIndicatorRow(t.db, ind!.id);
      expect(row).toMatchObject({ version: 2, definition: 'A の定義' });
      expect(await getStrategyRevision(t.db, r.value.strategyId)).toBe(rev0! + 1);
      const missing = await editIndicator(t.db, ctx(), 'nope', 1, { name: 'x' });
      expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');

      // The audit log has who, when, before and after; readable per strategy, indicator and user.
      const byIndicator = await listAudit(t.db, { indicatorId: ind!.id, limit: 10 });
      expect(byIndicator.map((e) => e.action)).toEqual(['update', 'import']);
      expect(byIndicator[0]).toMatchObject({
        actor: { id: 'user-a', name: 'A' },
        at: '2025-06-01T09:00:00.000Z',
        before: expect.objectContaining({ definition: 'ハローワーク管内の新規求人数', version: 1 }),
        after: expect.objectContaining({ definition: 'A の定義', version: 2 }),
      });
      expect((await listAudit(t.db, { actorId: 'user-b', limit: 10 })).length).toBe(0);
      expect((await listAudit(t.db, { actorId: 'user-a', limit: 10 })).length).toBe(1);
      const byStrategy = await listAudit(t.db, { strategyId: r.value.strategyId, limit: 100 });
      expect(byStrategy.filter((e) => e.entityType === 'strategy').length).toBe(1);
      expect(byStrategy.length).toBe(1 + 3 + 1);
    });

    it('100 concurrent updates of one indicator: exactly one wins per version, no update lost', async () => {
      const r = await importDocument(t.db, ctx(), smallDocument());
      if (!r.ok) throw new Error('import failed');
      const [ind] = await listIndicatorRows(t.db, r.value.strategyId);
      const id = ind!.id;
      const first = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          editIndicator(t.db, ctx(`w${i}`, `w${i}`), id, 1, { notes: [`w${i}`] }),
        ),
      );
      expect(first.filter((x) => x.ok).length).toBe(1);
      expect(first.filter((x) => !x.ok && x.error.code === 'VERSION_CONFLICT').length).toBe(99);

      // Read-modify-write with retry on conflict: every writer's note must survive.
      const worker = async (i: number) => {
        for (let attempt = 0; attempt < 500; attempt++) {
          const row = (await getIndicatorRow(t.db, id))!;
          const notes = JSON.parse(row.notes_json ?? '[]') as string[];
          const res = await editIndicator(t.db, ctx(`r${i}`, `r${i}`), id, row.version, {
            notes: [...notes, `r${i}`],
          });
          if (res.ok) return attempt;
          if (res.error.code !== 'VERSION_CONFLICT') throw new Error(res.error.code);
          // Back off a little before reloading, as a real client would.
          await new Promise((resolve) =>
            setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)),
          );
        }
        throw new Error('gave up');
      };
      await Promise.all(Array.from({ length: 100 }, (_, i) => worker(i)));
      const final = (await getIndicatorRow(t.db, id))!;
      expect(final.version).toBe(2 + 100);
      const notes = JSON.parse(final.notes_json!) as string[];
      expect(notes.filter((n) => n.startsWith('r')).sort()).toEqual(
        Array.from({ length: 100 }, (_, i) => `r${i}`).sort(),
      );
      const audit = await listAudit(t.db, { indicatorId: id, limit: 1000 });
      expect(audit.filter((e) => e.action === 'update').length).toBe(101);
    });

    it('dumps and restores the whole database losslessly', async () => {
      const dump = await exportDatabase(t.db, ctx());
      expect(dump.format).toBe('sousei-db-dump');
      expect(dump.tables.indicators!.length).toBeGreaterThan(0);
      const text = JSON.stringify(dump);
      // Restoring into a database that has data is refused.
      const refused = await importDatabase(t.db, ctx(), JSON.parse(text));
      expect(!refused.ok && refused.error.code).toBe('DB_NOT_EMPTY');
      const wrong = await importDatabase(t.db, ctx(), { ...JSON.parse(text), schema: '1999-old' });
      expect(!wrong.ok && wrong.error.code).toBe('DUMP_SCHEMA_MISMATCH');

      const other = await dialect.open();
      try {
        const restored = await importDatabase(other.db, ctx(), JSON.parse(text));
        expect(restored.ok).toBe(true);
        const again = await exportDatabase(other.db, ctx());
        expect({ ...again, exportedAt: null }).toEqual({ ...dump, exportedAt: null });
        // Restored data is live: the strategy reads back the same.
        const sid = dump.tables.strategies![0]!.id as string;
        expect((await loadStrategy(other.db, sid))?.doc).toEqual((await loadStrategy(t.db, sid))?.doc);
      } finally {
        await other.cleanup();
      }
    });
  });
}

const runs = await dialectsToRun();
describe.skipIf(runs.some((r) => r.skip))('dumps move between dialects', () => {
  it('a SQLite dump restores into PostgreSQL and exports back identical', async () => {
    const [sqlite, postgres] = [runs[0]!.dialect, runs[1]!.dialect];
    const a = await sqlite.open();
    const b = await postgres.open();
    try {
      const r = await importDocument(a.db, ctx(), smallDocument());
      expect(r.ok).toBe(true);
      const dump = await exportDatabase(a.db, ctx());
      const restored = await importDatabase(b.db, ctx(), JSON.parse(JSON.stringify(dump)));
      expect(restored.ok).toBe(true);
      const back = await exportDatabase(b.db, ctx());
      expect({ ...back, exportedAt: null }).toEqual({ ...dump, exportedAt: null });
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });
});

describe('departments keep their former names (課名変更)', async () => {
  const { dialect } = runs[0]!;
  it('renames from a fiscal year and still finds the department by its old name', async () => {
    const { findOrCreateDepartment, listDepartments, renameDepartment } = await import(
      '../../src/store/departments.ts'
    );
    const t = await dialect.open();
    try {
      const r = await importDocument(t.db, ctx(), smallDocument());
      if (!r.ok) throw new Error('import failed');
      const m = r.value.municipalityId;
      const dep = await findOrCreateDepartment(t.db, m, '商工観光課', '2025-01-01T00:00:00.000Z');
      expect(dep.created).toBe(false);
      const renamed = await renameDepartment(t.db, dep.id, 1, '産業振興課', 2023, '2025-01-02T00:00:00.000Z');
      expect(renamed.ok).toBe(true);
      const stale = await renameDepartment(t.db, dep.id, 1, '別の課', 2024, '2025-01-03T00:00:00.000Z');
      expect(stale.ok).toBe(false);
      const list = await listDepartments(t.db, m);
      expect(list.find((d) => d.id === dep.id)).toMatchObject({
        name: '産業振興課',
        names: [
          { name: '商工観光課', fromYear: null, toYear: 2022 },
          { name: '産業振興課', fromYear: 2023, toYear: null },
        ],
      });
      expect((await findOrCreateDepartment(t.db, m, '商工観光課', '2025-01-04T00:00:00.000Z')).id).toBe(
        dep.id,
      );
      // Links to indicators are unchanged: the tree shows the current name.
      const loaded = await loadStrategy(t.db, r.value.strategyId);
      expect(loaded!.doc.indicators[0]!.departments).toEqual(['産業振興課', '企画政策課']);
    } finally {
      await t.cleanup();
    }
  });
});
