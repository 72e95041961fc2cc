import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken } from './api/client.ts';
import type { Me, MunicipalityItem, Page, SessionAnswer } from './api/types.ts';
import { AppContext, useApp } from './app-context.ts';
import { Loading } from './components/Feedback.tsx';
import { Link } from './components/Link.tsx';
import { SetupPage, SignInPage } from './features/auth/SignIn.tsx';
import { CommitteePage } from './features/committee/CommitteePage.tsx';
import { DashboardPage } from './features/dashboard/Dashboard.tsx';
import { DocumentsPage } from './features/documents/Documents.tsx';
import { EntryPage } from './features/entry/EntryGrid.tsx';
import { ImportPage } from './features/import/ImportWizard.tsx';
import { IndicatorPage } from './features/indicator/IndicatorPage.tsx';
import { TransitionPage } from './features/periods/TransitionWizard.tsx';
import { RoundPartPage } from './features/rounds/RoundPartPage.tsx';
import { NoticeBanner } from './features/rounds/Rounds.tsx';
import { RoundsPage } from './features/rounds/RoundsPage.tsx';
import { SettingsPage } from './features/settings/Settings.tsx';
import { StrategiesPage } from './features/strategies/Strategies.tsx';
import { TreePage } from './features/tree/Tree.tsx';
import type { Lang } from './i18n/catalogue.ts';
import { periodLabel, setFormatLanguage } from './lib/format.ts';
import { grantOf } from './lib/permissions.ts';
import { match, navigate, useLocation } from './lib/router.ts';
import { useApi } from './lib/use-api.ts';
import './styles.css';

/** The strategy last opened by this person (kept on the server, so another browser opens it too). */
let remembered: string | null = null;

function remember(strategyId: string): void {
  if (remembered === strategyId) return;
  remembered = strategyId;
  void api('PUT', '/api/me/preferences', { strategyId });
}

/** `/`: the strategy this person last chose, the only one there is, or the list to choose from. */
function Home() {
  const { t } = useApp();
  const [error, setError] = useState(false);
  useEffect(() => {
    (async () => {
      const pref = await api<{ strategyId: string | null }>('GET', '/api/me/preferences');
      if (pref.ok && pref.value.strategyId) {
        remembered = pref.value.strategyId;
        return navigate(`/strategies/${pref.value.strategyId}`, true);
      }
      const list = await api<Page<MunicipalityItem>>('GET', '/api/municipalities');
      if (!list.ok) return setError(true);
      const all = list.value.items.flatMap((m) => m.strategies);
      navigate(all.length === 1 ? `/strategies/${all[0]!.id}` : '/strategies', true);
    })();
  }, []);
  return error ? <p role="alert">{t('cannotLoadStrategies')}</p> : <Loading />;
}

/** The header picker: municipality → strategy, as option groups; choosing opens the strategy. */
function Picker({ strategyId }: { strategyId: string | null }) {
  const { t } = useApp();
  const list = useApi<Page<MunicipalityItem>>('/api/municipalities');
  const items = list.data?.items ?? [];
  const known = items.some((m) => m.strategies.some((s) => s.id === strategyId));
  useEffect(() => {
    // A strategy made since the list was read (an import): read it again.
    if (strategyId && list.data && !known) list.reload();
  }, [strategyId, known]);
  useEffect(() => {
    if (strategyId) remember(strategyId);
  }, [strategyId]);
  if (!items.some((m) => m.strategies.length)) return null;
  return (
    <label class="picker">
      <span class="visually-hidden">{t('pickStrategy')}</span>
      <select
        value={strategyId ?? ''}
        onChange={(e) => {
          const id = e.currentTarget.value;
          if (id) navigate(`/strategies/${id}`);
        }}
      >
        {strategyId && known ? null : <option value="">{t('pickStrategy')}</option>}
        {items
          .filter((m) => m.strategies.length)
          .map((m) => (
            <optgroup key={m.id} label={m.name}>
              {m.strategies.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}（{periodLabel(s.timeline.period)}）
                </option>
              ))}
            </optgroup>
          ))}
      </select>
    </label>
  );
}

const roleKey = (role: string) =>
  (
    ({
      admin: 'roleAdmin',
      planner: 'rolePlanner',
      editor: 'roleEditor',
      committee: 'roleCommittee',
    }) as const
  )[role as 'admin'] ?? 'roleViewer';

function Shell({ strategyId, children }: { strategyId: string | null; children: preact.ComponentChildren }) {
  const { t, me, setMe, lang, setLang } = useApp();
  const { path } = useLocation();
  const signOut = async () => {
    await api('POST', '/api/auth/sign-out');
    setCsrfToken(null);
    setMe(null);
    navigate('/sign-in');
  };
  // Only what the role may use is offered; the server checks every request regardless.
  const canEnter = grantOf(me, 'figures.write') !== null;
  const canImport = grantOf(me, 'imports.write') !== null;
  const canSettle = grantOf(me, 'settings.write') !== null;
  const all: [string, string, boolean][] = strategyId
    ? [
        [`/strategies/${strategyId}`, t('dashboard'), true],
        [`/strategies/${strategyId}/tree`, t('tree'), true],
        [`/strategies/${strategyId}/entry`, t('entry'), canEnter],
        [`/strategies/${strategyId}/rounds`, t('rounds'), canEnter],
        [`/strategies/${strategyId}/committee`, t('committee'), true],
        [`/strategies/${strategyId}/documents`, t('documents'), true],
        ['/import', t('import'), canImport],
        [`/strategies/${strategyId}/settings`, t('settings'), canSettle],
        ['/strategies', t('strategies'), true],
      ]
    : [
        ['/strategies', t('strategies'), true],
        ['/import', t('import'), canImport],
      ];
  const links = all.filter(([, , shown]) => shown).map(([href, label]) => [href, label] as const);
  return (
    <>
      <a class="skip" href="#main">
        {t('skip')}
      </a>
      <header class="top">
        <span class="brand">{t('appName')}</span>
        <Picker strategyId={strategyId} />
        <nav aria-label={t('nav')}>
          <ul>
            {links.map(([href, label]) => (
              <li key={href}>
                <Link href={href} current={path === href}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          <button
            type="button"
            class="link"
            onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
            lang={lang === 'ja' ? 'en' : 'ja'}
          >
            {t('language')}
          </button>
          {me ? (
            <>
              <span>
                {me.user.name}
                {me.user.role ? (
                  <span class="role">{t('roleOf', { role: t(roleKey(me.user.role)) })}</span>
                ) : null}
              </span>
              <button type="button" onClick={signOut}>
                {t('signOut')}
              </button>
            </>
          ) : null}
        </span>
      </header>
      {me?.demo ? (
        <p class="demo" role="note">
          {t('demoBanner')}
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        <NoticeBanner />
        {children}
      </main>
    </>
  );
}

const ROUTES: [
  string,
  (m: Record<string, string>) => { strategy: string | null; page: preact.JSX.Element },
][] = [
  ['/strategies/:id', (m) => ({ strategy: m.id!, page: <DashboardPage strategyId={m.id!} /> })],
  ['/strategies/:id/tree', (m) => ({ strategy: m.id!, page: <TreePage strategyId={m.id!} /> })],
  ['/strategies/:id/entry', (m) => ({ strategy: m.id!, page: <EntryPage strategyId={m.id!} /> })],
  ['/strategies/:id/documents', (m) => ({ strategy: m.id!, page: <DocumentsPage strategyId={m.id!} /> })],
  ['/strategies/:id/committee', (m) => ({ strategy: m.id!, page: <CommitteePage strategyId={m.id!} /> })],
  ['/strategies/:id/rounds', (m) => ({ strategy: m.id!, page: <RoundsPage strategyId={m.id!} /> })],
  [
    '/strategies/:sid/rounds/:rid/departments/:did',
    (m) => ({ strategy: m.sid!, page: <RoundPartPage roundId={m.rid!} departmentId={m.did!} /> }),
  ],
  ['/strategies/:id/settings', (m) => ({ strategy: m.id!, page: <SettingsPage strategyId={m.id!} /> })],
  [
    '/strategies/:sid/indicators/:id',
    (m) => ({ strategy: m.sid!, page: <IndicatorPage indicatorId={m.id!} strategyId={m.sid!} /> }),
  ],
  [
    '/strategies/:sid/transitions/:id',
    (m) => ({ strategy: m.sid!, page: <TransitionPage strategyId={m.sid!} transitionId={m.id!} /> }),
  ],
  ['/import', () => ({ strategy: null, page: <ImportPage /> })],
  ['/strategies', () => ({ strategy: null, page: <StrategiesPage /> })],
  ['/', () => ({ strategy: null, page: <Home /> })],
];

function Routes() {
  const { t } = useApp();
  const { path } = useLocation();
  for (const [pattern, view] of ROUTES) {
    const m = match(pattern, path);
    if (!m) continue;
    const { strategy, page } = view(m);
    return <Shell strategyId={strategy}>{page}</Shell>;
  }
  return (
    <Shell strategyId={null}>
      <h1>{t('notFound')}</h1>
      <Link href="/">{t('home')}</Link>
    </Shell>
  );
}

function App() {
  const [lang, setLangState] = useState<Lang>(() =>
    localStorage.getItem('sousei.lang') === 'en' ? 'en' : 'ja',
  );
  const [me, setMe] = useState<Me | null>(null);
  const [phase, setPhase] = useState<'loading' | 'setup' | 'sign-in' | 'ready'>('loading');
  const { path } = useLocation();
  const setLang = (l: Lang) => {
    localStorage.setItem('sousei.lang', l);
    setLangState(l);
  };
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    (async () => {
      // Signed out is a state, not an error: the session answer says which, with no 401.
      const who = await api<SessionAnswer>('GET', '/api/auth/session');
      if (who.ok && who.value.signedIn) {
        setCsrfToken(who.value.csrfToken);
        setMe(who.value);
        setPhase('ready');
        return;
      }
      setPhase(who.ok && !who.value.signedIn && who.value.setupOpen ? 'setup' : 'sign-in');
    })();
  }, []);
  useEffect(() => {
    const title = document.querySelector('main h1')?.textContent;
    document.title = title ? `${title} — Sousei` : 'Sousei';
  });
  setFormatLanguage(lang);
  const state = { lang, setLang, me, setMe };
  const signedIn = (m: Me) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
    setPhase('ready');
    if (path === '/sign-in' || path === '/setup') navigate('/', true);
  };
  return (
    <AppContext.Provider value={state}>
      {phase === 'loading' ? (
        <main id="main">
          <Loading />
        </main>
      ) : phase === 'setup' ? (
        <SetupPage onDone={() => setPhase('sign-in')} />
      ) : phase === 'sign-in' || !me ? (
        <SignInPage onSignedIn={signedIn} />
      ) : (
        <Routes />
      )}
    </AppContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
