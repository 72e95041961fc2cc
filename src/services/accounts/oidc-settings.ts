/** Settings of the OIDC sign-in (read by the CLI's settings, used by services/accounts/oidc.ts). */

/** The city's OpenID Connect provider and how its claims become a Sousei account. */
export interface OidcSettings {
  /** The provider's issuer (`https://sso.city.example.lg.jp/realms/staff`); metadata from its .well-known. */
  issuer: string;
  clientId: string;
  /** null = a public client (PKCE only, no client authentication). */
  clientSecret: string | null;
  /** Scopes asked for; always includes `openid`. */
  scopes: string[];
  /** Where the provider sends the browser back: SOUSEI_PUBLIC_URL + /api/auth/oidc/callback. */
  redirectUri: string;
  /** The claim holding the Sousei user name (an e-mail-like value gives its part before `@`). */
  usernameClaim: string;
  /** Claims whose values are matched against the mapping file's `group` entries (groups, roles). */
  groupsClaims: string[];
  /** Give up on the provider after this long (ms). */
  timeoutMs: number;
}

/** The path of the callback, below SOUSEI_PUBLIC_URL. */
export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

/** The redirect URI of a public address (`https://sousei.city.example/` → `.../api/auth/oidc/callback`). */
export function oidcRedirectUri(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${OIDC_CALLBACK_PATH}`;
}
