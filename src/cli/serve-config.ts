/**
 * Settings of `sousei serve`: one table of every setting, read from the command-line flags, the
 * environment and an optional settings file (`SOUSEI_CONFIG=FILE` or `--config FILE`, lines of
 * `NAME=value` as in a systemd EnvironmentFile), in that order of precedence, with defaults.
 * docs/operations.md lists the same table. Bad values are reported all at once, each naming the
 * variable, flag or file line and what it accepts; `unsafeCombinations` names settings that must not
 * go together on a city's network (`sousei config check` and `sousei serve` refuse them).
 *
 * Example: `serveConfig({ SOUSEI_TRUST_PROXY: '1', SOUSEI_SECURE_COOKIES: 'true' }, {})` →
 * `{ ok: true, value: { port: 3000, host: '127.0.0.1', trustProxy: 1, secureCookies: true, ... } }`.
 */
import { AD_USER_FILTER, type LdapSettings } from '../services/accounts/directory-settings.ts';
import { type OidcSettings, oidcRedirectUri } from '../services/accounts/oidc-settings.ts';

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
  /** The address users reach the app at (`https://sousei.city.example.lg.jp`): links in e-mails. */
  publicUrl: string | null;
  /** PostgreSQL connection (`postgres://...`); null = the embedded SQLite file. */
  databaseUrl: string | null;
  /** The SQLite file when `databaseUrl` is null. */
  dbFile: string;
  /** Load the fictional demo municipality and its accounts into a new database. */
  demo: boolean;
  /** A session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** A session ends this many hours after sign-in, whatever happens. */
  sessionMaxHours: number;
  /** Largest accepted upload (imports, entry workbooks, restores), in MiB. */
  uploadLimitMb: number;
  /** Scheduled backups inside the server: folder (null = none), local time HH:MM, how many kept. */
  backup: { dir: string | null; time: string; keep: number };
  /** Outgoing mail (reminders): `smtp://user:pass@host:587` or `smtps://...`; null = no mail. */
  smtpUrl: string | null;
  /** Sender address of outgoing mail. */
  mailFrom: string | null;
  /** Sign-in through the city's LDAP / Active Directory; null = local accounts only. */
  ldap: LdapSettings | null;
  /** The JSON file mapping directory groups to roles and departments (with `ldap`). */
  directoryMap: string | null;
  /** Sign-in through the city's OpenID Connect provider (SSO); null = none. */
  oidc: OidcSettings | null;
  /** The JSON file mapping the provider's groups/roles claims to roles and departments (with `oidc`). */
  oidcMap: string | null;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export type ServeConfigOutcome = { ok: true; value: ServeConfig } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

/** Where a setting's value came from (shown by `sousei config check`). */
export type SettingSource = 'flag' | 'environment' | 'file' | 'default';

/** One setting as `sousei config check` prints it. */
export interface SettingLine {
  name: string;
  value: string;
  source: SettingSource;
}

/** Flags of `sousei serve` that name a setting. */
export interface ServeFlags {
  port?: string;
  host?: string;
  db?: string;
  demo?: boolean;
}

interface Raw {
  text: string | undefined;
  name: string;
  source: SettingSource;
}

/** Reads a settings file's text (`NAME=value` lines, `#` comments, optional quotes, `export`). */
export function parseSettingsFile(text: string, file: string): { values: Env; errors: string[] } {
  const values: Env = {};
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(t);
    if (!m) {
      errors.push(
        `${file}:${i + 1}: 「NAME=値」の形ではありません / not a NAME=value line: ${t.slice(0, 60)}`,
      );
      return;
    }
    let v = m[2]!;
    if (/^(["']).*\1$/.test(v)) v = v.slice(1, -1);
    values[m[1]!] = v;
  });
  return { values, errors };
}

function bool(raw: Raw, fallback: boolean, errors: string[]): boolean {
  if (raw.text === undefined || raw.text.trim() === '') return fallback;
  const v = raw.text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  errors.push(
    `${raw.name}=${raw.text}: true/false (1/0, yes/no, on/off) のいずれかです / must be true or false`,
  );
  return fallback;
}

function int(raw: Raw, fallback: number, min: number, max: number, errors: string[]): number {
  if (raw.text === undefined || raw.text.trim() === '') return fallback;
  const n = Number(raw.text.trim());
  if (!/^\d+$/.test(raw.text.trim()) || n < min || n > max) {
    errors.push(`${raw.name}=${raw.text}: ${min}〜${max} の整数です / must be an integer ${min}..${max}`);
    return fallback;
  }
  return n;
}

/** A URL setting: null when unset; the protocols it accepts. */
function url(raw: Raw, protocols: string[], errors: string[]): string | null {
  const t = raw.text?.trim();
  if (!t) return null;
  try {
    const u = new URL(t);
    if (protocols.includes(u.protocol)) return t;
  } catch {
    // reported below
  }
  errors.push(
    `${raw.name}=${maskUrl(t)}: ${protocols.map((p) => `${p}//...`).join(' か ')} の URL です / must be a ${protocols.join(' or ')} URL`,
  );
  return null;
}

/** A URL with its password replaced by `****` (for printing). */
export function maskUrl(text: string): string {
  try {
    const u = new URL(text);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return text.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:****@');
  }
}

/**
 * Reads the settings; `flags` are the parsed command-line options (undefined when not given),
 * `file` the values of the settings file when one is used. Flags win over the environment, the
 * environment over the file.
 */
export function serveConfig(env: Env, flags: ServeFlags, file: Env = {}): ServeConfigOutcome {
  const read = readSettings(env, flags, file);
  return read.errors.length ? { ok: false, errors: read.errors } : { ok: true, value: read.value };
}

/** Reading the settings: where each comes from (flag, environment, file, default), as shown, and what is wrong. */
interface Reading {
  flags: ServeFlags;
  pick(names: string[], flag?: { name: string; value: string | undefined }): Raw;
  note(raw: Raw, shown: string, secret?: boolean): void;
  errors: string[];
}

/** The settings with, for each, where it came from (for `sousei config check`). */
export function readSettings(
  env: Env,
  flags: ServeFlags,
  file: Env = {},
): { value: ServeConfig; errors: string[]; lines: SettingLine[] } {
  const errors: string[] = [];
  const lines: SettingLine[] = [];
  const r: Reading = {
    flags,
    errors,
    pick(names, flag) {
      if (flag && flag.value !== undefined) return { text: flag.value, name: flag.name, source: 'flag' };
      for (const n of names)
        if (env[n] !== undefined) return { text: env[n], name: n, source: 'environment' };
      for (const n of names) if (file[n] !== undefined) return { text: file[n], name: n, source: 'file' };
      return { text: undefined, name: names[0]!, source: 'default' };
    },
    note(raw, shown, secret = false) {
      lines.push({ name: raw.name, value: secret ? maskUrl(shown) : shown, source: raw.source });
    },
  };
  // The readers in the order `sousei config check` lists the settings.
  const listening = readListening(r);
  const storage = readStorage(r);
  const limits = readLimits(r);
  const backup = readBackup(r);
  const mail = readMail(r);
  const ldap = readLdap(r);
  const oidcRead = readOidc(r.pick, r.note, storage.publicUrl, errors);
  return {
    value: {
      ...listening,
      ...storage,
      ...limits,
      backup,
      ...mail,
      ...ldap,
      oidc: oidcRead.oidc,
      oidcMap: oidcRead.map,
    },
    errors,
    lines,
  };
}

/** Where the server listens, whom it trusts, what it logs. */
function readListening({ flags, pick, note, errors }: Reading) {
  const portRaw = pick(['SOUSEI_PORT', 'PORT'], { name: '--port', value: flags.port });
  const port = int({ ...portRaw, text: portRaw.text ?? '3000' }, 3000, 0, 65535, errors);
  note(portRaw, String(port));
  const hostRaw = pick(['SOUSEI_HOST'], { name: '--host', value: flags.host });
  const host = hostRaw.text?.trim() || '127.0.0.1';
  note(hostRaw, host);
  const tpRaw = pick(['SOUSEI_TRUST_PROXY']);
  const trustProxy = readTrustProxy(tpRaw, errors);
  note(tpRaw, Array.isArray(trustProxy) ? trustProxy.join(',') : String(trustProxy));
  const scRaw = pick(['SOUSEI_SECURE_COOKIES']);
  const secureCookies = bool(scRaw, false, errors);
  note(scRaw, String(secureCookies));
  const llRaw = pick(['SOUSEI_LOG_LEVEL']);
  const logLevel = (llRaw.text ?? 'info').trim().toLowerCase() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    errors.push(
      `${llRaw.name}=${llRaw.text}: ${LOG_LEVELS.join('/')} のいずれかです / must be one of ${LOG_LEVELS.join(', ')}`,
    );
  note(llRaw, logLevel);
  const mRaw = pick(['SOUSEI_METRICS']);
  const metrics = bool(mRaw, true, errors);
  note(mRaw, String(metrics));
  return { port, host, trustProxy, secureCookies, logLevel, metrics };
}

/** SOUSEI_TRUST_PROXY: true/false, a hop count, or the proxies' addresses/CIDRs. */
function readTrustProxy(tpRaw: Raw, errors: string[]): ServeConfig['trustProxy'] {
  const tp = tpRaw.text?.trim();
  if (!tp) return false;
  if (/^\d+$/.test(tp)) return Number(tp);
  if (/^(true|false|yes|no|on|off)$/i.test(tp)) return bool(tpRaw, false, errors);
  const list = tp
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((a) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(a));
  if (!bad.length) return list;
  errors.push(
    `${tpRaw.name}=${tp}: true/false、段数 (1 など)、またはプロキシのアドレス/CIDR のカンマ区切りです (読めない値: ${bad.join(', ')}) / must be true/false, a hop count, or proxy addresses/CIDRs separated by commas`,
  );
  return false;
}

/** The public address, the database and whether a new one gets the demo. */
function readStorage({ flags, pick, note, errors }: Reading) {
  const puRaw = pick(['SOUSEI_PUBLIC_URL']);
  const publicUrl = url(puRaw, ['http:', 'https:'], errors);
  note(puRaw, publicUrl ?? '(なし / none)');
  const dbRaw = pick(['DATABASE_URL']);
  const databaseUrl = url(dbRaw, ['postgres:', 'postgresql:'], errors);
  note(dbRaw, databaseUrl ?? '(なし: 組み込み SQLite / none: embedded SQLite)', true);
  const fileRaw = pick(['SOUSEI_DB'], { name: '--db', value: flags.db });
  const dbFile = fileRaw.text?.trim() || './data/sousei.db';
  note(fileRaw, databaseUrl ? `${dbFile} (DATABASE_URL があるので使わない / unused)` : dbFile);
  const demoRaw = pick(['SOUSEI_DEMO'], {
    name: '--no-demo',
    value: flags.demo === false ? 'false' : undefined,
  });
  const demo = bool(demoRaw, true, errors);
  note(demoRaw, String(demo));
  return { publicUrl, databaseUrl, dbFile, demo };
}

/** How long sessions last and how large an upload may be. */
function readLimits({ pick, note, errors }: Reading) {
  const idleRaw = pick(['SOUSEI_SESSION_IDLE_MINUTES']);
  const sessionIdleMinutes = int(idleRaw, 30, 1, 24 * 60, errors);
  note(idleRaw, String(sessionIdleMinutes));
  const maxRaw = pick(['SOUSEI_SESSION_MAX_HOURS']);
  const sessionMaxHours = int(maxRaw, 12, 1, 24 * 30, errors);
  note(maxRaw, String(sessionMaxHours));
  const upRaw = pick(['SOUSEI_UPLOAD_LIMIT_MB']);
  const uploadLimitMb = int(upRaw, 20, 1, 1024, errors);
  note(upRaw, String(uploadLimitMb));
  return { sessionIdleMinutes, sessionMaxHours, uploadLimitMb };
}

/** Scheduled backups: the folder (none: no backups), the time of day, how many are kept. */
function readBackup({ pick, note, errors }: Reading): ServeConfig['backup'] {
  const bdRaw = pick(['SOUSEI_BACKUP_DIR']);
  const backupDir = bdRaw.text?.trim() || null;
  note(bdRaw, backupDir ?? '(なし: 定時バックアップしない / none: no scheduled backup)');
  const btRaw = pick(['SOUSEI_BACKUP_TIME']);
  const backupTime = btRaw.text?.trim() || '02:30';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(backupTime))
    errors.push(`${btRaw.name}=${btRaw.text}: HH:MM (24 時間制、例 02:30) です / must be HH:MM (24-hour)`);
  note(btRaw, backupTime);
  const bkRaw = pick(['SOUSEI_BACKUP_KEEP']);
  const backupKeep = int(bkRaw, 14, 1, 3650, errors);
  note(bkRaw, String(backupKeep));
  return { dir: backupDir, time: backupTime, keep: backupKeep };
}

/** Outgoing mail: the SMTP server and the sender. */
function readMail({ pick, note, errors }: Reading) {
  const smRaw = pick(['SOUSEI_SMTP_URL']);
  const smtpUrl = url(smRaw, ['smtp:', 'smtps:'], errors);
  note(smRaw, smtpUrl ?? '(なし: メールを送らない / none: no e-mail)', true);
  const mfRaw = pick(['SOUSEI_MAIL_FROM']);
  const mailFrom = mfRaw.text?.trim() || null;
  if (mailFrom && !/^[^\s@<>]+@[^\s@<>]+$/.test(mailFrom))
    errors.push(`${mfRaw.name}=${mailFrom}: メールアドレスです / must be an e-mail address`);
  note(mfRaw, mailFrom ?? '(なし / none)');
  return { smtpUrl, mailFrom };
}

/** Sign-in through LDAP / Active Directory: the server, the search and the mapping file. */
function readLdap({ pick, note, errors }: Reading): {
  ldap: LdapSettings | null;
  directoryMap: string | null;
} {
  const luRaw = pick(['SOUSEI_LDAP_URL']);
  const ldapUrl = url(luRaw, ['ldap:', 'ldaps:'], errors);
  note(luRaw, ldapUrl ?? '(なし: ローカルのアカウントのみ / none: local accounts only)');
  if (!ldapUrl) return { ldap: null, directoryMap: null };
  const text = (names: string[]) => {
    const raw = pick(names);
    return { raw, value: raw.text?.trim() || null };
  };
  const bindDn = text(['SOUSEI_LDAP_BIND_DN']);
  const bindPassword = text(['SOUSEI_LDAP_BIND_PASSWORD']);
  const baseDn = text(['SOUSEI_LDAP_BASE_DN']);
  const filter = text(['SOUSEI_LDAP_USER_FILTER']);
  const loginAttribute = text(['SOUSEI_LDAP_LOGIN_ATTRIBUTE']);
  const groupBase = text(['SOUSEI_LDAP_GROUP_BASE_DN']);
  const mapFile = text(['SOUSEI_DIRECTORY_MAP']);
  note(bindDn.raw, bindDn.value ?? '(匿名検索 / anonymous search)');
  note(bindPassword.raw, bindPassword.value ? '****' : '(なし / none)');
  note(baseDn.raw, baseDn.value ?? '(なし / none)');
  note(filter.raw, filter.value ?? AD_USER_FILTER);
  note(loginAttribute.raw, loginAttribute.value ?? 'sAMAccountName');
  note(groupBase.raw, groupBase.value ?? '(なし: memberOf のみ / none: memberOf only)');
  note(mapFile.raw, mapFile.value ?? '(なし / none)');
  if (!baseDn.value)
    errors.push(
      'SOUSEI_LDAP_BASE_DN: SOUSEI_LDAP_URL があるときは必須です (利用者を探す DN) / required with SOUSEI_LDAP_URL',
    );
  if (!mapFile.value)
    errors.push(
      'SOUSEI_DIRECTORY_MAP: SOUSEI_LDAP_URL があるときは必須です (グループと権限・担当課の対応表 JSON) / required with SOUSEI_LDAP_URL: the group-to-role mapping file',
    );
  const userFilter = filter.value ?? AD_USER_FILTER;
  if (!userFilter.includes('{user}'))
    errors.push(
      `${filter.raw.name}=${userFilter}: {user} (入力された利用者名) を含めてください / must contain {user}`,
    );
  if (bindDn.value && !bindPassword.value)
    errors.push(
      'SOUSEI_LDAP_BIND_PASSWORD: SOUSEI_LDAP_BIND_DN があるときは必須です / required with SOUSEI_LDAP_BIND_DN',
    );
  const ldap: LdapSettings = {
    url: ldapUrl,
    bindDn: bindDn.value,
    bindPassword: bindPassword.value,
    baseDn: baseDn.value ?? '',
    userFilter,
    loginAttribute: loginAttribute.value ?? 'sAMAccountName',
    groupBaseDn: groupBase.value,
    timeoutMs: 5000,
  };
  return { ldap, directoryMap: mapFile.value };
}

/**
 * The OIDC settings: the issuer (https, or http for a provider on this machine only), the client,
 * scopes, claims and the mapping file; the redirect URI is derived from SOUSEI_PUBLIC_URL.
 */
function readOidc(
  pick: (names: string[]) => Raw,
  note: (raw: Raw, shown: string, secret?: boolean) => void,
  publicUrl: string | null,
  errors: string[],
): { oidc: OidcSettings | null; map: string | null } {
  const issuerRaw = pick(['SOUSEI_OIDC_ISSUER']);
  const issuer = url(issuerRaw, ['https:', 'http:'], errors);
  note(issuerRaw, issuer ?? '(なし: OIDC でのサインインなし / none: no OIDC sign-in)');
  if (!issuer) return { oidc: null, map: null };
  const text = (name: string) => {
    const raw = pick([name]);
    return { raw, value: raw.text?.trim() || null };
  };
  const clientId = text('SOUSEI_OIDC_CLIENT_ID');
  const clientSecret = text('SOUSEI_OIDC_CLIENT_SECRET');
  const scopes = text('SOUSEI_OIDC_SCOPES');
  const usernameClaim = text('SOUSEI_OIDC_USERNAME_CLAIM');
  const groupsClaim = text('SOUSEI_OIDC_GROUPS_CLAIM');
  const mapFile = text('SOUSEI_OIDC_MAP');
  const scopeList = (scopes.value ?? 'openid profile email').split(/[\s,]+/).filter(Boolean);
  const groupsClaims = (groupsClaim.value ?? 'groups').split(/[\s,]+/).filter(Boolean);
  const redirectUri = publicUrl ? oidcRedirectUri(publicUrl) : null;
  note(clientId.raw, clientId.value ?? '(なし / none)');
  note(clientSecret.raw, clientSecret.value ? '****' : '(なし: 公開クライアント / none: public client)');
  note(scopes.raw, scopeList.join(' '));
  note(usernameClaim.raw, usernameClaim.value ?? 'preferred_username');
  note(groupsClaim.raw, groupsClaims.join(','));
  note(mapFile.raw, mapFile.value ?? '(なし / none)');
  const u = new URL(issuer);
  if (u.protocol === 'http:' && !isLoopback(u.hostname))
    errors.push(
      `${issuerRaw.name}=${issuer}: 暗号化されない http:// はこのマシン上のプロバイダ (127.0.0.1 など) にだけ使えます。https:// の URL にしてください / http:// is accepted only for a provider on this machine: use https://`,
    );
  if (u.search || u.hash)
    errors.push(
      `${issuerRaw.name}=${issuer}: issuer に ? や # は付けません (プロバイダの「issuer」の値そのもの) / must be the provider's issuer exactly, without ? or #`,
    );
  if (!clientId.value)
    errors.push(
      'SOUSEI_OIDC_CLIENT_ID: SOUSEI_OIDC_ISSUER があるときは必須です (プロバイダに登録したクライアント ID) / required with SOUSEI_OIDC_ISSUER: the client id registered at the provider',
    );
  if (!publicUrl)
    errors.push(
      'SOUSEI_PUBLIC_URL: SOUSEI_OIDC_ISSUER があるときは必須です (戻り先 URL をここから作ります: <SOUSEI_PUBLIC_URL>/api/auth/oidc/callback) / required with SOUSEI_OIDC_ISSUER: the redirect URI is derived from it',
    );
  if (!scopeList.includes('openid'))
    errors.push(`${scopes.raw.name}=${scopes.raw.text}: openid を含めてください / must include openid`);
  if (!mapFile.value)
    errors.push(
      'SOUSEI_OIDC_MAP: SOUSEI_OIDC_ISSUER があるときは必須です (グループ・ロールと権限・担当課の対応表 JSON) / required with SOUSEI_OIDC_ISSUER: the group-to-role mapping file',
    );
  if (groupsClaims.length === 0)
    errors.push(`${groupsClaim.raw.name}: クレーム名を 1 つ以上 / name at least one claim`);
  return {
    oidc: {
      issuer,
      clientId: clientId.value ?? '',
      clientSecret: clientSecret.value,
      scopes: scopeList,
      redirectUri: redirectUri ?? '',
      usernameClaim: usernameClaim.value ?? 'preferred_username',
      groupsClaims,
      timeoutMs: 10_000,
    },
    map: mapFile.value,
  };
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/i.test(host.trim());
}

/**
 * Settings that must not go together (each a message naming them and the fix). `demoAccounts`:
 * whether the database holds usable demo accounts (or will, when the demo is loaded into it).
 */
export function unsafeCombinations(config: ServeConfig, demoAccounts: boolean): string[] {
  const problems: string[] = [];
  if (demoAccounts && !isLoopback(config.host))
    problems.push(
      `デモ用アカウント (公開パスワード) が有効なまま ${config.host} で待ち受けようとしています。--no-demo (SOUSEI_DEMO=false) で新しいデータベースを作るか、demo-* アカウントを無効にしてください / demo accounts with their published password would be reachable on ${config.host}: start with --no-demo on a new database or disable the demo-* accounts`,
    );
  const https = config.publicUrl?.startsWith('https:') ?? false;
  if (https && !config.secureCookies && config.trustProxy === false)
    problems.push(
      'SOUSEI_PUBLIC_URL が https ですが、Cookie に Secure が付きません。SOUSEI_SECURE_COOKIES=true にするか、SOUSEI_TRUST_PROXY でプロキシを信頼してください / the public address is https but session cookies would lack Secure: set SOUSEI_SECURE_COOKIES=true or trust the TLS proxy with SOUSEI_TRUST_PROXY',
    );
  if (config.mailFrom === null && config.smtpUrl !== null)
    problems.push(
      'SOUSEI_SMTP_URL がありますが SOUSEI_MAIL_FROM (差出人) がありません / SOUSEI_SMTP_URL is set without SOUSEI_MAIL_FROM (the sender address)',
    );
  return problems;
}
