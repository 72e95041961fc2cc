import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type {
  AuditEntry,
  Commentary,
  IndicatorDetail,
  IndicatorEvaluation,
  OverrideRecord,
  ReportedStatus,
} from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TrendChart } from '../../components/TrendChart.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel, formatAmount, formatRatio } from '../../lib/format.ts';
import { grantOf, mayOn } from '../../lib/permissions.ts';
import { trendModel, type YearValue } from '../../lib/trend.ts';
import { useApi } from '../../lib/use-api.ts';
import { CommentaryEditor, CommentaryView } from '../commentary/CommentaryEditor.tsx';
import { PeriodLinks } from '../periods/PeriodLinks.tsx';
import { FigureHistory } from './FigureHistory.tsx';

const ACTIONS: Record<string, MessageKey> = {
  import: 'actionImport',
  create: 'actionCreate',
  update: 'actionUpdate',
  delete: 'actionDelete',
  override: 'actionOverride',
};

/** What an audit entry is about, in words (never the table's name). */
const ENTITIES: Record<string, MessageKey> = {
  observation: 'entityObservation',
  commentary: 'entityCommentary',
  evaluation_override: 'entityOverride',
  opinion: 'entityOpinion',
  strategy: 'entityStrategy',
  indicator: 'entityIndicator',
};

/** Observation states in the user's language (never the stored word such as `pending`). */
export const STATE_KEYS: Record<string, MessageKey> = {
  final: 'final',
  preliminary: 'preliminary',
  pending: 'kindPending',
  missing: 'stateMissing',
  not_applicable: 'stateNotApplicable',
};

function yv(f: { fiscalYear: number | null; value: number | null } | null): YearValue | null {
  return f && f.fiscalYear !== null && f.value !== null ? { fiscalYear: f.fiscalYear, value: f.value } : null;
}

function when(at: string, lang: string): string {
  return new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP');
}

/** The city's own judgement from an imported document, with where it was read. */
function Reported({ reported }: { reported: ReportedStatus[] }) {
  const { t } = useApp();
  if (reported.length === 0) return <p class="muted">{t('noReported')}</p>;
  return (
    <ul class="plain">
      {reported.map((r, i) => (
        <li key={i}>
          {t('reportedLine', {
            label: r.label,
            fy: r.fiscalYear ? fiscalYearLabel(r.fiscalYear) : t('noYear'),
          })}
          {r.provenance ? (
            <span class="muted">
              {' '}
              {t('reportedSource', {
                source: t('sourcePlace', {
                  file: r.provenance.file,
                  sheet: r.provenance.sheet ?? '',
                  row: r.provenance.row,
                }),
              })}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** The planner's override of the year's status: status from the scheme, reason; version-checked. */
function OverrideForm({
  indicatorId,
  evaluation,
  record,
  onSaved,
}: {
  indicatorId: string;
  evaluation: IndicatorEvaluation;
  record: OverrideRecord | null;
  onSaved: () => void;
}) {
  const { t, lang } = useApp();
  const statuses = evaluation.scheme.statuses ?? [];
  const [key, setKey] = useState(record?.statusKey ?? '');
  const [reason, setReason] = useState(record?.reason ?? '');
  const [result, setResult] = useState<ApiResult<unknown> | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => {
    setKey(record?.statusKey ?? '');
    setReason(record?.reason ?? '');
  }, [record?.id, record?.version]);
  const save = async (e: Event) => {
    e.preventDefault();
    const chosen = statuses.find((s) => s.key === key);
    if (!chosen) return;
    setStatus('');
    const r = await api('PUT', `/api/indicators/${indicatorId}/overrides/${evaluation.asOf}`, {
      key: chosen.key,
      label: chosen.label,
      reason,
      version: record?.version ?? null,
    });
    setResult(r.ok ? null : r);
    if (r.ok) {
      setStatus(t('overrideSaved'));
      onSaved();
    }
  };
  const conflict =
    result && !result.ok && result.error.code === 'VERSION_CONFLICT' ? result.error.current : null;
  return (
    <form class="stack" onSubmit={save} aria-labelledby="ovr-h">
      <h4 id="ovr-h">{t('overrideYear', { fy: fiscalYearLabel(evaluation.asOf) })}</h4>
      <label for="ovr-status">{t('givenStatus')}</label>
      <select
        id="ovr-status"
        value={key}
        required
        onChange={(e) => setKey((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{t('chooseStatus')}</option>
        {statuses.map((s) => (
          <option key={s.key} value={s.key}>
            {lang === 'en' && s.labelEn ? s.labelEn : s.label}
          </option>
        ))}
      </select>
      <label for="ovr-reason">{t('reason')}</label>
      <textarea
        id="ovr-reason"
        rows={2}
        required
        value={reason}
        onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <p class="muted">{t('overrideKept')}</p>
      <p>
        <button type="submit" class="primary">
          {t('saveOverride')}
        </button>{' '}
        <span role="status" class="muted">
          {status}
        </span>
      </p>
      <ErrorMessage result={result} />
      {conflict ? (
        <table class="compact side-by-side">
          <thead>
            <tr>
              <th scope="col">{t('givenStatus')}</th>
              <th scope="col">{t('yours')}</th>
              <th scope="col">{t('savedNow')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('status')}</th>
              <td>{statuses.find((s) => s.key === key)?.label ?? '—'}</td>
              <td>{(conflict as OverrideRecord).status}</td>
            </tr>
            <tr>
              <th scope="row">{t('reason')}</th>
              <td>{reason}</td>
              <td>{(conflict as OverrideRecord).reason}</td>
            </tr>
          </tbody>
        </table>
      ) : null}
    </form>
  );
}

/** Commentary of the chosen year: editable by the department in charge, else read-only. */
function CommentarySection({
  indicatorId,
  years,
  initialYear,
  canEdit,
}: {
  indicatorId: string;
  years: number[];
  initialYear: number;
  canEdit: boolean;
}) {
  const { t } = useApp();
  const list = useApi<Commentary[]>(`/api/indicators/${indicatorId}/commentary`);
  const [year, setYear] = useState(initialYear);
  const notes = list.data ?? [];
  const record = notes.find((c) => c.fiscalYear === year) ?? null;
  const others = notes.filter((c) => c.fiscalYear !== year);
  return (
    <section class="card" aria-labelledby="comm-h">
      <h2 id="comm-h">{t('commentary')}</h2>
      <label class="inline">
        {t('commentaryYear')}{' '}
        <select
          value={String(year)}
          onChange={(e) => setYear(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {years.map((y) => (
            <option key={y} value={String(y)}>
              {fiscalYearLabel(y)}
            </option>
          ))}
        </select>
      </label>
      {list.error ? <ErrorMessage result={list.error} /> : null}
      {list.data === null && !list.error ? <Loading /> : null}
      {list.data !== null && canEdit ? (
        <CommentaryEditor
          indicatorId={indicatorId}
          fiscalYear={year}
          record={record}
          idPrefix="ind-comm"
          onSaved={() => list.reload()}
        />
      ) : null}
      {list.data !== null && !canEdit ? (
        <>
          <p class="muted">{t('commentaryReadOnly')}</p>
          {record ? <CommentaryView record={record} /> : <p>{t('noComments')}</p>}
        </>
      ) : null}
      {others.map((c) => (
        <article key={c.id} class="comment">
          <h3>{c.fiscalYear ? fiscalYearLabel(c.fiscalYear) : t('noYear')}</h3>
          <CommentaryView record={c} />
        </article>
      ))}
    </section>
  );
}

/** One indicator: trend, yearly values, evaluation with reasons, override, commentary, history. */
export function IndicatorPage({ indicatorId, strategyId }: { indicatorId: string; strategyId: string }) {
  const { t, lang, me } = useApp();
  // Only what the role may see is asked for: the history is for planners (audit.read).
  const mayAudit = grantOf(me, 'audit.read') !== null;
  const detail = useApi<IndicatorDetail>(`/api/indicators/${indicatorId}`);
  const evaluation = useApi<IndicatorEvaluation>(`/api/indicators/${indicatorId}/evaluation`);
  const audit = useApi<{ items: AuditEntry[] }>(
    mayAudit ? `/api/audit?indicatorId=${indicatorId}&limit=20` : null,
  );
  if (detail.error) return <ErrorMessage result={detail.error} />;
  if (evaluation.error) return <ErrorMessage result={evaluation.error} />;
  if (!detail.data || !evaluation.data) return <Loading />;
  const d = detail.data;
  const e = evaluation.data;
  const forecast = typeof e.metrics?.forecast === 'number' ? e.metrics.forecast : null;
  const model = trendModel({
    baseline: yv(d.baseline),
    target: yv(d.target),
    actuals: d.actuals.map(yv).filter((p): p is YearValue => p !== null),
    forecast,
  });
  const expectedAt = new Map(model.expected.map((p) => [p.fiscalYear, p.value]));
  const rows = [
    ...(d.baseline ? [{ ...d.baseline, what: t('baseline') }] : []),
    ...d.actuals.map((a) => ({ ...a, what: t('actual') })),
    ...(d.target ? [{ ...d.target, what: t('target') }] : []),
  ];
  const record = (e.overrides ?? []).find((o) => o.fiscalYear === e.asOf) ?? null;
  const reported = d.reportedStatuses?.length
    ? d.reportedStatuses
    : d.reportedStatus
      ? [d.reportedStatus]
      : [];
  const firstYear = Math.min(d.baseline?.fiscalYear ?? e.asOf, e.asOf);
  const lastYear = Math.max(d.target?.fiscalYear ?? e.asOf, e.asOf);
  const years: number[] = [];
  for (let y = lastYear; y >= firstYear && years.length < 20; y--) years.push(y);
  const stateText = (s: string) => (STATE_KEYS[s] ? t(STATE_KEYS[s]!) : s);
  return (
    <div class="stack">
      <p>
        <Link href={`/strategies/${strategyId}/tree`}>← {t('tree')}</Link>
      </p>
      <div class="page-head">
        <h1>{d.name}</h1>
        <StatusBadge status={e.status} />
      </div>
      <p class="muted">
        {d.departments.join(t('listSep'))}
        {d.unit ? t('unitIs', { u: d.unit }) : ''}
        {d.definition ? `・${d.definition}` : ''}
      </p>
      <div class="grid-2">
        <section class="card" aria-labelledby="trend-h">
          <h2 id="trend-h">{t('trend')}</h2>
          <TrendChart model={model} unit={d.unit} title={t('trendOf', { name: d.name })} />
          <details>
            <summary>{t('chartTable')}</summary>
            <table class="compact">
              <thead>
                <tr>
                  <th scope="col">{t('fiscalYear')}</th>
                  <th scope="col">{t('actual')}</th>
                  <th scope="col">{t('expected')}</th>
                </tr>
              </thead>
              <tbody>
                {[
                  ...new Set([
                    ...model.expected.map((p) => p.fiscalYear),
                    ...model.actuals.map((p) => p.fiscalYear),
                  ]),
                ]
                  .sort()
                  .map((y) => (
                    <tr key={y}>
                      <th scope="row">{fiscalYearLabel(y)}</th>
                      <td>{formatAmount(model.actuals.find((p) => p.fiscalYear === y)?.value, d.unit)}</td>
                      <td>{formatAmount(expectedAt.get(y), d.unit)}</td>
                    </tr>
                  ))}
                {forecast !== null && d.target?.fiscalYear ? (
                  <tr>
                    <th scope="row">
                      {t('forecast')} {fiscalYearLabel(d.target.fiscalYear)}
                    </th>
                    <td colSpan={2}>{formatAmount(forecast, d.unit)}</td>
                  </tr>
                ) : null}
              </tbody>
            </table>
          </details>
        </section>
        <section class="card" aria-labelledby="eval-h">
          <h2 id="eval-h">{t('evaluation')}</h2>
          <p>{t('schemeAt', { scheme: e.scheme.name, fy: fiscalYearLabel(e.asOf) })}</p>
          <dl class="pairs">
            <dt>{t('computedStatus')}</dt>
            <dd data-status="computed">
              <StatusBadge status={e.computed ? { ...e.computed, source: 'computed' } : e.status} />
            </dd>
            <dt>{t('givenStatus')}</dt>
            <dd data-status="override">
              {e.override ? (
                <>
                  <StatusBadge status={e.status} />{' '}
                  {record?.source === 'import'
                    ? t('judgementImported', { reason: e.override.reason })
                    : t('overrideText', { label: e.override.label, reason: e.override.reason })}{' '}
                  {record && record.source !== 'import' ? (
                    <span class="muted">
                      {t('overrideWho', { name: record.actorName ?? '', at: when(record.updatedAt, lang) })}
                    </span>
                  ) : null}
                </>
              ) : (
                t('noOverride')
              )}
            </dd>
            <dt>{t('reportedStatus')}</dt>
            <dd data-status="reported">
              <Reported reported={reported} />
            </dd>
          </dl>
          <p class="explain">{e.explanation?.text ?? t('noExplanation')}</p>
          <dl class="pairs">
            <dt>{t('metricAchievement')}</dt>
            <dd>{formatRatio(typeof e.metrics?.achievement === 'number' ? e.metrics.achievement : null)}</dd>
            <dt>{t('pace')}</dt>
            <dd>{formatRatio(typeof e.metrics?.pace === 'number' ? e.metrics.pace : null)}</dd>
            <dt>{t('forecast')}</dt>
            <dd>{formatAmount(forecast, d.unit)}</dd>
          </dl>
          <h3>{t('override')}</h3>
          {mayOn(me, 'evaluation.override', d.departmentIds) ? (
            <OverrideForm
              indicatorId={indicatorId}
              evaluation={e}
              record={record}
              onSaved={() => {
                evaluation.reload();
                audit.reload();
              }}
            />
          ) : (
            <p class="muted">{t('noOverrideRight')}</p>
          )}
        </section>
      </div>
      <section class="card" aria-labelledby="values-h">
        <h2 id="values-h">{t('yearlyValues')}</h2>
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">{t('fiscalYear')}</th>
              <th scope="col">{t('colKey')}</th>
              <th scope="col">{t('parsed')}</th>
              <th scope="col">{t('original')}</th>
              <th scope="col">{t('colState')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.fiscalYear ? fiscalYearLabel(r.fiscalYear) : '—'}</th>
                <td>{r.what}</td>
                <td>{formatAmount(r.value, d.unit ?? r.unit)}</td>
                <td>
                  <q>{r.raw}</q>
                </td>
                <td>
                  {stateText(r.state ?? '')}
                  {r.confirmed ? (
                    <span class="ok" data-confirmed="stored">
                      {' '}
                      {t('confirmedBy', { by: r.confirmed.by ?? '' })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <PeriodLinks indicatorId={indicatorId} />
      <FigureHistory indicatorId={indicatorId} unit={d.unit} />
      <CommentarySection
        indicatorId={indicatorId}
        years={years}
        initialYear={e.asOf}
        canEdit={mayOn(me, 'commentary.write', d.departmentIds)}
      />
      <section class="card" aria-labelledby="hist-h">
        <h2 id="hist-h">{t('history')}</h2>
        {audit.error || !mayAudit ? <p class="muted">{t('noAuditRight')}</p> : null}
        <ul class="plain">
          {(audit.data?.items ?? []).map((a) => (
            <li key={a.id}>
              <time dateTime={a.at}>{when(a.at, lang)}</time> {a.actor.name}：
              {ACTIONS[a.action] ? t(ACTIONS[a.action]!) : a.action}（
              {t(ENTITIES[a.entityType] ?? 'entityOther')}）
              {a.after && typeof a.after === 'object' && 'raw' in a.after
                ? ` → ${String((a.after as { raw: unknown }).raw)}`
                : ''}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
