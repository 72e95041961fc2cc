import { useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { PartViewAnswer } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { Link } from '../../components/Link.tsx';
import { fiscalYearLabel } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';
import { isPlanner, partKey, roundKey, useAction } from './round-common.ts';

// The answers' types come from the API's answer schemas (src/api/routes/rounds.answers.ts).
type PartView = PartViewAnswer;
type Finding = PartViewAnswer['open'][number];
type Item = PartViewAnswer['items'][number];

const findingKey = (f: Finding) => `${f.indicatorId}/${f.code}`;

/**
 * A department's answer and its moves: the reasons typed for open findings (sent with the
 * submission), the planner's return comments, and submit / return / approve.
 */
function usePartAnswer(roundId: string, departmentId: string) {
  const view = useApi<PartView>(`/api/rounds/${roundId}/departments/${departmentId}`);
  const action = useAction();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [returns, setReturns] = useState<Record<string, string>>({});
  const path = `/api/rounds/${roundId}/departments/${departmentId}`;
  const submit = (v: PartView) =>
    action.run(
      () =>
        api('POST', `${path}/submit`, {
          version: v.part.version,
          acknowledgements: v.open
            .filter((f) => (reasons[findingKey(f)] ?? '').trim())
            .map((f) => ({ indicatorId: f.indicatorId, code: f.code, reason: reasons[findingKey(f)]! })),
        }),
      view.reload,
    );
  const giveBack = (v: PartView) =>
    action.run(
      () =>
        api('POST', `${path}/return`, {
          version: v.part.version,
          items: Object.entries(returns)
            .filter(([, c]) => c.trim())
            .map(([indicatorId, comment]) => ({ indicatorId, comment })),
        }),
      view.reload,
    );
  const approve = (v: PartView) =>
    action.run(() => api('POST', `${path}/approve`, { version: v.part.version }), view.reload);
  return { view, action, reasons, setReasons, returns, setReturns, submit, giveBack, approve };
}

type Answer = ReturnType<typeof usePartAnswer>;

/** An item's findings, each with a reason to acknowledge it while the answer can be submitted. */
function Findings({ item, v, canSubmit, a }: { item: Item; v: PartView; canSubmit: boolean; a: Answer }) {
  const { t, lang } = useApp();
  if (item.findings.length === 0) return <>{t('roundNoFindings')}</>;
  return (
    <ul>
      {item.findings.map((f) => (
        <li key={f.code} data-finding={f.code}>
          {lang === 'ja' ? f.message : f.messageEn}{' '}
          <span class="muted">{lang === 'ja' ? f.fix : f.fixEn}</span>
          {canSubmit && v.open.some((o) => findingKey(o) === findingKey(f)) ? (
            <Field
              label={<> {t('roundAckReason')}</>}
              name={`ack-${findingKey(f)}`}
              value={a.reasons[findingKey(f)] ?? ''}
              onValue={(reason) => a.setReasons({ ...a.reasons, [findingKey(f)]: reason })}
            />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The answer's items: actual, findings, the comment it was returned with, the planner's comment. */
function ItemsTable({
  v,
  planner,
  canSubmit,
  a,
}: {
  v: PartView;
  planner: boolean;
  canSubmit: boolean;
  a: Answer;
}) {
  const { t } = useApp();
  return (
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
              <Findings item={i} v={v} canSubmit={canSubmit} a={a} />
            </td>
            <td>{i.returnedComment ?? ''}</td>
            {planner ? (
              <td>
                <input
                  name={`return-${i.indicatorId}`}
                  aria-label={`${t('roundReturnComment')} ${i.name}`}
                  value={a.returns[i.indicatorId] ?? ''}
                  onInput={(e) => a.setReturns({ ...a.returns, [i.indicatorId]: e.currentTarget.value })}
                />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A department's answer: items, findings with acknowledgements, submit; return and approve for planners. */
export function RoundPartPage({ roundId, departmentId }: { roundId: string; departmentId: string }) {
  const { t, me } = useApp();
  const a = usePartAnswer(roundId, departmentId);
  const { view, action } = a;
  if (view.error) return <ErrorMessage result={view.error} />;
  if (!view.data) return <Loading />;
  const v = view.data;
  const planner = isPlanner(me?.user.role);
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
      <ItemsTable v={v} planner={planner} canSubmit={canSubmit} a={a} />
      <div class="actions">
        {canSubmit ? (
          <button type="button" disabled={action.busy} onClick={() => a.submit(v)}>
            {t('roundSubmit')}
          </button>
        ) : null}{' '}
        {planner && (v.part.state === 'submitted' || v.part.state === 'approved') ? (
          <button type="button" disabled={action.busy} onClick={() => a.giveBack(v)}>
            {t('roundReturn')}
          </button>
        ) : null}{' '}
        {planner && v.part.state === 'submitted' ? (
          <button type="button" disabled={action.busy} onClick={() => a.approve(v)}>
            {t('roundApprove')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
