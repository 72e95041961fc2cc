import { useState } from 'preact/hooks';
import type { Commentary } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { CommentaryEditor, CommentaryView } from '../commentary/CommentaryEditor.tsx';

/** Commentary of the chosen year: editable by the department in charge, else read-only. */
export function CommentarySection({
  indicatorId,
  years,
  initialYear,
  canEdit,
}: {
  indicatorId: string;
  years: number[];
  initialYear: number;
  canEdit: boolean;
}) {
  const { t } = useApp();
  const list = useApi<Commentary[]>(`/api/indicators/${indicatorId}/commentary`);
  const [year, setYear] = useState(initialYear);
  const notes = list.data ?? [];
  const record = notes.find((c) => c.fiscalYear === year) ?? null;
  const others = notes.filter((c) => c.fiscalYear !== year);
  return (
    <section class="card" aria-labelledby="comm-h">
      <h2 id="comm-h">{t('commentary')}</h2>
      <label class="inline">
        {t('commentaryYear')}{' '}
        <select
          value={String(year)}
          onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {years.map((y) => (
            <option key={y} value={String(y)}>
              {fiscalYearLabel(y)}
            </option>
          ))}
        </select>
      </label>
      {list.error ? <ErrorMessage result={list.error} /> : null}
      {list.data === null && !list.error ? <Loading /> : null}
      {list.data !== null && canEdit ? (
        <CommentaryEditor
          indicatorId={indicatorId}
          fiscalYear={year}
          record={record}
          idPrefix="ind-comm"
          onSaved={() => list.reload()}
        />
      ) : null}
      {list.data !== null && !canEdit ? (
        <>
          <p class="muted">{t('commentaryReadOnly')}</p>
          {record ? <CommentaryView record={record} /> : <p>{t('noComments')}</p>}
        </>
      ) : null}
      {others.map((c) => (
        <article key={c.id} class="comment">
          <h3>{c.fiscalYear ? fiscalYearLabel(c.fiscalYear) : t('noYear')}</h3>
          <CommentaryView record={c} />
        </article>
      ))}
    </section>
  );
}
