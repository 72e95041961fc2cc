import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { SchemeProposal, Strategy } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The judgements of record the proposed scheme still disagrees with, with their numbers. */
function Disagreements({ proposal }: { proposal: SchemeProposal }) {
  const { t } = useApp();
  return (
    <table class="compact">
      <caption>{t('learnDisagreements', { n: proposal.disagreements.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('indicator')}</th>
          <th scope="col">{t('colJudgement')}</th>
          <th scope="col">{t('colCurrent')}</th>
          <th scope="col">{t('colProposed')}</th>
          <th scope="col">{t('metricPace')}</th>
          <th scope="col">{t('metricAchievement')}</th>
          <th scope="col">{t('metricRatio')}</th>
        </tr>
      </thead>
      <tbody>
        {proposal.disagreements.map((d) => (
          <tr key={d.id}>
            <th scope="row">{d.name}</th>
            <td>{d.judgement}</td>
            <td>{d.current}</td>
            <td>{d.proposed}</td>
            <td class="num">{pct(d.metrics.pace)}</td>
            <td class="num">{pct(d.metrics.achievement)}</td>
            <td class="num">{pct(d.metrics.ratio)}</td>
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
