import type {
  AuditEntry,
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
import { auditActionKey, auditEntityKey } from '../../lib/audit-labels.ts';
import { fiscalYearLabel, formatAmount, formatRatio } from '../../lib/format.ts';
import { grantOf, mayOn } from '../../lib/permissions.ts';
import { usePlanningDivision } from '../../lib/planning-division.ts';
import { type TrendModel, trendModel, type YearValue } from '../../lib/trend.ts';
import { useApi } from '../../lib/use-api.ts';
import { PeriodLinks } from '../periods/PeriodLinks.tsx';
import { CommentarySection } from './CommentarySection.tsx';
import { FigureHistory } from './FigureHistory.tsx';
import { OverrideForm } from './OverrideForm.tsx';

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

/** The trend chart, and its figures as a table (actual and expected per year, the forecast). */
function TrendSection({
  d,
  model,
  forecast,
}: {
  d: IndicatorDetail;
  model: TrendModel;
  forecast: number | null;
}) {
  const { t } = useApp();
  const expectedAt = new Map(model.expected.map((p) => [p.fiscalYear, p.value]));
  return (
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
  );
}

/** The evaluation: computed, given (override) and reported statuses, the metrics, the override form. */
function EvaluationSection(props: {
  indicatorId: string;
  d: IndicatorDetail;
  e: IndicatorEvaluation;
  record: OverrideRecord | null;
  forecast: number | null;
  onOverride: () => void;
}) {
  const { t, lang, me } = useApp();
  const { d, e, record } = props;
  const mayOverride = mayOn(me, 'evaluation.override', d.departmentIds);
  // Those who may not override are told who does: their municipality's planning division.
  const division = usePlanningDivision(me?.municipalityId ?? null, !mayOverride);
  const reported = d.reportedStatuses?.length
    ? d.reportedStatuses
    : d.reportedStatus
      ? [d.reportedStatus]
      : [];
  return (
    <section class="card" aria-labelledby="eval-h">
      <h2 id="eval-h">{t('evaluation')}</h2>
      <p>
        {t('schemeAt', { scheme: e.scheme.name, fy: e.asOf != null ? fiscalYearLabel(e.asOf) : t('noYear') })}
      </p>
      <dl class="pairs">
        <dt>{t('computedStatus')}</dt>
        <dd data-status="computed">
          <StatusBadge status={e.computed} />
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
      <p class="explain">{e.explanation.text ?? t('noExplanation')}</p>
      <dl class="pairs">
        <dt>{t('metricAchievement')}</dt>
        <dd>{formatRatio(e.metrics.achievement)}</dd>
        <dt>{t('pace')}</dt>
        <dd>{formatRatio(e.metrics.pace)}</dd>
        <dt>{t('forecast')}</dt>
        <dd>{formatAmount(props.forecast, d.unit)}</dd>
      </dl>
      <h3>{t('override')}</h3>
      {!mayOverride ? (
        <p class="muted">{t('noOverrideRight', { division })}</p>
      ) : e.asOf == null ? (
        // A judgement is of one fiscal year: none to judge without one.
        <p class="muted">{t('noYear')}</p>
      ) : (
        <OverrideForm
          indicatorId={props.indicatorId}
          fiscalYear={e.asOf}
          evaluation={e}
          record={record}
          onSaved={props.onOverride}
        />
      )}
    </section>
  );
}

/** Every stored figure of the indicator: year, kind, value as read, the original text, its state. */
function ValuesSection({ d }: { d: IndicatorDetail }) {
  const { t } = useApp();
  const rows = [
    ...(d.baseline ? [{ ...d.baseline, what: t('baseline') }] : []),
    ...d.actuals.map((a) => ({ ...a, what: t('actual') })),
    ...(d.target ? [{ ...d.target, what: t('target') }] : []),
  ];
  const stateText = (s: string) => (STATE_KEYS[s] ? t(STATE_KEYS[s]!) : s);
  return (
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
  );
}

/** The audit trail of the indicator (planners). */
function HistorySection({
  audit,
  mayAudit,
}: {
  audit: ReturnType<typeof useApi<{ items: AuditEntry[] }>>;
  mayAudit: boolean;
}) {
  const { t, lang } = useApp();
  return (
    <section class="card" aria-labelledby="hist-h">
      <h2 id="hist-h">{t('history')}</h2>
      {audit.error || !mayAudit ? <p class="muted">{t('noAuditRight')}</p> : null}
      <ul class="plain">
        {(audit.data?.items ?? []).map((a) => (
          <li key={a.id}>
            <time dateTime={a.at}>{when(a.at, lang)}</time> {a.actor.name}：{t(auditActionKey(a.action))}（
            {t(auditEntityKey(a))}）
            {a.after && typeof a.after === 'object' && 'raw' in a.after
              ? ` → ${String((a.after as { raw: unknown }).raw)}`
              : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One indicator: trend, yearly values, evaluation with reasons, override, commentary, history. */
export function IndicatorPage({ indicatorId, strategyId }: { indicatorId: string; strategyId: string }) {
  const { t, me } = useApp();
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
  const forecast = e.metrics.forecast;
  const model = trendModel({
    baseline: yv(d.baseline),
    target: yv(d.target),
    actuals: d.actuals.map(yv).filter((p): p is YearValue => p !== null),
    forecast,
  });
  const record = e.overrides.find((o) => o.fiscalYear === e.asOf) ?? null;
  // The years of the commentary: from the baseline's (or as-of) year to the target's (or as-of).
  const known = [d.baseline?.fiscalYear, d.target?.fiscalYear, e.asOf].filter((y): y is number => y != null);
  const firstYear = Math.min(...known);
  const lastYear = Math.max(...known);
  const years: number[] = [];
  for (let y = lastYear; y >= firstYear && years.length < 20; y--) years.push(y);
  const commentaryYear = e.asOf ?? years[0] ?? null;
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
        <TrendSection d={d} model={model} forecast={forecast} />
        <EvaluationSection
          indicatorId={indicatorId}
          d={d}
          e={e}
          record={record}
          forecast={forecast}
          onOverride={() => {
            evaluation.reload();
            audit.reload();
          }}
        />
      </div>
      <ValuesSection d={d} />
      <PeriodLinks indicatorId={indicatorId} />
      <FigureHistory indicatorId={indicatorId} unit={d.unit} />
      {commentaryYear != null ? (
        <CommentarySection
          indicatorId={indicatorId}
          years={years}
          initialYear={commentaryYear}
          canEdit={mayOn(me, 'commentary.write', d.departmentIds)}
        />
      ) : null}
      <HistorySection audit={audit} mayAudit={mayAudit} />
    </div>
  );
}
