/**
 * Backup and restore with accounts and opinions, on both databases: demo → export → import → export identical,
 * with users in several departments, API tokens and live sessions (left out on purpose); version 1
 * dumps are still read; every table of the live schema is either dumped or declared ephemeral.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH } from '../../src/services/accounts/auth-config.ts';
import { TEST_SCRYPT } from '../../src/services/accounts/auth-password.ts';
import { signIn } from '../../src/services/accounts/sessions.ts';
import { createToken, resolveToken } from '../../src/services/accounts/tokens.ts';
import { createAccount } from '../../src/services/accounts/users.ts';
import { loadDemoAccounts } from '../../src/services/accounts/users-demo.ts';
import { systemContext } from '../../src/services/context.ts';
import { saveTemplate } from '../../src/services/import/import-templates.ts';
import { exportDatabase, importDatabase } from '../../src/services/ops/backup.ts';
import {
  DEMO_OPINIONS,
  DEMO_PLANNING_DIVISION,
  DEMO_PUBLISHED_YEARS,
  loadDemo,
} from '../../src/services/ops/demo.ts';
import { addOpinion } from '../../src/services/strategy/opinions.ts';
import { DUMP_VERSION, type Dump } from '../../src/store/dump.ts';
import { sql } from '../../src/store/kysely.ts';
import { EPHEMERAL_TABLES, TABLES } from '../../src/store/schema.ts';
import { dialectsToRun, type TestDb } from './dialects.ts';

const AUTH = { ...DEFAULT_AUTH, scrypt: TEST_SCRYPT };
const PASSWORD = 'a long enough passphrase 42';
const ctx = () => systemContext({ now: () => new Date('2025-06-01T09:00:00.000Z') });
const withoutTime = (d: Dump) => ({ ...d, exportedAt: null });

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`backup with accounts on ${dialect.name}`, () => {
    let t: TestDb;
    let dump: Dump;
    let token: string;
    let editorId: string;
    let departments: string[];
    beforeAll(async () => {
      t = await dialect.open();
      const demo = await loadDemo(t.db, ctx());
      if (!demo.ok) throw new Error(demo.error.messageEn);
      const municipalityId = demo.value.municipalityId;
      await loadDemoAccounts(t.db, AUTH, ctx(), municipalityId);
      departments = (
        await t.db
          .selectFrom('departments')
          .select('id')
          .where('municipality_id', '=', municipalityId)
          .orderBy('id')
          .execute()
      ).map((d) => d.id);
      expect(departments.length).toBeGreaterThanOrEqual(3);
      const editor = await createAccount(t.db, AUTH, ctx(), {
        userName: 'two-departments',
        name: '二課 兼務',
        password: PASSWORD,
        role: 'editor',
        municipalityId,
        departmentIds: [departments[2]!, departments[0]!],
      });
      if (!editor.ok) throw new Error(editor.error.messageEn);
      editorId = editor.value.id;
      const tok = await createToken(t.db, ctx(), {
        municipalityId,
        name: 'statistics',
        access: 'write',
        departmentIds: [departments[1]!],
      });
      if (!tok.ok) throw new Error(tok.error.messageEn);
      token = tok.value.token;
      await createToken(t.db, ctx(), {
        municipalityId,
        name: 'open data',
        access: 'read',
        departmentIds: [],
      });
      const measure = await t.db
        .selectFrom('measures')
        .select(['id', 'strategy_id'])
        .executeTakeFirstOrThrow();
      const opinion = await addOpinion(t.db, ctx(), measure.strategy_id, {
        targetType: 'measure',
        targetId: measure.id,
        fiscalYear: 2024,
        body: '検証方法を明確に',
      });
      if (!opinion.ok) throw new Error(opinion.error.messageEn);
      const template = await saveTemplate(t.db, ctx(), {
        municipalityId,
        name: 'KPI進捗表',
        template: {
          signature: [{ sheet: null, rows: [1], key: '1:項目|2:当初' }],
          structures: [
            { sheet: null, headerRows: [1], firstDataRow: 2, columns: [{ column: 1, role: 'name' }] },
          ],
          overrides: [],
        },
      });
      if (!template.ok) throw new Error(template.error.messageEn);
      // A live session: it must not travel in the dump.
      const s = await signIn(t.db, AUTH, ctx(), { userName: 'two-departments', password: PASSWORD });
      expect(s.ok).toBe(true);
      dump = await exportDatabase(t.db, ctx());
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('dumps users with all their departments and the API tokens, never sessions', async () => {
      expect(dump.version).toBe(DUMP_VERSION);
      const memberships = dump.tables.user_departments!.filter((r) => r.user_id === editorId);
      expect(memberships.map((r) => r.department_id).sort()).toEqual([departments[0], departments[2]].sort());
      expect(dump.tables.api_tokens!.map((r) => r.name).sort()).toEqual(['open data', 'statistics']);
      expect(dump.tables.users!.length).toBe(6);
      // The demo's own opinions (some of them published) and the one written here.
      expect(dump.tables.opinions!.map((r) => r.body).sort()).toEqual(
        [...DEMO_OPINIONS.map((o) => o.body), '検証方法を明確に'].sort(),
      );
      expect(dump.tables.published_years!.map((r) => r.fiscal_year).sort()).toEqual([
        ...DEMO_PUBLISHED_YEARS,
      ]);
      expect(dump.tables.import_templates!.map((r) => r.name)).toEqual(['KPI進捗表']);
      // The demo city names its planning division (restored with it: the round trip below).
      expect(dump.tables.municipalities!.map((r) => r.planning_division)).toEqual([DEMO_PLANNING_DIVISION]);
      expect(Object.keys(dump.tables)).not.toContain('sessions');
      expect((await t.db.selectFrom('sessions').selectAll().execute()).length).toBe(1);
      expect(JSON.stringify(dump)).not.toContain(token);
    });

    it('demo → export → import → export is identical; accounts and tokens work after the restore', async () => {
      const other = await dialect.open();
      try {
        const restored = await importDatabase(other.db, ctx(), JSON.parse(JSON.stringify(dump)));
        if (!restored.ok) throw new Error(restored.error.messageEn);
        expect(restored.value.user_departments).toBe(dump.tables.user_departments!.length);
        expect(restored.value.api_tokens).toBe(2);
        const again = await exportDatabase(other.db, ctx());
        expect(withoutTime(again)).toEqual(withoutTime(dump));
        // Sessions are not restored: everybody signs in again, with the same password.
        expect((await other.db.selectFrom('sessions').selectAll().execute()).length).toBe(0);
        const s = await signIn(other.db, AUTH, ctx(), { userName: 'two-departments', password: PASSWORD });
        if (!s.ok) throw new Error(s.error.messageEn);
        expect([...s.value.user.departmentIds].sort()).toEqual([departments[0], departments[2]].sort());
        // The machine client's token still works, with its departments and access.
        const tc = await resolveToken(other.db, token, () => new Date(), { method: 'GET', url: '/x' });
        expect(tc?.departmentIds).toEqual([departments[1]]);
        expect(tc?.tokenAccess).toBe('write');
      } finally {
        await other.cleanup();
      }
    });

    it('reads a version 1 dump (no user_departments, no api_tokens): memberships from users.department_id', async () => {
      const { user_departments: _ud, api_tokens: _at, ...v1tables } = dump.tables;
      const v1 = { ...JSON.parse(JSON.stringify(dump)), version: 1, tables: v1tables };
      const other = await dialect.open();
      try {
        const restored = await importDatabase(other.db, ctx(), v1);
        if (!restored.ok) throw new Error(restored.error.messageEn);
        const rows = await other.db.selectFrom('user_departments').selectAll().execute();
        const withDept = dump.tables.users!.filter((u) => u.department_id);
        expect(rows.length).toBe(withDept.length);
        for (const u of withDept)
          expect(rows.find((r) => r.user_id === u.id)?.department_id).toBe(u.department_id);
        expect((await other.db.selectFrom('api_tokens').selectAll().execute()).length).toBe(0);
      } finally {
        await other.cleanup();
      }
    });

    it('restores a dump written before the strategy-year tables (no figure history, transitions, rounds, publication)', async () => {
      // The dump as the schema of the opinions migration wrote it: none of the tables and columns
      // added since (each listed as additive or upgraded in dump.ts).
      const older = '2026-11-21T0940-opinions';
      const added = [
        'import_templates',
        'published_years',
        'figure_versions',
        'period_transitions',
        'round_parts',
        'round_exceptions',
        'notices',
      ];
      const columns: Record<string, string[]> = {
        strategies: ['as_of'],
        users: ['preferences_json'],
        evaluation_overrides: ['source'],
        observations: ['confirmed_json'],
      };
      const base = JSON.parse(JSON.stringify(dump)) as Dump;
      const tables: Record<string, Record<string, unknown>[]> = {};
      for (const [name, rows] of Object.entries(base.tables)) {
        if (added.includes(name)) continue;
        const drop = columns[name] ?? [];
        tables[name] = rows.map((r) =>
          Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))),
        );
      }
      // The placeholder reporting_rounds of the initial schema was never written to.
      tables.reporting_rounds = [];
      expect(base.tables.figure_versions!.length).toBeGreaterThan(0);
      const other = await dialect.open();
      try {
        const restored = await importDatabase(other.db, ctx(), { ...base, schema: older, tables });
        if (!restored.ok) throw new Error(restored.error.messageEn);
        const observations = await other.db.selectFrom('observations').selectAll().execute();
        expect(observations.length).toBe(dump.tables.observations!.length);
        // Every figure has its current state as its first known version, as the migration backfills.
        const versions = await other.db.selectFrom('figure_versions').selectAll().execute();
        expect(versions.length).toBe(observations.length);
        for (const o of observations)
          expect(versions.find((v) => v.observation_id === o.id)).toMatchObject({
            indicator_id: o.indicator_id,
            kind: o.kind,
            fiscal_year: o.fiscal_year,
            version: o.version,
            value: o.value,
            raw: o.raw,
            source: 'backfill',
            at: o.updated_at,
          });
        for (const name of added)
          expect(
            (
              await other.db
                .selectFrom(name as 'notices')
                .selectAll()
                .execute()
            ).length,
            name,
          ).toBe(name === 'figure_versions' ? observations.length : 0);
        const strategies = await other.db.selectFrom('strategies').select(['id', 'as_of']).execute();
        expect(strategies.length).toBe(dump.tables.strategies!.length);
        expect(strategies.every((s) => s.as_of === null)).toBe(true);
      } finally {
        await other.cleanup();
      }
    });

    it('refuses a dump carrying sessions, an unknown version or an unknown schema', async () => {
      const other = await dialect.open();
      try {
        const base = JSON.parse(JSON.stringify(dump));
        const sessions = await importDatabase(other.db, ctx(), {
          ...base,
          tables: { ...base.tables, sessions: [] },
        });
        expect(!sessions.ok && sessions.error.code).toBe('DUMP_INVALID');
        const v9 = await importDatabase(other.db, ctx(), { ...base, version: 9 });
        expect(!v9.ok && v9.error.code).toBe('DUMP_INVALID');
        const future = await importDatabase(other.db, ctx(), { ...base, schema: '2999-01-01T0000-future' });
        expect(!future.ok && future.error.code).toBe('DUMP_SCHEMA_MISMATCH');
      } finally {
        await other.cleanup();
      }
    });

    it('every table of the live schema is dumped or declared ephemeral', async () => {
      const names =
        dialect.name === 'sqlite'
          ? (
              await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db)
            ).rows.map((r) => r.name)
          : (
              await sql<{
                name: string;
              }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
                t.db,
              )
            ).rows.map((r) => r.name);
      const app = names.filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_'));
      const known = new Set<string>([...TABLES, ...EPHEMERAL_TABLES]);
      expect(app.filter((n) => !known.has(n))).toEqual([]);
      expect(app.length).toBe(known.size);
    });
  });
}
