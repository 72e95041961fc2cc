import type { IndicatorLinks, LinkedIndicator } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useApi } from '../../lib/use-api.ts';

const CHANGE_KEYS: Record<LinkedIndicator['change'], MessageKey> = {
  continued: 'change_continued',
  changed: 'change_changed',
  moved: 'change_moved',
  new: 'change_new',
  deleted: 'change_deleted',
};

function Linked({ l }: { l: LinkedIndicator }) {
  const { t } = useApp();
  return (
    <>
      <span class="muted">{t('linkOf', { strategy: l.strategyName })}</span>
      <Link href={`/strategies/${l.strategyId}/indicators/${l.id}`}>{l.name}</Link>{' '}
      <span class="badge">{t(CHANGE_KEYS[l.change])}</span>
      {l.reason ? <span class="muted"> {l.reason}</span> : null}
    </>
  );
}

/**
 * 前期・次期の指標: the indicator's predecessor in the strategy before and its successors in the
 * strategies after (継続・変更・移動), or its deletion with the reason — each a link to the other
 * period's indicator page.
 */
export function PeriodLinks({ indicatorId }: { indicatorId: string }) {
  const { t } = useApp();
  const links = useApi<IndicatorLinks>(`/api/indicators/${indicatorId}/links`);
  const l = links.data;
  return (
    <section class="card" aria-labelledby="links-h" data-ready={l ? 'links' : undefined}>
      <h2 id="links-h">{t('links')}</h2>
      {links.error ? <ErrorMessage result={links.error} /> : null}
      {!l && !links.error ? <Loading /> : null}
      {l ? (
        !l.predecessor && !l.successors.length && !l.deleted ? (
          <p class="muted">{t('linkNone')}</p>
        ) : (
          <dl class="pairs">
            {l.predecessor ? (
              <>
                <dt>{t('linkPredecessor')}</dt>
                <dd data-link="predecessor">
                  <Linked l={l.predecessor} />
                </dd>
              </>
            ) : null}
            {l.successors.length || l.deleted ? (
              <>
                <dt>{t('linkSuccessor')}</dt>
                {l.successors.map((s) => (
                  <dd key={s.id} data-link="successor">
                    <Linked l={s} />
                  </dd>
                ))}
                {l.deleted ? (
                  <dd data-link="deleted">
                    {t('linkDeleted', { reason: l.deleted.reason ?? t('linkNoReason') })}
                  </dd>
                ) : null}
              </>
            ) : null}
          </dl>
        )
      ) : null}
    </section>
  );
}
