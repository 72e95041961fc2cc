import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { MunicipalityItem, Page, Strategy } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel, periodLabel } from '../../lib/format.ts';
import { grantOf } from '../../lib/permissions.ts';
import { useApi } from '../../lib/use-api.ts';

const STATE_KEYS: Record<Strategy['state'], MessageKey> = {
  planned: 'statePlanned',
  current: 'stateCurrent',
  ended: 'stateEnded',
};

/** The strategy's state and how far its figures go, in words. */
export function StrategyState({ strategy }: { strategy: Strategy }) {
  const { t } = useApp();
  const latest = strategy.timeline.latestActual;
  return (
    <>
      {t(STATE_KEYS[strategy.state])}・
      {latest === null ? t('noFigures') : t('figuresUpTo', { fy: fiscalYearLabel(latest) })}
    </>
  );
}

/** A strategy's period both ways, saying so when it was estimated from the figures. */
export function PeriodText({ strategy }: { strategy: Strategy }) {
  const { t } = useApp();
  return (
    <>
      {periodLabel(strategy.timeline.period)}
      {strategy.timeline.periodSource === 'derived' ? <span class="muted">{t('periodDerived')}</span> : null}
    </>
  );
}

function RenameMunicipality({ m, onSaved }: { m: MunicipalityItem; onSaved: () => void }) {
  const { t } = useApp();
  const [name, setName] = useState(m.name);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    const r = await api('PATCH', `/api/municipalities/${m.id}`, { name, version: m.version });
    if (!r.ok) return setError(r);
    setError(null);
    onSaved();
  };
  return (
    <form class="row" onSubmit={save}>
      <label class="inline">
        {t('renameOf', { name: m.name })}{' '}
        <input value={name} required maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit">{t('rename')}</button>
      <ErrorMessage result={error} />
    </form>
  );
}

function NewMunicipality({ onSaved }: { onSaved: () => void }) {
  const { t } = useApp();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    const r = await api('POST', '/api/municipalities', { name, code: code.trim() || null });
    if (!r.ok) return setError(r);
    setError(null);
    setName('');
    setCode('');
    onSaved();
  };
  return (
    <section class="card" aria-labelledby="new-m-h">
      <h2 id="new-m-h">{t('newMunicipality')}</h2>
      <form class="row" onSubmit={create}>
        <label class="inline">
          {t('municipalityName')}{' '}
          <input value={name} required maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="inline">
          {t('municipalityCode')}{' '}
          <input value={code} maxLength={20} class="num" onInput={(e) => setCode(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          {t('create')}
        </button>
      </form>
      <ErrorMessage result={error} />
    </section>
  );
}

/** 自治体と総合戦略: every municipality the person may see and its strategies (period, state, figures). */
export function StrategiesPage() {
  const { t, me } = useApp();
  const list = useApi<Page<MunicipalityItem>>('/api/municipalities');
  const admin = grantOf(me, 'municipalities.write') !== null;
  const [saved, setSaved] = useState('');
  if (list.error) return <ErrorMessage result={list.error} />;
  if (!list.data) return <Loading />;
  const done = () => {
    setSaved(t('municipalitySaved'));
    list.reload();
  };
  return (
    <div class="stack" data-ready="strategies">
      <h1>{t('strategies')}</h1>
      <p>{t('strategiesHelp')}</p>
      <p role="status" class="muted">
        {saved}
      </p>
      {list.data.items.map((m) => (
        <section class="card stack" key={m.id} aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>{m.name}</h2>
          {admin ? <RenameMunicipality m={m} onSaved={done} key={m.version} /> : null}
          {m.strategies.length === 0 ? (
            <p>
              {t('noStrategies')}
              {grantOf(me, 'imports.write') ? (
                <>
                  {' '}
                  <Link href="/import">{t('importFirst')}</Link>
                </>
              ) : null}
            </p>
          ) : (
            <div class="scroll">
              <table class="compact">
                <caption class="muted">{t('strategies')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('strategy')}</th>
                    <th scope="col">{t('period')}</th>
                    <th scope="col">{t('asOfYear')}</th>
                    <th scope="col">{t('strategyState')}</th>
                  </tr>
                </thead>
                <tbody>
                  {m.strategies.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link href={`/strategies/${s.id}`}>{s.name}</Link>
                      </th>
                      <td>
                        <PeriodText strategy={s} />
                      </td>
                      <td>{fiscalYearLabel(s.timeline.asOf)}</td>
                      <td>
                        <StrategyState strategy={s} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      {admin ? <NewMunicipality onSaved={done} /> : null}
    </div>
  );
}

/** Planners set a strategy's name, period (from–to fiscal year) and as-of year (or leave it automatic). */
export function StrategySettingsSection({ strategy, onSaved }: { strategy: Strategy; onSaved: () => void }) {
  const { t } = useApp();
  const [name, setName] = useState(strategy.name);
  const [from, setFrom] = useState(String(strategy.timeline.period.from));
  const [to, setTo] = useState(String(strategy.timeline.period.to));
  const [asOf, setAsOf] = useState(strategy.asOf === null ? '' : String(strategy.asOf));
  // A derived period stays derived (re-derived as the figures change) unless the planner sets one.
  const [derive, setDerive] = useState(strategy.timeline.periodSource === 'derived');
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [message, setMessage] = useState('');
  const f = Number(from);
  const e = Number(to);
  const choices: number[] = [];
  if (Number.isInteger(f) && Number.isInteger(e) && e >= f && e - f <= 20)
    for (let y = f - 1; y <= e; y++) choices.push(y);
  const auto = strategy.timeline.asOfSource === 'stored' ? null : strategy.timeline.asOf;
  const save = async (ev: Event) => {
    ev.preventDefault();
    const r = await api('PATCH', `/api/strategies/${strategy.id}`, {
      name,
      period: derive ? null : { from: f, to: e },
      asOf: asOf === '' ? null : Number(asOf),
      version: strategy.version,
    });
    if (!r.ok) return setError(r);
    setError(null);
    setMessage(t('strategySaved'));
    onSaved();
  };
  return (
    <section class="card stack" aria-labelledby="strategy-h">
      <h2 id="strategy-h">{t('strategySettings')}</h2>
      <form class="stack" onSubmit={save}>
        <label>
          {t('strategyName')}
          <input value={name} required maxLength={200} onInput={(ev) => setName(ev.currentTarget.value)} />
        </label>
        <label class="inline">
          <input
            type="checkbox"
            checked={derive}
            onChange={(ev) => {
              setDerive(ev.currentTarget.checked);
              if (ev.currentTarget.checked) {
                setFrom(String(strategy.timeline.period.from));
                setTo(String(strategy.timeline.period.to));
              }
            }}
          />{' '}
          {t('periodAuto')}
        </label>
        <div class="row">
          <label class="inline">
            {t('periodFrom')}{' '}
            <input
              type="number"
              class="num"
              min={1900}
              max={2200}
              required
              disabled={derive}
              value={from}
              onInput={(ev) => setFrom(ev.currentTarget.value)}
            />
          </label>
          <label class="inline">
            {t('periodTo')}{' '}
            <input
              type="number"
              class="num"
              min={1900}
              max={2200}
              required
              disabled={derive}
              value={to}
              onInput={(ev) => setTo(ev.currentTarget.value)}
            />
          </label>
          <label class="inline">
            {t('asOfYear')}{' '}
            <select value={asOf} onChange={(ev) => setAsOf(ev.currentTarget.value)}>
              <option value="">{t('asOfAuto', { fy: auto === null ? '—' : fiscalYearLabel(auto) })}</option>
              {choices.map((y) => (
                <option key={y} value={String(y)}>
                  {fiscalYearLabel(y)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p class="muted">
          {choices.length ? periodLabel({ from: f, to: e }) : ''}
          {derive ? t('periodDerived') : ''}
        </p>
        <div class="row">
          <button type="submit" class="primary">
            {t('save')}
          </button>
        </div>
      </form>
      <ErrorMessage result={error} />
      <p role="status" class="muted">
        {message}
      </p>
    </section>
  );
}
