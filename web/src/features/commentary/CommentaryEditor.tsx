import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { Commentary } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { AreaField } from '../../components/Field.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel } from '../../lib/format.ts';

/** The four parts of a year's commentary, in the order of the committee sheets. */
export const COMMENTARY_FIELDS: readonly { field: CommentaryField; label: MessageKey }[] = [
  { field: 'progress', label: 'progress' },
  { field: 'issues', label: 'issues' },
  { field: 'nextSteps', label: 'nextSteps' },
  { field: 'summary', label: 'summaryField' },
];
type CommentaryField = 'progress' | 'issues' | 'nextSteps' | 'summary';
type Texts = Record<CommentaryField, string>;

const textsOf = (c: Commentary | null): Texts => ({
  progress: c?.progress ?? '',
  issues: c?.issues ?? '',
  nextSteps: c?.nextSteps ?? '',
  summary: c?.summary ?? '',
});
const bodyOf = (t: Texts) =>
  Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.trim() === '' ? null : v])) as Record<
    CommentaryField,
    string | null
  >;

/**
 * The editor's state: the texts as typed over the stored commentary (base), and, after a 409,
 * the version saved meanwhile (theirs) until the user keeps one.
 */
function useCommentary(
  indicatorId: string,
  fiscalYear: number,
  record: Commentary | null,
  onSaved: (c: Commentary) => void,
) {
  const { t } = useApp();
  const [texts, setTexts] = useState<Texts>(() => textsOf(record));
  const [base, setBase] = useState<Commentary | null>(record);
  const [theirs, setTheirs] = useState<Commentary | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  useEffect(() => {
    setTexts(textsOf(record));
    setBase(record);
    setTheirs(null);
  }, [record?.id, record?.version, fiscalYear]);

  const save = async (over: Commentary | null = base) => {
    setStatus('');
    setError(null);
    const r = over
      ? await api<Commentary>('PATCH', `/api/commentary/${over.id}`, {
          ...bodyOf(texts),
          version: over.version,
        })
      : await api<Commentary>('POST', `/api/indicators/${indicatorId}/commentary`, {
          ...bodyOf(texts),
          fiscalYear,
        });
    if (r.ok) {
      setBase(r.value);
      setTheirs(null);
      setStatus(t('commentarySaved'));
      onSaved(r.value);
      return;
    }
    if (r.error.code === 'VERSION_CONFLICT' && r.error.current) {
      setTheirs(r.error.current as Commentary);
      return;
    }
    setError(r);
  };
  const takeTheirs = (saved: Commentary) => {
    setTexts(textsOf(saved));
    setBase(saved);
    setTheirs(null);
    onSaved(saved);
  };
  return { texts, setTexts, theirs, status, error, save, takeTheirs };
}

/** Both versions side by side after a conflict: keep mine (saved over theirs) or take theirs. */
function ConflictPanel({
  fiscalYear,
  texts,
  theirs,
  onKeepMine,
  onTakeTheirs,
}: {
  fiscalYear: number;
  texts: Texts;
  theirs: Commentary;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const { t } = useApp();
  return (
    <fieldset class="conflict" role="alert">
      <legend>{t('conflictLegend')}</legend>
      <p>{t('commentaryConflict')}</p>
      <table class="compact side-by-side">
        <thead>
          <tr>
            <th scope="col">{fiscalYearLabel(fiscalYear)}</th>
            <th scope="col">{t('yours')}</th>
            <th scope="col">{t('savedNow')}</th>
          </tr>
        </thead>
        <tbody>
          {COMMENTARY_FIELDS.map(({ field, label }) => (
            <tr key={field}>
              <th scope="row">{t(label)}</th>
              <td>{texts[field] || '—'}</td>
              <td>{theirs[field] ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onKeepMine}>
        {t('keepMineSave')}
      </button>
      <button type="button" onClick={onTakeTheirs}>
        {t('takeSaved')}
      </button>
    </fieldset>
  );
}

/**
 * Editor of one indicator's commentary for one fiscal year (①実施状況 ②課題 ③今後の方策 総括).
 * Creates the year's commentary or edits it with its version; when someone else saved first
 * (409), both versions are shown side by side and the user keeps one.
 */
export function CommentaryEditor({
  indicatorId,
  fiscalYear,
  record,
  idPrefix,
  onSaved,
}: {
  indicatorId: string;
  fiscalYear: number;
  /** The year's stored commentary, or null when there is none yet. */
  record: Commentary | null;
  /** Unique prefix for the fields' ids on the page. */
  idPrefix: string;
  onSaved: (c: Commentary) => void;
}) {
  const { t } = useApp();
  const { texts, setTexts, theirs, status, error, save, takeTheirs } = useCommentary(
    indicatorId,
    fiscalYear,
    record,
    onSaved,
  );
  return (
    <form
      class="commentary-edit stack"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      {COMMENTARY_FIELDS.map(({ field, label }) => (
        <div key={field} class="field">
          <AreaField
            id={`${idPrefix}-${field}`}
            label={t(label)}
            rows={field === 'summary' ? 2 : 3}
            value={texts[field]}
            onValue={(v) => setTexts({ ...texts, [field]: v })}
          />
        </div>
      ))}
      {theirs ? (
        <ConflictPanel
          fiscalYear={fiscalYear}
          texts={texts}
          theirs={theirs}
          onKeepMine={() => void save(theirs)}
          onTakeTheirs={() => takeTheirs(theirs)}
        />
      ) : null}
      <p>
        <button type="submit" class="primary">
          {t('saveCommentary')}
        </button>{' '}
        <span role="status" class="muted">
          {status}
        </span>
      </p>
      {error ? <ErrorMessage result={error} /> : null}
    </form>
  );
}

/** A year's commentary as text (read-only). */
export function CommentaryView({ record }: { record: Commentary }) {
  const { t } = useApp();
  return (
    <dl class="pairs">
      {COMMENTARY_FIELDS.map(({ field, label }) => (
        <Fragment key={field}>
          <dt>{t(label)}</dt>
          <dd>{record[field] ?? '—'}</dd>
        </Fragment>
      ))}
      {record.text ? (
        <>
          <dt>{t('commentary')}</dt>
          <dd>{record.text}</dd>
        </>
      ) : null}
    </dl>
  );
}
