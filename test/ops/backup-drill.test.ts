/**
 * Restore drill: the server's scheduled backup, taken while writes run, restores into an empty
 * database that gives back an identical dump, and `sousei backup verify` agrees. Each write changes
 * two tables in one transaction (an audit row and the strategy's version), so a backup that was not
 * one consistent snapshot would show a version that does not match its audit rows.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDatabase } from '../../src/services/ops/backup.ts';
import { verifyBackupFile, writeBackup } from '../../src/services/ops/backup-files.ts';
import { nextRun, scheduleBackups } from '../../src/services/ops/backup-schedule.ts';
import { loadDemo } from '../../src/services/ops/demo.ts';
import { openDb } from '../../src/store/db.ts';
import { exportDump } from '../../src/store/dump.ts';
import { dialectsToRun } from '../store/dialects.ts';

const work = mkdtempSync(join(tmpdir(), 'sousei-drill-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('nextRun', () => {
  it('is the next local HH:MM strictly after the moment', () => {
    const at = new Date(2026, 11, 7, 2, 29, 59);
    expect(nextRun(at, '02:30')).toEqual(new Date(2026, 11, 7, 2, 30, 0));
    expect(nextRun(new Date(2026, 11, 7, 2, 30, 0), '02:30')).toEqual(new Date(2026, 11, 8, 2, 30, 0));
    expect(nextRun(new Date(2026, 11, 31, 23, 0), '00:15')).toEqual(new Date(2027, 0, 1, 0, 15, 0));
  });
});

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`restore drill (${dialect.name})`, () => {
    it('a scheduled backup taken while writes run restores to an identical dump', async () => {
      const db = await dialect.open();
      try {
        const ctx = systemContext();
        const demo = await loadDemo(db.db, ctx);
        expect(demo.ok).toBe(true);
        const strategy = await db.db
          .selectFrom('strategies')
          .select(['id', 'version'])
          .executeTakeFirstOrThrow();
        let writes = 0;
        let writing = true;
        const writer = (async () => {
          while (writing) {
            await db.db.transaction().execute(async (trx) => {
              const n = writes + 1;
              await trx
                .insertInto('audit_log')
                .values({
                  id: `drill-${String(n).padStart(6, '0')}`,
                  at: new Date().toISOString(),
                  actor_id: null,
                  actor_name: 'drill',
                  municipality_id: null,
                  strategy_id: strategy.id,
                  indicator_id: null,
                  entity_type: 'strategy',
                  entity_id: strategy.id,
                  action: 'drill',
                  before_json: null,
                  after_json: null,
                })
                .execute();
              await trx
                .updateTable('strategies')
                .set({ version: strategy.version + n })
                .where('id', '=', strategy.id)
                .execute();
            });
            writes++;
            await new Promise((r) => setImmediate(r));
          }
        })();

        // The schedule, on a clock shifted so that its daily time comes 300 ms from now.
        const dir = join(work, `scheduled-${dialect.name}`);
        const target = nextRun(new Date(), '03:00');
        const offset = target.getTime() - Date.now() - 300;
        let writesAtStart = -1;
        let failure: unknown = null;
        let schedule: { stop(): Promise<void> } | null = null;
        const done = new Promise<void>((resolve) => {
          schedule = scheduleBackups({
            time: '03:00',
            now: () => new Date(Date.now() + offset),
            run: async () => {
              writesAtStart = writes;
              await writeBackup(db.db, dir, 3);
              resolve();
            },
            onError: (err) => {
              failure = err;
              resolve();
            },
          });
        });
        await done;
        await schedule!.stop();
        // Let the writes go on a little after the backup, then stop them.
        await new Promise((r) => setTimeout(r, 100));
        writing = false;
        await writer;
        expect(failure).toBeNull();
        expect(writesAtStart).toBeGreaterThan(0);

        const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
        expect(files).toHaveLength(1);
        const file = join(dir, files[0]!);
        const text = readFileSync(file, 'utf8');
        const dump = JSON.parse(text);
        const drillRows = (dump.tables.audit_log as { action: string }[]).filter((r) => r.action === 'drill');
        const backedUp = (dump.tables.strategies as { id: string; version: number }[]).find(
          (s) => s.id === strategy.id,
        );
        // One snapshot: the strategy's version matches the audit rows it holds, mid-write.
        expect(backedUp?.version).toBe(strategy.version + drillRows.length);
        expect(drillRows.length).toBeGreaterThanOrEqual(writesAtStart);
        expect(drillRows.length).toBeLessThan(writes);

        // Restore into an empty database: its dump is the backup, table by table, row by row.
        const fresh = await openDb({ sqlite: { file: join(work, `restored-${dialect.name}.db`) } });
        try {
          const restored = await importDatabase(fresh.db, ctx, dump);
          expect(restored.ok).toBe(true);
          const again = await exportDump(fresh.db, dump.exportedAt);
          expect(again.tables).toEqual(dump.tables);
          expect(again.schema).toBe(dump.schema);
        } finally {
          await fresh.close();
        }
        const verified = await verifyBackupFile(file);
        expect(verified.problems).toEqual([]);
        expect(verified.ok).toBe(true);
      } finally {
        await db.cleanup();
      }
    }, 120_000);
  });
}

function cli() {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => {
    stdout += d;
  });
  err.on('data', (d) => {
    stderr += d;
  });
  return { io: { stdin: new PassThrough(), stdout: out, stderr: err }, text: () => ({ stdout, stderr }) };
}

describe('sousei backup / backup verify', () => {
  it('writes dated backups with retention, verifies a good one and names what is wrong in a bad one', async () => {
    const dbFile = join(work, 'cli.db');
    const handle = await openDb({ sqlite: { file: dbFile } });
    expect((await loadDemo(handle.db, systemContext())).ok).toBe(true);
    await handle.close();
    const dir = join(work, 'cli-backups');
    const env = process.env.DATABASE_URL;
    process.env.DATABASE_URL = '';
    try {
      for (let i = 0; i < 3; i++) {
        const run = cli();
        expect(await main(['backup', '--dir', dir, '--keep', '2', '--db', dbFile], run.io)).toBe(0);
      }
    } finally {
      process.env.DATABASE_URL = env;
    }
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const good = join(dir, files[1]!);
    const ok = cli();
    expect(await main(['backup', 'verify', good], ok.io)).toBe(0);
    expect(ok.text().stdout).toMatch(/indicators\s+40\s+40/);
    expect(ok.text().stdout).toMatch(/照合 OK/);

    // The same dump with one indicator's row given twice (a damaged copy): refused, nothing kept.
    const dump = JSON.parse(readFileSync(good, 'utf8'));
    dump.tables.indicators.push(dump.tables.indicators[0]);
    const bad = join(work, 'damaged.json');
    writeFileSync(bad, JSON.stringify(dump));
    const no = cli();
    expect(await main(['backup', 'verify', bad], no.io)).toBe(1);
    expect(no.text().stdout).toMatch(/照合できません/);

    const truncated = join(work, 'truncated.json');
    writeFileSync(truncated, readFileSync(good, 'utf8').slice(0, 500));
    const cut = cli();
    expect(await main(['backup', 'verify', truncated], cut.io)).toBe(1);
    expect(cut.text().stdout).toMatch(/JSON/);
    expect(existsSync(good)).toBe(true);
  }, 60_000);
});
