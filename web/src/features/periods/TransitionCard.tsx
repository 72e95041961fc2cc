import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { Page, TransitionSummary, TransitionView } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { navigate } from '../../lib/router.ts';
import { useApi } from '../../lib/use-api.ts';

const wizardPath = (strategyId: string, id: string) => `/strategies/${strategyId}/transitions/${id}`;

/**
 * 次期への移行 on the strategy's dashboard (planners): start the move, or open its draft, or the
 * strategy it created.
 */
export function TransitionCard({ strategyId }: { strategyId: string }) {
  const { t } = useApp();
  const list = useApi<Page<TransitionSummary>>(`/api/strategies/${strategyId}/transitions`);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const start = async () => {
    const r = await api<TransitionView>('POST', `/api/strategies/${strategyId}/transitions`);
    if (!r.ok) return setError(r);
    navigate(wizardPath(strategyId, r.value.id));
  };
  const items = list.data?.items ?? [];
  const draft = items.find((i) => i.state === 'draft');
  const confirmed = items.filter((i) => i.state === 'confirmed');
  return (
    <section
      class="card stack"
      aria-labelledby="transition-h"
      data-ready={list.data ? 'transitions' : undefined}
    >
      <h2 id="transition-h">{t('transition')}</h2>
      <p class="muted">{t('trCardHelp')}</p>
      {list.error ? <ErrorMessage result={list.error} /> : null}
      {confirmed.length ? (
        <ul class="plain">
          {confirmed.map((c) => (
            <li key={c.id}>
              <Link href={wizardPath(strategyId, c.id)}>{t('trConfirmedTo', { name: c.name })}</Link>
              {c.toStrategyId ? (
                <>
                  {' '}
                  <Link href={`/strategies/${c.toStrategyId}`}>{c.name}</Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {draft ? (
        <p>
          <Link href={wizardPath(strategyId, draft.id)}>{t('trOpenDraft', { name: draft.name })}</Link>
        </p>
      ) : list.data ? (
        <p>
          {confirmed.length === 0 ? <span class="muted">{t('trNone')} </span> : null}
          <button type="button" onClick={start}>
            {t('trStart')}
          </button>
        </p>
      ) : null}
      <ErrorMessage result={error} />
    </section>
  );
}
