import { useMemo, useState } from 'preact/hooks';
import type { Tree, TreeIndicator, TreeMeasure, TreeProject } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { foldForSearch, matchesSearch } from '../../lib/normalize.ts';
import {
  classChoices,
  classificationOf,
  departmentsOf,
  flattenTree,
  matchesClass,
  TAG_SEP,
} from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';

interface Filters {
  q: string;
  department: string;
  status: string;
  tag: string;
  sdg: string;
  priority: boolean;
  /** Readings (読み) of the strategy's names, loaded when the search has kana; name → katakana. */
  readings?: Record<string, string> | null;
}

/** The names above an indicator (goal, measures, project) with their readings, for the search. */
function contextOf(f: Filters, names: (string | undefined)[]): string {
  return names.map((n) => named(f, n ?? '')).join('｜');
}

/** A name with its reading when known, for the search (ｼﾞﾝｺｳ and じんこう find 人口). */
function named(f: Filters, name: string): string {
  const r = f.readings?.[name];
  return r ? `${name}｜${r}` : name;
}

function keep(i: TreeIndicator, f: Filters, context: string, project: TreeProject | null = null): boolean {
  if (f.department && !i.departments.includes(f.department)) return false;
  if (f.status && i.evaluation?.status.key !== f.status) return false;
  if ((f.tag || f.sdg || f.priority) && !matchesClass(classificationOf(i, project), f)) return false;
  return matchesSearch(f.q, `${named(f, i.name)}｜${i.ref ?? ''}｜${context}`);
}

function Indicators({
  items,
  base,
  f,
  context,
  project = null,
}: {
  items: TreeIndicator[];
  base: string;
  f: Filters;
  context: string;
  project?: TreeProject | null;
}) {
  const { t } = useApp();
  const shown = items.filter((i) => keep(i, f, context, project));
  if (shown.length === 0) return null;
  return (
    <ul class="indicators">
      {shown.map((i) => (
        <li key={i.id}>
          <Link href={`${base}/indicators/${i.id}`}>{i.name}</Link>{' '}
          <StatusBadge status={i.evaluation?.status} />{' '}
          <span class="muted">
            {i.latest?.raw ?? '—'}・{i.departments.join(t('listSep'))}
          </span>
        </li>
      ))}
    </ul>
  );
}

function countIn(m: TreeMeasure, f: Filters, context: string): number {
  const ctx = `${context}｜${named(f, m.name)}`;
  return (
    m.indicators.filter((i) => keep(i, f, ctx)).length +
    m.projects.reduce(
      (n, p) => n + p.indicators.filter((i) => keep(i, f, `${ctx}｜${named(f, p.name)}`, p)).length,
      0,
    ) +
    m.measures.reduce((n, s) => n + countIn(s, f, ctx), 0)
  );
}

function Measure({
  m,
  base,
  f,
  context,
  kind,
}: {
  m: TreeMeasure;
  base: string;
  f: Filters;
  context: string;
  /** The word before the name (default 施策). */
  kind?: string;
}) {
  const { t } = useApp();
  const ctx = `${context}｜${named(f, m.name)}`;
  if (countIn(m, f, context) === 0) return null;
  return (
    <li>
      <details open>
        <summary>
          <span class="kind">{kind ?? t('measure')}</span> {m.code} {m.name}
        </summary>
        <Indicators items={m.indicators} base={base} f={f} context={ctx} />
        <ul class="tree">
          {m.projects.map((p) =>
            p.indicators.some((i) => keep(i, f, `${ctx}｜${named(f, p.name)}`, p)) ? (
              <li key={p.id}>
                <span class="kind">{t('project')}</span> {p.code} {p.name}{' '}
                <span class="muted">{p.departments.join(t('listSep'))}</span>
                <ProjectMarks p={p} />
                <Indicators
                  items={p.indicators}
                  base={base}
                  f={f}
                  context={`${ctx}｜${named(f, p.name)}`}
                  project={p}
                />
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

/** A project's classifications in text (never colour alone): 重点, SDGs, tags. */
function ProjectMarks({ p }: { p: TreeProject }) {
  const { t } = useApp();
  const marks = [
    ...(p.priority ? [t('priority')] : []),
    ...(p.sdgs ?? []).map((n) => `SDGs ${n}`),
    ...(p.tags ?? []).map((g) => `${g.set}：${g.tag}`),
  ];
  if (marks.length === 0) return null;
  return (
    <span class="marks">
      {marks.map((m) => (
        <span key={m} class="mark">
          {m}
        </span>
      ))}
    </span>
  );
}

type Placed = ReturnType<typeof flattenTree>;

/**
 * The tree's filters: search (with the readings' loading state when the search has kana),
 * department, status, tag, SDGs, priority; and how many indicators match.
 */
function TreeFilters({
  f,
  setF,
  placed,
  counts,
  readings,
}: {
  f: Filters;
  setF: (f: Filters) => void;
  placed: Placed;
  counts: { matching: number; total: number };
  /** The readings' request while the search has kana, else null. */
  readings: { loading: boolean; error: unknown } | null;
}) {
  const { t } = useApp();
  const departments = departmentsOf(placed);
  const statuses = new Map(
    placed.flatMap((p) =>
      p.indicator.evaluation
        ? [[p.indicator.evaluation.status.key, p.indicator.evaluation.status.label]]
        : [],
    ),
  );
  const choices = classChoices(placed);
  const set = (k: keyof Filters) => (e: Event) =>
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form class="filters card" aria-label={t('search')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('search')}
        <input type="search" value={f.q} onInput={set('q')} placeholder={t('searchExample')} />
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
        <select value={f.tag} onChange={set('tag')} disabled={choices.tagSets.length === 0}>
          <option value="">{choices.tagSets.length ? t('all') : t('noTags')}</option>
          {choices.tagSets.map((s) => (
            <optgroup key={s.set} label={s.set}>
              {s.tags.map((g) => (
                <option key={g} value={`${s.set}${TAG_SEP}${g}`}>
                  {g}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        {t('sdgs')}
        <select value={f.sdg} onChange={set('sdg')} disabled={choices.sdgs.length === 0}>
          <option value="">{t('all')}</option>
          {choices.sdgs.map((n) => (
            <option key={n} value={String(n)}>
              {t('sdgGoal').replace('{n}', String(n))}
            </option>
          ))}
        </select>
      </label>
      <label class="inline">
        <input
          type="checkbox"
          checked={f.priority}
          disabled={!choices.anyPriority}
          onChange={(e) => setF({ ...f, priority: (e.currentTarget as HTMLInputElement).checked })}
        />
        {t('priorityOnly')}
      </label>
      <p role="status" class="muted">
        {counts.matching} / {counts.total}
        {t('results')}
        {readings?.loading ? ` ${t('readingsLoading')}` : ''}
        {readings?.error ? ` ${t('readingsUnavailable')}` : ''}
      </p>
    </form>
  );
}

/** 基本目標 → 施策 → 事務事業 → 指標, with filters and a kana/width-tolerant search. */
export function TreePage({ strategyId }: { strategyId: string }) {
  const { t } = useApp();
  const tree = useApi<Tree>(`/api/strategies/${strategyId}/tree`);
  const [f, setF] = useState<Filters>({
    q: '',
    department: '',
    status: '',
    tag: '',
    sdg: '',
    priority: false,
  });
  const placed = useMemo(() => (tree.data ? flattenTree(tree.data) : []), [tree.data]);
  // Kana in the search: the names' readings are asked for once (the server reads them), so that
  // ｼﾞﾝｺｳ or じんこう finds 人口; until they arrive the search matches the names as written.
  const byReading = /[\u3041-\u3096]/.test(foldForSearch(f.q));
  const [wantReadings, setWantReadings] = useState(false);
  if (byReading && !wantReadings) setWantReadings(true);
  const readings = useApi<{ readings: Record<string, string> }>(
    wantReadings ? `/api/strategies/${strategyId}/readings` : null,
  );
  const view: Filters = { ...f, readings: readings.data?.readings ?? null };
  if (tree.error) return <ErrorMessage result={tree.error} />;
  if (!tree.data) return <Loading />;
  const matching = placed.filter((p) =>
    keep(
      p.indicator,
      view,
      contextOf(view, [p.goal.name, ...p.measures.map((m) => m.name), p.project?.name]),
      p.project,
    ),
  ).length;
  const base = `/strategies/${strategyId}`;
  const u = tree.data.unassigned;
  const hasUnassigned = u.indicators.length + u.projects.length + u.measures.length > 0;
  return (
    <div class="stack">
      <h1>{t('tree')}</h1>
      <TreeFilters
        f={f}
        setF={setF}
        placed={placed}
        counts={{ matching, total: placed.length }}
        readings={byReading ? readings : null}
      />
      {placed.length === 0 ? <p class="card">{t('noIndicators')}</p> : null}
      <ul class="tree">
        {tree.data.goals.map((g) => {
          const inGoal = placed.filter((p) => p.goal.id === g.id);
          const any = inGoal.some((p) =>
            keep(
              p.indicator,
              view,
              contextOf(view, [g.name, ...p.measures.map((m) => m.name), p.project?.name]),
              p.project,
            ),
          );
          if (!any) return null;
          return (
            <li key={g.id}>
              <details open>
                <summary>
                  <span class="kind">{t('goal')}</span> {g.code} {g.name}
                </summary>
                <Indicators items={g.indicators} base={base} f={view} context={named(view, g.name)} />
                <ul class="tree">
                  {g.measures.map((m) => (
                    <Measure key={m.id} m={m} base={base} f={view} context={named(view, g.name)} />
                  ))}
                </ul>
              </details>
            </li>
          );
        })}
        {hasUnassigned ? (
          <Measure
            m={{
              id: 'unassigned',
              code: null,
              name: '',
              indicators: tree.data.unassigned.indicators,
              projects: tree.data.unassigned.projects,
              measures: tree.data.unassigned.measures,
            }}
            base={base}
            f={view}
            context=""
            kind={t('unassignedItems')}
          />
        ) : null}
      </ul>
    </div>
  );
}
