import { useState } from 'preact/hooks';
import { type ApiResult, api, query } from '../../api/client.ts';
import type { Opinion, Strategy, Tree } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';
import { type OpinionFilter, type OpinionItem, opinionItems, opinionState } from '../../lib/opinion-items.ts';
import { grantOf, mayOn } from '../../lib/permissions.ts';
import { navigate, useLocation } from '../../lib/router.ts';
import { useApi } from '../../lib/use-api.ts';
import { YearSelect, yearsOf } from '../dashboard/Dashboard.tsx';

function when(at: string, lang: string): string {
  return new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP');
}

/** A text saved with compare-and-set; on 409 the saved text is shown beside the user's. */
function VersionedText({
  id,
  label,
  initial,
  rows,
  saveLabel,
  savedLabel,
  onSave,
}: {
  id: string;
  label: string;
  initial: string;
  rows: number;
  saveLabel: string;
  savedLabel: string;
  onSave: (text: string) => Promise<ApiResult<Opinion>>;
}) {
  const { t } = useApp();
  const [text, setText] = useState(initial);
  const [result, setResult] = useState<ApiResult<Opinion> | null>(null);
  const [status, setStatus] = useState('');
  const conflict =
    result && !result.ok && result.error.code === 'VERSION_CONFLICT'
      ? (result.error.current as Opinion)
      : null;
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setStatus('');
        const r = await onSave(text);
        setResult(r.ok ? null : r);
        if (r.ok) setStatus(savedLabel);
      }}
    >
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        required
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p>
        <button type="submit">{saveLabel}</button>{' '}
        <span role="status" class="muted">
          {status}
        </span>
      </p>
      <ErrorMessage result={result} />
      {conflict ? (
        <table class="compact side-by-side">
          <thead>
            <tr>
              <th scope="col">{t('yours')}</th>
              <th scope="col">{t('savedNow')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{text}</td>
              <td>{(label === t('opinion') ? conflict.body : conflict.response) ?? '—'}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
    </form>
  );
}

function OpinionView({
  opinion,
  item,
  departmentIds,
  onChanged,
}: {
  opinion: Opinion;
  item: OpinionItem;
  departmentIds: string[];
  onChanged: () => void;
}) {
  const { t, me, lang } = useApp();
  const state = opinionState(opinion);
  const writeGrant = grantOf(me, 'opinion.write');
  const mayEditBody = writeGrant === 'all' || (writeGrant === 'own' && opinion.author.id === me?.user.id);
  const mayRespond = mayOn(me, 'opinion.respond', departmentIds);
  const patch = async (body: Record<string, string>) => {
    const r = await api<Opinion>('PATCH', `/api/opinions/${opinion.id}`, {
      version: opinion.version,
      ...body,
    });
    if (r.ok) onChanged();
    return r;
  };
  return (
    <article class="opinion" data-state={state}>
      <p>
        <span class={`badge state-${state}`}>{state === 'answered' ? t('answered') : t('unanswered')}</span>{' '}
        <span class="muted">
          {t('opinionAuthor', { name: opinion.author.name, at: when(opinion.createdAt, lang) })}
        </span>
      </p>
      {mayEditBody ? (
        <VersionedText
          id={`op-${opinion.id}`}
          label={t('opinion')}
          initial={opinion.body}
          rows={3}
          saveLabel={t('saveOpinion')}
          savedLabel={t('opinionSaved')}
          onSave={(text) => patch({ body: text })}
        />
      ) : (
        <blockquote>{opinion.body}</blockquote>
      )}
      {mayRespond ? (
        <VersionedText
          id={`re-${opinion.id}`}
          label={t('responseOn', { name: item.name })}
          initial={opinion.response ?? ''}
          rows={3}
          saveLabel={t('saveResponse')}
          savedLabel={t('responseSaved')}
          onSave={(text) => patch({ response: text })}
        />
      ) : (
        <p>
          <strong>{t('responseField')}：</strong>
          {opinion.response ?? t('unanswered')}
          {opinion.respondedBy && opinion.respondedAt ? (
            <span class="muted">
              {' '}
              {t('opinionAuthor', { name: opinion.respondedBy.name, at: when(opinion.respondedAt, lang) })}
            </span>
          ) : null}
        </p>
      )}
    </article>
  );
}

function NewOpinion({
  strategyId,
  item,
  fiscalYear,
  onAdded,
}: {
  strategyId: string;
  item: OpinionItem;
  fiscalYear: number;
  onAdded: () => void;
}) {
  const { t } = useApp();
  const [text, setText] = useState('');
  const [result, setResult] = useState<ApiResult<Opinion> | null>(null);
  const id = `new-${item.targetType}-${item.id}`;
  return (
    <details class="new-opinion">
      <summary>{t('addOpinion')}</summary>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          const r = await api<Opinion>('POST', `/api/strategies/${strategyId}/opinions`, {
            targetType: item.targetType,
            targetId: item.id,
            fiscalYear,
            body: text,
          });
          setResult(r.ok ? null : r);
          if (r.ok) {
            setText('');
            onAdded();
          }
        }}
      >
        <label for={id}>{t('writeOpinionOn', { name: item.name })}</label>
        <textarea
          id={id}
          rows={3}
          required
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
        <p>
          <button type="submit" class="primary">
            {t('saveOpinion')}
          </button>
        </p>
        <ErrorMessage result={result} />
      </form>
    </details>
  );
}

/**
 * The committee's page for one fiscal year (有識者会議): measures and indicators with their
 * statuses; committee members write opinions, departments answer with 対応方針, planners see all
 * and which are still unanswered.
 */
export function CommitteePage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const { params } = useLocation();
  const asked = params.get('fy') ? Number(params.get('fy')) : null;
  const strategy = useApi<Strategy>(`/api/strategies/${strategyId}`);
  const tree = useApi<Tree>(query(`/api/strategies/${strategyId}/tree`, { asOf: asked }));
  const fiscalYear = asked ?? tree.data?.asOf ?? strategy.data?.period?.from ?? null;
  const opinions = useApi<Opinion[]>(
    fiscalYear ? query(`/api/strategies/${strategyId}/opinions`, { fiscalYear }) : null,
  );
  const [filter, setFilter] = useState<OpinionFilter>('all');
  const responder = grantOf(me, 'opinion.respond') === 'dept';
  const [onlyMine, setOnlyMine] = useState(responder);
  if (strategy.error || tree.error) return <ErrorMessage result={strategy.error ?? tree.error} />;
  if (!strategy.data || !tree.data || fiscalYear === null || !opinions.data)
    return opinions.error ? <ErrorMessage result={opinions.error} /> : <Loading />;
  const idsByName = new Map((tree.data.departments ?? []).map((d) => [d.name, d.id]));
  const idsOf = (item: OpinionItem) => item.departments.flatMap((n) => idsByName.get(n) ?? []);
  const byTarget = new Map<string, Opinion[]>();
  for (const o of opinions.data) {
    const k = `${o.targetType}:${o.targetId}`;
    byTarget.set(k, [...(byTarget.get(k) ?? []), o]);
  }
  const open = opinions.data.filter((o) => opinionState(o) === 'unanswered').length;
  const canWrite = grantOf(me, 'opinion.write') !== null;
  const items = opinionItems(tree.data).filter((item) => {
    if (onlyMine && !mayOn(me, 'opinion.respond', idsOf(item))) return false;
    const list = byTarget.get(`${item.targetType}:${item.id}`) ?? [];
    if (filter === 'all') return true;
    return list.some((o) => opinionState(o) === filter);
  });
  const shown = (item: OpinionItem) =>
    (byTarget.get(`${item.targetType}:${item.id}`) ?? []).filter(
      (o) => filter === 'all' || opinionState(o) === filter,
    );
  const reload = () => opinions.reload();
  return (
    <div class="stack">
      <div class="page-head">
        <h1>{t('committeeOf', { fy: fiscalYearLabel(fiscalYear) })}</h1>
        <YearSelect
          years={yearsOf(strategy.data, fiscalYear)}
          value={fiscalYear}
          onChange={(y) => navigate(`/strategies/${strategyId}/committee?fy=${y}`)}
        />
      </div>
      <p>{t('committeeHelp')}</p>
      <div class="filters card">
        <p role="status" data-counts={`${opinions.data.length}/${open}`}>
          {t('opinionCounts', { n: opinions.data.length, open })}
        </p>
        <label>
          {t('opinionStateFilter')}
          <select
            value={filter}
            onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value as OpinionFilter)}
          >
            <option value="all">{t('all')}</option>
            <option value="unanswered">{t('unanswered')}</option>
            <option value="answered">{t('answered')}</option>
          </select>
        </label>
        {responder ? (
          <label class="inline">
            <input
              type="checkbox"
              checked={onlyMine}
              onChange={(e) => setOnlyMine((e.currentTarget as HTMLInputElement).checked)}
            />{' '}
            {t('onlyMine')}
          </label>
        ) : null}
        <Link href={`/strategies/${strategyId}/documents`}>{t('opinionsDocument')}</Link>
      </div>
      {items.length === 0 ? <p class="card">{t('noOpinionsYet')}</p> : null}
      {items.map((item) => {
        const list = shown(item);
        const hid = `it-${item.targetType}-${item.id}`;
        return (
          <section key={hid} class={`card opinion-item ${item.targetType}`} aria-labelledby={hid}>
            <h2 id={hid} class={item.targetType === 'indicator' ? 'small' : undefined}>
              <span class="muted">{item.targetType === 'measure' ? t('measure') : t('indicator')}</span>{' '}
              {item.name} {item.indicator ? <StatusBadge status={item.indicator.evaluation?.status} /> : null}
            </h2>
            <p class="muted">
              {item.path.length ? item.path.join(' › ') : t('unassignedItems')}
              {item.departments.length ? `・${item.departments.join(t('listSep'))}` : ''}
            </p>
            {list.map((o) => (
              <OpinionView
                key={o.id}
                opinion={o}
                item={item}
                departmentIds={idsOf(item)}
                onChanged={reload}
              />
            ))}
            {canWrite ? (
              <NewOpinion strategyId={strategyId} item={item} fiscalYear={fiscalYear} onAdded={reload} />
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
