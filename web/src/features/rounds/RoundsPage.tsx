import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { RoundListItem, RoundViewAnswer, Tree } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { Link } from '../../components/Link.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { IndicatorPicker } from './IndicatorPicker.tsx';
import {
  type Action,
  departmentsOfTree,
  isPlanner,
  localTime,
  PART_STATES,
  partKey,
  roundKey,
  useAction,
} from './round-common.ts';

// The answers' types come from the API's answer schemas (src/api/routes/rounds.answers.ts).
type RoundView = RoundViewAnswer;

/** What the panels of a shown round get: the round, the write runner and the reload after it. */
interface RoundPanel {
  round: RoundView;
  planner: boolean;
  action: Action;
  reload: () => void;
}

/** The planner's form opening a round: fiscal year, deadline, earlier deadlines per department. */
function OpenRoundForm({
  strategyId,
  tree,
  action,
  onOpened,
}: {
  strategyId: string;
  tree: Tree | null;
  action: Action;
  onOpened: () => void;
}) {
  const { t } = useApp();
  const [year, setYear] = useState('');
  const [deadline, setDeadline] = useState('');
  const [deptDeadlines, setDeptDeadlines] = useState<Record<string, string>>({});
  return (
    <form
      class="card"
      aria-label={t('roundOpenTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(
          () =>
            api('POST', `/api/strategies/${strategyId}/rounds`, {
              fiscalYear: Number(year),
              deadline,
              departmentDeadlines: Object.fromEntries(
                Object.entries(deptDeadlines).filter(([, d]) => d !== ''),
              ),
            }),
          onOpened,
        );
      }}
    >
      <h2>{t('roundOpenTitle')}</h2>
      <Field
        label={t('roundFiscalYear')}
        name="fiscalYear"
        inputMode="numeric"
        value={year}
        onValue={setYear}
      />{' '}
      <Field label={t('roundDeadline')} name="deadline" type="date" value={deadline} onValue={setDeadline} />{' '}
      <button type="submit" disabled={action.busy}>
        {t('roundOpenButton')}
      </button>
      {tree ? (
        <details class="dept-deadlines">
          <summary>{t('roundDeptDeadlines')}</summary>
          <p class="muted">{t('roundDeptDeadlinesHelp')}</p>
          <ul class="plain">
            {departmentsOfTree(tree).map((d) => (
              <li key={d.id}>
                <Field
                  label={d.name}
                  type="date"
                  name={`deadline-${d.name}`}
                  value={deptDeadlines[d.id] ?? ''}
                  max={deadline || undefined}
                  onValue={(v) => setDeptDeadlines({ ...deptDeadlines, [d.id]: v })}
                />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </form>
  );
}

/** One row per department: state, items entered and checked, findings, deadline, last activity. */
function PartsTable({ round: r, strategyId }: { round: RoundView; strategyId: string }) {
  const { t } = useApp();
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">{t('roundDepartment')}</th>
          <th scope="col">{t('roundState')}</th>
          <th scope="col">{t('roundItems')}</th>
          <th scope="col">{t('roundEntered')}</th>
          <th scope="col">{t('roundChecked')}</th>
          <th scope="col">{t('roundFindings')}</th>
          <th scope="col">{t('roundDeadline')}</th>
          <th scope="col">{t('roundLastActivity')}</th>
        </tr>
      </thead>
      <tbody>
        {r.parts.map((p) => (
          <tr key={p.departmentId} data-department={p.departmentName} data-state={p.state}>
            <th scope="row">
              <Link href={`/strategies/${strategyId}/rounds/${r.id}/departments/${p.departmentId}`}>
                {p.departmentName}
              </Link>
            </th>
            <td>{t(partKey(p.state))}</td>
            <td>{p.items}</td>
            <td>{p.entered}</td>
            <td>{p.checked}</td>
            <td>{p.findings}</td>
            <td>{p.deadline}</td>
            <td>
              {p.lastActivityAt ? (
                <time dateTime={p.lastActivityAt}>{localTime(p.lastActivityAt)}</time>
              ) : (
                '-'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The planner's moves of the round: close, remind, reopen, confirm (with a reason), publish. */
function RoundActions({ round: r, action, reload }: RoundPanel) {
  const { t } = useApp();
  const [reason, setReason] = useState('');
  const [reminded, setReminded] = useState<number | null>(null);
  const transition = (act: string) =>
    action.run(
      () =>
        api('POST', `/api/rounds/${r.id}/transition`, {
          action: act,
          version: r.version,
          ...(act === 'confirm' && reason ? { reason } : {}),
        }),
      reload,
    );
  const remind = () =>
    action.run(async () => {
      const x = await api<{ reminded: unknown[] }>('POST', `/api/rounds/${r.id}/remind`, {});
      if (x.ok) setReminded(x.value.reminded.length);
      return x;
    }, reload);
  return (
    <div class="actions">
      {r.state === 'open' ? (
        <>
          <button type="button" onClick={() => transition('close')}>
            {t('roundClose')}
          </button>{' '}
          <button type="button" onClick={remind}>
            {t('roundRemind')}
          </button>
        </>
      ) : null}
      {r.state === 'closed' ? (
        <button type="button" onClick={() => transition('reopen')}>
          {t('roundReopen')}
        </button>
      ) : null}
      {r.state === 'open' || r.state === 'closed' ? (
        <>
          {' '}
          <Field label={t('roundConfirmReason')} name="confirmReason" value={reason} onValue={setReason} />{' '}
          <button type="button" onClick={() => transition('confirm')}>
            {t('roundConfirm')}
          </button>
        </>
      ) : null}
      {r.state === 'confirmed' ? (
        <>
          <button type="button" onClick={() => transition('publish')} aria-describedby="publish-help">
            {t('roundPublish')}
          </button>{' '}
          <span class="muted" id="publish-help">
            {t('roundPublishHelp', { year: fiscalYearLabel(r.fiscalYear) })}
          </span>
        </>
      ) : null}
      {reminded !== null ? <p role="status">{t('roundReminded', { n: reminded })}</p> : null}
    </div>
  );
}

/** The planner's form reopening one indicator of a confirmed round, with a reason. */
function ExceptionForm({ round: r, action, reload }: RoundPanel) {
  const { t } = useApp();
  const [exIndicator, setExIndicator] = useState('');
  const [exReason, setExReason] = useState('');
  return (
    <form
      class="stack"
      aria-labelledby="ex-form-h"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(
          () =>
            api('POST', `/api/rounds/${r.id}/exceptions`, {
              indicatorId: exIndicator,
              reason: exReason,
            }),
          () => {
            setExIndicator('');
            setExReason('');
            reload();
          },
        );
      }}
    >
      <h4 id="ex-form-h">{t('roundExceptionFormTitle')}</h4>
      <IndicatorPicker indicators={r.indicators} value={exIndicator} onChange={setExIndicator} />
      <Field
        label={t('roundExceptionReason')}
        name="exceptionReason"
        required
        value={exReason}
        onValue={setExReason}
      />
      <p>
        <button type="submit" disabled={action.busy || !exIndicator || !exReason.trim()}>
          {t('roundExceptionOpen')}
        </button>
      </p>
    </form>
  );
}

/** The indicators reopened after confirmation (exceptions), closable; the form to open one. */
function ExceptionsSection(props: RoundPanel) {
  const { t } = useApp();
  const { round: r, planner, action, reload } = props;
  const indicatorName = (id: string) => r.indicators.find((i) => i.indicatorId === id)?.name ?? id;
  return (
    <section aria-label={t('roundExceptions')}>
      <h3>{t('roundExceptions')}</h3>
      <ul>
        {r.exceptions.length === 0 ? <li class="muted">{t('roundExceptionNone')}</li> : null}
        {r.exceptions.map((x) => (
          <li key={x.id} data-exception={x.indicatorId} data-open={x.closedAt ? 'false' : 'true'}>
            <strong>{indicatorName(x.indicatorId)}</strong>：{x.reason}（
            {t('roundExceptionBy', { by: x.openedBy, date: x.openedAt.slice(0, 10) })}）
            {x.closedAt ? (
              <span> {t('roundExceptionClosed', { date: x.closedAt.slice(0, 10) })}</span>
            ) : planner ? (
              <button
                type="button"
                onClick={() =>
                  action.run(
                    () => api('POST', `/api/round-exceptions/${x.id}/close`, { version: x.version }),
                    reload,
                  )
                }
              >
                {t('roundExceptionClose')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {planner && (r.state === 'confirmed' || r.state === 'published') ? <ExceptionForm {...props} /> : null}
    </section>
  );
}

/** The round shown: its state and dates, counts per state, the departments, moves, exceptions. */
function RoundSection(props: RoundPanel & { strategyId: string }) {
  const { t } = useApp();
  const { round: r, planner } = props;
  return (
    <section class="card" data-round-state={r.state} aria-label={t('rounds')}>
      <h2>
        {r.strategyName} {r.fiscalYear}
      </h2>
      <p>
        <span data-testid="round-state">{t('roundStateOf', { state: t(roundKey(r.state)) })}</span>{' '}
        {t('roundDeadlineOf', { date: r.deadline })}
        {r.confirmedAt ? <> {t('roundConfirmedOn', { date: r.confirmedAt.slice(0, 10) })}</> : null}
        {r.publishedAt ? <> {t('roundPublishedOn', { date: r.publishedAt.slice(0, 10) })}</> : null}
      </p>
      <h3>{t('roundCounts')}</h3>
      <ul class="inline">
        {PART_STATES.map((s) => (
          <li key={s}>
            {t(partKey(s))}: <strong data-count={s}>{r.counts[s] ?? 0}</strong>
          </li>
        ))}
      </ul>
      <PartsTable round={r} strategyId={props.strategyId} />
      {planner ? <RoundActions {...props} /> : null}
      {r.state === 'confirmed' || r.state === 'published' || r.exceptions.length ? (
        <ExceptionsSection {...props} />
      ) : null}
    </section>
  );
}

/** The planner's progress page of a strategy's rounds: one row per department, counts per state. */
export function RoundsPage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const list = useApi<(RoundListItem & { strategyName?: string })[]>(`/api/rounds?strategyId=${strategyId}`);
  const [chosen, setChosen] = useState<string | null>(null);
  const roundId = chosen ?? list.data?.[0]?.id ?? null;
  const round = useApi<RoundView>(roundId ? `/api/rounds/${roundId}` : null);
  const planner = isPlanner(me?.user.role);
  const action = useAction();
  // The departments answering in this strategy (for their own earlier deadlines), planners only.
  const tree = useApi<Tree>(planner ? `/api/strategies/${strategyId}/tree` : null);
  if (list.error) return <ErrorMessage result={list.error} />;
  if (!list.data) return <Loading />;
  const reload = () => {
    list.reload();
    round.reload();
  };
  const r = round.data;
  return (
    <div class="stack" data-ready="rounds">
      <h1>{t('roundsTitle')}</h1>
      <ErrorMessage result={action.error} />
      {planner ? (
        <OpenRoundForm
          strategyId={strategyId}
          tree={tree.data}
          action={action}
          onOpened={() => {
            setChosen(null);
            reload();
          }}
        />
      ) : null}
      {list.data.length === 0 ? <p>{t('roundNone')}</p> : null}
      {list.data.length > 1 ? (
        <label>
          {t('roundFiscalYear')}{' '}
          <select value={roundId ?? ''} onChange={(e) => setChosen(e.currentTarget.value)}>
            {list.data.map((x) => (
              <option key={x.id} value={x.id}>
                {x.fiscalYear}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {r ? (
        <RoundSection round={r} strategyId={strategyId} planner={planner} action={action} reload={reload} />
      ) : roundId ? (
        <Loading />
      ) : null}
    </div>
  );
}
