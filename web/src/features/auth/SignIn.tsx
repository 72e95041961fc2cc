import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api, setCsrfToken } from '../../api/client.ts';
import type { Me, PublicUser } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';

/** Sign-in form (user name + password); the session cookie is set by the server. */
export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useApp();
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState<string | null>(null);
  useEffect(() => {
    // The version shown on the sign-in page, so staff can tell IT which release they run.
    void api<{ version: string }>('GET', '/api/health').then((r) => {
      if (r.ok) setVersion(r.value.version);
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
      <form onSubmit={submit} class="card stack">
        <h2>{t('signIn')}</h2>
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
