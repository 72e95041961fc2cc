import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize, type Permission, type Scope } from '../services/access.ts';
import type { AuthError } from '../services/accounts/auth-errors.ts';
import type { RequestContext } from '../services/context.ts';
import type { AppError, Outcome } from '../services/errors.ts';
import { unsafeText, unsafeTextIssue, zodIssues } from '../services/validation.ts';
import { sendError } from './http-errors.ts';

/** A successful answer other than plain 200 JSON. */
export class Http<T = unknown> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Record<string, string> = {},
    /** `body` is already serialized JSON text. */
    readonly rawJson = false,
  ) {}
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
/**
 * What a handler may answer: with an answer schema, a value of the schema's type (the compiler
 * holds the services to their declared answers), also inside an `Http` (status, headers), or the
 * bytes of a file or of serialized JSON, whole or streamed.
 */
type AnswerOf<A> = A extends z.ZodType
  ? z.input<A> | Http<z.input<A> | string | Uint8Array | Readable | null | undefined>
  : unknown;

/** What a route's scope resolver is given. */
export interface ScopeInput {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  ctx: RequestContext;
}

/**
 * Who may call a route, checked centrally before the handler (every route must declare one; a
 * route without it is refused):
 * - `public`: anyone (health, setup, sign-in).
 * - `signedIn`: any signed-in person or token; the handler scopes by the context.
 * - `{ action, scope, fields }`: the permission on the object the request touches (scope resolved
 *   from params/body; null = not found, the handler answers 404), plus a permission per body field
 *   (field-level rules, e.g. an editor may change notes but not the name).
 */
export type RouteAccess =
  | 'public'
  | 'signedIn'
  | {
      action: Permission;
      scope: (input: ScopeInput) => Promise<Scope | null>;
      fields?: Record<string, Permission>;
    };

/** Marker in Fastify's route config: the central hook refuses routes without it. */
export interface SouseiRouteConfig {
  souseiAccess?: 'checked' | 'public';
}

/** The status of a redirect a route answers with (a `Location` header, no body). */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

/**
 * What a route answers when it succeeds, declared on every route (the compiler requires one of the
 * three; test/api/answers.test.ts walks the registered routes): in the OpenAPI document, and
 * checked against every answer while the tests run (`SOUSEI_CHECK_ANSWERS=1`, set by
 * vitest.config.ts).
 * - `answer`: the Zod schema of the JSON answer (2xx). Schemas live beside the routes in
 *   `routes/<name>.answers.ts` (Zod only: the web app takes its types from them).
 * - `files`: the media types of an answer that is a file or text (`text/csv`, XLSX, …); an answer
 *   of another type fails. With `answer` too when the route answers JSON in some cases.
 * - `redirect`: the route sends the browser elsewhere (the status; `Location` says where).
 */
export type AnswerDeclaration<A extends z.ZodType | undefined> =
  | { answer: A; files?: readonly string[]; redirect?: undefined }
  | { answer?: undefined; files: readonly string[]; redirect?: undefined }
  | { answer?: undefined; files?: undefined; redirect: RedirectStatus };

/** One route: its schemas (Zod, shared with the core) drive validation and the OpenAPI document. */
export type RouteSpec<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  A extends z.ZodType | undefined = undefined,
> = RouteBase<P, Q, B, A> & AnswerDeclaration<A>;

interface RouteBase<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  A extends z.ZodType | undefined,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The body is a file (bytes), not JSON. */
  binaryBody?: boolean;
  responses?: Record<number, string>;
  /** Access rule (required; see RouteAccess). */
  access: RouteAccess;
  /** Body size limit in bytes (default: the server's). */
  bodyLimit?: number;
  handler(input: {
    params: Infer<P>;
    query: Infer<Q>;
    body: Infer<B>;
    ctx: RequestContext;
    request: FastifyRequest;
    reply: FastifyReply;
  }): Promise<Outcome<AnswerOf<A>> | { ok: false; error: AuthError | AppError }>;
}

/** What the OpenAPI builder needs of each route. */
export interface RouteDoc {
  method: string;
  url: string;
  summary: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  binaryBody?: boolean;
  responses: Record<number, string>;
  answer?: z.ZodType;
  files?: readonly string[];
  redirect?: RedirectStatus;
  access: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

function validate(schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body') {
  if (!schema) return { ok: true as const, value: undefined };
  const unsafe = unsafeText(value, where === 'body' ? [] : [where]);
  if (unsafe) return { ok: false as const, issues: [unsafeTextIssue(unsafe)] };
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (r.success) return { ok: true as const, value: r.data };
  return { ok: false as const, issues: zodIssues(r.error, where === 'body' ? [] : [where]) };
}

/**
 * Registers a route: validates params, query and body with Zod (unknown fields rejected: the
 * schemas are strict), answers 400 with every field path and a Japanese and English message, calls
 * the handler, and maps its Outcome (error codes → HTTP in http-errors.ts).
 */
export function addRoute<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
  A extends z.ZodType | undefined = undefined,
>(app: FastifyInstance, docs: RouteDoc[], spec: RouteSpec<P, Q, B, A>): void {
  docs.push({
    method: spec.method,
    url: spec.url,
    summary: spec.summary,
    tag: spec.tag,
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.binaryBody ? { binaryBody: true } : {}),
    ...(spec.answer ? { answer: spec.answer } : {}),
    ...(spec.files ? { files: spec.files } : {}),
    ...(spec.redirect ? { redirect: spec.redirect } : {}),
    responses: spec.redirect
      ? { [spec.redirect]: '転送 / redirect', ...spec.responses }
      : { 200: 'OK', ...spec.responses },
    access: typeof spec.access === 'string' ? spec.access : spec.access.action,
  });
  const access = spec.access as RouteAccess | undefined;
  app.route({
    method: spec.method,
    url: spec.url,
    config: { souseiAccess: access === 'public' ? 'public' : 'checked' } satisfies SouseiRouteConfig,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    handler: async (request, reply) => {
      if (!access) return sendError(reply, UNPROTECTED);
      if (access !== 'public' && request.ctx.principal === 'anonymous')
        return sendError(reply, SIGN_IN_REQUIRED);
      const params = validate(spec.params, request.params, 'params');
      const query = validate(spec.query, request.query, 'query');
      const body = spec.binaryBody
        ? { ok: true as const, value: request.body }
        : validate(spec.body, request.body, 'body');
      const issues = [
        ...(params.ok ? [] : params.issues),
        ...(query.ok ? [] : query.issues),
        ...(body.ok ? [] : body.issues),
      ];
      if (issues.length)
        return sendError(reply, {
          code: 'INVALID_INPUT',
          message: `入力に誤りがあります: ${issues.map((i) => i.message).join('、')}`,
          messageEn: `Invalid input: ${issues.map((i) => i.messageEn).join('; ')}`,
          place: { field: issues[0]!.path },
          details: issues,
        });
      // A read may reuse what its access check read (services/context.ts: reads); a write never.
      const ctx = spec.method === 'GET' ? { ...request.ctx, reads: new Map() } : request.ctx;
      if (typeof access === 'object') {
        const denied = await check(access, {
          params: (params.value ?? {}) as Record<string, unknown>,
          query: (query.value ?? {}) as Record<string, unknown>,
          body: body.value,
          ctx,
        });
        if (denied) return sendError(reply, denied);
      }
      const out = await spec.handler({
        params: params.value as Infer<P>,
        query: query.value as Infer<Q>,
        body: body.value as Infer<B>,
        ctx,
        request,
        reply,
      });
      if (!out.ok) return sendError(reply, out.error);
      let v: unknown = out.value;
      if (checkAnswers())
        try {
          v = await checkAnswer(spec, v);
        } catch (err) {
          // The test's logger is usually quiet: the mismatch is printed where the failing test shows it.
          console.error(String(err));
          throw err;
        }
      if (v instanceof Http) {
        reply.code(v.status).headers(v.headers);
        if (v.rawJson) reply.type('application/json; charset=utf-8');
        return reply.send(v.body);
      }
      return reply.send(v);
    },
  });
}

const UNPROTECTED: AppError = {
  code: 'FORBIDDEN',
  message: 'この API には利用権限の定義がないため、利用できません',
  messageEn: 'This route declares no access rule and is refused',
  place: null,
};

export const SIGN_IN_REQUIRED: AuthError = {
  code: 'UNAUTHENTICATED',
  message: 'サインインしてください',
  messageEn: 'Sign in first',
  place: null,
};

/** The central check: the route's permission on the object, then on each body field sent. */
async function check(access: Exclude<RouteAccess, string>, input: ScopeInput): Promise<AppError | null> {
  const found = await access.scope(input);
  // Not found: a caller whose role has the permission at all gets the handler's 404; others 403.
  const scope = found ?? { municipalityId: input.ctx.municipalityId, departmentIds: input.ctx.departmentIds };
  const denied = authorize(input.ctx, access.action, scope);
  if (denied) return denied;
  if (access.fields && input.body && typeof input.body === 'object') {
    for (const key of Object.keys(input.body)) {
      const p = access.fields[key];
      if (!p) continue;
      const d = authorize(input.ctx, p, scope);
      if (d) return { ...d, place: { field: key } };
    }
  }
  return null;
}

/** Whether answers are checked against their schemas (the test suite sets SOUSEI_CHECK_ANSWERS=1). */
function checkAnswers(): boolean {
  return process.env.SOUSEI_CHECK_ANSWERS === '1';
}

/**
 * Throws (a 500, logged) when a successful answer does not match what the route declares: a JSON
 * answer is checked against the answer schema as it goes on the wire (serialized and read back),
 * a streamed one too (its pieces are read first, then sent as the same pieces: see
 * {@link readStreamed}); a file or text answer must be of one of the declared media types; a
 * redirect must be the declared one, with its `Location`, and only a route that declares it
 * redirects. Answers what to send (the answer itself, or a streamed one made again).
 */
async function checkAnswer(
  spec: {
    method: string;
    url: string;
    answer?: z.ZodType | undefined;
    files?: readonly string[] | undefined;
    redirect?: RedirectStatus | undefined;
  },
  v: unknown,
): Promise<unknown> {
  const where = `${spec.method} ${spec.url}`;
  const redirects = v instanceof Http && v.status >= 300 && v.status < 400 && v.status !== 304;
  if (spec.redirect || redirects) {
    if (!(v instanceof Http) || v.status !== spec.redirect)
      throw new Error(
        `${where}: answers ${v instanceof Http ? v.status : 200}, but declares ${spec.redirect ? `the redirect ${spec.redirect}` : 'no redirect'}`,
      );
    if (!v.headers.location) throw new Error(`${where}: redirects without a Location header`);
    return v;
  }
  let body: unknown = v;
  let send: unknown = v;
  if (v instanceof Http) {
    if (v.status < 200 || v.status > 299 || v.body == null) return v;
    const type = v.headers['content-type']?.split(';')[0]?.trim();
    if (type && type !== 'application/json') {
      if (!spec.files?.includes(type))
        throw new Error(`${where}: answers ${type}, which the route does not declare (files)`);
      return v;
    }
    if (!spec.answer) throw new Error(`${where}: answers JSON but declares no answer schema`);
    let bytes: Buffer | null = null;
    if (isStream(v.body)) {
      if (type !== 'application/json')
        throw new Error(`${where}: answers a stream without a media type (content-type)`);
      const read = await readStreamed(v.body as Readable);
      bytes = Buffer.concat(read.pieces);
      send = new Http(v.status, read.again(), v.headers, v.rawJson);
    } else if (v.rawJson || type === 'application/json')
      bytes = Buffer.isBuffer(v.body) ? v.body : Buffer.from(String(v.body));
    body = bytes
      ? parseJson(where, v.headers['content-encoding'] === 'gzip' ? gunzipSync(bytes) : bytes)
      : v.body;
  }
  if (!spec.answer) throw new Error(`${where}: answers JSON but declares no answer schema`);
  const r = spec.answer.safeParse(JSON.parse(JSON.stringify(body)));
  if (!r.success)
    throw new Error(`${where}: the answer does not match its declared schema: ${z.prettifyError(r.error)}`);
  return send;
}

const isStream = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';

function parseJson(where: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`${where}: answers JSON that does not parse: ${String(err)}`);
  }
}

/**
 * A streamed answer read to its end (only while answers are checked): its pieces, and a stream of
 * the same pieces to send instead, so the client still gets them one by one (chunked).
 */
async function readStreamed(stream: Readable): Promise<{ pieces: Buffer[]; again: () => Readable }> {
  const pieces: Buffer[] = [];
  for await (const piece of stream)
    pieces.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece as string | Uint8Array));
  return { pieces, again: () => Readable.from(pieces, { objectMode: false }) };
}

/** Pagination query shared by every list: offset and limit (1–500, default 50). */
export const pageQuery = z.strictObject({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** A list page as every list answers. */
export function page<T>(items: T[], total: number, offset: number, limit: number) {
  return { items, total, offset, limit };
}
