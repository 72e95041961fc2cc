/**
 * SSO sign-in against a real OpenID Connect provider started by the test (`oidc-provider`, in this
 * process, on a loopback address): the authorization code flow with PKCE, state and nonce, driven
 * through the real redirects, once by fetch with a cookie jar and once by chromium from the sign-in
 * page's 「組織のアカウントでサインイン」 button. A user of a mapped group signs in with the mapped
 * role and departments (created at the first sign-in, updated at the next); a user of no mapped
 * group, a user disabled in Sousei and a local account's name are refused with their own message;
 * a tampered or replayed state, and a callback without the browser's binding cookie, are refused;
 * the local administrator still signs in with the password.
 *
 * The provider listens on 127.0.0.2 when this machine accepts it (any 127.x address is loopback on
 * Linux), so that the browser treats it as another site than Sousei on 127.0.0.1, as a city's
 * provider would be; elsewhere on 127.0.0.1.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Provider from 'oidc-provider';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/api/server.ts';
import { WEB_DIST } from '../../src/api/static.ts';
import { main } from '../../src/cli/main.ts';
import { readSettings } from '../../src/cli/serve-config.ts';
import type { DirectoryMap } from '../../src/services/accounts/directory.ts';
import { issuerOnlyFetch, oidcRelyingParty, profileOfClaims } from '../../src/services/accounts/oidc.ts';
import type { OidcSettings } from '../../src/services/accounts/oidc-settings.ts';
import { systemContext } from '../../src/services/context.ts';
import { loadDemo } from '../../src/services/ops/demo.ts';
import { openDb } from '../../src/store/db.ts';
import { listDepartments } from '../../src/store/departments.ts';
import { signedInClient, TEST_AUTH } from '../api/auth-helper.ts';
import { CHROMIUM, chromiumPresent } from '../optional.ts';
import { axeViolations, CHROMIUM_ARGS } from '../web/harness.ts';

describe('OIDC settings and claims', () => {
  const base = {
    SOUSEI_OIDC_ISSUER: 'https://sso.city.example/realms/staff',
    SOUSEI_OIDC_CLIENT_ID: 'sousei',
    SOUSEI_OIDC_CLIENT_SECRET: 'very-secret-value',
    SOUSEI_OIDC_MAP: 'oidc-map.json',
    SOUSEI_PUBLIC_URL: 'https://sousei.city.example/',
  };
  it('derives the redirect URI from SOUSEI_PUBLIC_URL and masks the client secret', () => {
    const r = readSettings(base, {});
    expect(r.errors).toEqual([]);
    expect(r.value.oidc).toMatchObject({
      issuer: base.SOUSEI_OIDC_ISSUER,
      clientId: 'sousei',
      clientSecret: 'very-secret-value',
      scopes: ['openid', 'profile', 'email'],
      redirectUri: 'https://sousei.city.example/api/auth/oidc/callback',
      usernameClaim: 'preferred_username',
      groupsClaims: ['groups'],
    });
    const printed = JSON.stringify(r.lines);
    expect(printed).not.toContain('very-secret-value');
    expect(r.lines.find((l) => l.name === 'SOUSEI_OIDC_CLIENT_SECRET')?.value).toBe('****');
    expect(readSettings({}, {}).value.oidc).toBeNull();
  });
  it('refuses a plain-http issuer on the network, a missing client id, public address or map, scopes without openid', () => {
    const r = readSettings(
      {
        SOUSEI_OIDC_ISSUER: 'http://sso.city.example',
        SOUSEI_OIDC_SCOPES: 'profile email',
      },
      {},
    );
    const text = r.errors.join('\n');
    expect(text).toContain('SOUSEI_OIDC_ISSUER=http://sso.city.example');
    expect(text).toContain('SOUSEI_OIDC_CLIENT_ID');
    expect(text).toContain('SOUSEI_PUBLIC_URL');
    expect(text).toContain('SOUSEI_OIDC_MAP');
    expect(text).toContain('openid');
    expect(readSettings({ ...base, SOUSEI_OIDC_ISSUER: 'http://127.0.0.1:8080' }, {}).errors).toEqual([]);
  });
  it('`sousei config check` prints the OIDC settings, the secret masked, and the redirect URI to register', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sousei-oidc-'));
    try {
      const mapFile = join(dir, 'oidc-map.json');
      writeFileSync(
        mapFile,
        JSON.stringify({ municipality: '999999', groups: [{ group: 'sousei-planners', role: 'planner' }] }),
      );
      const file = join(dir, 'sousei.env');
      writeFileSync(
        file,
        Object.entries({ ...base, SOUSEI_OIDC_MAP: mapFile, SOUSEI_SECURE_COOKIES: 'true' })
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
      let stdout = '';
      let stderr = '';
      const out = new PassThrough().on('data', (d) => {
        stdout += d;
      });
      const err = new PassThrough().on('data', (d) => {
        stderr += d;
      });
      const code = await main(
        ['config', 'check', '--config', file, '--db', join(dir, 'new.db'), '--no-demo'],
        { stdin: new PassThrough(), stdout: out, stderr: err },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/SOUSEI_OIDC_CLIENT_SECRET\s+\*\*\*\*/);
      expect(stdout).not.toContain('very-secret-value');
      expect(stdout).toContain('https://sousei.city.example/api/auth/oidc/callback');
      expect(stdout).toMatch(/OIDC map: 1 /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('takes the user name, groups and roles from the configured claims', () => {
    const settings = { usernameClaim: 'upn', groupsClaims: ['groups', 'roles'] };
    expect(
      profileOfClaims(settings, {
        iss: 'https://sso',
        sub: 's1',
        upn: 'yamada@city.example',
        family_name: '山田',
        given_name: '太郎',
        groups: ['g1', 'g2'],
        roles: 'Sousei.Planner',
      }),
    ).toEqual({
      issuer: 'https://sso',
      subject: 's1',
      loginName: 'yamada@city.example',
      name: '山田 太郎',
      email: null,
      groups: ['g1', 'g2', 'Sousei.Planner'],
    });
    expect(profileOfClaims(settings, { sub: 's1', groups: ['g1'] })).toBeNull();
  });
  it('never calls a host other than the issuer’s, whatever the metadata says', async () => {
    const called: string[] = [];
    const guarded = issuerOnlyFetch('https://sso.city.example/realms/staff', (async (url: string) => {
      called.push(String(url));
      return new Response('{}');
    }) as unknown as typeof fetch);
    await guarded('https://sso.city.example/realms/staff/protocol/openid-connect/certs', {} as never);
    await expect(guarded('https://keys.elsewhere.example/jwks', {} as never)).rejects.toThrow(/elsewhere/);
    expect(called).toEqual(['https://sso.city.example/realms/staff/protocol/openid-connect/certs']);
  });
});

/** A loopback address the provider can listen on that the browser sees as another site. */
async function providerHost(): Promise<string> {
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(0, '127.0.0.2', resolve);
    });
    return '127.0.0.2';
  } catch {
    return '127.0.0.1';
  } finally {
    probe.close();
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** The people of the test provider: what its userinfo says of each (any password is accepted). */
const PEOPLE: Record<string, Record<string, unknown>> = {
  yamada: {
    preferred_username: 'yamada',
    name: '山田 太郎',
    email: 'yamada@city.example',
    groups: ['sousei-planners'],
  },
  suzuki: {
    preferred_username: 'suzuki@city.example',
    name: '鈴木 花子',
    groups: ['editors-kikaku', 'staff-all'],
  },
  tanaka: { preferred_username: 'tanaka', name: '田中 三郎', groups: ['staff-all'] },
  kimura: { preferred_username: 'kimura', name: '木村 四郎', groups: ['sousei-planners'] },
  'local-admin': { preferred_username: 'local-admin', name: '偽の管理者', groups: ['sousei-planners'] },
};

/** A cookie jar keyed by host (cookies do not tell ports apart), honouring Path and Max-Age=0. */
class Jar {
  private cookies = new Map<string, { value: string; path: string }>();
  store(url: URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const path = attrs.map((a) => /^\s*path=(.*)$/i.exec(a)?.[1]?.trim()).find(Boolean) ?? '/';
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      const key = `${url.hostname} ${name} ${path}`;
      if (gone) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }
  header(url: URL): string {
    return [...this.cookies.entries()]
      .filter(([k, c]) => k.startsWith(`${url.hostname} `) && url.pathname.startsWith(c.path))
      .map(([k, c]) => `${k.split(' ')[1]}=${c.value}`)
      .join('; ');
  }
  has(host: string, name: string): boolean {
    return [...this.cookies.keys()].some((k) => k.startsWith(`${host} ${name} `));
  }
}

interface Run {
  /** Where Sousei finally sent the browser (`/` or `/?signin_error=...`). */
  landing: string;
  jar: Jar;
  /** Every URL the browser was sent to, in order. */
  chain: string[];
}

describe('sign-in through a real OpenID Connect provider (oidc-provider)', () => {
  let provider: Server;
  let issuer = '';
  let appBase = '';
  let handle: Awaited<ReturnType<typeof openDb>>;
  let app: ReturnType<typeof buildServer>;
  let departmentId = '';

  beforeAll(async () => {
    handle = await openDb({ sqlite: { file: ':memory:' } });
    const demo = await loadDemo(handle.db, systemContext());
    if (!demo.ok) throw new Error('demo');
    const dept = (await listDepartments(handle.db, demo.value.municipalityId))[0]!;
    departmentId = dept.id;

    const host = await providerHost();
    provider = createServer();
    await new Promise<void>((r) => provider.listen(0, host, r));
    issuer = `http://${host}:${(provider.address() as AddressInfo).port}`;
    const appPort = await freePort();
    appBase = `http://127.0.0.1:${appPort}`;
    const settings: OidcSettings = {
      issuer,
      clientId: 'sousei-test',
      clientSecret: 'sousei-test-client-secret',
      scopes: ['openid', 'profile', 'email', 'groups'],
      redirectUri: `${appBase}/api/auth/oidc/callback`,
      usernameClaim: 'preferred_username',
      groupsClaims: ['groups'],
      timeoutMs: 10_000,
    };
    const oidc = new Provider(issuer, {
      clients: [
        {
          client_id: settings.clientId,
          client_secret: settings.clientSecret!,
          redirect_uris: [settings.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: {
        openid: ['sub'],
        profile: ['name', 'preferred_username'],
        email: ['email'],
        groups: ['groups'],
      },
      scopes: ['openid', 'profile', 'email', 'groups'],
      pkce: { required: () => true },
      cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
      async findAccount(_ctx, id) {
        const person = PEOPLE[id];
        if (!person) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, ...person }) };
      },
    });
    provider.on('request', oidc.callback());

    const map: DirectoryMap = {
      municipality: demo.value.municipalityId,
      groups: [
        { group: 'sousei-planners', role: 'planner', departments: [] },
        { group: 'editors-kikaku', role: 'editor', departments: [dept.name] },
      ],
    };
    app = buildServer({ db: handle.db, auth: { ...TEST_AUTH, oidc: oidcRelyingParty(settings, map) } });
    await app.listen({ port: appPort, host: '127.0.0.1' });
    // The local administrator (a password account) and a user disabled in Sousei.
    await signedInClient(app, handle.db, { role: 'admin', userName: 'local-admin' });
  }, 60_000);

  afterAll(async () => {
    app?.server.closeAllConnections();
    await app?.close();
    provider?.closeAllConnections();
    await new Promise((r) => provider?.close(r));
    await handle?.close();
  });

  /**
   * Presses the sign-in button (GET /api/auth/oidc/start) and follows every redirect; at the
   * provider's pages fills the form (the account, any password; then consent). `tamper` may change
   * the callback URL before the browser goes there.
   */
  async function run(
    person: string,
    options: { tamper?: (callback: URL) => URL; jar?: Jar } = {},
  ): Promise<Run> {
    const jar = options.jar ?? new Jar();
    const chain: string[] = [];
    let url = new URL('/api/auth/oidc/start', appBase);
    let method = 'GET';
    let body: URLSearchParams | null = null;
    for (let hop = 0; hop < 30; hop++) {
      if (url.pathname === '/api/auth/oidc/callback' && options.tamper) url = options.tamper(url);
      chain.push(url.href);
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        headers: {
          cookie: jar.header(url),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body } : {}),
      });
      jar.store(url, res.headers);
      method = 'GET';
      body = null;
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        if (url.origin === appBase && !location.startsWith('http')) return { landing: location, jar, chain };
        url = new URL(location, url);
        continue;
      }
      const html = await res.text();
      expect(res.status, `${url.href}: ${html.slice(0, 300)}`).toBe(200);
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`no form at ${url.href}: ${html.slice(0, 300)}`);
      const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1] ?? '';
      body = new URLSearchParams({ prompt });
      if (prompt === 'login') {
        body.set('login', person);
        body.set('password', 'any-password-at-the-test-provider');
      }
      method = 'POST';
      url = new URL(action.replaceAll('&amp;', '&'), url);
    }
    throw new Error(`too many redirects: ${chain.join(' → ')}`);
  }

  const me = async (jar: Jar) => {
    const res = await fetch(new URL('/api/auth/me', appBase), {
      headers: { cookie: jar.header(new URL(appBase)) },
    });
    return { status: res.status, body: (await res.json()) as { user: Record<string, unknown> } };
  };

  it('offers the organization sign-in on the sign-in page', async () => {
    const res = await fetch(new URL('/api/auth/oidc', appBase));
    expect(await res.json()).toEqual({ enabled: true, startUrl: '/api/auth/oidc/start' });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const res = await fetch(new URL('/api/auth/oidc/start', appBase), { redirect: 'manual' });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(to.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(to.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(to.searchParams.get('redirect_uri')).toBe(`${appBase}/api/auth/oidc/callback`);
    const cookie = res.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(
      /sousei_oidc=[A-Za-z0-9_-]+; Path=\/api\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600/,
    );
  });

  it('a planner of the provider signs in with the mapped role, created at first sign-in', async () => {
    const r = await run('yamada');
    expect(r.landing, r.chain.join('\n')).toBe('/');
    expect(r.chain.some((u) => u.startsWith(`${issuer}/interaction/`))).toBe(true);
    const who = await me(r.jar);
    expect(who.status).toBe(200);
    expect(who.body.user).toMatchObject({
      userName: 'yamada',
      name: '山田 太郎',
      role: 'planner',
      departmentIds: [],
    });
    // The binding cookie is used once and cleared.
    expect(r.jar.has('127.0.0.1', 'sousei_oidc')).toBe(false);
    const again = await run('yamada');
    expect((await me(again.jar)).body.user.id).toBe(who.body.user.id);
    const created = await handle.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(who.body.user.id))
      .execute();
    expect(JSON.parse(created[0]!.after_json!)).toMatchObject({ via: 'oidc', issuer, subject: 'yamada' });
  });

  it('an editor gets the departments of its group; a UPN-like name gives the part before @', async () => {
    const r = await run('suzuki');
    expect(r.landing).toBe('/');
    expect((await me(r.jar)).body.user).toMatchObject({
      userName: 'suzuki',
      role: 'editor',
      departmentIds: [departmentId],
    });
  });

  it('refuses a user whose groups map to no role, with its own message, and creates no account', async () => {
    const r = await run('tanaka');
    expect(r.landing).toBe('/?signin_error=oidc-no-role');
    expect(r.jar.has('127.0.0.1', 'sousei_session')).toBe(false);
    const users = await handle.db.selectFrom('users').select('login_name').execute();
    expect(users.map((u) => u.login_name)).not.toContain('tanaka');
  });

  it('refuses a user disabled in Sousei, and a provider user with a local account’s name', async () => {
    expect((await run('kimura')).landing).toBe('/');
    await handle.db.updateTable('users').set({ disabled: 1 }).where('login_name', '=', 'kimura').execute();
    const disabled = await run('kimura');
    expect(disabled.landing).toBe('/?signin_error=oidc-disabled');
    expect(disabled.jar.has('127.0.0.1', 'sousei_session')).toBe(false);
    const takeover = await run('local-admin');
    expect(takeover.landing).toBe('/?signin_error=oidc-local-account');
    expect(takeover.jar.has('127.0.0.1', 'sousei_session')).toBe(false);
  });

  it('refuses a tampered state, a replayed callback and a callback without the browser’s binding', async () => {
    const tampered = await run('yamada', {
      tamper: (u) => {
        const t = new URL(u);
        t.searchParams.set('state', `${u.searchParams.get('state')}x`);
        return t;
      },
    });
    expect(tampered.landing).toBe('/?signin_error=oidc-state');
    expect(tampered.jar.has('127.0.0.1', 'sousei_session')).toBe(false);

    // The callback URL taken to another browser (no binding cookie): refused.
    let stolen: URL | null = null;
    const victim = await run('yamada', {
      tamper: (u) => {
        stolen = u;
        return u;
      },
    });
    expect(victim.landing).toBe('/');
    const replay = await fetch(stolen!, {
      redirect: 'manual',
      headers: { cookie: victim.jar.header(stolen!) },
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/?signin_error=oidc-state');
    const elsewhere = await fetch(stolen!, { redirect: 'manual' });
    expect(elsewhere.headers.get('location')).toBe('/?signin_error=oidc-state');
    expect(elsewhere.headers.getSetCookie().join('\n')).not.toContain('sousei_session=');

    const reasons = await handle.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_type', '=', 'sign-in-failure')
      .execute();
    const text = JSON.stringify(reasons);
    expect(text).toContain('state does not match');
    expect(text).toContain('no mapped group');
  });

  it('the local administrator still signs in with the password', async () => {
    const res = await fetch(new URL('/api/auth/sign-in', appBase), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'local-admin', password: 'correct horse battery staple 7' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe('admin');
  });

  const browserOk = chromiumPresent();
  it.skipIf(!browserOk)(
    'in chromium: the sign-in page’s button, the provider’s pages, back signed in; a user of no group reads why',
    async () => {
      if (!existsSync(join(WEB_DIST, 'index.html'))) {
        const { build } = await import('vite');
        await build({
          configFile: new URL('../../web/vite.config.ts', import.meta.url).pathname,
          logLevel: 'warn',
        });
      }
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        // Sousei's pages call nobody else; the test provider's own page asks for a web font: blocked.
        const foreign: string[] = [];
        const page = async () => {
          const context = await browser.newContext({ locale: 'ja-JP' });
          await context.route(/^https?:\/\/(?!127\.0\.0\.[12][:/])/, (route) => {
            foreign.push(route.request().url());
            return route.abort();
          });
          return context.newPage();
        };
        const signInAt = async (p: Awaited<ReturnType<typeof page>>, person: string) => {
          await p.goto(`${appBase}/`);
          await p.getByRole('link', { name: '組織のアカウントでサインイン' }).click();
          await p.waitForURL((u) => u.href.startsWith(issuer));
          await p.locator('input[name=login]').fill(person);
          await p.locator('input[name=password]').fill('any-password-at-the-test-provider');
          await p.locator('button[type=submit]').click();
          await p.getByRole('button', { name: 'Continue' }).click();
          await p.waitForURL((u) => u.href.startsWith(appBase));
        };

        const planner = await page();
        await signInAt(planner, 'yamada');
        await planner.locator('nav').first().waitFor();
        const session = await planner.evaluate(async () => (await fetch('/api/auth/session')).json());
        expect(session).toMatchObject({ signedIn: true, user: { userName: 'yamada', role: 'planner' } });

        const refused = await page();
        await signInAt(refused, 'tanaka');
        const alert = refused.getByTestId('sso-error');
        await alert.waitFor();
        expect(await alert.textContent()).toContain('Sousei の権限がありません');
        expect(refused.url()).toBe(`${appBase}/`);
        // The password form stays for local accounts.
        expect(await refused.getByLabel('パスワード').count()).toBe(1);
        // The page with the button and the message meets WCAG 2.1 AA as the other pages do.
        expect(await axeViolations(refused)).toEqual([]);
        expect(foreign.every((u) => u.startsWith('https://fonts.'))).toBe(true);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
