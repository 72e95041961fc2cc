import type { ApiErrorBody } from './types.ts';

/** An API answer: the value, or the error body (stable code, messages, place, current state). */
export type ApiResult<T> =
  | { ok: true; status: number; value: T }
  | { ok: false; status: number; error: ApiErrorBody };

let csrfToken: string | null = null;

/** Remembers the CSRF token from sign-in or /api/auth/me; sent as X-CSRF-Token on writes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Calls the API on the same origin (cookies included). JSON bodies are encoded; a Blob/ArrayBuffer
 * goes as application/octet-stream. Never throws for HTTP errors: a network failure becomes
 * code NETWORK.
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    headers['content-type'] = 'application/octet-stream';
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    return {
      ok: false,
      status: 0,
      error: {
        code: 'NETWORK',
        message: 'サーバーに接続できません',
        messageEn: 'Cannot reach the server',
      },
    };
  }
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (response.ok) return { ok: true, status: response.status, value: json as T };
  const error = (json as { error?: ApiErrorBody } | null)?.error ?? {
    code: `HTTP_${response.status}`,
    message: `エラー (${response.status})`,
    messageEn: `Error (${response.status})`,
  };
  return { ok: false, status: response.status, error };
}

/** GET with query parameters (undefined ones left out). */
export function query(path: string, params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
