/**
 * The public site over HTTP and as the static export, on both databases: served without a
 * session, cacheable (ETag, 304, short max-age), only published years (every secret of the
 * fixture absent from every page and data file, the published texts present), the same files
 * from the server as from `exportPublicSite`, relative links only, withdrawal takes a year off.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { putActual } from '../../src/services/figures/observations.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { exportPublicSite } from '../../src/services/reports/public-site.ts';
import { withdrawFiscalYear } from '../../src/services/reports/publication.ts';
import { TEST_AUTH } from '../api/auth-helper.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { loadLeakWorld, PUBLISHED, SECRETS } from './fixture.ts';

const text = (body: string | Uint8Array) =>
  typeof body === 'string' ? body : Buffer.from(body).toString('utf8');

/** Every href/src of a page: none absolute, none to another host. */
function links(page: string): string[] {
  return [...page.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`public site on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let unpublished: string;
    let ids: Map<string, string>;
    let files: Map<string, { body: string | Uint8Array; type: string }>;

    beforeAll(async () => {
      t = await dialect.open();
      ({ strategyId, ids } = await loadLeakWorld(t.db));
      // A second strategy of the same city with nothing published: never on the site.
      const other = await importDocument(t.db, systemContext(), {
        ...smallDocument(),
        strategy: { id: 'x', name: '未公表の戦略' },
      });
      if (!other.ok) throw new Error(other.error.messageEn);
      unpublished = other.value.strategyId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      await app.ready();
      const r = await exportPublicSite(t.db);
      if (!r.ok) throw new Error(r.error.messageEn);
      files = r.value;
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('GET /public/ answers 200 without a session, Japanese HTML, cacheable, nothing loads from elsewhere', async () => {
      const res = await app.inject('/public/');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<html lang="ja">');
      expect(res.body).toContain('第2期 架空テスト市総合戦略');
      expect(res.body).not.toContain('未公表の戦略');
      expect(res.headers.etag).toMatch(/^".+"$/);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['content-security-policy']).not.toContain('script-src');
      const again = await app.inject({
        url: '/public/',
        headers: { 'if-none-match': res.headers.etag as string },
      });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect((await app.inject('/public')).statusCode).toBe(301);
    });

    it('the server answers every file of the static export with the same bytes', async () => {
      expect(files.size).toBeGreaterThan(10);
      for (const [path, file] of files) {
        const res = await app.inject(`/public/${path}`);
        expect(res.statusCode, path).toBe(200);
        expect(res.headers['content-type'], path).toBe(file.type);
        expect(
          res.rawPayload.equals(Buffer.from(typeof file.body === 'string' ? file.body : file.body)),
          path,
        ).toBe(true);
      }
    });

    it('no secret of the fixture is on any page or in any data file; the published texts are', () => {
      const all = [...files.values()].map((f) => text(f.body)).join('\n');
      for (const [what, secret] of Object.entries(SECRETS)) expect(all.includes(secret), what).toBe(false);
      for (const [what, shown] of Object.entries(PUBLISHED)) expect(all.includes(shown), what).toBe(true);
      // Field by field: each file on its own too (a secret split across files would not be a leak).
      for (const [path, f] of files)
        for (const secret of Object.values(SECRETS))
          expect(text(f.body).includes(secret), `${path}: ${secret}`).toBe(false);
    });

    it('the indicator page and its data show published years only, and the judgement of record without its reason', () => {
      const page = text(files.get(`s/${strategyId}/i/${ids.get('k1')}.html`)!.body);
      expect(page).toContain('令和3年度 (2021)');
      expect(page).not.toContain('令和4年度 (2022)</th>');
      expect(page).toContain(PUBLISHED.overrideLabel);
      expect(page).toContain('市が判断したもの');
      const csv = text(files.get(`s/${strategyId}/data/${ids.get('k1')}.csv`)!.body);
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      const rows = csv.slice(1).trim().split('\r\n');
      expect(rows[0]!.startsWith('全国地方公共団体コード,地方公共団体名,')).toBe(true);
      const actualYears = rows.filter((r) => r.includes(',実績値,')).map((r) => r.split(',')[17]);
      expect(actualYears).toEqual(['2020', '2021']);
      expect(rows[1]!.startsWith('999999,架空テスト市,')).toBe(true);
      const json = JSON.parse(text(files.get(`s/${strategyId}/data/${ids.get('k1')}.json`)!.body));
      expect(
        json.records
          .filter((r: Record<string, unknown>) => r['数値の種類'] === '実績値')
          .map((r: Record<string, unknown>) => r['年度']),
      ).toEqual([2020, 2021]);
      const meta = JSON.parse(text(files.get(`s/${strategyId}/data/metadata.json`)!.body));
      expect(meta).toMatchObject({ publishedFiscalYears: [2020, 2021], 全国地方公共団体コード: '999999' });
      expect(meta.nextExpectedRelease.fiscalYear).toBe(2022);
      expect(meta.indicators.find((i: { id: string }) => i.id === ids.get('k1'))).toMatchObject({
        unit: '件',
        definition: 'ハローワーク管内の新規求人数',
        source: ['商工観光課', '企画政策課'],
      });
    });

    it('every page: lang, a skip link to main, one h1, relative links that resolve inside the site', () => {
      const pages = [...files].filter(([p]) => p.endsWith('.html'));
      expect(pages.length).toBeGreaterThanOrEqual(8);
      for (const [path, f] of pages) {
        const page = text(f.body);
        expect(page, path).toContain('<html lang="ja">');
        expect(page, path).toContain('<a class="skip" href="#main">本文へ移動</a>');
        expect(page.match(/<h1>/g)?.length, path).toBe(1);
        expect(page, path).not.toMatch(/<script/i);
        for (const href of links(page)) {
          expect(href, `${path} → ${href}`).not.toMatch(/^(?:[a-z]+:|\/)/i);
          if (href.startsWith('#')) continue;
          const target = new URL(href, `http://site/${path}`).pathname.slice(1);
          expect(files.has(target), `${path} → ${href}`).toBe(true);
        }
      }
      const all = pages.map(([, f]) => text(f.body)).join('');
      expect(all).not.toMatch(/https?:\/\//);
    });

    it('strategies without a published year and unknown paths answer 404', async () => {
      expect((await app.inject('/public/s/nope/index.html')).statusCode).toBe(404);
      expect((await app.inject('/public/s/a%00b/index.html')).statusCode).toBe(404);
      expect((await app.inject('/public/nope.html')).statusCode).toBe(404);
      expect((await app.inject(`/public/s/${unpublished}/index.html`)).statusCode).toBe(404);
      expect((await app.inject(`/public/s/${unpublished}/data/strategy.csv`)).statusCode).toBe(404);
    });

    it('a correction after publication is marked 訂正 with its date; withdrawing a year takes it off at once', async () => {
      const k1 = ids.get('k1')!;
      const before = await app.inject(`/public/s/${strategyId}/i/${k1}.html`);
      const current = await t.db
        .selectFrom('observations')
        .select('version')
        .where('indicator_id', '=', k1)
        .where('fiscal_year', '=', 2021)
        .where('kind', '=', 'actual')
        .executeTakeFirstOrThrow();
      const put = await putActual(t.db, systemContext(), k1, 2021, {
        raw: '1,460件',
        version: current.version,
      });
      expect(put.ok).toBe(true);
      const after = await app.inject({
        url: `/public/s/${strategyId}/i/${k1}.html`,
        headers: { 'if-none-match': before.headers.etag as string },
      });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      expect(after.body).toContain('1,460件');
      expect(after.body).toMatch(/訂正 \(\d{4}-\d{2}-\d{2}\)/);
      const w = await withdrawFiscalYear(t.db, systemContext(), strategyId, 2021, '再集計');
      expect(w.ok).toBe(true);
      const gone = await app.inject(`/public/s/${strategyId}/i/${k1}.html`);
      expect(gone.body).not.toContain('1,460件');
      expect(gone.body).not.toContain(PUBLISHED.commentary2021);
      expect(gone.body).not.toContain(PUBLISHED.opinion2021);
      const csv = await app.inject(`/public/s/${strategyId}/data/strategy.csv`);
      expect(csv.body).not.toContain('1,460件');
    });
  });
}
