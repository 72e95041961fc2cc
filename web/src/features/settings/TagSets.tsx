import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { TagSetRecord } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { useApi } from '../../lib/use-api.ts';
import { SaveError } from './conflict.tsx';

const currentSet = (v: unknown) => {
  const s = v as Partial<TagSetRecord> | null;
  if (!s || typeof s.name !== 'string' || !Array.isArray(s.tags)) return null;
  return `${s.name}: ${s.tags.map((x) => x.name).join(', ')}`;
};

/** One tag set: rename it, rename/add/remove tags, delete with confirmation. */
function TagSetEditor({ set, onChanged }: { set: TagSetRecord; onChanged: (message: string) => void }) {
  const { t } = useApp();
  const [name, setName] = useState(set.name);
  const [tags, setTags] = useState<{ id?: string; name: string }[]>(set.tags);
  const [newTag, setNewTag] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const save = async (event: Event) => {
    event.preventDefault();
    const r = await api('PATCH', `/api/tag-sets/${set.id}`, { version: set.version, name, tags });
    if (!r.ok) return setError(r);
    setError(null);
    onChanged(t('tagSetSaved'));
  };
  const remove = async () => {
    const r = await api('DELETE', `/api/tag-sets/${set.id}?version=${set.version}`);
    setConfirming(false);
    if (!r.ok) return setError(r);
    setError(null);
    onChanged(t('tagSetDeleted'));
  };
  const addTag = () => {
    const v = newTag.trim();
    if (!v) return;
    setTags([...tags, { name: v }]);
    setNewTag('');
  };
  return (
    <li class="stack">
      <form class="stack" onSubmit={save}>
        <label>
          {t('tagSetNameOf', { name: set.name })}
          <input
            value={name}
            required
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <ul class="plain">
          {tags.map((tag, i) => (
            <li key={tag.id ?? `new-${i}`} class="row">
              <label>
                {t('tagNameOf', { n: i + 1 })}
                <input
                  value={tag.name}
                  required
                  onInput={(e) => {
                    const next = tags.slice();
                    next[i] = { ...tag, name: (e.currentTarget as HTMLInputElement).value };
                    setTags(next);
                  }}
                />
              </label>
              <button
                type="button"
                aria-label={t('removeTagOf', { name: tag.name })}
                onClick={() => setTags(tags.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <div class="row">
          <label>
            {t('newTagOf', { name: set.name })}
            <input
              value={newTag}
              onInput={(e) => setNewTag((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addTag();
                }
              }}
            />
          </label>
          <button type="button" onClick={addTag}>
            {t('addTag')}
          </button>
        </div>
        <div class="row">
          <button type="submit" class="primary">
            {t('saveTagSet')}
          </button>
          {confirming ? (
            <span class="row">
              <span>{t('confirmDeleteTagSet', { name: set.name })}</span>
              <button type="button" onClick={remove}>
                {t('confirmDelete')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </button>
            </span>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              {t('deleteTagSet')}
            </button>
          )}
        </div>
      </form>
      <SaveError result={error} current={currentSet} />
    </li>
  );
}

/** Settings → タグ: tag sets of the strategy, editable; new sets. */
export function TagSetsSection({
  strategyId,
  municipalityId,
}: {
  strategyId: string;
  municipalityId: string;
}) {
  const { t } = useApp();
  const sets = useApi<{ items: TagSetRecord[] }>(`/api/tag-sets?strategyId=${strategyId}`);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [message, setMessage] = useState('');
  const changed = (m: string) => {
    setMessage(m);
    sets.reload();
  };
  const addTagSet = async (event: Event) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const tags = String(form.get('tags') ?? '')
      .split(/[,、\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const r = await api('POST', '/api/tag-sets', {
      municipalityId,
      strategyId,
      name: String(form.get('name') ?? ''),
      tags,
    });
    if (!r.ok) return setError(r);
    setError(null);
    formEl.reset();
    changed(t('tagSetSaved'));
  };
  const items = sets.data?.items ?? [];
  return (
    <section class="card stack" aria-labelledby="tags-h">
      <h2 id="tags-h">{t('tagSets')}</h2>
      <p role="status" class="muted">
        {message}
      </p>
      <ErrorMessage result={sets.error} />
      <ul class="plain stack">
        {items.map((s) => (
          <TagSetEditor key={`${s.id}-${s.version}`} set={s} onChanged={changed} />
        ))}
        {sets.data && items.length === 0 ? <li>{t('noTagSets')}</li> : null}
      </ul>
      <form class="row" onSubmit={addTagSet}>
        <label>
          {t('tagSetName')}
          <input name="name" required />
        </label>
        <label>
          {t('tagsList')}
          <input name="tags" required />
        </label>
        <button type="submit">{t('create')}</button>
      </form>
      <ErrorMessage result={error} />
    </section>
  );
}
