import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { IndicatorEvaluation, OverrideRecord } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';

/** The planner's override of the year's status: status from the scheme, reason; version-checked. */
export function OverrideForm({
  indicatorId,
  fiscalYear,
  evaluation,
  record,
  onSaved,
}: {
  indicatorId: string;
  /** The year judged (the evaluation's as-of year). */
  fiscalYear: number;
  evaluation: IndicatorEvaluation;
  record: OverrideRecord | null;
  onSaved: () => void;
}) {
  const { t, lang } = useApp();
  const statuses = evaluation.scheme.statuses;
  const [key, setKey] = useState(record?.statusKey ?? '');
  const [reason, setReason] = useState(record?.reason ?? '');
  const [result, setResult] = useState<ApiResult<unknown> | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    setKey(record?.statusKey ?? '');
    setReason(record?.reason ?? '');
  }, [record?.id, record?.version]);
  const save = async (e: Event) => {
    e.preventDefault();
    const chosen = statuses.find((s) => s.key === key);
    if (!chosen) return;
    setStatus('');
    const r = await api('PUT', `/api/indicators/${indicatorId}/overrides/${fiscalYear}`, {
      key: chosen.key,
      label: chosen.label,
      reason,
      version: record?.version ?? null,
    });
    setResult(r.ok ? null : r);
    if (r.ok) {
      setStatus(t('overrideSaved'));
      onSaved();
    }
  };
  const conflict =
    result && !result.ok && result.error.code === 'VERSION_CONFLICT' ? result.error.current : null;
  return (
    <form class="stack" onSubmit={save} aria-labelledby="ovr-h">
      <h4 id="ovr-h">{t('overrideYear', { fy: fiscalYearLabel(fiscalYear) })}</h4>
      <label for="ovr-status">{t('givenStatus')}</label>
      <select
        id="ovr-status"
        value={key}
        required
        onChange={(e) => setKey((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{t('chooseStatus')}</option>
        {statuses.map((s) => (
          <option key={s.key} value={s.key}>
            {lang === 'en' && s.labelEn ? s.labelEn : s.label}
          </option>
        ))}
      </select>
      <label for="ovr-reason">{t('reason')}</label>
      <textarea
        id="ovr-reason"
        rows={2}
        required
        value={reason}
        onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p class="muted">{t('overrideKept')}</p>
      <p>
        <button type="submit" class="primary">
          {t('saveOverride')}
        </button>{' '}
        <span role="status" class="muted">
          {status}
        </span>
      </p>
      <ErrorMessage result={result} />
      {conflict ? (
        <table class="compact side-by-side">
          <thead>
            <tr>
              <th scope="col">{t('givenStatus')}</th>
              <th scope="col">{t('yours')}</th>
              <th scope="col">{t('savedNow')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('status')}</th>
              <td>{statuses.find((s) => s.key === key)?.label ?? '—'}</td>
              <td>{(conflict as OverrideRecord).status}</td>
            </tr>
            <tr>
              <th scope="row">{t('reason')}</th>
              <td>{reason}</td>
              <td>{(conflict as OverrideRecord).reason}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
    </form>
  );
}
