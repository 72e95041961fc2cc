/**
 * An indicator's read routes send no query twice in one request: the rows the route's access check
 * read (the indicator, its municipality, its answerable departments) are what its service uses,
 * and the page costs a fixed number of queries whatever the strategy's size. Both databases.
 */
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

/** Records every query (its compiled tree as JSON, parameters included) sent through the instance. */
class CaptureQueries implements KyselyPlugin {
  readonly queries: string[] = [];
  transformQuery(args: PluginTransformQueryArgs) {
    this.queries.push(JSON.stringify(args.node));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

/** The small fixture with `n` more indicators under its first measure (each with a department). */
function documentWith(n: number, code: string) {
  const doc = smallDocument();
  const first = doc.indicators[0]!;
  const extra = Array.from({ length: n }, (_, k) => ({ ...first, id: `extra-${k}`, name: `追加指標${k}` }));
  return {
    ...doc,
    municipality: { name: `架空数え市${code}`, code },
    indicators: [...doc.indicators, ...extra],
  };
}

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`an indicator's read routes on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    const capture = new CaptureQueries();
    const clients: Client[] = [];
    const indicatorIds: string[] = [];

    beforeAll(async () => {
      t = await dialect.open();
      app = buildServer({ db: t.db.withPlugin(capture), auth: TEST_AUTH });
      await app.ready();
      for (const [n, code] of [
        [0, '999801'],
        [120, '999802'],
      ] as const) {
        const r = await importDocument(t.db, systemContext(), documentWith(n, code));
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        const first = await t.db
          .selectFrom('indicators')
          .select('id')
          .where('strategy_id', '=', r.value.strategyId)
          .orderBy('position')
          .executeTakeFirstOrThrow();
        indicatorIds.push(first.id);
        clients.push(
          await signedInClient(app, t.db, { role: 'viewer', municipalityId: r.value.municipalityId }),
        );
      }
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    for (const [label, path] of [
      ['detail', (i: string) => `/api/indicators/${i}`],
      ['evaluation', (i: string) => `/api/indicators/${i}/evaluation`],
      ['history', (i: string) => `/api/indicators/${i}/history`],
      ['figure versions', (i: string) => `/api/indicators/${i}/figure-versions`],
    ] as const) {
      it(`${label}: no query twice in a request, and as many queries for 1 indicator as for 121`, async () => {
        const counts: number[] = [];
        for (const [k, client] of clients.entries()) {
          const url = path(indicatorIds[k]!);
          expect((await client.inject(url)).statusCode).toBe(200); // warm the caches
          capture.queries.length = 0;
          const res = await client.inject(url);
          expect(res.statusCode, res.body).toBe(200);
          const repeated = capture.queries.filter((q, i) => capture.queries.indexOf(q) !== i);
          expect(repeated, url).toEqual([]);
          counts.push(capture.queries.length);
        }
        expect(counts[0]).toBeGreaterThan(0);
        expect(counts[1]).toBe(counts[0]);
      });
    }
  });
}
