import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api, setCsrfToken } from '../../api/client.ts';
import type { Me, OidcAvailability, PublicUser } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';

/** What the server's SSO callback tells the page (`/?signin_error=<code>`), in words. */
const SSO_ERRORS: Record<string, MessageKey> = {
  'oidc-state': 'ssoError_state',
  'oidc-denied': 'ssoError_denied',
  'oidc-unreachable': 'ssoError_unreachable',
  'oidc-failed': 'ssoError_failed',
  'oidc-name': 'ssoError_name',
  'oidc-local-account': 'ssoError_localAccount',
  'oidc-disabled': 'ssoError_disabled',
  'oidc-no-role': 'ssoError_noRole',
};

/** The SSO error the address carries (read once, then removed from the address bar). */
function takeSsoError(): string | null {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('signin_error');
  if (code === null) return null;
  params.delete('signin_error');
  const rest = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${rest ? `?${rest}` : ''}`);
  return code;
}

/**
 * Sign-in: the button of the city's SSO provider when one is configured
 * (「組織のアカウントでサインイン」, a plain link: the browser goes to the provider and back), and
 * the form for Sousei's own accounts (user name + password), which always stays. The session
 * cookie is set by the server either way.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useApp();
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState<string | null>(null);
  const [sso, setSso] = useState<OidcAvailability | null>(null);
  const [ssoError] = useState(takeSsoError);
  useEffect(() => {
    // The version shown on the sign-in page, so staff can tell IT which release they run.
    void api<{ version: string }>('GET', '/api/health').then((r) => {
      if (r.ok) setVersion(r.value.version);
    });
    void api<OidcAvailability>('GET', '/api/auth/oidc').then((r) => {
      if (r.ok) setSso(r.value);
    });
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    const r = await api<{ user: PublicUser; csrfToken: string }>('POST', '/api/auth/sign-in', {
      userName: String(form.get('userName') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    setBusy(false);
    if (!r.ok) return setError(r);
    setCsrfToken(r.value.csrfToken);
    onSignedIn({
      user: r.value.user,
      principal: 'user',
      municipalityId: r.value.user.municipalityId,
      departmentIds: r.value.user.departmentIds,
      csrfToken: r.value.csrfToken,
      demo: r.value.user.demo,
    });
  };
  return (
    <main id="main" class="narrow">
      <h1>{t('appName')}</h1>
      {ssoError !== null && (
        <p class="error" role="alert" data-testid="sso-error">
          {t(SSO_ERRORS[ssoError] ?? 'ssoError_failed')} <span class="muted">({ssoError})</span>
        </p>
      )}
      {sso?.enabled && sso.startUrl && (
        <p class="card">
          <a class="button" href={sso.startUrl}>
            {t('ssoSignIn')}
          </a>
        </p>
      )}
      <form onSubmit={submit} class="card stack">
        <h2>{sso?.enabled ? t('ssoOr') : t('signIn')}</h2>
        <label>
          {t('userName')}
          <input name="userName" autoComplete="username" required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <ErrorMessage result={error} />
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
      {version && (
        <p class="muted" data-testid="app-version">
          {t('version')} {version}
        </p>
      )}
    </main>
  );
}

/** One-time first-administrator setup, shown while no user exists. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const { t } = useApp();
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const r = await api('POST', '/api/setup', {
      userName: String(form.get('userName') ?? ''),
      name: String(form.get('name') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    if (!r.ok) return setError(r);
    onDone();
  };
  return (
    <main id="main" class="narrow">
      <h1>{t('setupTitle')}</h1>
      <p>{t('setupHelp')}</p>
      <form onSubmit={submit} class="card stack">
        <label>
          {t('userName')}
          <input name="userName" autoComplete="username" required />
        </label>
        <label>
          {t('displayName')}
          <input name="name" autoComplete="name" required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="new-password" minLength={12} required />
        </label>
        <ErrorMessage result={error} />
        <button type="submit">{t('create')}</button>
      </form>
    </main>
  );
}
