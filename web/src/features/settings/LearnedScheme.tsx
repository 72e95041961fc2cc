import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { SchemeProposal, Strategy } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

type Disagreement = SchemeProposal['disagreements'][number];
type Figure = Disagreement['baseline'];

/** A figure as written (a sentence target as its text), with its fiscal year. */
function figureText(f: Figure): string {
  if (!f) return '—';
  const text = f.raw ?? (f.value != null ? String(f.value) : '—');
  return f.fiscalYear != null ? `${text} (${fiscalYearLabel(f.fiscalYear)})` : text;
}

/** A metric of the case, or of each of its parts where the figures are written in parts. */
function metricText(d: Disagreement, m: 'pace' | 'achievement' | 'ratio'): string {
  if (d.metrics[m] != null || !d.parts.length) return pct(d.metrics[m]);
  return d.parts.map((p) => `${p.label} ${pct(p[m])}`).join(' / ');
}

/**
 * The judgements of record the proposed scheme still disagrees with, with their numbers: the
 * figures as written, the metrics (per part where the figures are in parts) and, where no rule
 * could compare them, why.
 */
function Disagreements({ proposal }: { proposal: SchemeProposal }) {
  const { t, lang } = useApp();
  return (
    <table class="compact">
      <caption>{t('learnDisagreements', { n: proposal.disagreements.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('indicator')}</th>
          <th scope="col">{t('colJudgement')}</th>
          <th scope="col">{t('colCurrent')}</th>
          <th scope="col">{t('colProposed')}</th>
          <th scope="col">{t('learnColBaseline')}</th>
          <th scope="col">{t('learnColLatest')}</th>
          <th scope="col">{t('learnColTarget')}</th>
          <th scope="col">{t('metricPace')}</th>
          <th scope="col">{t('metricAchievement')}</th>
          <th scope="col">{t('metricRatio')}</th>
          <th scope="col">{t('learnColReason')}</th>
        </tr>
      </thead>
      <tbody>
        {proposal.disagreements.map((d) => (
          <tr key={d.id}>
            <th scope="row">{d.name}</th>
            <td>{d.judgement}</td>
            <td>{d.current}</td>
            <td>{d.proposed}</td>
            <td>{figureText(d.baseline)}</td>
            <td>{figureText(d.latest)}</td>
            <td>{figureText(d.target)}</td>
            <td class="num">{metricText(d, 'pace')}</td>
            <td class="num">{metricText(d, 'achievement')}</td>
            <td class="num">{metricText(d, 'ratio')}</td>
            <td>{d.reason ? (lang === 'en' ? d.reason.textEn : d.reason.text) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The scheme learned from the strategy's judgements of record: agreement before/after, every
 * remaining disagreement with its numbers, and adoption only after an explicit confirmation.
 */
export function LearnedSchemeSection({
  strategy,
  onAdopted,
}: {
  strategy: Strategy;
  onAdopted: (schemeId: string) => void;
}) {
  const { t } = useApp();
  const [proposal, setProposal] = useState<SchemeProposal | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [message, setMessage] = useState('');

  const learn = async () => {
    const r = await api<SchemeProposal>('GET', `/api/strategies/${strategy.id}/status-scheme/proposal`);
    if (!r.ok) return setError(r);
    setError(null);
    setConfirming(false);
    setProposal(r.value);
  };
  const adopt = async () => {
    if (!proposal) return;
    const definition = { ...proposal.scheme, id: `learned-${Date.now().toString(36)}` };
    const created = await api<{ id: string }>('POST', '/api/status-schemes', {
      municipalityId: strategy.municipalityId,
      definition,
    });
    if (!created.ok) return setError(created);
    const chosen = await api('PUT', `/api/strategies/${strategy.id}/status-scheme`, {
      schemeId: created.value.id,
      version: strategy.version,
    });
    if (!chosen.ok) return setError(chosen);
    setError(null);
    setConfirming(false);
    setProposal(null);
    setMessage(t('learnAdopted'));
    onAdopted(created.value.id);
  };

  return (
    <section class="card stack" aria-labelledby="learn-h">
      <h2 id="learn-h">{t('learnTitle')}</h2>
      <p class="muted">{t('learnHelp')}</p>
      <ErrorMessage result={error} />
      <p role="status" class="muted">
        {message}
      </p>
      <div class="row">
        <button type="button" onClick={learn}>
          {t('learnRun')}
        </button>
      </div>
      {proposal ? (
        <div class="stack" aria-live="polite">
          <p>
            <strong>
              {t('learnAgreement', {
                before: proposal.before.agree,
                after: proposal.after.agree,
                total: proposal.after.total,
              })}
            </strong>
          </p>
          <ul class="plain">
            {proposal.explanation.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {proposal.disagreements.length ? <Disagreements proposal={proposal} /> : null}
          {confirming ? (
            <fieldset class="row">
              <legend>{t('learnConfirm')}</legend>
              <button type="button" class="primary" onClick={adopt}>
                {t('learnConfirmYes')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('learnKeep')}
              </button>
            </fieldset>
          ) : (
            <div class="row">
              <button type="button" class="primary" onClick={() => setConfirming(true)}>
                {t('learnAdopt')}
              </button>
              <button type="button" onClick={() => setProposal(null)}>
                {t('learnKeep')}
              </button>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
