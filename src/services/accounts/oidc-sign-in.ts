/**
 * The two steps of an SSO sign-in as the API runs them: `beginOidcSignIn` (where to send the
 * browser) and `finishOidcSignIn` (the provider's callback → a Sousei session). Every refusal is
 * audited with its reason and answered with a code the sign-in page explains in words
 * (`oidc-no-role`: signed in at the provider, but no group of the person is mapped to a role).
 */
import type { Kysely } from 'kysely';
import { appendAudit } from '../../store/audit.ts';
import type { Database } from '../../store/schema.ts';
import { nowIso, type RequestContext } from '../context.ts';
import type { AuthConfig } from './auth-config.ts';
import type { OidcFailure } from './oidc.ts';
import { type ExternalRefusal, signInExternal } from './sessions.ts';

/** What the sign-in page is told when an SSO sign-in ends without a session. */
export const OIDC_ERRORS = [
  'oidc-state',
  'oidc-denied',
  'oidc-unreachable',
  'oidc-failed',
  'oidc-name',
  'oidc-local-account',
  'oidc-disabled',
  'oidc-no-role',
] as const;
export type OidcErrorCode = (typeof OIDC_ERRORS)[number];

const FROM_PROVIDER: Record<OidcFailure, OidcErrorCode> = {
  state: 'oidc-state',
  denied: 'oidc-denied',
  unreachable: 'oidc-unreachable',
  failed: 'oidc-failed',
  'no user name': 'oidc-name',
};

const FROM_SOUSEI: Record<ExternalRefusal, OidcErrorCode> = {
  'user name not usable': 'oidc-name',
  'local account': 'oidc-local-account',
  disabled: 'oidc-disabled',
  'no mapped group': 'oidc-no-role',
  'municipality not found': 'oidc-failed',
  'account vanished': 'oidc-failed',
};

async function auditFailure(
  db: Kysely<Database>,
  ctx: RequestContext,
  reason: string,
  detail: string | undefined,
): Promise<void> {
  await appendAudit(db, {
    at: nowIso(ctx),
    actor: { id: null, name: '(OIDC)' },
    municipalityId: null,
    entityType: 'sign-in-failure',
    entityId: '-',
    action: 'create',
    after: { reason, via: 'oidc', ...(detail ? { detail: detail.slice(0, 500) } : {}) },
  });
}

/** Where to send the browser, and the binding for its cookie; null when OIDC is not configured. */
export async function beginOidcSignIn(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
): Promise<{ ok: true; url: string; binding: string } | { ok: false; code: OidcErrorCode } | null> {
  if (!config.oidc) return null;
  const r = await config.oidc.begin();
  if (r.ok) return r;
  await auditFailure(db, ctx, 'provider unreachable', r.detail);
  return { ok: false, code: 'oidc-unreachable' };
}

/** The provider's callback: checks it, then signs the person in by the mapping (see signInExternal). */
export async function finishOidcSignIn(
  db: Kysely<Database>,
  config: AuthConfig,
  ctx: RequestContext,
  binding: string | null,
  query: URLSearchParams,
): Promise<
  | { ok: true; value: { sessionId: string; csrfToken: string; expiresAt: string } }
  | { ok: false; code: OidcErrorCode }
  | null
> {
  if (!config.oidc) return null;
  const checked = await config.oidc.finish(binding, query);
  if (!checked.ok) {
    await auditFailure(db, ctx, checked.reason, checked.detail);
    return { ok: false, code: FROM_PROVIDER[checked.reason] };
  }
  const p = checked.profile;
  // An e-mail-like name (a UPN) gives its part before `@`, as the directory's account name would be.
  const loginName = /^[^@\s]+@[^@\s]+$/.test(p.loginName) ? p.loginName.split('@')[0]! : p.loginName;
  const r = await signInExternal(
    db,
    config,
    ctx,
    {
      loginName,
      name: p.name,
      email: p.email,
      groups: p.groups,
      via: 'oidc',
      ref: { issuer: p.issuer, subject: p.subject },
    },
    config.oidc.map,
  );
  if (!r.ok) return { ok: false, code: FROM_SOUSEI[r.reason] };
  const { sessionId, csrfToken, expiresAt } = r.value;
  return { ok: true, value: { sessionId, csrfToken, expiresAt } };
}
