import { query } from '../../api/client.ts';
import type { Strategy, Summary, Tree } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { StatusBars } from '../../components/StatusBars.tsx';
import { fiscalYearLabel, formatRatio } from '../../lib/format.ts';
import { grantOf } from '../../lib/permissions.ts';
import { navigate, useLocation } from '../../lib/router.ts';
import {
  boundedProgress,
  flattenTree,
  mostBehind,
  reportingProgress,
  statusChanges,
} from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';
import { TransitionCard } from '../periods/TransitionCard.tsx';
import { RoundTasks } from '../rounds/Rounds.tsx';

/**
 * Years for the year chooser: every year of the strategy that takes figures (the server's
 * timeline: the period, back to the first actual, on to the last target) and the chosen one.
 */
export function yearsOf(strategy: Pick<Strategy, 'timeline'>, chosen: number): number[] {
  return [...new Set([...strategy.timeline.years, chosen])].sort((a, b) => a - b);
}

/**
 * The year the entry page opens on: the as-of year, or the period's first year while the strategy
 * has no figures yet (its as-of year is the year before).
 */
export function entryYearOf(strategy: Pick<Strategy, 'timeline'>): number {
  const { asOf, period } = strategy.timeline;
  return Math.max(asOf, period.from);
}

export function YearSelect({
  years,
  value,
  onChange,
}: {
  years: number[];
  value: number;
  onChange: (y: number) => void;
}) {
  const { t } = useApp();
  return (
    <label class="inline">
      {t('fiscalYear')}{' '}
      <select
        value={String(value)}
        onChange={(e) => onChange(Number((e.currentTarget as HTMLSelectElement).value))}
      >
        {years.map((y) => (
          <option key={y} value={String(y)}>
            {fiscalYearLabel(y)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Per goal: its own indicators (baseline, target, latest, status) and its status distribution. */
function GoalCards({ tree, summary, base }: { tree: Tree; summary: Summary; base: string }) {
  const { t } = useApp();
  return (
    <div class="grid-2">
      {tree.goals.map((goal) => {
        const group = summary.byGoal.find((g) => g.id === goal.id);
        return (
          <section class="card" key={goal.id} aria-labelledby={`g-${goal.id}`}>
            <h2 id={`g-${goal.id}`}>
              {t('goal')} {goal.code} {goal.name}
            </h2>
            {goal.indicators.length > 0 ? (
              <table class="compact">
                <caption>{t('numericTargets')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('indicator')}</th>
                    <th scope="col">{t('baseline')}</th>
                    <th scope="col">{t('target')}</th>
                    <th scope="col">{t('latest')}</th>
                    <th scope="col">{t('status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {goal.indicators.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">
                        <Link href={`${base}/indicators/${i.id}`}>{i.name}</Link>
                      </th>
                      <td>{i.baseline?.raw ?? '—'}</td>
                      <td>{i.target?.raw ?? '—'}</td>
                      <td>{i.latest?.raw ?? t('noFigures')}</td>
                      <td>
                        <StatusBadge status={i.evaluation?.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {group ? (
              <StatusBars counts={group.counts} total={group.total} caption={t('statusDistribution')} />
            ) : null}
          </section>
        );
      })}
    </div>
  );
}

type Placed = ReturnType<typeof flattenTree>;

/** The status changes since the year before, and the indicators most behind. */
function MovementCards({
  placed,
  before,
  asOf,
  base,
}: {
  placed: Placed;
  before: Tree | null;
  asOf: number;
  base: string;
}) {
  const { t } = useApp();
  const behind = mostBehind(placed, 8);
  const changes = before ? statusChanges(flattenTree(before), placed) : [];
  return (
    <div class="grid-2">
      <section class="card" aria-labelledby="changes-h">
        <h2 id="changes-h">
          {t('changes')}（{fiscalYearLabel(asOf - 1)} → {fiscalYearLabel(asOf)}）
        </h2>
        {changes.length === 0 ? (
          <p>{t('noChanges')}</p>
        ) : (
          <ul class="plain">
            {changes.slice(0, 12).map((c) => (
              <li key={c.placed.indicator.id}>
                <Link href={`${base}/indicators/${c.placed.indicator.id}`}>{c.placed.indicator.name}</Link>：
                {c.before ?? t('notEvaluated')} → {c.after ?? t('notEvaluated')}
              </li>
            ))}
            {changes.length > 12 ? <li>{t('moreN', { n: changes.length - 12 })}</li> : null}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="behind-h">
        <h2 id="behind-h">{t('mostBehind')}</h2>
        <ol>
          {behind.map((p) => (
            <li key={p.indicator.id}>
              <Link href={`${base}/indicators/${p.indicator.id}`}>{p.indicator.name}</Link>{' '}
              <StatusBadge status={p.indicator.evaluation?.status} />{' '}
              {((b) =>
                b?.below ? t('behindBelow') : t('behindAchieved', { p: formatRatio(b ? b.ratio : null) }))(
                boundedProgress(p.indicator.evaluation),
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** The year's figures entered per department, each a link to its entry grid. */
function ReportingCard({ placed, asOf, base }: { placed: Placed; asOf: number; base: string }) {
  const { t } = useApp();
  const progress = reportingProgress(placed, asOf);
  return (
    <section class="card" aria-labelledby="reporting-h">
      <h2 id="reporting-h">
        {t('reporting')}（{fiscalYearLabel(asOf)}）
      </h2>
      <table class="compact">
        <thead>
          <tr>
            <th scope="col">{t('department')}</th>
            <th scope="col">{t('entered')}</th>
            <th scope="col">{t('share')}</th>
          </tr>
        </thead>
        <tbody>
          {progress.map((p) => (
            <tr key={p.department}>
              <th scope="row">
                <Link href={`${base}/entry?department=${encodeURIComponent(p.department)}&fy=${asOf}`}>
                  {p.department}
                </Link>
              </th>
              <td>{t('enteredOf', { a: p.entered, b: p.total })}</td>
              <td>
                <progress max={p.total} value={p.entered} aria-label={`${p.department} ${t('entered')}`} />{' '}
                {formatRatio(p.total ? p.entered / p.total : 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Dashboard of a strategy for a chosen fiscal year. */
export function DashboardPage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const { params } = useLocation();
  const fy = params.get('fy') ? Number(params.get('fy')) : null;
  const strategy = useApi<Strategy>(`/api/strategies/${strategyId}`);
  // Without a chosen year the server picks the evaluation year (the latest with figures).
  const tree = useApi<Tree>(query(`/api/strategies/${strategyId}/tree`, { asOf: fy }));
  // Never null: the strategy's as-of year (the year before its first while it has no figures).
  const asOf = fy ?? strategy.data?.timeline.asOf ?? tree.data?.asOf ?? null;
  const before = useApi<Tree>(asOf ? query(`/api/strategies/${strategyId}/tree`, { asOf: asOf - 1 }) : null);
  const summary = useApi<Summary>(asOf ? query(`/api/strategies/${strategyId}/summary`, { asOf }) : null);
  if (strategy.error) return <ErrorMessage result={strategy.error} />;
  if (!strategy.data || !tree.data || !summary.data || asOf === null) return <Loading />;
  const placed = flattenTree(tree.data);
  const base = `/strategies/${strategyId}`;
  return (
    <div class="stack" data-ready="dashboard">
      <div class="page-head">
        <h1>{strategy.data.name}</h1>
        <YearSelect
          years={yearsOf(strategy.data, asOf)}
          value={asOf}
          onChange={(y) => navigate(`${base}?fy=${y}`)}
        />
      </div>
      <RoundTasks />
      {strategy.data.timeline.latestActual === null ? (
        <p class="card" role="note">
          {t('noFiguresHelp')}
        </p>
      ) : null}
      <p>
        {t('dashSummary', {
          fy: fiscalYearLabel(asOf),
          scheme: summary.data.scheme.name,
          n: summary.data.overall.total,
        })}
      </p>
      <section class="card" aria-labelledby="overall-h">
        <h2 id="overall-h">{t('overall')}</h2>
        <StatusBars
          counts={summary.data.overall.counts}
          total={summary.data.overall.total}
          caption={t('statusDistribution')}
        />
      </section>
      <GoalCards tree={tree.data} summary={summary.data} base={base} />
      <MovementCards placed={placed} before={before.data} asOf={asOf} base={base} />
      <ReportingCard placed={placed} asOf={asOf} base={base} />
      {grantOf(me, 'indicator.edit') ? <TransitionCard strategyId={strategyId} /> : null}
    </div>
  );
}
