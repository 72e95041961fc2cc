import { useMemo, useState } from 'preact/hooks';
import type { Tree, TreeIndicator, TreeMeasure } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { matchesSearch } from '../../lib/normalize.ts';
import { departmentsOf, flattenTree } from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';

interface Filters {
  q: string;
  department: string;
  status: string;
  tag: string;
}

function keep(i: TreeIndicator, f: Filters, context: string): boolean {
  if (f.department && !i.departments.includes(f.department)) return false;
  if (f.status && i.evaluation?.status.key !== f.status) return false;
  if (f.tag && !(i.tags ?? []).includes(f.tag)) return false;
  return matchesSearch(f.q, `${i.name} ${i.ref ?? ''} ${context}`);
}

function Indicators({
  items,
  base,
  f,
  context,
}: {
  items: TreeIndicator[];
  base: string;
  f: Filters;
  context: string;
}) {
  const shown = items.filter((i) => keep(i, f, context));
  if (shown.length === 0) return null;
  return (
    <ul class="indicators">
      {shown.map((i) => (
        <li key={i.id}>
          <Link href={`${base}/indicators/${i.id}`}>{i.name}</Link>{' '}
          <StatusBadge status={i.evaluation?.status} />{' '}
          <span class="muted">
            {i.latest?.raw ?? '—'}・{i.departments.join('、')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function countIn(m: TreeMeasure, f: Filters, context: string): number {
  const ctx = `${context} ${m.name}`;
  return (
    m.indicators.filter((i) => keep(i, f, ctx)).length +
    m.projects.reduce((n, p) => n + p.indicators.filter((i) => keep(i, f, `${ctx} ${p.name}`)).length, 0) +
    m.measures.reduce((n, s) => n + countIn(s, f, ctx), 0)
  );
}

function Measure({ m, base, f, context }: { m: TreeMeasure; base: string; f: Filters; context: string }) {
  const ctx = `${context} ${m.name}`;
  if (countIn(m, f, context) === 0) return null;
  return (
    <li>
      <details open>
        <summary>
          <span class="kind">施策</span> {m.code} {m.name}
        </summary>
        <Indicators items={m.indicators} base={base} f={f} context={ctx} />
        <ul class="tree">
          {m.projects.map((p) =>
            p.indicators.some((i) => keep(i, f, `${ctx} ${p.name}`)) ? (
              <li key={p.id}>
                <span class="kind">事業</span> {p.code} {p.name}{' '}
                <span class="muted">{p.departments.join('、')}</span>
                <Indicators items={p.indicators} base={base} f={f} context={`${ctx} ${p.name}`} />
              </li>
            ) : null,
          )}
          {m.measures.map((s) => (
            <Measure key={s.id} m={s} base={base} f={f} context={ctx} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** 基本目標 → 施策 → 事務事業 → 指標, with filters and a kana/width-tolerant search. */
export function TreePage({ strategyId }: { strategyId: string }) {
  const { t } = useApp();
  const tree = useApi<Tree>(`/api/strategies/${strategyId}/tree`);
  const [f, setF] = useState<Filters>({ q: '', department: '', status: '', tag: '' });
  const placed = useMemo(() => (tree.data ? flattenTree(tree.data) : []), [tree.data]);
  if (tree.error) return <ErrorMessage result={tree.error} />;
  if (!tree.data) return <Loading />;
  const departments = departmentsOf(placed);
  const statuses = new Map(
    placed.flatMap((p) =>
      p.indicator.evaluation
        ? [[p.indicator.evaluation.status.key, p.indicator.evaluation.status.label]]
        : [],
    ),
  );
  const tags = [...new Set(placed.flatMap((p) => p.indicator.tags ?? []))].sort();
  const matching = placed.filter((p) =>
    keep(
      p.indicator,
      f,
      `${p.goal.name} ${p.measures.map((m) => m.name).join(' ')} ${p.project?.name ?? ''}`,
    ),
  ).length;
  const base = `/strategies/${strategyId}`;
  const set = (k: keyof Filters) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <div class="stack">
      <h1>{t('tree')}</h1>
      <form class="filters card" aria-label={t('search')} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('search')}
          <input type="search" value={f.q} onInput={set('q')} placeholder="例: ｼﾞﾝｺｳ、観光" />
        </label>
        <label>
          {t('department')}
          <select value={f.department} onChange={set('department')}>
            <option value="">{t('all')}</option>
            {departments.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <label>
          {t('status')}
          <select value={f.status} onChange={set('status')}>
            <option value="">{t('all')}</option>
            {[...statuses].map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tag')}
          <select value={f.tag} onChange={set('tag')} disabled={tags.length === 0}>
            <option value="">{tags.length ? t('all') : '（分類なし）'}</option>
            {tags.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
        </label>
        <p role="status" class="muted">
          {matching} / {placed.length}
          {t('results')}
        </p>
      </form>
      <ul class="tree">
        {tree.data.goals.map((g) => {
          const inGoal = placed.filter((p) => p.goal.id === g.id);
          const any = inGoal.some((p) =>
            keep(
              p.indicator,
              f,
              `${g.name} ${p.measures.map((m) => m.name).join(' ')} ${p.project?.name ?? ''}`,
            ),
          );
          if (!any) return null;
          return (
            <li key={g.id}>
              <details open>
                <summary>
                  <span class="kind">基本目標</span> {g.code} {g.name}
                </summary>
                <Indicators items={g.indicators} base={base} f={f} context={g.name} />
                <ul class="tree">
                  {g.measures.map((m) => (
                    <Measure key={m.id} m={m} base={base} f={f} context={g.name} />
                  ))}
                </ul>
              </details>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
