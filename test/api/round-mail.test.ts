/**
 * Round e-mails through a real SMTP server started by the test on 127.0.0.1 (smtp-server): the
 * opening and the deadline reminder reach each department's editors, and each department's
 * reminder lists only its own missing items. Without a mailer nothing is sent (notices still are).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts/users.ts';
import { type RequestContext, systemContext } from '../../src/services/context.ts';
import { putActual } from '../../src/services/figures/observations.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { smtpMailer } from '../../src/services/ops/mailer.ts';
import { openRound } from '../../src/services/rounds/round-changes.ts';
import { myNotices, sendReminders } from '../../src/services/rounds/round-notices.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { TEST_AUTH, TEST_PASSWORD } from './auth-helper.ts';

interface Received {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?=) of a header. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** A single-part text message: its subject and its body (base64 or 7bit). */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { subject: decodeHeader(header('Subject')), text };
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`round e-mails on ${dialect.name}`, () => {
    let t: TestDb;
    let server: SMTPServer;
    let port = 0;
    const inbox: Received[] = [];
    let strategyId = '';
    const ref = new Map<string, string>();
    const users: Record<string, string> = {};
    let municipalityId = '';

    beforeAll(async () => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const parsed = parseMessage(Buffer.concat(chunks).toString('utf8'));
            inbox.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address).sort(),
              ...parsed,
            });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.server.address() as AddressInfo).port;

      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      municipalityId = r.value.municipalityId;
      for (const row of await t.db.selectFrom('indicators').select(['id', 'ref']).execute())
        ref.set(row.ref!, row.id);
      const dept = async (name: string) =>
        (await t.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow())
          .id;
      const people: [string, 'editor' | 'planner', string | null, string | null][] = [
        ['shoko', 'editor', await dept('商工観光課'), 'shoko@city.example.lg.jp'],
        ['shoko2', 'editor', await dept('商工観光課'), 'shoko2@city.example.lg.jp'],
        ['kikaku', 'editor', await dept('企画政策課'), 'kikaku@city.example.lg.jp'],
        ['nomail', 'editor', await dept('企画政策課'), null],
        ['planner', 'planner', null, 'planner@city.example.lg.jp'],
      ];
      for (const [name, role, department, email] of people) {
        const a = await createAccount(t.db, TEST_AUTH, systemContext(), {
          userName: `${name}-${dialect.name}`,
          name,
          password: TEST_PASSWORD,
          role,
          municipalityId,
          departmentIds: department ? [department] : [],
          email,
        });
        if (!a.ok) throw new Error(a.error.messageEn);
        users[name] = a.value.id;
      }
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      await t?.cleanup();
    });
    beforeEach(() => {
      inbox.length = 0;
    });

    const mailer = () =>
      smtpMailer({ host: '127.0.0.1', port, secure: false, from: 'sousei@city.example.lg.jp' });
    const soon = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const person = (name: string): RequestContext => ({
      ...systemContext(),
      actor: { id: users[name]!, name },
      principal: 'user',
      role: 'editor',
      municipalityId,
    });

    it('the opening reaches each department’s editors, with its items', async () => {
      const r = await openRound({ db: t.db, mailer: mailer() }, systemContext(), strategyId, {
        fiscalYear: 2024,
        deadline: soon(),
        remindDays: 5,
      });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.mail).toEqual({ configured: true, sent: 2, failed: [] });
      expect(inbox.map((m) => m.to.join(',')).sort()).toEqual([
        'kikaku@city.example.lg.jp',
        'shoko2@city.example.lg.jp,shoko@city.example.lg.jp',
      ]);
      for (const m of inbox) {
        expect(m.from).toBe('sousei@city.example.lg.jp');
        expect(m.subject).toContain('【照会】');
        expect(m.subject).toContain(soon());
      }
      const shoko = inbox.find((m) => m.to.includes('shoko@city.example.lg.jp'))!;
      expect(shoko.text).toContain('商工観光課');
      expect(shoko.text).toContain('創業塾の修了者数');
      expect(shoko.text).not.toContain('転入者数');
    });

    it('a reminder lists only each department’s missing items, once', async () => {
      // 商工観光課 enters k1 (shared with 企画政策課): left are k3 for one and k2 for the other.
      const entered = await putActual(t.db, person('shoko'), ref.get('k1')!, 2024, { raw: '1,590件' });
      expect(entered.ok).toBe(true);
      const r = await sendReminders({ db: t.db, mailer: mailer() }, systemContext(), {});
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.reminded).toHaveLength(2);
      expect(r.value.mail.sent).toBe(2);
      const byTo = Object.fromEntries(inbox.map((m) => [m.to.join(','), m]));
      const shoko = byTo['shoko2@city.example.lg.jp,shoko@city.example.lg.jp']!;
      const kikaku = byTo['kikaku@city.example.lg.jp']!;
      expect(Object.keys(byTo)).toHaveLength(2);
      expect(shoko.subject).toContain('【督促】');
      expect(shoko.subject).toContain('未入力 1件');
      expect(shoko.text).toContain('創業塾の修了者数');
      expect(shoko.text).not.toContain('新規求人数');
      expect(shoko.text).not.toContain('転入者数');
      expect(kikaku.text).toContain('転入者数');
      expect(kikaku.text).not.toContain('新規求人数');
      expect(kikaku.text).not.toContain('創業塾の修了者数');
      // The person without an address still has the notice in the app.
      const notices = await myNotices(t.db, person('nomail'));
      expect(notices.ok && notices.value.items.map((n) => n.kind)).toEqual(['reminder', 'opened']);
      expect(notices.ok && notices.value.items[0]?.body).toContain('転入者数');
      // Each department is reminded once per round.
      inbox.length = 0;
      const again = await sendReminders({ db: t.db, mailer: mailer() }, systemContext(), {});
      expect(again.ok && again.value.reminded).toEqual([]);
      expect(inbox).toEqual([]);
    });

    it('without a configured SMTP server nothing is sent; the notices still are', async () => {
      const r = await sendReminders({ db: t.db, mailer: null }, systemContext(), { force: true });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.mail).toEqual({ configured: false, sent: 0, failed: [] });
      expect(r.value.reminded).toHaveLength(2);
      expect(inbox).toEqual([]);
      const notices = await myNotices(t.db, person('shoko'));
      expect(notices.ok && notices.value.items.filter((n) => n.kind === 'reminder')).toHaveLength(2);
    });

    it('an unreachable SMTP server is reported, not thrown, and the reminder is still recorded', async () => {
      const dead = smtpMailer({
        host: '127.0.0.1',
        port: 1,
        secure: false,
        from: 'sousei@city.example.lg.jp',
      });
      const r = await sendReminders({ db: t.db, mailer: dead }, systemContext(), { force: true });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.mail.sent).toBe(0);
      expect(r.value.mail.failed).toHaveLength(2);
      expect(r.value.mail.failed[0]?.error).toMatch(/ECONNREFUSED|connect/i);
    });
  });
}
