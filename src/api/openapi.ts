import { z } from 'zod';
import { apiErrorAnswer } from './answers.ts';
import type { RouteDoc } from './route.ts';

const toSchema = (s: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;

const errorSchema = toSchema(apiErrorAnswer, 'output');

/**
 * What a response carries: a 2xx the declared answer (JSON schema and/or file types), a redirect
 * its Location, an error the error body.
 */
function responseOf(r: RouteDoc, code: string, description: string): Record<string, unknown> {
  if (/^[45]/.test(code)) return { description, content: { 'application/json': { schema: errorSchema } } };
  if (/^3/.test(code))
    return Number(code) === r.redirect
      ? {
          description,
          headers: {
            Location: { description: '行き先 / where to go', required: true, schema: { type: 'string' } },
          },
        }
      : { description };
  if (code === '204') return { description };
  return {
    description,
    content: {
      ...(r.answer ? { 'application/json': { schema: toSchema(r.answer, 'output') } } : {}),
      ...Object.fromEntries(
        (r.files ?? []).map((type) => [
          type,
          { schema: type.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' } },
        ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of every registered route, built from the same Zod schemas that validate. */
export function openApiDocument(routes: readonly RouteDoc[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {}))
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: s,
        });
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters,
      responses: Object.fromEntries(
        Object.entries({
          ...r.responses,
          400: '入力の誤り / invalid input',
          500: '内部エラー / internal error',
        }).map(([code, d]) => [code, responseOf(r, code, d)]),
      ),
    };
    if (r.binaryBody)
      op.requestBody = {
        required: true,
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      };
    else if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(r.body) } } };
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sousei API',
      version: '0.1.0',
      description:
        '地方版総合戦略の進捗管理 API。エラーは { error: { code, message (日本語), messageEn, place, details } }。' +
        ' 更新は version を指定し、古い版なら 409 と現在の状態を返します。',
    },
    paths,
  };
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A browsable reference rendered from the OpenAPI document: plain HTML, no script, no outside request. */
export function docsHtml(doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<
    string,
    Record<
      string,
      {
        summary: string;
        tags: string[];
        parameters: { name: string; in: string; required: boolean; schema: unknown }[];
        requestBody?: { content: Record<string, { schema?: unknown }> };
      }
    >
  >;
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(paths))
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> (${p.in}${p.required ? ', 必須' : ''}) <code>${esc(JSON.stringify(p.schema))}</code></li>`,
        )
        .join('');
      const body = op.requestBody
        ? Object.entries(op.requestBody.content)
            .map(
              ([type, c]) =>
                `<p>本文 / body: <code>${esc(type)}</code></p>${c.schema ? `<pre>${esc(JSON.stringify(c.schema, null, 2))}</pre>` : ''}`,
            )
            .join('')
        : '';
      const html = `<section><h3><span class="m">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3><p>${esc(op.summary)}</p>${params ? `<ul>${params}</ul>` : ''}${body}</section>`;
      const tag = op.tags[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  const info = doc.info as { title: string; description: string };
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
section{border-top:1px solid #ccc;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-weight:bold}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}code{font-size:.95em}</style></head><body>
<h1>${esc(info.title)}</h1><p>${esc(info.description)}</p><p><a href="/api/openapi.json">OpenAPI (JSON)</a></p>
<nav><ul>${[...byTag.keys()].map((t) => `<li><a href="#${esc(t)}">${esc(t)}</a></li>`).join('')}</ul></nav>
${[...byTag.entries()].map(([t, list]) => `<h2 id="${esc(t)}">${esc(t)}</h2>${list.join('')}`).join('\n')}
</body></html>`;
}
