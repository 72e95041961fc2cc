/**
 * The planning division is named as the municipality names it (経営戦略課, 企画課…), on both
 * databases: unset, the messages departments read say the neutral 企画担当課; a planner sets the
 * name (version checked, audited; renaming the municipality stays the administrators'), GET answers
 * it, and the refused writes, the round's answer and the notices of a return, an approval and a
 * confirmation name it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import type { Client } from './auth-helper.ts';
import { openRoundsWorld } from './rounds-world.ts';

const FY = 2024;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const OWN = '経営戦略課';
const NEUTRAL = '企画担当課';

interface Finding {
  code: string;
  indicatorId: string;
}
interface MunicipalityItem {
  id: string;
  name: string;
  planningDivision: string | null;
  version: number;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`the planning division's own name on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    const ref = new Map<string, string>();
    let strategyId = '';
    let shoko = '';
    let planner: Client;
    let shokoEditor: Client;
    let roundId = '';

    const municipality = async () =>
      ((await planner.inject('/api/municipalities')).json().items as MunicipalityItem[])[0]!;
    const put = (ind: string, raw: string) =>
      shokoEditor.inject({
        method: 'PUT',
        url: `/api/indicators/${ref.get(ind)}/observations/${FY}`,
        payload: { raw },
      });
    const part = async () =>
      (await planner.inject(`/api/rounds/${roundId}/departments/${shoko}`)).json() as {
        part: { version: number };
        open: Finding[];
      };
    const submit = async () => {
      const p = (await shokoEditor.inject(`/api/rounds/${roundId}/departments/${shoko}`)).json();
      return shokoEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/submit`,
        payload: {
          version: p.part.version,
          acknowledgements: (p.open as Finding[]).map((f) => ({
            indicatorId: f.indicatorId,
            code: f.code,
            reason: '集計中',
          })),
        },
      });
    };
    const latestNotice = async () =>
      ((await shokoEditor.inject('/api/me/notices')).json().items as { title: string; body: string }[])[0]!;

    beforeAll(async () => {
      const w = await openRoundsWorld(dialect, smallDocument());
      ({ t, app, strategyId, shoko, planner, shokoEditor } = w);
      for (const [k, id] of w.ref) ref.set(k, id);
      const opened = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/rounds`,
        payload: { fiscalYear: FY, deadline: inDays(10) },
      });
      if (opened.statusCode !== 201) throw new Error(opened.body);
      roundId = opened.json().id;
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('unset: answered as null, and the messages say the neutral 企画担当課', async () => {
      expect((await municipality()).planningDivision).toBeNull();
      expect(
        (await planner.inject(`/api/strategies/${strategyId}/rounds/${FY}`)).json().planningDivision,
      ).toBe(NEUTRAL);
      expect((await submit()).statusCode).toBe(200);
      const locked = await put('k1', '1,590件');
      expect(locked.statusCode).toBe(409);
      expect(locked.json().error.message).toContain(`${NEUTRAL}に差戻しを依頼してください`);
      expect(locked.json().error.message).not.toContain('企画政策課');
      // Submitting again: refused by the round's rules (core), with the same way out.
      const again = await submit();
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toContain(`${NEUTRAL}に差戻しを依頼してください`);
    });

    it('a planner sets the name: version checked, audited; renaming stays the administrators’', async () => {
      const before = await municipality();
      const byEditor = await shokoEditor.inject({
        method: 'PATCH',
        url: `/api/municipalities/${before.id}`,
        payload: { planningDivision: OWN, version: before.version },
      });
      expect(byEditor.statusCode).toBe(403);
      const rename = await planner.inject({
        method: 'PATCH',
        url: `/api/municipalities/${before.id}`,
        payload: { name: '別の市', planningDivision: OWN, version: before.version },
      });
      expect(rename.statusCode).toBe(403);
      const set = await planner.inject({
        method: 'PATCH',
        url: `/api/municipalities/${before.id}`,
        // The name sent unchanged is fine; the division's name is trimmed.
        payload: { name: before.name, planningDivision: ` ${OWN} `, version: before.version },
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({
        name: before.name,
        planningDivision: OWN,
        version: before.version + 1,
      });
      const stale = await planner.inject({
        method: 'PATCH',
        url: `/api/municipalities/${before.id}`,
        payload: { planningDivision: '企画課', version: before.version },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('VERSION_CONFLICT');
      expect(await municipality()).toMatchObject({ planningDivision: OWN, version: before.version + 1 });
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['before_json', 'after_json'])
        .where('entity_type', '=', 'municipality')
        .where('entity_id', '=', before.id)
        .where('action', '=', 'update')
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.parse(String(audit[0]!.before_json))).toMatchObject({ planningDivision: null });
      expect(JSON.parse(String(audit[0]!.after_json))).toMatchObject({ planningDivision: OWN });
    });

    it('set: refused writes, the round and the notices name the municipality’s own division', async () => {
      expect(
        (await planner.inject(`/api/strategies/${strategyId}/rounds/${FY}`)).json().planningDivision,
      ).toBe(OWN);
      const locked = await put('k1', '1,590件');
      expect(locked.statusCode).toBe(409);
      expect(locked.json().error.message).toContain(`${OWN}に差戻しを依頼してください`);

      const p = await part();
      const returned = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/return`,
        payload: {
          version: p.part.version,
          items: [{ indicatorId: ref.get('k3'), comment: '入力してください' }],
        },
      });
      expect(returned.statusCode, returned.body).toBe(200);
      expect((await latestNotice()).body).toContain(`回答が${OWN}から差し戻されました`);

      expect((await put('k3', '40人')).statusCode).toBe(201);
      expect((await submit()).statusCode).toBe(200);
      const approved = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/approve`,
        payload: { version: (await part()).part.version },
      });
      expect(approved.statusCode, approved.body).toBe(200);
      expect((await latestNotice()).body).toContain(`回答は${OWN}が承認しました`);

      const r = (await planner.inject(`/api/rounds/${roundId}`)).json();
      const confirmed = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/transition`,
        payload: { action: 'confirm', version: r.version, reason: '企画の課は回答済み' },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect((await latestNotice()).body).toContain(`以後の変更は${OWN}の例外手続きによります`);
      const yearLocked = await put('k1', '1,600件');
      expect(yearLocked.statusCode).toBe(423);
      expect(yearLocked.json().error.message).toContain(`${OWN}が例外として指標を再開してください`);
      expect(yearLocked.json().error.message).not.toContain(NEUTRAL);
    });

    it('cleared (null or blank): back to the neutral wording', async () => {
      const m = await municipality();
      const cleared = await planner.inject({
        method: 'PATCH',
        url: `/api/municipalities/${m.id}`,
        payload: { planningDivision: '  ', version: m.version },
      });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(cleared.json().planningDivision).toBeNull();
      const yearLocked = await put('k1', '1,600件');
      expect(yearLocked.statusCode).toBe(423);
      expect(yearLocked.json().error.message).toContain(`${NEUTRAL}が例外として指標を再開してください`);
    });
  });
}
