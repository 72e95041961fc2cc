/**
 * Settings of `sousei serve`, from its flags and the environment (flags win). Every setting, its
 * variable and its default are listed in docs/operations.md. Bad values are reported all at once,
 * each naming the variable or flag and what it accepts.
 *
 * Example: `serveConfig({ SOUSEI_TRUST_PROXY: '1', SOUSEI_SECURE_COOKIES: 'true' }, {})` →
 * `{ ok: true, value: { port: 3000, host: '127.0.0.1', trustProxy: 1, secureCookies: true, logLevel: 'info', ... } }`.
 */
export interface ServeConfig {
  port: number;
  host: string;
  /**
   * Fastify's trustProxy: false (default), true (trust every hop), a hop count, or a list of
   * addresses/CIDRs of the reverse proxies (e.g. `127.0.0.1,10.0.0.0/8`).
   */
  trustProxy: boolean | number | string[];
  /** Mark session cookies Secure even when the proxy's X-Forwarded-Proto is not trusted. */
  secureCookies: boolean;
  logLevel: string;
  /** Serve /api/metrics (Prometheus text) to administrators and API tokens. */
  metrics: boolean;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export type ServeConfigOutcome = { ok: true; value: ServeConfig } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

function bool(name: string, raw: string | undefined, fallback: boolean, errors: string[]): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  errors.push(`${name}=${raw}: true/false (1/0, yes/no, on/off) のいずれかです / must be true or false`);
  return fallback;
}

/** Reads the settings; `flags` are the parsed command-line options (undefined when not given). */
export function serveConfig(env: Env, flags: { port?: string; host?: string }): ServeConfigOutcome {
  const errors: string[] = [];
  const portText = flags.port ?? env.SOUSEI_PORT ?? env.PORT ?? '3000';
  const portName =
    flags.port !== undefined ? '--port' : env.SOUSEI_PORT !== undefined ? 'SOUSEI_PORT' : 'PORT';
  const port = Number(portText);
  if (!/^\d+$/.test(portText.trim()) || port > 65535)
    errors.push(`${portName}=${portText}: 0〜65535 の整数です / must be an integer 0..65535`);
  const host = (flags.host ?? env.SOUSEI_HOST ?? '127.0.0.1').trim() || '127.0.0.1';

  let trustProxy: ServeConfig['trustProxy'] = false;
  const tp = env.SOUSEI_TRUST_PROXY?.trim();
  if (tp) {
    if (/^\d+$/.test(tp)) trustProxy = Number(tp);
    else if (/^(true|false|yes|no|on|off)$/i.test(tp))
      trustProxy = bool('SOUSEI_TRUST_PROXY', tp, false, errors);
    else {
      const list = tp
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = list.filter((a) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(a));
      if (bad.length)
        errors.push(
          `SOUSEI_TRUST_PROXY=${tp}: true/false、段数 (1 など)、またはプロキシのアドレス/CIDR のカンマ区切りです (読めない値: ${bad.join(', ')}) / must be true/false, a hop count, or proxy addresses/CIDRs separated by commas`,
        );
      else trustProxy = list;
    }
  }
  const secureCookies = bool('SOUSEI_SECURE_COOKIES', env.SOUSEI_SECURE_COOKIES, false, errors);
  const metrics = bool('SOUSEI_METRICS', env.SOUSEI_METRICS, true, errors);
  const logLevel = (env.SOUSEI_LOG_LEVEL ?? 'info').trim().toLowerCase() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    errors.push(
      `SOUSEI_LOG_LEVEL=${env.SOUSEI_LOG_LEVEL}: ${LOG_LEVELS.join('/')} のいずれかです / must be one of ${LOG_LEVELS.join(', ')}`,
    );
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { port, host, trustProxy, secureCookies, logLevel, metrics } };
}
