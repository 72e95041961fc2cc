import { describe, expect, it } from 'vitest';
import { maskUrl, parseSettingsFile, readSettings, serveConfig, unsafeCombinations } from './serve-config.ts';

describe('serveConfig', () => {
  it('defaults: loopback, port 3000, no proxy trusted, info logs, metrics on, no backup, no mail', () => {
    expect(serveConfig({}, {})).toEqual({
      ok: true,
      value: {
        port: 3000,
        host: '127.0.0.1',
        trustProxy: false,
        secureCookies: false,
        logLevel: 'info',
        metrics: true,
        publicUrl: null,
        databaseUrl: null,
        dbFile: './data/sousei.db',
        demo: true,
        sessionIdleMinutes: 30,
        sessionMaxHours: 12,
        uploadLimitMb: 20,
        backup: { dir: null, time: '02:30', keep: 14 },
        smtpUrl: null,
        mailFrom: null,
        ldap: null,
        directoryMap: null,
        oidc: null,
        oidcMap: null,
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
    expect(r).toMatchObject({
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

  it('checks the newer settings and names each bad one', () => {
    const r = readSettings(
      {
        SOUSEI_BACKUP_TIME: '25:00',
        SOUSEI_BACKUP_KEEP: '0',
        SOUSEI_SESSION_IDLE_MINUTES: 'ten',
        SOUSEI_UPLOAD_LIMIT_MB: '5000',
        SOUSEI_SMTP_URL: 'http://mail.example',
        DATABASE_URL: 'mysql://u:secret@db/x',
        SOUSEI_MAIL_FROM: 'not an address',
      },
      {},
    );
    expect(r.errors.map((e) => e.split('=')[0])).toEqual([
      'DATABASE_URL',
      'SOUSEI_SESSION_IDLE_MINUTES',
      'SOUSEI_UPLOAD_LIMIT_MB',
      'SOUSEI_BACKUP_TIME',
      'SOUSEI_BACKUP_KEEP',
      'SOUSEI_SMTP_URL',
      'SOUSEI_MAIL_FROM',
    ]);
    expect(r.errors.join('\n')).not.toContain('secret');
  });
});

describe('settings file and sources', () => {
  it('reads NAME=value lines; flags beat the environment, the environment beats the file', () => {
    const file = parseSettingsFile(
      '# comment\nSOUSEI_PORT=7000\nexport SOUSEI_HOST="0.0.0.0"\nSOUSEI_LOG_LEVEL=debug\n\nSOUSEI_BACKUP_DIR=/var/backups/sousei\n',
      'sousei.env',
    );
    expect(file.errors).toEqual([]);
    const r = readSettings({ SOUSEI_LOG_LEVEL: 'warn' }, { host: '127.0.0.1' }, file.values);
    expect(r.value).toMatchObject({
      port: 7000,
      host: '127.0.0.1',
      logLevel: 'warn',
      backup: { dir: '/var/backups/sousei' },
    });
    const source = Object.fromEntries(r.lines.map((l) => [l.name, l.source]));
    expect(source).toMatchObject({
      SOUSEI_PORT: 'file',
      '--host': 'flag',
      SOUSEI_LOG_LEVEL: 'environment',
      SOUSEI_BACKUP_DIR: 'file',
      SOUSEI_METRICS: 'default',
    });
  });

  it('names the file and line of a line it cannot read', () => {
    expect(
      parseSettingsFile('SOUSEI_PORT=1\nthis is not a setting\n', '/etc/sousei/sousei.env').errors,
    ).toEqual([expect.stringMatching(/^\/etc\/sousei\/sousei\.env:2: /)]);
  });

  it('masks passwords in what it prints', () => {
    const r = readSettings(
      { DATABASE_URL: 'postgres://sousei:pa55@db:5432/sousei', SOUSEI_SMTP_URL: 'smtp://u:mailpw@mail:587' },
      {},
    );
    const printed = r.lines.map((l) => l.value).join('\n');
    expect(printed).not.toMatch(/pa55|mailpw/);
    expect(printed).toContain('postgres://sousei:****@db:5432/sousei');
    expect(maskUrl('smtp://u:x@h')).toBe('smtp://u:****@h');
  });
});

describe('unsafeCombinations', () => {
  const base = serveConfig({}, {});
  if (!base.ok) throw new Error('defaults must parse');
  it('refuses demo accounts reachable from the network, only off loopback', () => {
    expect(unsafeCombinations(base.value, true)).toEqual([]);
    expect(unsafeCombinations({ ...base.value, host: '0.0.0.0' }, true)).toEqual([
      expect.stringContaining('--no-demo'),
    ]);
    expect(unsafeCombinations({ ...base.value, host: '0.0.0.0' }, false)).toEqual([]);
  });
  it('refuses an https address whose cookies would lack Secure, and mail without a sender', () => {
    const https = { ...base.value, publicUrl: 'https://sousei.example.lg.jp' };
    expect(unsafeCombinations(https, false)).toEqual([expect.stringContaining('SOUSEI_SECURE_COOKIES')]);
    expect(unsafeCombinations({ ...https, secureCookies: true }, false)).toEqual([]);
    expect(unsafeCombinations({ ...https, trustProxy: ['127.0.0.1'] }, false)).toEqual([]);
    expect(unsafeCombinations({ ...base.value, smtpUrl: 'smtp://mail:25' }, false)).toEqual([
      expect.stringContaining('SOUSEI_MAIL_FROM'),
    ]);
  });
});
