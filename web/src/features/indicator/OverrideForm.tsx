import { useEffect, useState } from 'preact/hooks';
import { labelKey } from '../../../../src/core/evaluation/label-key.ts';
import { type ApiResult, api } from '../../api/client.ts';
import type { IndicatorEvaluation, OverrideRecord } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';

/**
 * The planner's override of the year's status, with its reason; version-checked. The choices are
 * the scheme's statuses and, grouped apart, the classes the judgements of record use that the
 * scheme does not name (the city's own), so that a judgement can be given in the city's classes.
 */
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
  const { statuses, recordClasses } = evaluation.scheme;
  const choices = [...statuses, ...recordClasses];
  // The stored judgement's class: its key, else its label (an imported status keeps no key).
  const keyOf = (r: OverrideRecord | null) =>
    r?.statusKey ?? choices.find((s) => labelKey(s.label) === labelKey(r?.status ?? ''))?.key ?? '';
  const [key, setKey] = useState(keyOf(record));
  const [reason, setReason] = useState(record?.reason ?? '');
  const [result, setResult] = useState<ApiResult<unknown> | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    setKey(keyOf(record));
    setReason(record?.reason ?? '');
  }, [record?.id, record?.version]);
  const save = async (e: Event) => {
    e.preventDefault();
    const chosen = choices.find((s) => s.key === key);
    if (!chosen) return;
    setStatus('');
    // A class of record is named by its label, as the city's imported judgements are.
    const own = recordClasses.some((s) => s.key === chosen.key);
    const r = await api('PUT', `/api/indicators/${indicatorId}/overrides/${fiscalYear}`, {
      key: own ? null : chosen.key,
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
  const option = (s: (typeof choices)[number]) => (
    <option key={s.key} value={s.key}>
      {lang === 'en' && s.labelEn ? s.labelEn : s.label}
    </option>
  );
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
        {recordClasses.length ? (
          <>
            <optgroup label={evaluation.scheme.name}>{statuses.map(option)}</optgroup>
            <optgroup label={t('recordClasses')}>{recordClasses.map(option)}</optgroup>
          </>
        ) : (
          statuses.map(option)
        )}
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
              <td>{choices.find((s) => s.key === key)?.label ?? '—'}</td>
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
