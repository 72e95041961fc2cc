/**
 * Sign-in through the city's OpenID Connect provider (an SSO platform): the authorization code
 * flow with PKCE (S256), `state` and `nonce`, by `openid-client`. The browser is sent to the
 * provider with a one-time binding cookie; the provider sends it back to the callback, where the
 * code is exchanged (the ID token's signature, issuer, audience, nonce and expiry checked by the
 * library) and the claims give the user name, display name, e-mail and groups. What the groups
 * make of the person in Sousei is decided by services/accounts/sessions.ts with the same mapping as the
 * directory sign-in.
 *
 * Only the configured issuer's host is ever called (discovery, keys, token, userinfo): an
 * endpoint of the provider's metadata on another host is refused.
 *
 * Example: `const rp = oidcRelyingParty(settings, map); const { url, binding } = await rp.begin();`
 * → redirect the browser to `url` with `binding` in a cookie; at the callback
 * `await rp.finish(binding, callbackQuery)` → `{ ok: true, profile: { loginName: 'yamada', groups: [...] } }`.
 */
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { DirectoryMap } from './directory.ts';
import type { OidcSettings } from './oidc-settings.ts';

/** What the provider says of the person, after every check. */
export interface OidcProfile {
  /** `iss` and `sub`: who the provider says this is (recorded in the audit log). */
  issuer: string;
  subject: string;
  /** The raw value of the user-name claim (before it becomes a Sousei user name). */
  loginName: string;
  name: string;
  email: string | null;
  /** Values of the groups claims (groups, roles), matched against the mapping file. */
  groups: string[];
}

/** Why a callback gave no profile (each shown to the person as its own message). */
export type OidcFailure =
  /** No pending sign-in for this browser, expired, already used, or a state that does not match. */
  | 'state'
  /** The provider answered with an error (`access_denied`: the person cancelled). */
  | 'denied'
  /** The provider cannot be reached or its metadata is unusable. */
  | 'unreachable'
  /** The code exchange or a check of the ID token failed. */
  | 'failed'
  /** The claims lack the user name. */
  | 'no user name';

export type OidcOutcome =
  | { ok: true; profile: OidcProfile }
  | { ok: false; reason: OidcFailure; detail?: string };

/** The relying party: begins and finishes sign-ins against one provider. */
export interface OidcSignIn {
  settings: OidcSettings;
  map: DirectoryMap;
  /** The provider's authorization URL and the binding to put in the browser's cookie. */
  begin(): Promise<
    { ok: true; url: string; binding: string } | { ok: false; reason: 'unreachable'; detail: string }
  >;
  /** Checks the callback (`query`: its query string) against the pending sign-in of `binding`. */
  finish(binding: string | null, query: URLSearchParams): Promise<OidcOutcome>;
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  expires: number;
}

/** How long a sign-in may stay at the provider before the callback. */
export const PENDING_MS = 10 * 60 * 1000;
/** Pending sign-ins kept at most (the oldest dropped beyond it). */
const PENDING_MAX = 10_000;

/**
 * A fetch that reaches only the issuer's own origin: every request of the library (discovery, JWKS,
 * token, userinfo) goes through it, so no metadata can send the server to another host.
 */
export function issuerOnlyFetch(issuer: string, base: typeof fetch = fetch): client.CustomFetch {
  const origin = new URL(issuer).origin;
  return (url, options) => {
    const target = new URL(url);
    if (target.origin !== origin)
      return Promise.reject(
        new Error(
          `OIDC: ${target.origin} は設定された issuer (${origin}) のホストではないため接続しません / refusing to call ${target.origin}: not the configured issuer's host`,
        ),
      );
    return base(url, options as RequestInit);
  };
}

/** The claim's values as strings (a string, a list, or a space-separated string). */
function claimValues(value: unknown): string[] {
  if (Array.isArray(value))
    return value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  if (typeof value === 'string') return [value];
  return [];
}

/** The profile of merged ID-token and userinfo claims; null when the user-name claim is missing. */
export function profileOfClaims(
  settings: Pick<OidcSettings, 'usernameClaim' | 'groupsClaims'>,
  claims: Record<string, unknown>,
): OidcProfile | null {
  const login = claimValues(claims[settings.usernameClaim])[0]?.trim();
  if (!login) return null;
  const text = (k: string) => (typeof claims[k] === 'string' && (claims[k] as string).trim()) || null;
  return {
    issuer: String(claims.iss ?? ''),
    subject: String(claims.sub ?? ''),
    loginName: login,
    name: text('name') ?? ([text('family_name'), text('given_name')].filter(Boolean).join(' ') || login),
    email: text('email'),
    groups: [...new Set(settings.groupsClaims.flatMap((c) => claimValues(claims[c])))],
  };
}

/** The relying party of one provider (discovery on first use, retried after a failure). */
export function oidcRelyingParty(
  settings: OidcSettings,
  map: DirectoryMap,
  options: { fetch?: typeof fetch; now?: () => number } = {},
): OidcSignIn {
  const now = options.now ?? Date.now;
  const pending = new Map<string, Pending>();
  let configuration: Promise<client.Configuration> | null = null;

  const configure = () => {
    if (!configuration) {
      const issuer = new URL(settings.issuer);
      const auth = settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None();
      configuration = client
        .discovery(issuer, settings.clientId, undefined, auth, {
          [client.customFetch]: issuerOnlyFetch(settings.issuer, options.fetch),
          timeout: Math.ceil(settings.timeoutMs / 1000),
          // http:// is accepted by the settings only for a provider on this machine.
          ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        })
        .catch((err: unknown) => {
          configuration = null;
          throw err;
        });
    }
    return configuration;
  };

  const sweep = (at: number) => {
    for (const [k, p] of pending) if (p.expires <= at) pending.delete(k);
    while (pending.size >= PENDING_MAX) pending.delete(pending.keys().next().value!);
  };

  return {
    settings,
    map,
    async begin() {
      let config: client.Configuration;
      try {
        config = await configure();
      } catch (err) {
        return { ok: false, reason: 'unreachable', detail: (err as Error).message };
      }
      const at = now();
      sweep(at);
      const verifier = client.randomPKCECodeVerifier();
      const entry: Pending = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier,
        expires: at + PENDING_MS,
      };
      const binding = randomBytes(32).toString('base64url');
      pending.set(binding, entry);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes.join(' '),
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state: entry.state,
        nonce: entry.nonce,
      });
      return { ok: true, url: url.href, binding };
    },
    async finish(binding, query) {
      // One use only: the pending sign-in is gone whatever the outcome.
      const entry = binding ? pending.get(binding) : undefined;
      if (binding) pending.delete(binding);
      if (!entry || entry.expires <= now())
        return { ok: false, reason: 'state', detail: 'no pending sign-in' };
      if (query.get('state') !== entry.state)
        return { ok: false, reason: 'state', detail: 'state does not match' };
      const error = query.get('error');
      if (error)
        return { ok: false, reason: 'denied', detail: `${error}: ${query.get('error_description') ?? ''}` };
      let config: client.Configuration;
      try {
        config = await configure();
      } catch (err) {
        return { ok: false, reason: 'unreachable', detail: (err as Error).message };
      }
      // The redirect URI as registered (not as this process saw the request behind a proxy).
      const current = new URL(settings.redirectUri);
      current.search = query.toString();
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: entry.verifier,
          expectedState: entry.state,
          expectedNonce: entry.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims) return { ok: false, reason: 'failed', detail: 'no ID token' };
        claims = { ...idClaims };
        // Groups or the user name are often only in userinfo: ask it when the provider has one.
        if (config.serverMetadata().userinfo_endpoint) {
          const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          claims = { ...info, ...idClaims };
        }
      } catch (err) {
        return { ok: false, reason: 'failed', detail: (err as Error).message };
      }
      const profile = profileOfClaims(settings, claims);
      if (!profile)
        return { ok: false, reason: 'no user name', detail: `claim ${settings.usernameClaim} missing` };
      return { ok: true, profile };
    },
  };
}
