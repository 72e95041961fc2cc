/**
 * Answer schemas: every route that declares one has it in the OpenAPI document, and every real
 * answer of the API test suite is checked against it (SOUSEI_CHECK_ANSWERS=1, set by
 * vitest.config.ts: a mismatch answers 500 and fails the test that made the request). Here: that
 * the check is on, that it refuses a wrong answer, and what the document says.
 */
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installErrorHandling } from '../../src/api/http-errors.ts';
import { openApiDocument } from '../../src/api/openapi.ts';
import { addRoute, Http, type RouteDoc } from '../../src/api/route.ts';
import { buildServer } from '../../src/api/server.ts';
import { systemContext } from '../../src/services/context.ts';
import { ok } from '../../src/services/errors.ts';
import { importDocument } from '../../src/services/import/import-document.ts';
import { REPORT_KINDS } from '../../src/services/reports/report-render.ts';
import { DIALECTS, dialectsToRun, type TestDb } from '../store/dialects.ts';
import { smallDocument } from '../store/fixtures.ts';
import { type Client, signedInClient, TEST_AUTH } from './auth-helper.ts';

interface Response {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, unknown>;
}

/** What an operation of the OpenAPI document declares it answers on success, or null for nothing. */
function declaredKind(responses: Record<string, Response>): 'json' | 'files' | 'redirect' | null {
  const ok = Object.entries(responses).filter(([code]) => /^2/.test(code));
  if (ok.some(([, r]) => r.content?.['application/json']?.schema)) return 'json';
  if (ok.some(([, r]) => Object.keys(r.content ?? {}).some((type) => type !== 'application/json')))
    return 'files';
  if (Object.entries(responses).some(([code, r]) => /^3/.test(code) && r.headers?.Location))
    return 'redirect';
  return null;
}

/**
 * A bare server with the project's error handling and a system caller, on which a test declares
 * public GET routes answering fixed values: `add(url, declaration, value)`.
 */
function syntheticServer() {
  const app = Fastify();
  installErrorHandling(app);
  app.decorateRequest('ctx', null as never);
  app.addHook('onRequest', async (request) => {
    request.ctx = systemContext();
  });
  const docs: RouteDoc[] = [];
  const add = (url: string, declared: Record<string, unknown>, value: () => unknown) =>
    addRoute(app, docs, {
      method: 'GET',
      url,
      access: 'public',
      tag: 'test',
      summary: 'test',
      ...(declared as { redirect: 303 }),
      handler: async () => ok(value() as never),
    });
  return { app, add };
}

describe('answers are checked against their schemas', () => {
  it('is on in the test suite', () => {
    expect(process.env.SOUSEI_CHECK_ANSWERS).toBe('1');
  });

  it('refuses an answer that does not match, and lets a matching one through', async () => {
    const { app, add } = syntheticServer();
    const answer = z.strictObject({ n: z.number().int() });
    for (const [url, value] of [
      ['/right', { n: 1 }],
      ['/wrong-type', { n: 'one' }],
      ['/extra-field', { n: 1, secret: 'x' }],
      ['/created-wrong', new Http(201, { n: 1.5 })],
    ] as const)
      add(url, { answer }, () => value);
    const status = async (url: string) => (await app.inject({ url })).statusCode;
    expect(await status('/right')).toBe(200);
    expect(await status('/wrong-type')).toBe(500);
    expect(await status('/extra-field')).toBe(500);
    expect(await status('/created-wrong')).toBe(500);
    await app.close();
  });
  it('holds a redirect to its declaration, and a file to its declared types', async () => {
    const { app, add } = syntheticServer();
    const to = (status: number, headers: Record<string, string> = { location: '/' }) =>
      new Http(status, '', headers);
    const csv = new Http(200, 'a,b\n', { 'content-type': 'text/csv; charset=utf-8' });
    for (const [url, declared, value] of [
      ['/redirects', { redirect: 303 }, to(303)],
      ['/redirects-otherwise', { redirect: 303 }, to(302)],
      ['/redirects-nowhere', { redirect: 303 }, to(303, {})],
      ['/answers-instead', { redirect: 303 }, { n: 1 }],
      ['/json-redirects', { answer: z.strictObject({ n: z.number() }) }, to(303)],
      ['/csv', { files: ['text/csv'] }, csv],
      ['/csv-undeclared', { files: ['text/html'] }, csv],
      ['/json-of-files-route', { files: ['text/csv'] }, { n: 1 }],
    ] as const)
      add(url, declared as { redirect: 303 }, () => value);
    const status = async (url: string) => (await app.inject({ url })).statusCode;
    expect(await status('/redirects')).toBe(303);
    expect(await status('/redirects-otherwise')).toBe(500);
    expect(await status('/redirects-nowhere')).toBe(500);
    expect(await status('/answers-instead')).toBe(500);
    expect(await status('/json-redirects')).toBe(500);
    expect(await status('/csv')).toBe(200);
    expect(await status('/csv-undeclared')).toBe(500);
    expect(await status('/json-of-files-route')).toBe(500);
    await app.close();
  });

  it('reads a streamed JSON answer and holds it to the schema, sending the same pieces', async () => {
    const { app, add } = syntheticServer();
    const json = { 'content-type': 'application/json; charset=utf-8' };
    // Each answer in two pieces, as a document renderer writes it.
    const streamed = (text: string, headers: Record<string, string> = json) =>
      new Http(200, Readable.from([text.slice(0, 4), text.slice(4)].map((x) => Buffer.from(x))), headers);
    for (const [url, value] of [
      ['/right', () => streamed('{"n": 1}')],
      ['/wrong-type', () => streamed('{"n": "one"}')],
      ['/extra-field', () => streamed('{"n": 1, "secret": "x"}')],
      ['/not-json', () => streamed('{"n": 1')],
      ['/untyped', () => streamed('{"n": 1}', {})],
      ['/csv', () => streamed('n\r\n"one"\r\n', { 'content-type': 'text/csv; charset=utf-8' })],
    ] as const)
      add(url, { answer: z.strictObject({ n: z.number().int() }), files: ['text/csv'] }, value);
    const right = await app.inject({ url: '/right' });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({ n: 1 });
    expect(right.headers['transfer-encoding']).toBe('chunked');
    for (const url of ['/wrong-type', '/extra-field', '/not-json', '/untyped'])
      expect((await app.inject({ url })).statusCode, url).toBe(500);
    const csv = await app.inject({ url: '/csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe('n\r\n"one"\r\n');
    await app.close();
  });
});

describe('the OpenAPI document carries the answer schemas', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await DIALECTS[0]!.open();
  });
  afterAll(async () => {
    await t.close();
  });

  it('has the schema of each declared answer under its 200 response', async () => {
    const app = buildServer({ db: t.db, auth: TEST_AUTH });
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          { responses: Record<string, { content: Record<string, { schema?: Record<string, unknown> }> }> }
        >
      >;
    };
    await app.close();
    const schemaOf = (path: string, method: string) =>
      doc.paths[path]?.[method]?.responses['200']?.content['application/json']?.schema as
        | { properties?: Record<string, unknown>; required?: string[] }
        | undefined;
    const strategy = schemaOf('/api/strategies/{id}', 'get');
    expect(Object.keys(strategy?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'name', 'period', 'timeline', 'state', 'version']),
    );
    expect(strategy?.required).toContain('timeline');
    expect(Object.keys(schemaOf('/api/municipalities', 'get')?.properties ?? {})).toEqual([
      'items',
      'total',
      'offset',
      'limit',
    ]);
    // The evaluation of an indicator: the core's result described field by field, strictly.
    const evaluation = schemaOf('/api/indicators/{id}/evaluation', 'get') as {
      required?: string[];
      additionalProperties?: unknown;
      properties?: Record<string, { required?: string[]; additionalProperties?: unknown }>;
    };
    expect(evaluation.required).toEqual(
      expect.arrayContaining([
        'status',
        'computed',
        'override',
        'metrics',
        'explanation',
        'scheme',
        'overrides',
      ]),
    );
    expect(evaluation.additionalProperties).toBe(false);
    expect(evaluation.properties?.explanation?.required).toEqual(
      expect.arrayContaining(['baseline', 'target', 'actual', 'rule', 'metricReasons', 'notes', 'text']),
    );
    expect(evaluation.properties?.explanation?.additionalProperties).toBe(false);
    const withAnswers = Object.values(doc.paths)
      .flatMap((ops) => Object.values(ops))
      .filter((op) => op.responses['200']?.content['application/json']?.schema);
    console.info(`[answers] ${withAnswers.length} operations declare their answer schema`);
    expect(withAnswers.length).toBeGreaterThanOrEqual(6);
  });

  it('every registered route declares its answer: a JSON schema, file types or a redirect', async () => {
    const app = buildServer({ db: t.db, auth: TEST_AUTH });
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
    };
    await app.close();
    const undeclared: string[] = [];
    const kinds = { json: 0, files: 0, redirect: 0 };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const kind = declaredKind(op.responses);
        if (kind) kinds[kind]++;
        else undeclared.push(`${method.toUpperCase()} ${path}`);
      }
    console.info(
      `[answers] ${kinds.json} routes answer a JSON schema, ${kinds.files} files only, ${kinds.redirect} a redirect`,
    );
    expect(undeclared).toEqual([]);
    expect(kinds.json).toBeGreaterThanOrEqual(90);
    expect(kinds.redirect).toBe(2);
  });

  it('tells a route that declares nothing from one that declares each kind', () => {
    const op = (r: Partial<RouteDoc>) => {
      const paths = openApiDocument([
        {
          method: 'GET',
          url: '/x',
          summary: 's',
          tag: 't',
          responses: { 200: 'OK' },
          access: 'public',
          ...r,
        },
      ]).paths as Record<string, Record<string, { responses: Record<string, Response> }>>;
      return declaredKind(paths['/x']!.get!.responses);
    };
    expect(op({})).toBeNull();
    expect(op({ answer: z.strictObject({ a: z.string() }) })).toBe('json');
    expect(op({ files: ['text/csv'] })).toBe('files');
    expect(op({ responses: { 303: 'to the provider' }, redirect: 303 })).toBe('redirect');
    // A 303 listed among the responses without being declared is no redirect answer.
    expect(op({ responses: { 200: 'OK', 303: 'elsewhere' } })).toBeNull();
  });

  it('documents the same document the route builder is given', () => {
    const docs: RouteDoc[] = [
      {
        method: 'GET',
        url: '/x',
        summary: 's',
        tag: 't',
        responses: { 200: 'OK', 404: 'not found' },
        answer: z.strictObject({ a: z.string() }),
        access: 'public',
      },
    ];
    const op = (
      openApiDocument(docs).paths as Record<
        string,
        Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>
      >
    )['/x']!.get!;
    expect(op.responses['200']!.content['application/json']).toMatchObject({
      schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
    });
    // An error answers the one error body.
    expect(op.responses['404']!.content['application/json']).toMatchObject({
      schema: { type: 'object', properties: { error: { type: 'object' } }, required: ['error'] },
    });
  });
});

for (const { dialect, skip } of await dialectsToRun()) {
  describe.skipIf(skip)(`documents as JSON, streamed, are held to their schema on ${dialect.name}`, () => {
    let t: TestDb;
    let app: FastifyInstance;
    let strategyId: string;
    let planner: Client;
    beforeAll(async () => {
      t = await dialect.open();
      const r = await importDocument(t.db, systemContext(), smallDocument());
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      strategyId = r.value.strategyId;
      app = buildServer({ db: t.db, auth: TEST_AUTH });
      planner = await signedInClient(app, t.db, { role: 'planner', municipalityId: r.value.municipalityId });
    });
    afterAll(async () => {
      await app?.close();
      await t?.cleanup();
    });

    it('answers every committee document and the open data as JSON that matches (checked while read)', async () => {
      for (const kind of REPORT_KINDS.filter((k) => k !== 'entry-workbook')) {
        const res = await planner.inject(
          `/api/strategies/${strategyId}/reports/${kind}?format=json&date=2025-04-01`,
        );
        expect(res.statusCode, kind).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const body = res.json() as { kind?: string; format?: string };
        expect(kind === 'open-data' ? body.format : body.kind, kind).toBe(
          kind === 'open-data' ? 'sousei-open-data' : kind,
        );
      }
    });
  });
}
