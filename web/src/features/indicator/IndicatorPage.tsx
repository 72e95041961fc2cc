import type { AuditEntry, Commentary, IndicatorDetail, IndicatorEvaluation } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { TrendChart } from '../../components/TrendChart.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel, formatAmount, formatRatio } from '../../lib/format.ts';
import { grantOf } from '../../lib/permissions.ts';
import { trendModel, type YearValue } from '../../lib/trend.ts';
import { useApi } from '../../lib/use-api.ts';

const ACTIONS: Record<string, MessageKey> = {
  import: 'actionImport',
  create: 'actionCreate',
  update: 'actionUpdate',
  delete: 'actionDelete',
  override: 'actionOverride',
};

/** What an audit entry is about, in words (never the table's name). */
const ENTITIES: Record<string, MessageKey> = {
  indicator: 'entityIndicator',
  observation: 'entityObservation',
  commentary: 'entityCommentary',
  evaluation_override: 'entityOverride',
  opinion: 'entityOpinion',
  strategy: 'entityStrategy',
};

function yv(f: { fiscalYear: number | null; value: number | null } | null): YearValue | null {
  return f && f.fiscalYear !== null && f.value !== null ? { fiscalYear: f.fiscalYear, value: f.value } : null;
}

/** One indicator: trend, yearly values, evaluation with reasons, commentary, override, history. */
export function IndicatorPage({ indicatorId, strategyId }: { indicatorId: string; strategyId: string }) {
  const { t, lang, me } = useApp();
  // Only what the role may see is asked for: the history is for planners (audit.read).
  const mayAudit = grantOf(me, 'audit.read') !== null;
  const detail = useApi<IndicatorDetail>(`/api/indicators/${indicatorId}`);
  const evaluation = useApi<IndicatorEvaluation>(`/api/indicators/${indicatorId}/evaluation`);
  const commentary = useApi<Commentary[] | { items: Commentary[] }>(
    `/api/indicators/${indicatorId}/commentary`,
  );
  const audit = useApi<{ items: AuditEntry[] }>(
    mayAudit ? `/api/audit?indicatorId=${indicatorId}&limit=20` : null,
  );
  if (detail.error) return <ErrorMessage result={detail.error} />;
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
  const notes = Array.isArray(commentary.data) ? commentary.data : (commentary.data?.items ?? []);
  const rows = [
    ...(d.baseline ? [{ ...d.baseline, what: t('baseline') }] : []),
    ...d.actuals.map((a) => ({ ...a, what: t('actual') })),
    ...(d.target ? [{ ...d.target, what: t('target') }] : []),
  ];
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
          <p>
            <StatusBadge status={e.status} />
            {t('schemeAt', { scheme: e.scheme.name, fy: fiscalYearLabel(e.asOf) })}
          </p>
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
          {e.override ? (
            <p>
              {t('overrideText', { label: e.override.label, reason: e.override.reason })}
              {e.override.actor?.name ? `（${e.override.actor.name}）` : ''}
            </p>
          ) : (
            <p>{t('noOverride')}</p>
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
                <td>{formatAmount(r.value, r.unit ?? d.unit)}</td>
                <td>
                  <q>{r.raw}</q>
                </td>
                <td>
                  {r.state === 'preliminary' ? t('preliminary') : r.state === 'final' ? t('final') : r.state}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="comm-h">
        <h2 id="comm-h">{t('commentary')}</h2>
        {notes.length === 0 ? <p>{t('noComments')}</p> : null}
        {notes.map((c) => (
          <article key={c.id} class="comment">
            <h3>{c.fiscalYear ? fiscalYearLabel(c.fiscalYear) : t('noYear')}</h3>
            <dl class="pairs">
              <dt>{t('progress')}</dt>
              <dd>{c.progress ?? '—'}</dd>
              <dt>{t('issues')}</dt>
              <dd>{c.issues ?? '—'}</dd>
              <dt>{t('nextSteps')}</dt>
              <dd>{c.nextSteps ?? '—'}</dd>
            </dl>
          </article>
        ))}
      </section>
      <section class="card" aria-labelledby="hist-h">
        <h2 id="hist-h">{t('history')}</h2>
        {audit.error || !mayAudit ? <p class="muted">{t('noAuditRight')}</p> : null}
        <ul class="plain">
          {(audit.data?.items ?? []).map((a) => (
            <li key={a.id}>
              <time dateTime={a.at}>{new Date(a.at).toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP')}</time>{' '}
              {a.actor.name}：{ACTIONS[a.action] ? t(ACTIONS[a.action]!) : a.action}（
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
