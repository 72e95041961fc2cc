import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { RoundNotice, RoundTask } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { Link } from '../../components/Link.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { partKey } from './round-common.ts';

// The rounds' pages: RoundsPage.tsx (the planner's progress), RoundPartPage.tsx (a department's
// answer); here the home page's pieces, the task list and the notices.

type Task = RoundTask;
type Notice = RoundNotice;

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
