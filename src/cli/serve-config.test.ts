import { describe, expect, it } from 'vitest';
import { serveConfig } from './serve-config.ts';

describe('serveConfig', () => {
  it('defaults: loopback, port 3000, no proxy trusted, info logs, metrics on', () => {
    expect(serveConfig({}, {})).toEqual({
      ok: true,
      value: {
        port: 3000,
        host: '127.0.0.1',
        trustProxy: false,
        secureCookies: false,
        logLevel: 'info',
        metrics: true,
      },
    });
  });

  it('reads the environment; flags win over it', () => {
    const r = serveConfig(
      {
        SOUSEI_PORT: '8080',
        SOUSEI_HOST: '0.0.0.0',
        SOUSEI_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        SOUSEI_SECURE_COOKIES: 'yes',
        SOUSEI_LOG_LEVEL: 'WARN',
        SOUSEI_METRICS: 'off',
      },
      { port: '9000' },
    );
    expect(r).toEqual({
      ok: true,
      value: {
        port: 9000,
        host: '0.0.0.0',
        trustProxy: ['10.0.0.0/8', '127.0.0.1'],
        secureCookies: true,
        logLevel: 'warn',
        metrics: false,
      },
    });
    expect(serveConfig({ SOUSEI_TRUST_PROXY: '2' }, {})).toMatchObject({ value: { trustProxy: 2 } });
    expect(serveConfig({ SOUSEI_TRUST_PROXY: 'true' }, {})).toMatchObject({ value: { trustProxy: true } });
    expect(serveConfig({ PORT: '4000' }, {})).toMatchObject({ value: { port: 4000 } });
  });

  it('reports every bad value at once, naming the variable or flag', () => {
    const r = serveConfig(
      { SOUSEI_SECURE_COOKIES: 'maybe', SOUSEI_LOG_LEVEL: 'loud', SOUSEI_TRUST_PROXY: 'proxy.example' },
      { port: '70000' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(4);
    expect(r.errors[0]).toMatch(/^--port=70000/);
    expect(r.errors.join('\n')).toMatch(/SOUSEI_SECURE_COOKIES=maybe/);
    expect(r.errors.join('\n')).toMatch(/SOUSEI_LOG_LEVEL=loud/);
    expect(r.errors.join('\n')).toMatch(/SOUSEI_TRUST_PROXY=proxy\.example/);
  });
});
