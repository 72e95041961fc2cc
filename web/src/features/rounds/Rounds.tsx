import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type {
  PartViewAnswer,
  RoundListItem,
  RoundNotice,
  RoundTask,
  RoundViewAnswer,
  Tree,
} from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel } from '../../lib/format.ts';
import { matchesSearch } from '../../lib/normalize.ts';
import { flattenTree } from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';

// The answers' types come from the API's answer schemas (src/api/routes/rounds.answers.ts).
type RoundView = RoundViewAnswer;
type RoundItem = RoundListItem;
type PartView = PartViewAnswer;
type Task = RoundTask;
type Notice = RoundNotice;
type Finding = PartViewAnswer['open'][number];
type RoundIndicator = RoundViewAnswer['indicators'][number];

const PART_STATES = ['not_started', 'in_progress', 'submitted', 'returned', 'approved'] as const;
const roundKey = (s: string) => `round_${s}` as MessageKey;
const partKey = (s: string) => `part_${s}` as MessageKey;
/** A timestamp in the browser's time zone, to the minute (2026-05-31 14:05). */
function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const isPlanner = (role: string | null | undefined) => role === 'planner' || role === 'admin';

/** Runs a write, shows its error, reloads on success. */
function useAction() {
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<ApiResult<unknown>>, done: () => void) => {
    setBusy(true);
    const r = await call();
    setBusy(false);
    setError(r.ok ? null : r);
    if (r.ok) done();
  };
  return { error, busy, run };
}

/** The departments (id and name) answering for the strategy's indicators, by name. */
function departmentsOfTree(tree: Tree): { id: string; name: string }[] {
  const named = new Set(flattenTree(tree).flatMap((p) => p.indicator.departments));
  return (tree.departments ?? [])
    .filter((d) => named.has(d.name))
    .sort((a, b) => a.name.localeCompare(b.name, 'ja'));
}

/** The planner's progress page of a strategy's rounds: one row per department, counts per state. */
export function RoundsPage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const list = useApi<(RoundItem & { strategyName?: string })[]>(`/api/rounds?strategyId=${strategyId}`);
  const [chosen, setChosen] = useState<string | null>(null);
  const roundId = chosen ?? list.data?.[0]?.id ?? null;
  const round = useApi<RoundView>(roundId ? `/api/rounds/${roundId}` : null);
  const planner = isPlanner(me?.user.role);
  const action = useAction();
  const [year, setYear] = useState('');
  const [deadline, setDeadline] = useState('');
  const [reason, setReason] = useState('');
  const [exIndicator, setExIndicator] = useState('');
  const [exReason, setExReason] = useState('');
  const [reminded, setReminded] = useState<number | null>(null);
  const [deptDeadlines, setDeptDeadlines] = useState<Record<string, string>>({});
  // The departments answering in this strategy (for their own earlier deadlines), planners only.
  const tree = useApi<Tree>(planner ? `/api/strategies/${strategyId}/tree` : null);
  if (list.error) return <ErrorMessage result={list.error} />;
  if (!list.data) return <Loading />;
  const reload = () => {
    list.reload();
    round.reload();
  };
  const r = round.data;
  const indicatorName = (id: string) => r?.indicators.find((i) => i.indicatorId === id)?.name ?? id;
  const transition = (act: string) =>
    action.run(
      () =>
        api('POST', `/api/rounds/${r!.id}/transition`, {
          action: act,
          version: r!.version,
          ...(act === 'confirm' && reason ? { reason } : {}),
        }),
      reload,
    );
  return (
    <div class="stack" data-ready="rounds">
      <h1>{t('roundsTitle')}</h1>
      <ErrorMessage result={action.error} />
      {planner ? (
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
              () => {
                setChosen(null);
                reload();
              },
            );
          }}
        >
          <h2>{t('roundOpenTitle')}</h2>
          <label>
            {t('roundFiscalYear')}{' '}
            <input
              name="fiscalYear"
              inputMode="numeric"
              value={year}
              onInput={(e) => setYear(e.currentTarget.value)}
            />
          </label>{' '}
          <label>
            {t('roundDeadline')}{' '}
            <input
              name="deadline"
              type="date"
              value={deadline}
              onInput={(e) => setDeadline(e.currentTarget.value)}
            />
          </label>{' '}
          <button type="submit" disabled={action.busy}>
            {t('roundOpenButton')}
          </button>
          {tree.data ? (
            <details class="dept-deadlines">
              <summary>{t('roundDeptDeadlines')}</summary>
              <p class="muted">{t('roundDeptDeadlinesHelp')}</p>
              <ul class="plain">
                {departmentsOfTree(tree.data).map((d) => (
                  <li key={d.id}>
                    <label>
                      {d.name}{' '}
                      <input
                        type="date"
                        name={`deadline-${d.name}`}
                        value={deptDeadlines[d.id] ?? ''}
                        max={deadline || undefined}
                        onInput={(e) => setDeptDeadlines({ ...deptDeadlines, [d.id]: e.currentTarget.value })}
                      />
                    </label>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </form>
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
          {planner ? (
            <div class="actions">
              {r.state === 'open' ? (
                <>
                  <button type="button" onClick={() => transition('close')}>
                    {t('roundClose')}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() =>
                      action.run(async () => {
                        const x = await api<{ reminded: unknown[] }>(
                          'POST',
                          `/api/rounds/${r.id}/remind`,
                          {},
                        );
                        if (x.ok) setReminded(x.value.reminded.length);
                        return x;
                      }, reload)
                    }
                  >
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
                  <label>
                    {t('roundConfirmReason')}{' '}
                    <input
                      name="confirmReason"
                      value={reason}
                      onInput={(e) => setReason(e.currentTarget.value)}
                    />
                  </label>{' '}
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
          ) : null}
          {r.state === 'confirmed' || r.state === 'published' || r.exceptions.length ? (
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
              {planner && (r.state === 'confirmed' || r.state === 'published') ? (
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
                  <label>
                    {t('roundExceptionReason')}{' '}
                    <input
                      name="exceptionReason"
                      required
                      value={exReason}
                      onInput={(e) => setExReason(e.currentTarget.value)}
                    />
                  </label>
                  <p>
                    <button type="submit" disabled={action.busy || !exIndicator || !exReason.trim()}>
                      {t('roundExceptionOpen')}
                    </button>
                  </p>
                </form>
              ) : null}
            </section>
          ) : null}
        </section>
      ) : roundId ? (
        <Loading />
      ) : null}
    </div>
  );
}

/**
 * Chooses one of the round's indicators (the exception form): a search by name or department
 * narrows a list grouped by department; both are labelled controls, the number of matches is
 * announced, and an indicator already reopened cannot be chosen again.
 */
function IndicatorPicker({
  indicators,
  value,
  onChange,
}: {
  indicators: RoundIndicator[];
  value: string;
  onChange: (indicatorId: string) => void;
}) {
  const { t } = useApp();
  const [q, setQ] = useState('');
  const matches = indicators.filter((i) => matchesSearch(q, `${i.name} ${i.departmentNames.join(' ')}`));
  const groups = new Map<string, RoundIndicator[]>();
  for (const i of matches) {
    const d = i.departmentNames[0] ?? t('noDepartment');
    groups.set(d, [...(groups.get(d) ?? []), i]);
  }
  const search = (text: string) => {
    setQ(text);
    const now = indicators.filter(
      (i) => !i.reopened && matchesSearch(text, `${i.name} ${i.departmentNames.join(' ')}`),
    );
    // One match left: it is the choice; a choice the search hides is dropped.
    if (now.length === 1) onChange(now[0]!.indicatorId);
    else if (value && !now.some((i) => i.indicatorId === value)) onChange('');
  };
  const chosen = indicators.find((i) => i.indicatorId === value);
  return (
    <fieldset class="picker">
      <legend>{t('roundExceptionIndicator')}</legend>
      <label>
        {t('roundExceptionSearch')}{' '}
        <input
          type="search"
          name="exceptionSearch"
          aria-controls="ex-indicator"
          value={q}
          onInput={(e) => search(e.currentTarget.value)}
        />
      </label>{' '}
      <span role="status" class="muted" data-testid="picker-matches">
        {t('roundExceptionMatches', { n: matches.length })}
      </span>
      <label class="block">
        {t('roundExceptionChoose')}
        <select
          id="ex-indicator"
          name="exceptionIndicator"
          required
          size={Math.min(8, Math.max(3, matches.length + groups.size))}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          {[...groups].map(([dept, list]) => (
            <optgroup key={dept} label={dept}>
              {list.map((i) => (
                <option key={i.indicatorId} value={i.indicatorId} disabled={i.reopened}>
                  {i.name}
                  {i.unit ? `（${i.unit}）` : ''}
                  {i.reopened ? ` ${t('roundReopenedMark')}` : ''}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <p class="muted" data-testid="picker-chosen">
        {chosen
          ? t('roundExceptionChosen', { name: chosen.name, departments: chosen.departmentNames.join('、') })
          : t('roundExceptionNotChosen')}
      </p>
    </fieldset>
  );
}

/** A department's answer: items, findings with acknowledgements, submit; return and approve for planners. */
export function RoundPartPage({ roundId, departmentId }: { roundId: string; departmentId: string }) {
  const { t, me, lang } = useApp();
  const view = useApi<PartView>(`/api/rounds/${roundId}/departments/${departmentId}`);
  const action = useAction();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [returns, setReturns] = useState<Record<string, string>>({});
  if (view.error) return <ErrorMessage result={view.error} />;
  if (!view.data) return <Loading />;
  const v = view.data;
  const planner = isPlanner(me?.user.role);
  const key = (f: Finding) => `${f.indicatorId}/${f.code}`;
  const canSubmit = ['not_started', 'in_progress', 'returned'].includes(v.part.state);
  return (
    <div class="stack" data-ready="round-part" data-state={v.part.state}>
      <h1>
        {v.part.departmentName} {t('roundAnswer')}（{v.round.fiscalYear}）
      </h1>
      <p>
        <span data-testid="part-state">{t('roundStateOf', { state: t(partKey(v.part.state)) })}</span>{' '}
        {t('roundDeadlineOf', { date: v.part.effectiveDeadline })}{' '}
        <span class="muted">
          {t('roundOfRound', {
            state: t(roundKey(v.round.state)),
            year: fiscalYearLabel(v.round.fiscalYear),
          })}
        </span>
      </p>
      {v.items.some((i) => i.editable) ? (
        <p>
          <Link
            href={`/strategies/${v.round.strategyId}/entry?department=${encodeURIComponent(v.part.departmentName)}&fy=${v.round.fiscalYear}`}
          >
            {v.part.state === 'returned' ? t('roundFixInEntry') : t('roundOpenEntry')}
          </Link>
        </p>
      ) : null}
      <ErrorMessage result={action.error} />
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('roundIndicator')}</th>
            <th scope="col">{t('roundActual')}</th>
            <th scope="col">{t('roundFindings')}</th>
            <th scope="col">{t('roundReturnedComment')}</th>
            {planner ? <th scope="col">{t('roundReturnComment')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {v.items.map((i) => (
            <tr
              key={i.indicatorId}
              data-indicator={i.name}
              data-returned={i.returnedComment ? 'true' : undefined}
              data-editable={i.editable ? 'true' : 'false'}
            >
              <th scope="row">
                {i.name} <span class="muted">{i.editable ? t('roundEditable') : t('roundLocked')}</span>
                {i.exceptionReason ? (
                  <span class="ok"> {t('roundReopenedBy', { reason: i.exceptionReason })}</span>
                ) : null}
              </th>
              <td>{i.actual?.raw ?? '-'}</td>
              <td>
                {i.findings.length === 0 ? (
                  t('roundNoFindings')
                ) : (
                  <ul>
                    {i.findings.map((f) => (
                      <li key={f.code} data-finding={f.code}>
                        {lang === 'ja' ? f.message : f.messageEn}{' '}
                        <span class="muted">{lang === 'ja' ? f.fix : f.fixEn}</span>
                        {canSubmit && v.open.some((o) => key(o) === key(f)) ? (
                          <label>
                            {' '}
                            {t('roundAckReason')}{' '}
                            <input
                              name={`ack-${key(f)}`}
                              value={reasons[key(f)] ?? ''}
                              onInput={(e) => setReasons({ ...reasons, [key(f)]: e.currentTarget.value })}
                            />
                          </label>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{i.returnedComment ?? ''}</td>
              {planner ? (
                <td>
                  <input
                    name={`return-${i.indicatorId}`}
                    aria-label={`${t('roundReturnComment')} ${i.name}`}
                    value={returns[i.indicatorId] ?? ''}
                    onInput={(e) => setReturns({ ...returns, [i.indicatorId]: e.currentTarget.value })}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        {canSubmit ? (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              action.run(
                () =>
                  api('POST', `/api/rounds/${roundId}/departments/${departmentId}/submit`, {
                    version: v.part.version,
                    acknowledgements: v.open
                      .filter((f) => (reasons[key(f)] ?? '').trim())
                      .map((f) => ({ indicatorId: f.indicatorId, code: f.code, reason: reasons[key(f)]! })),
                  }),
                view.reload,
              )
            }
          >
            {t('roundSubmit')}
          </button>
        ) : null}{' '}
        {planner && (v.part.state === 'submitted' || v.part.state === 'approved') ? (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              action.run(
                () =>
                  api('POST', `/api/rounds/${roundId}/departments/${departmentId}/return`, {
                    version: v.part.version,
                    items: Object.entries(returns)
                      .filter(([, c]) => c.trim())
                      .map(([indicatorId, comment]) => ({ indicatorId, comment })),
                  }),
                view.reload,
              )
            }
          >
            {t('roundReturn')}
          </button>
        ) : null}{' '}
        {planner && v.part.state === 'submitted' ? (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              action.run(
                () =>
                  api('POST', `/api/rounds/${roundId}/departments/${departmentId}/approve`, {
                    version: v.part.version,
                  }),
                view.reload,
              )
            }
          >
            {t('roundApprove')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The caller's task list of the rounds taking answers, ordered by deadline (on the home page): per
 * department its state, deadline and days left, what is missing, the open findings and the items
 * returned; links to the answer and to the entry grid of that year.
 */
export function RoundTasks() {
  const { t } = useApp();
  const tasks = useApi<Task[]>('/api/me/tasks');
  if (!tasks.data?.length) return null;
  const left = (n: number) =>
    n > 0 ? t('roundDaysLeft', { n }) : n === 0 ? t('roundDueToday') : t('roundOverdue', { n: -n });
  return (
    <section class="card" aria-labelledby="round-tasks-h" data-ready="round-tasks">
      <h2 id="round-tasks-h">{t('roundTasks')}</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('roundDepartment')}</th>
            <th scope="col">{t('roundState')}</th>
            <th scope="col">{t('roundDeadline')}</th>
            <th scope="col">{t('roundMissing')}</th>
            <th scope="col">{t('roundFindings')}</th>
            <th scope="col">{t('roundReturnedItems')}</th>
            <th scope="col">{t('entry')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.data.map((x) => (
            <tr
              key={`${x.roundId}/${x.departmentId}`}
              data-task={x.departmentName}
              data-state={x.state}
              class={x.daysLeft < 0 && !['submitted', 'approved'].includes(x.state) ? 'overdue' : undefined}
            >
              <th scope="row">
                <Link href={`/strategies/${x.strategyId}/rounds/${x.roundId}/departments/${x.departmentId}`}>
                  {t('roundTaskName', {
                    strategy: x.strategyName,
                    year: fiscalYearLabel(x.fiscalYear),
                    department: x.departmentName,
                  })}
                </Link>
              </th>
              <td>{t(partKey(x.state))}</td>
              <td>
                {x.deadline} <span class="muted">{left(x.daysLeft)}</span>
              </td>
              <td>{t('roundMissingOf', { n: x.items - x.entered, items: x.items })}</td>
              <td>{x.findings}</td>
              <td>{x.returned}</td>
              <td>
                <Link
                  href={`/strategies/${x.strategyId}/entry?department=${encodeURIComponent(x.departmentName)}&fy=${x.fiscalYear}`}
                >
                  {t('roundOpenEntryOf', { department: x.departmentName })}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The notice on sign-in: unread notices (round opened, reminders, returns, approvals), and the list. */
export function NoticeBanner() {
  const { t } = useApp();
  const notices = useApi<{ items: Notice[]; unread: number }>('/api/me/notices');
  const [open, setOpen] = useState(false);
  if (!notices.data || notices.data.items.length === 0) return null;
  const unread = notices.data.unread;
  return (
    <aside class="card notices" aria-label={t('notices')}>
      <button type="button" class="link" onClick={() => setOpen(!open)} aria-expanded={open}>
        {unread ? t('noticesUnread', { n: unread }) : t('notices')}
      </button>
      {open ? (
        <>
          <ul>
            {notices.data.items.map((n) => (
              <li key={n.id} data-unread={n.readAt ? 'false' : 'true'}>
                <strong>{n.title}</strong> <span class="muted">{n.createdAt.slice(0, 10)}</span>
                <pre class="notice-body">{n.body}</pre>
              </li>
            ))}
          </ul>
          {unread ? (
            <button
              type="button"
              onClick={async () => {
                await api('POST', '/api/me/notices/read', {});
                notices.reload();
              }}
            >
              {t('noticesMarkRead')}
            </button>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}
