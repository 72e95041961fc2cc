/**
 * The main read routes touch only the strategy asked for: every SELECT they send to PostgreSQL is
 * explained with sequential scans disabled, and none may still scan a table that grows with the
 * number of municipalities (a sequential scan left under `enable_seqscan = off` means no index
 * can serve that access). Runs only where PostgreSQL is reachable (required in CI).
 */
import type { FastifyInstance } from 'fastify';
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresQueryCompiler,
} from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { TreeCache } from '../../src/services/strategy/tree.ts';
import { needs } from '../optional.ts';
import { DIALECTS, PG_URL, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

/** Tables whose size grows with every municipality: never read whole by a per-strategy route. */
const GROWING = new Set([
  'municipalities',
  'departments',
  'department_names',
  'users',
  'user_departments',
  'status_schemes',
  'strategies',
  'projects',
  'narratives',
  'tag_sets',
  'tags',
  'taggings',
  'department_links',
  'indicators',
  'observations',
  'figure_versions',
  'commentary',
  'evaluation_overrides',
  'reporting_rounds',
  'imports',
  'audit_log',
  'opinions',
  'sessions',
]);

/** Records the SQL of every SELECT that goes through the instance it is plugged into. */
class CaptureSelects implements KyselyPlugin {
  readonly queries: { sql: string; parameters: readonly unknown[] }[] = [];
  private readonly compiler = new PostgresQueryCompiler();
  transformQuery(args: PluginTransformQueryArgs) {
    if (args.node.kind === 'SelectQueryNode') {
      const c = this.compiler.compileQuery(args.node, args.queryId);
      this.queries.push({ sql: c.sql, parameters: c.parameters });
    }
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/**
 * Whole-table reads in a plan made with sequential scans disabled: a sequential scan the planner
 * could not avoid, or an index walked from end to end (an index scan without an index condition,
 * which is what the planner picks instead of a forbidden sequential scan).
 */
function fullScans(node: PlanNode, out: string[] = []): string[] {
  const type = node['Node Type'];
  if (type === 'Seq Scan' && node['Relation Name']) out.push(`${node['Relation Name']} (sequential scan)`);
  if ((type === 'Index Scan' || type === 'Index Only Scan') && !node['Index Cond'] && node['Relation Name'])
    out.push(`${node['Relation Name']} (whole index ${node['Index Name']})`);
  if (type === 'Bitmap Index Scan' && !node['Index Cond']) out.push(`(whole index ${node['Index Name']})`);
  for (const child of node.Plans ?? []) fullScans(child, out);
  return out;
}

const postgres = DIALECTS.find((d) => d.name === 'postgres')!;
const available = await postgres.available();
needs(`PostgreSQL at ${PG_URL}`, available, 'start it; the query-plan tests run on PostgreSQL only');

describe.skipIf(!available)('read routes on PostgreSQL read no growing table whole', () => {
  let t: TestDb;
  let app: FastifyInstance;
  let viewer: Client;
  let explain: pg.Client;
  const capture = new CaptureSelects();
  let strategyId: string;
  let indicatorId: string;

  beforeAll(async () => {
    t = await postgres.open();
    // Two municipalities, so that "this strategy" and "everything" differ.
    const first = await importDocument(t.db, systemContext(), smallDocument());
    const second = await importDocument(t.db, systemContext(), {
      ...smallDocument(),
      municipality: { name: '架空第二市', code: '999998' },
    });
    if (!first.ok || !second.ok) throw new Error('import failed');
    strategyId = first.value.strategyId;
    indicatorId = (
      await t.db
        .selectFrom('indicators')
        .select('id')
        .where('strategy_id', '=', strategyId)
        .where('ref', '=', 'k1')
        .executeTakeFirstOrThrow()
    ).id;
    app = buildServer({ db: t.db.withPlugin(capture), auth: TEST_AUTH, treeCache: new TreeCache(0) });
    await app.ready();
    viewer = await signedInClient(app, t.db, { role: 'viewer', municipalityId: first.value.municipalityId });
    const schema = 'postgres' in t.config ? t.config.postgres.schema : undefined;
    explain = new pg.Client({ connectionString: PG_URL });
    await explain.connect();
    await explain.query(`set search_path to ${schema}`);
    await explain.query('set enable_seqscan = off');
  });
  afterAll(async () => {
    await explain?.end();
    await app?.close();
    await t?.cleanup();
  });

  for (const route of [
    (s: string) => `/api/strategies/${s}/tree`,
    (s: string) => `/api/strategies/${s}/summary`,
    (s: string) => `/api/strategies/${s}/indicators`,
    (_s: string, i: string) => `/api/indicators/${i}`,
    (_s: string, i: string) => `/api/indicators/${i}/evaluation`,
    (_s: string, i: string) => `/api/indicators/${i}/history`,
    (_s: string, i: string) => `/api/indicators/${i}/figure-versions`,
  ]) {
    const label = route(':id', ':id');
    it(`${label}: reads no growing table whole`, async () => {
      capture.queries.length = 0;
      const res = await viewer.inject(route(strategyId, indicatorId));
      expect(res.statusCode, res.body).toBe(200);
      expect(capture.queries.length).toBeGreaterThan(0);
      const offending: string[] = [];
      for (const q of capture.queries) {
        const plan = await explain.query(`explain (format json) ${q.sql}`, q.parameters as unknown[]);
        const root = (plan.rows[0] as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0]!.Plan;
        for (const scan of fullScans(root))
          if (GROWING.has(scan.split(' ')[0]!) || scan.startsWith('(')) offending.push(`${scan}: ${q.sql}`);
      }
      expect(offending).toEqual([]);
    });
  }
});
