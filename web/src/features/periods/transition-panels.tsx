import type { ApiResult } from '../../api/client.ts';
import type { TransitionView } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { fieldId } from './plan-form.ts';

/** A confirmed move: the strategy it created, who confirmed it and when, the period review. */
export function ConfirmedPanel({ view }: { view: TransitionView }) {
  const { t, lang } = useApp();
  const when = (at: string) => new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP');
  return (
    <div class="card stack" role="status">
      {view.toStrategyId ? (
        <p>
          <Link href={`/strategies/${view.toStrategyId}`}>{t('trDone', { name: view.plan.name })}</Link>
        </p>
      ) : null}
      {view.confirmedBy && view.confirmedAt ? (
        <p class="muted">{t('trConfirmedBy', { by: view.confirmedBy, at: when(view.confirmedAt) })}</p>
      ) : null}
      <p>
        <a
          href={`/api/strategies/${view.fromStrategyId}/reports/period-review?format=html&disposition=inline`}
          target="_blank"
          rel="noopener"
          data-print="period-review"
        >
          {t('trPeriodReview')}
        </a>
      </p>
    </div>
  );
}

/** The draft plan's problems, each a link to (and focusing) its field when it has one. */
export function IssuesPanel({ view }: { view: TransitionView }) {
  const { t, lang } = useApp();
  return (
    <section class="card" id="tr-issues" tabIndex={-1} aria-labelledby="tr-issues-h">
      <h2 id="tr-issues-h">
        {view.issues.length ? t('trIssues', { n: view.issues.length }) : t('trNoIssues')}
      </h2>
      {view.issues.length ? (
        <ul role="alert">
          {view.issues.map((i, k) => {
            const id = fieldId(i.place?.field);
            const text = lang === 'ja' ? i.message : i.messageEn;
            return (
              <li key={k}>
                {id ? (
                  <a
                    href={`#${id}`}
                    onClick={(e) => {
                      // To the field itself (focused), without touching the app's route.
                      const field = document.getElementById(id);
                      if (!field) return;
                      e.preventDefault();
                      field.scrollIntoView({ block: 'center' });
                      field.focus();
                    }}
                  >
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

/** Save and confirm, the status of the last save, its error and, on a conflict, reloading. */
export function ActionsPanel(props: {
  busy: boolean;
  status: string;
  result: ApiResult<unknown> | null;
  onConfirm: () => void;
  onReload: () => void;
}) {
  const { t } = useApp();
  const { busy, result } = props;
  const conflict = result && !result.ok && result.error.code === 'VERSION_CONFLICT';
  return (
    <section class="card stack" aria-labelledby="tr-act-h">
      <h2 id="tr-act-h" class="visually-hidden">
        {t('trSave')}
      </h2>
      <p class="muted">{t('trConfirmHelp')}</p>
      <div class="row">
        <button type="submit" disabled={busy}>
          {t('trSave')}
        </button>
        <button type="button" class="primary" disabled={busy} onClick={props.onConfirm}>
          {t('trConfirm')}
        </button>
        <span role="status" class="muted">
          {props.status}
        </span>
      </div>
      <ErrorMessage result={result} />
      {conflict ? (
        <p>
          <button type="button" onClick={props.onReload}>
            {t('trReload')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
