import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { MunicipalityItem, Page } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { useApi } from '../../lib/use-api.ts';
import { SaveError } from './conflict.tsx';

const currentDivision = (v: unknown) =>
  v && typeof v === 'object' && 'planningDivision' in v
    ? String((v as { planningDivision: unknown }).planningDivision ?? '')
    : null;

function DivisionForm({ m, onSaved }: { m: MunicipalityItem; onSaved: () => void }) {
  const { t } = useApp();
  const [value, setValue] = useState(m.planningDivision ?? '');
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    const r = await api('PATCH', `/api/municipalities/${m.id}`, {
      planningDivision: value.trim() || null,
      version: m.version,
    });
    if (!r.ok) return setError(r);
    setError(null);
    onSaved();
  };
  return (
    <form class="stack" onSubmit={save}>
      <label>
        {t('planningDivisionName')}
        <input
          name="planningDivision"
          value={value}
          maxLength={100}
          aria-describedby="planning-division-hint"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      <p id="planning-division-hint" class="muted">
        {t('planningDivisionHint')}
      </p>
      <div class="row">
        <button type="submit" class="primary">
          {t('save')}
        </button>
      </div>
      <SaveError result={error} current={currentDivision} />
    </form>
  );
}

/**
 * Settings → 企画担当課: the name the municipality gives its planning division (企画政策課,
 * 経営戦略課…), which the notices and messages departments read use.
 */
export function PlanningDivisionSection({ municipalityId }: { municipalityId: string }) {
  const { t } = useApp();
  const list = useApi<Page<MunicipalityItem>>('/api/municipalities');
  const m = list.data?.items.find((x) => x.id === municipalityId) ?? null;
  // The saved note lives here: the form is made anew with the saved version.
  const [message, setMessage] = useState('');
  const saved = () => {
    setMessage(t('planningDivisionSaved'));
    list.reload();
  };
  return (
    <section class="card stack" aria-labelledby="planning-division-h">
      <h2 id="planning-division-h">{t('planningDivisionHeading')}</h2>
      <p role="status" class="muted">
        {message}
      </p>
      <ErrorMessage result={list.error} />
      {list.data === null && !list.error ? <Loading /> : null}
      {m ? <DivisionForm m={m} onSaved={saved} key={m.version} /> : null}
    </section>
  );
}
