/**
 * The world of the reporting-round API tests: a strategy imported into a fresh database, the ids
 * of its indicators by ref, its 商工観光課 and 企画政策課, a server, and a planner with an editor of
 * each of the two departments, signed in.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import type { DialectCase, TestDb } from '../store/dialects.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

export interface RoundsWorld {
  t: TestDb;
  app: FastifyInstance;
  strategyId: string;
  ref: Map<string, string>;
  shoko: string;
  kikaku: string;
  planner: Client;
  shokoEditor: Client;
  kikakuEditor: Client;
}

export async function openRoundsWorld(
  dialect: DialectCase,
  document: Parameters<typeof importDocument>[2],
): Promise<RoundsWorld> {
  const t = await dialect.open();
  const r = await importDocument(t.db, systemContext(), document);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const ref = new Map<string, string>();
  for (const row of await t.db.selectFrom('indicators').select(['id', 'ref']).execute())
    ref.set(row.ref!, row.id);
  const { municipalityId } = r.value;
  const dept = async (name: string) =>
    (
      await t.db
        .selectFrom('departments')
        .select('id')
        .where('municipality_id', '=', municipalityId)
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
  const shoko = await dept('商工観光課');
  const kikaku = await dept('企画政策課');
  const app = buildServer({ db: t.db, auth: TEST_AUTH });
  await app.ready();
  const editorOf = (department: string) =>
    signedInClient(app, t.db, { role: 'editor', municipalityId, departmentIds: [department] });
  return {
    t,
    app,
    strategyId: r.value.strategyId,
    ref,
    shoko,
    kikaku,
    planner: await signedInClient(app, t.db, { role: 'planner', municipalityId }),
    shokoEditor: await editorOf(shoko),
    kikakuEditor: await editorOf(kikaku),
  };
}
