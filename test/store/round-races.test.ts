/**
 * Races of the reporting round on both databases: a submission racing an edit of the same
 * department's figures, and a confirmation racing a submission. Each time exactly one wins and the
 * loser leaves nothing behind (the state and the figures are those of the winner alone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/services/context.ts';
import { systemContext } from '../../src/services/context.ts';
import { putActual } from '../../src/services/figures/observations.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { roundStatus } from '../../src/services/rounds/reporting-rounds.ts';
import { changeRound, openRound } from '../../src/services/rounds/round-changes.ts';
import { approvePart, partDetail, submitPart } from '../../src/services/rounds/round-parts.ts';
import { dialectsToRun, type TestDb } from './dialects.ts';
import { smallDocument } from './fixtures.ts';

const ALL_WARNINGS = [
  'VALUE_UNPARSEABLE',
  'UNIT_DIFFERS',
  'OUTSIDE_PAST_RANGE',
  'UNUSUAL_JUMP',
  'YEAR_MISMATCH',
];

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`reporting round races on ${dialect.name}`, () => {
    let t: TestDb;
    let strategyId = '';
    const ref = new Map<string, string>();
    let shoko = '';
    let kikaku = '';
    let planner: RequestContext;
    let shokoEditor: RequestContext;
    let kikakuEditor: RequestContext;
    const deps = () => ({ db: t.db, mailer: null });

    const person = (
      role: 'planner' | 'editor',
      municipalityId: string,
      departmentIds: string[],
    ): RequestContext => ({
      actor: { id: null, name: `${role} ${departmentIds.join(',')}` },
      principal: 'user',
      role,
      municipalityId,
      departmentId: departmentIds[0] ?? null,
      departmentIds,
      now: () => new Date(),
    });

    async function actualVersion(ind: string, fy: number): Promise<number | null> {
      const row = await t.db
        .selectFrom('observations')
        .select('version')
        .where('indicator_id', '=', ref.get(ind)!)
        .where('fiscal_year', '=', fy)
        .where('kind', '=', 'actual')
        .executeTakeFirst();
      return row?.version ?? null;
    }
    async function enter(ctx: RequestContext, ind: string, fy: number, raw: string) {
      return putActual(t.db, ctx, ref.get(ind)!, fy, {
        raw,
        version: await actualVersion(ind, fy),
        confirm: ALL_WARNINGS,
      });
    }
    async function ready(ctx: RequestContext, roundId: string, dept: string) {
      const d = await partDetail(t.db, ctx, roundId, dept);
      if (!d.ok) throw new Error(d.error.messageEn);
      return {
        version: d.value.part.version,
        acknowledgements: d.value.open.map((f) => ({
          indicatorId: f.indicatorId,
          code: f.code,
          reason: '確認済み',
        })),
      };
    }
    async function open(fy: number) {
      const r = await openRound(deps(), planner, strategyId, { fiscalYear: fy, deadline: '2030-01-31' });
      if (!r.ok) throw new Error(r.error.messageEn);
      return r.value.id;
    }

    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      for (const row of await t.db.selectFrom('indicators').select(['id', 'ref']).execute())
        ref.set(row.ref!, row.id);
      const dept = async (name: string) =>
        (await t.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow())
          .id;
      shoko = await dept('商工観光課');
      kikaku = await dept('企画政策課');
      const m = r.value.municipalityId;
      planner = person('planner', m, []);
      shokoEditor = person('editor', m, [shoko]);
      kikakuEditor = person('editor', m, [kikaku]);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('a submission racing an edit of the same answer: exactly one wins', async () => {
      const outcomes: string[] = [];
      for (const fy of [2020, 2021, 2022]) {
        const roundId = await open(fy);
        expect((await enter(shokoEditor, 'k3', fy, '20人')).ok).toBe(true);
        const seen = await ready(shokoEditor, roundId, shoko);
        const [submitted, edited] = await Promise.all([
          submitPart(deps(), shokoEditor, roundId, shoko, seen),
          enter(shokoEditor, 'k3', fy, '25人'),
        ]);
        expect([submitted.ok, edited.ok].filter(Boolean)).toHaveLength(1);
        const part = await partDetail(t.db, planner, roundId, shoko);
        if (!part.ok) throw new Error('part');
        const stored = await t.db
          .selectFrom('observations')
          .select('raw')
          .where('indicator_id', '=', ref.get('k3')!)
          .where('fiscal_year', '=', fy)
          .where('kind', '=', 'actual')
          .executeTakeFirstOrThrow();
        if (submitted.ok) {
          outcomes.push('submit');
          expect(part.value.part.state).toBe('submitted');
          expect(stored.raw).toBe('20人');
          if (!edited.ok) expect(edited.error.code).toBe('ROUND_STATE');
        } else {
          outcomes.push('edit');
          expect(['VERSION_CONFLICT', 'ROUND_STATE']).toContain(submitted.error.code);
          expect(part.value.part.state).toBe('in_progress');
          expect(part.value.part.submittedAt).toBeNull();
          expect(stored.raw).toBe('25人');
        }
      }
      expect(outcomes).toHaveLength(3);
    });

    it('a confirmation racing a submission: exactly one wins', async () => {
      for (const fy of [2023, 2024]) {
        const roundId = await open(fy);
        expect((await enter(kikakuEditor, 'k2', fy, '△50人')).ok).toBe(true);
        const k = await submitPart(
          deps(),
          kikakuEditor,
          roundId,
          kikaku,
          await ready(kikakuEditor, roundId, kikaku),
        );
        expect(k.ok).toBe(true);
        expect(
          (await approvePart(deps(), planner, roundId, kikaku, { version: k.ok ? k.value.part.version : 0 }))
            .ok,
        ).toBe(true);
        expect((await enter(shokoEditor, 'k3', fy, '30人')).ok).toBe(true);
        const seen = await ready(shokoEditor, roundId, shoko);
        const status = await roundStatus(t.db, planner, roundId);
        if (!status.ok) throw new Error('status');
        const [confirmed, submitted] = await Promise.all([
          changeRound(deps(), planner, roundId, 'confirm', {
            version: status.value.version,
            reason: '締切を過ぎたため',
          }),
          submitPart(deps(), shokoEditor, roundId, shoko, seen),
        ]);
        expect([confirmed.ok, submitted.ok].filter(Boolean)).toHaveLength(1);
        const after = await roundStatus(t.db, planner, roundId);
        if (!after.ok) throw new Error('status');
        const line = after.value.parts.find((p) => p.departmentId === shoko)!;
        if (confirmed.ok) {
          expect(after.value.state).toBe('confirmed');
          expect(after.value.confirmReason).toBe('締切を過ぎたため');
          expect(line.state).toBe('in_progress');
          expect(line.submittedAt).toBeNull();
        } else {
          expect(['VERSION_CONFLICT', 'ROUND_STATE']).toContain(confirmed.error.code);
          expect(after.value.state).toBe('open');
          expect(after.value.confirmedAt).toBeNull();
          expect(line.state).toBe('submitted');
        }
        // Whoever won, a write into a confirmed year is refused; into an open one it is taken.
        const late = await enter(planner, 'k3', fy, '31人');
        if (confirmed.ok) expect(!late.ok && late.error.code).toBe('YEAR_LOCKED');
        else expect(!late.ok && late.error.code).toBe('ROUND_STATE');
      }
    });
  });
}
