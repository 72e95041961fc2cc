/**
 * The reporting round (照会) over HTTP on both databases: a planner opens a round with a deadline;
 * two departments enter, one submits with a finding acknowledged; the planner returns one
 * indicator; the department fixes and resubmits; the planner approves and confirms; after that
 * every write into the year answers 423 with the reason (figures, commentary, overrides, the entry
 * workbook), for everybody; an exception reopens exactly one indicator, audited.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import type { Client } from './auth-helper.ts';
import { openRoundsWorld } from './rounds-world.ts';

const FY = 2024;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

interface Finding {
  code: string;
  indicatorId: string;
  message: string;
  fix: string;
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`reporting round journey on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    const ref = new Map<string, string>();
    let strategyId = '';
    let shoko = '';
    let kikaku = '';
    let planner: Client;
    let shokoEditor: Client;
    let kikakuEditor: Client;
    let roundId = '';

    const put = (c: Client, ind: string, fy: number, payload: Record<string, unknown>) =>
      c.inject({ method: 'PUT', url: `/api/indicators/${ref.get(ind)}/observations/${fy}`, payload });
    const part = async (c: Client, dept: string) =>
      (await c.inject(`/api/rounds/${roundId}/departments/${dept}`)).json() as {
        part: { state: string; version: number; acknowledgements: unknown[] };
        open: Finding[];
        items: { indicatorId: string; editable: boolean; returnedComment: string | null }[];
      };
    const ackAll = (findings: Finding[], reason: string) =>
      findings.map((f) => ({ indicatorId: f.indicatorId, code: f.code, reason }));
    const round = async () => (await planner.inject(`/api/rounds/${roundId}`)).json();

    beforeAll(async () => {
      const w = await openRoundsWorld(dialect, smallDocument());
      ({ t, app, strategyId, shoko, kikaku, planner, shokoEditor, kikakuEditor } = w);
      for (const [k, id] of w.ref) ref.set(k, id);
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('a planner opens a round with a deadline; departments are told', async () => {
      const bad = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/rounds`,
        payload: { fiscalYear: 2031, deadline: inDays(10) },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.place).toEqual({ field: 'fiscalYear' });
      const refused = await shokoEditor.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/rounds`,
        payload: { fiscalYear: FY, deadline: inDays(10) },
      });
      expect(refused.statusCode).toBe(403);
      const res = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/rounds`,
        payload: { fiscalYear: FY, deadline: inDays(10), departmentDeadlines: { [shoko]: inDays(5) } },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      roundId = body.id;
      expect(body.state).toBe('open');
      expect(body.stateLabel).toBe('受付中');
      expect(body.counts).toMatchObject({ not_started: 2, submitted: 0 });
      const lines = Object.fromEntries(
        body.parts.map((p: { departmentName: string }) => [p.departmentName, p]),
      );
      expect(lines.商工観光課).toMatchObject({
        items: 2,
        entered: 0,
        deadline: inDays(5),
        stateLabel: '未着手',
      });
      expect(lines.企画政策課).toMatchObject({ items: 2, entered: 0, deadline: inDays(10) });
      const again = await planner.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/rounds`,
        payload: { fiscalYear: FY, deadline: inDays(10) },
      });
      expect(again.statusCode).toBe(409);
      const notices = (await shokoEditor.inject('/api/me/notices')).json();
      expect(notices.unread).toBe(1);
      expect(notices.items[0].title).toContain('照会');
      const tasks = (await shokoEditor.inject('/api/me/tasks')).json();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({
        departmentName: '商工観光課',
        deadline: inDays(5),
        stateLabel: '未着手',
      });
    });

    it('two departments enter; one submits with a finding acknowledged with a reason', async () => {
      expect((await put(shokoEditor, 'k1', FY, { raw: '1,590件' })).statusCode).toBe(201);
      expect((await put(kikakuEditor, 'k2', FY, { raw: '△100人' })).statusCode).toBe(201);
      const status = await round();
      const shokoLine = status.parts.find((p: { departmentId: string }) => p.departmentId === shoko);
      expect(shokoLine).toMatchObject({ state: 'in_progress', entered: 1 });

      const before = await part(shokoEditor, shoko);
      // k3 (創業塾の修了者数) has no figure yet: a finding naming the indicator, the year and the fix.
      const missing = before.open.find((f) => f.indicatorId === ref.get('k3') && f.code === 'FIGURE_MISSING');
      expect(missing?.message).toContain('創業塾の修了者数');
      expect(missing?.message).toContain(`${FY}年度`);
      expect(missing?.fix).toBeTruthy();
      const refused = await shokoEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/submit`,
        payload: { version: before.part.version },
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('FINDINGS_UNACKNOWLEDGED');
      expect(refused.json().error.details.findings.map((f: Finding) => f.code)).toContain('FIGURE_MISSING');
      // Another department cannot submit this one.
      const foreign = await kikakuEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/submit`,
        payload: { version: before.part.version, acknowledgements: ackAll(before.open, '集計中') },
      });
      expect(foreign.statusCode).toBe(403);
      const submitted = await shokoEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/submit`,
        payload: {
          version: before.part.version,
          acknowledgements: ackAll(before.open, '修了者数は5月に集計'),
        },
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json().part.state).toBe('submitted');
      expect(submitted.json().part.acknowledgements.length).toBe(before.open.length);

      // Submitted: its items take no edit (k3 is 商工観光課's only), with the reason.
      const locked = await put(shokoEditor, 'k3', FY, { raw: '30人' });
      expect(locked.statusCode).toBe(409);
      expect(locked.json().error.code).toBe('ROUND_STATE');
      expect(locked.json().error.message).toContain('差戻し');

      const k = await part(kikakuEditor, kikaku);
      const kSubmit = await kikakuEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${kikaku}/submit`,
        payload: { version: k.part.version, acknowledgements: ackAll(k.open, '確認済み') },
      });
      expect(kSubmit.statusCode, kSubmit.body).toBe(200);
    });

    it('the planner returns one indicator; the department fixes it and resubmits', async () => {
      const p = await part(planner, shoko);
      const byEditor = await shokoEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/return`,
        payload: { version: p.part.version, items: [{ indicatorId: ref.get('k3'), comment: 'x' }] },
      });
      expect(byEditor.statusCode).toBe(403);
      const returned = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/return`,
        payload: {
          version: p.part.version,
          items: [{ indicatorId: ref.get('k3'), comment: '修了者数を入力してください' }],
        },
      });
      expect(returned.statusCode, returned.body).toBe(200);
      expect(returned.json().part.stateLabel).toBe('差戻し');
      const view = await part(shokoEditor, shoko);
      const items = Object.fromEntries(view.items.map((i) => [i.indicatorId, i]));
      expect(items[ref.get('k3')!]).toMatchObject({
        editable: true,
        returnedComment: '修了者数を入力してください',
      });
      expect(items[ref.get('k1')!]?.editable).toBe(false);
      // Only the returned item opens.
      expect((await put(shokoEditor, 'k1', FY, { raw: '1,600件', version: 1 })).statusCode).toBe(409);
      const notices = (await shokoEditor.inject('/api/me/notices')).json();
      expect(notices.items[0].title).toContain('差戻し');
      expect(notices.items[0].body).toContain('修了者数を入力してください');

      expect((await put(shokoEditor, 'k3', FY, { raw: '40人' })).statusCode).toBe(201);
      const fixed = await part(shokoEditor, shoko);
      expect(fixed.part.state).toBe('in_progress');
      expect(fixed.open.some((f) => f.code === 'FIGURE_MISSING')).toBe(false);
      const resubmitted = await shokoEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/departments/${shoko}/submit`,
        payload: { version: fixed.part.version, acknowledgements: ackAll(fixed.open, '確認済み') },
      });
      expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    });

    it('the planner approves and confirms; every write into the year then answers 423 with the reason', async () => {
      const before = await round();
      const early = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/transition`,
        payload: { action: 'confirm', version: before.version },
      });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.message).toContain('承認されていない課');
      for (const dept of [shoko, kikaku]) {
        const p = await part(planner, dept);
        const approved = await planner.inject({
          method: 'POST',
          url: `/api/rounds/${roundId}/departments/${dept}/approve`,
          payload: { version: p.part.version },
        });
        expect(approved.statusCode, approved.body).toBe(200);
        expect(approved.json().part.stateLabel).toBe('承認済');
      }
      const approvedRound = await round();
      expect(approvedRound.counts.approved).toBe(2);
      const confirmed = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/transition`,
        payload: { action: 'confirm', version: approvedRound.version },
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().stateLabel).toBe('確定');

      const lockedCalls = [
        () => put(shokoEditor, 'k3', FY, { raw: '41人', version: 1 }),
        () => put(planner, 'k1', FY, { raw: '1,601件', version: 1 }),
        () =>
          planner.inject({
            method: 'POST',
            url: `/api/indicators/${ref.get('k1')}/commentary`,
            payload: { fiscalYear: FY, progress: '説明会を開催' },
          }),
        () =>
          planner.inject({
            method: 'PUT',
            url: `/api/indicators/${ref.get('k2')}/overrides/${FY}`,
            payload: { label: '遅れ', reason: '統計の遅れ' },
          }),
      ];
      for (const call of lockedCalls) {
        const res = await call();
        expect(res.statusCode, res.body).toBe(423);
        expect(res.json().error.code).toBe('YEAR_LOCKED');
        expect(res.json().error.message).toContain('確定');
        expect(res.json().error.message).toContain('例外');
      }
      // The entry workbook of the year is refused too (and its export says the year is confirmed).
      const q = `department=${encodeURIComponent('商工観光課')}&fiscalYear=${FY}`;
      const exported = await shokoEditor.inject(`/api/strategies/${strategyId}/entry-workbook?${q}`);
      expect(exported.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('入力') as ExcelJS.Worksheet;
      // The workbook carries the round's state and the department's own deadline.
      expect(String(ws.getCell(2, 1).value)).toMatch(/照会: 確定、提出期限: 令和\d+年\d+月\d+日/);
      let input = 0;
      ws.getRow(4).eachCell((cell, col) => {
        if (!input && String(cell.value).includes('実績値 (入力)')) input = col;
      });
      ws.getCell(5, input).value = '1,700件';
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const preview = await shokoEditor.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/preview?${q}`,
        payload: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      const ids = (preview.json().changes ?? []).map((c: { indicatorId: string }) => c.indicatorId);
      expect(ids.length).toBeGreaterThan(0);
      const applied = await shokoEditor.inject({
        method: 'POST',
        url: `/api/strategies/${strategyId}/entry-workbook/apply?${q}&confirm=${ids.join(',')}&confirmWarnings=${ids.join(',')}`,
        payload: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(applied.statusCode, applied.body).toBe(423);
      // Other years stay open.
      expect((await put(shokoEditor, 'k3', 2023, { raw: '35人' })).statusCode).toBe(201);
      const stored = await t.db
        .selectFrom('observations')
        .select(['indicator_id', 'raw'])
        .where('fiscal_year', '=', FY)
        .where('kind', '=', 'actual')
        .execute();
      expect(Object.fromEntries(stored.map((o) => [o.indicator_id, o.raw]))).toEqual({
        [ref.get('k1')!]: '1,590件',
        [ref.get('k2')!]: '△100人',
        [ref.get('k3')!]: '40人',
      });
    });

    it('an exception reopens exactly one indicator, audited; closing it locks it again', async () => {
      const byEditor = await shokoEditor.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/exceptions`,
        payload: { indicatorId: ref.get('k3'), reason: '修了者数の訂正' },
      });
      expect(byEditor.statusCode).toBe(403);
      const opened = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/exceptions`,
        payload: { indicatorId: ref.get('k3'), reason: '修了者数の訂正' },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const current = await t.db
        .selectFrom('observations')
        .select('version')
        .where('indicator_id', '=', ref.get('k3')!)
        .where('fiscal_year', '=', FY)
        .where('kind', '=', 'actual')
        .executeTakeFirstOrThrow();
      const corrected = await put(shokoEditor, 'k3', FY, { raw: '42人', version: current.version });
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect((await put(shokoEditor, 'k1', FY, { raw: '1,602件', version: 1 })).statusCode).toBe(423);
      expect((await put(kikakuEditor, 'k2', FY, { raw: '△90人', version: 1 })).statusCode).toBe(423);

      const audit = (await planner.inject(`/api/audit?indicatorId=${ref.get('k3')}&limit=50`)).json();
      const entries = (audit.items ?? audit) as {
        action: string;
        entityType: string;
        after: { reason?: string };
      }[];
      expect(entries.some((e) => e.action === 'exception_open' && e.after.reason === '修了者数の訂正')).toBe(
        true,
      );
      expect(entries.some((e) => e.entityType === 'observation' && e.action === 'update')).toBe(true);
      // The change is a correction (訂正) in the figure's history, with the exception's reason.
      const versions = (await planner.inject(`/api/indicators/${ref.get('k3')}/figure-versions`)).json()
        .versions as {
        kind: string;
        fiscalYear: number;
        source: string;
        reason: string | null;
        raw: string;
      }[];
      const latest = versions.filter((v) => v.kind === 'actual' && v.fiscalYear === FY).at(-1);
      expect(latest).toMatchObject({ source: 'correction', reason: '修了者数の訂正', raw: '42人' });

      const closed = await planner.inject({
        method: 'POST',
        url: `/api/round-exceptions/${opened.json().id}/close`,
        payload: { version: 1 },
      });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(
        (await put(shokoEditor, 'k3', FY, { raw: '43人', version: current.version + 1 })).statusCode,
      ).toBe(423);
    });

    it('公表 publishes the confirmed year through the publication service', async () => {
      const r = await round();
      const published = await planner.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/transition`,
        payload: { action: 'publish', version: r.version },
      });
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json().stateLabel).toBe('公表');
      const publication = (await planner.inject(`/api/strategies/${strategyId}/publication`)).json();
      const years = (publication.years ?? publication.items ?? publication) as {
        fiscalYear: number;
        state: string;
        source: string;
      }[];
      expect(years.find((y) => y.fiscalYear === FY)).toMatchObject({ state: 'published', source: 'round' });
      // Still locked once published.
      expect((await put(planner, 'k1', FY, { raw: '1,603件', version: 1 })).statusCode).toBe(423);
    });

    it('every transition is in the audit log with who and when', async () => {
      const rows = await t.db
        .selectFrom('audit_log')
        .select(['entity_type', 'action', 'actor_name', 'at'])
        .where('entity_type', 'in', ['reporting_round', 'round_part', 'round_exception'])
        .orderBy('id')
        .execute();
      const actions = rows.map((r) => `${r.entity_type}:${r.action}`);
      expect(actions).toEqual([
        'reporting_round:open',
        'round_part:submit',
        'round_part:submit',
        'round_part:return',
        'round_part:submit',
        'round_part:approve',
        'round_part:approve',
        'reporting_round:confirm',
        'round_exception:exception_open',
        'round_exception:exception_close',
        'reporting_round:publish',
      ]);
      for (const r of rows) {
        expect(r.actor_name).toBeTruthy();
        expect(r.at).toMatch(/^\d{4}-/);
      }
    });
  });
}
