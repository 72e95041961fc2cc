import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { DepartmentItem } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { useApi } from '../../lib/use-api.ts';
import { SaveError } from './conflict.tsx';

const currentName = (v: unknown) =>
  v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string'
    ? (v as { name: string }).name
    : null;

/** One department: its name, former names, and an inline rename form. */
function DepartmentRow({ d, onSaved }: { d: DepartmentItem; onSaved: () => void }) {
  const { t } = useApp();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const former = d.names.filter((n) => n.toYear !== null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const year = String(form.get('fromYear') ?? '').trim();
    const r = await api('PATCH', `/api/departments/${d.id}`, {
      version: d.version,
      name: String(form.get('name') ?? ''),
      ...(year ? { fromYear: Number(year) } : {}),
    });
    if (!r.ok) return setError(r);
    setError(null);
    setEditing(false);
    onSaved();
  };
  return (
    <li>
      <strong>{d.name}</strong>
      {former.length ? (
        <span class="muted">
          {' '}
          {t('departmentFormerNames', {
            names: former
              .map((n) => t('departmentNameYears', { name: n.name, to: n.toYear ?? '' }))
              .join(t('listSep')),
          })}
        </span>
      ) : null}{' '}
      {editing ? (
        <form
          class="row"
          onSubmit={submit}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setEditing(false);
          }}
        >
          <label>
            {t('newDepartmentNameOf', { name: d.name })}
            <input name="name" required defaultValue={d.name} />
          </label>
          <label>
            {t('renameFromYear')}
            <input name="fromYear" type="number" min={1900} max={2200} class="num" />
          </label>
          <button type="submit" class="primary">
            {t('save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => setEditing(true)}
          aria-label={`${t('renameDepartment')}: ${d.name}`}
        >
          {t('renameDepartment')}
        </button>
      )}
      <SaveError result={error} current={currentName} />
    </li>
  );
}

/** Settings → 担当課: list with former names, inline rename, create. */
export function DepartmentsSection({ municipalityId }: { municipalityId: string }) {
  const { t } = useApp();
  const list = useApi<DepartmentItem[]>(`/api/municipalities/${municipalityId}/departments`);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [message, setMessage] = useState('');
  const saved = () => {
    setMessage(t('departmentSaved'));
    list.reload();
  };
  const create = async (event: Event) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const r = await api('POST', `/api/municipalities/${municipalityId}/departments`, {
      name: String(form.get('name') ?? ''),
    });
    if (!r.ok) return setError(r);
    setError(null);
    formEl.reset();
    saved();
  };
  return (
    <section class="card stack" aria-labelledby="dep-h">
      <h2 id="dep-h">{t('departments')}</h2>
      <p role="status" class="muted">
        {message}
      </p>
      <ErrorMessage result={list.error} />
      {list.data === null && !list.error ? <Loading /> : null}
      <ul class="plain">
        {(list.data ?? []).map((d) => (
          <DepartmentRow key={`${d.id}-${d.version}`} d={d} onSaved={saved} />
        ))}
        {list.data && list.data.length === 0 ? <li>{t('noDepartments')}</li> : null}
      </ul>
      <form class="row" onSubmit={create}>
        <label>
          {t('newDepartmentName')}
          <input name="name" required />
        </label>
        <button type="submit">{t('addDepartment')}</button>
      </form>
      <ErrorMessage result={error} />
    </section>
  );
}
