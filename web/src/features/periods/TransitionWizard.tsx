import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type {
  Page,
  PlanIssue,
  TransitionIndicator,
  TransitionSummary,
  TransitionView,
} from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Link } from '../../components/Link.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel, periodLabel } from '../../lib/format.ts';
import { grantOf } from '../../lib/permissions.ts';
import { navigate } from '../../lib/router.ts';
import { useApi } from '../../lib/use-api.ts';
import {
  type Action,
  type AdditionRow,
  countsOf,
  type DecisionRow,
  emptyAddition,
  fieldId,
  formOf,
  isProposal,
  type PlanForm,
  planOf,
} from './plan-form.ts';

const ACTIONS: [Action, MessageKey][] = [
  ['continue', 'trContinue'],
  ['change', 'trChange'],
  ['delete', 'trDelete'],
  ['move', 'trMove'],
];

const DIRECTIONS: [AdditionRow['direction'], MessageKey][] = [
  ['', 'trDirNone'],
  ['increase', 'trDirIncrease'],
  ['decrease', 'trDirDecrease'],
  ['maintain', 'trDirMaintain'],
];

const wizardPath = (strategyId: string, id: string) => `/strategies/${strategyId}/transitions/${id}`;

/**
 * 次期への移行 on the strategy's dashboard (planners): start the move, or open its draft, or the
 * strategy it created.
 */
export function TransitionCard({ strategyId }: { strategyId: string }) {
  const { t } = useApp();
  const list = useApi<Page<TransitionSummary>>(`/api/strategies/${strategyId}/transitions`);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const start = async () => {
    const r = await api<TransitionView>('POST', `/api/strategies/${strategyId}/transitions`);
    if (!r.ok) return setError(r);
    navigate(wizardPath(strategyId, r.value.id));
  };
  const items = list.data?.items ?? [];
  const draft = items.find((i) => i.state === 'draft');
  const confirmed = items.filter((i) => i.state === 'confirmed');
  return (
    <section
      class="card stack"
      aria-labelledby="transition-h"
      data-ready={list.data ? 'transitions' : undefined}
    >
      <h2 id="transition-h">{t('transition')}</h2>
      <p class="muted">{t('trCardHelp')}</p>
      {list.error ? <ErrorMessage result={list.error} /> : null}
      {confirmed.length ? (
        <ul class="plain">
          {confirmed.map((c) => (
            <li key={c.id}>
              <Link href={wizardPath(strategyId, c.id)}>{t('trConfirmedTo', { name: c.name })}</Link>
              {c.toStrategyId ? (
                <>
                  {' '}
                  <Link href={`/strategies/${c.toStrategyId}`}>{c.name}</Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {draft ? (
        <p>
          <Link href={wizardPath(strategyId, draft.id)}>{t('trOpenDraft', { name: draft.name })}</Link>
        </p>
      ) : list.data ? (
        <p>
          {confirmed.length === 0 ? <span class="muted">{t('trNone')} </span> : null}
          <button type="button" onClick={start}>
            {t('trStart')}
          </button>
        </p>
      ) : null}
      <ErrorMessage result={error} />
    </section>
  );
}

/** The text inputs of a figure (raw text and its fiscal year), labelled. */
function FigureInputs(props: {
  id: string;
  label: string;
  yearLabel: string;
  raw: string;
  year: string;
  disabled: boolean;
  onRaw: (v: string) => void;
  onYear: (v: string) => void;
  describedBy?: string;
}) {
  return (
    <div class="row">
      <label class="inline" for={`${props.id}-raw`}>
        {props.label}
      </label>
      <input
        id={`${props.id}-raw`}
        value={props.raw}
        maxLength={2000}
        disabled={props.disabled}
        aria-describedby={props.describedBy}
        onInput={(e) => props.onRaw(e.currentTarget.value)}
      />
      <label class="inline" for={`${props.id}-year`}>
        {props.yearLabel}
      </label>
      <input
        id={`${props.id}-year`}
        type="number"
        class="num"
        min={1900}
        max={2200}
        required={props.raw.trim() !== ''}
        disabled={props.disabled}
        value={props.year}
        onInput={(e) => props.onYear(e.currentTarget.value)}
      />
    </div>
  );
}

/** The problem of one field, tied to its input by id (aria-describedby). */
function FieldIssue({ id, issues }: { id: string; issues: Map<string, PlanIssue[]> }) {
  const { lang } = useApp();
  const list = issues.get(id);
  if (!list?.length) return null;
  return (
    <p class="error" id={`${id}-issue`}>
      {list.map((i) => (lang === 'ja' ? i.message : i.messageEn)).join(' ')}
    </p>
  );
}

function DecisionFields({
  index,
  row,
  ind,
  view,
  issues,
  readOnly,
  onChange,
}: {
  index: number;
  row: DecisionRow;
  ind: TransitionIndicator;
  view: TransitionView;
  issues: Map<string, PlanIssue[]>;
  readOnly: boolean;
  onChange: (patch: Partial<DecisionRow>) => void;
}) {
  const { t } = useApp();
  const id = `tr-d${index}`;
  const bad = (f: string) => (issues.get(`${id}-${f}`)?.length ? true : undefined);
  const described = (f: string) => (bad(f) ? `${id}-${f}-issue` : undefined);
  const proposal = ind.proposal;
  const measureLabel = (m: TransitionView['measures'][number]) => [m.code, m.name].filter(Boolean).join(' ');
  return (
    <fieldset class="stack card" data-indicator={ind.name} data-action={row.action}>
      <legend>
        <strong>{ind.name}</strong>
        {ind.unit ? <span class="muted">{t('unitIs', { u: ind.unit })}</span> : null}
      </legend>
      {ind.projectName ? <p class="muted">{t('trProject', { name: ind.projectName })}</p> : null}
      <p class="muted">{t('trCurrent', { b: ind.baselineRaw ?? '—', t: ind.targetRaw ?? '—' })}</p>
      <div class="row" role="radiogroup" aria-label={`${ind.name} ${t('trAction')}`}>
        {ACTIONS.map(([action, key]) => (
          <label class="inline" key={action}>
            <input
              type="radio"
              name={`${id}-action`}
              value={action}
              checked={row.action === action}
              disabled={readOnly}
              onChange={() => onChange({ action })}
            />{' '}
            {t(key)}
          </label>
        ))}
      </div>
      {row.action !== 'delete' ? (
        <>
          <p id={`${id}-proposal`} data-proposal={proposal ? `${proposal.raw}|${proposal.fiscalYear}` : ''}>
            {proposal
              ? t('trProposal', {
                  raw: proposal.raw ?? String(proposal.value),
                  fy: fiscalYearLabel(proposal.fiscalYear),
                  state: t(proposal.from === 'final' ? 'trProposalFinal' : 'trProposalLatest'),
                })
              : t('trNoProposal')}{' '}
            {proposal && !isProposal(row, ind) ? (
              <>
                <span class="warn">{t('trEdited')}</span>{' '}
                {readOnly ? null : (
                  <button
                    type="button"
                    class="link"
                    onClick={() =>
                      onChange({ baselineRaw: proposal.raw ?? '', baselineYear: String(proposal.fiscalYear) })
                    }
                  >
                    {t('trUseProposal')}
                  </button>
                )}
              </>
            ) : null}
          </p>
          {row.action === 'change' && row.unit.trim() !== (ind.unit ?? '') && isProposal(row, ind) ? (
            <p class="warn">{t('trUnitChanged')}</p>
          ) : null}
          <FigureInputs
            id={`${id}-baseline`}
            label={t('trBaseline')}
            yearLabel={t('trBaselineYear')}
            raw={row.baselineRaw}
            year={row.baselineYear}
            disabled={readOnly}
            describedBy={`${id}-proposal`}
            onRaw={(v) => onChange({ baselineRaw: v })}
            onYear={(v) => onChange({ baselineYear: v })}
          />
          <FigureInputs
            id={`${id}-target`}
            label={t('trTarget')}
            yearLabel={t('trTargetYear')}
            raw={row.targetRaw}
            year={row.targetYear}
            disabled={readOnly}
            onRaw={(v) => onChange({ targetRaw: v })}
            onYear={(v) => onChange({ targetYear: v })}
          />
        </>
      ) : null}
      {row.action === 'change' ? (
        <div class="stack">
          <label for={`${id}-name`}>{t('trNewName')}</label>
          <input
            id={`${id}-name`}
            value={row.name}
            required
            maxLength={500}
            disabled={readOnly}
            onInput={(e) => onChange({ name: e.currentTarget.value })}
          />
          <label for={`${id}-unit`}>{t('trUnit')}</label>
          <input
            id={`${id}-unit`}
            class="narrow"
            value={row.unit}
            maxLength={50}
            disabled={readOnly}
            onInput={(e) => onChange({ unit: e.currentTarget.value })}
          />
          <label for={`${id}-definition`}>{t('trDefinition')}</label>
          <textarea
            id={`${id}-definition`}
            rows={2}
            value={row.definition}
            disabled={readOnly}
            onInput={(e) => onChange({ definition: e.currentTarget.value })}
          />
        </div>
      ) : null}
      {row.action === 'move' ? (
        <div class="stack">
          <label for={`${id}-measureId`}>{t('trMoveTo')}</label>
          <select
            id={`${id}-measureId`}
            value={row.measureId}
            required
            disabled={readOnly}
            aria-invalid={bad('measureId')}
            aria-describedby={described('measureId')}
            onChange={(e) => onChange({ measureId: e.currentTarget.value })}
          >
            <option value="">{t('trChooseMeasure')}</option>
            {view.measures
              .filter((m) => m.id !== ind.measureId)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {measureLabel(m)}
                </option>
              ))}
          </select>
          <FieldIssue id={`${id}-measureId`} issues={issues} />
        </div>
      ) : null}
      {row.action !== 'continue' ? (
        <div class="stack">
          <label for={`${id}-reason`}>{t(row.action === 'delete' ? 'trDeleteReason' : 'trReason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            maxLength={2000}
            value={row.reason}
            required={row.action === 'delete'}
            disabled={readOnly}
            aria-invalid={bad('reason')}
            aria-describedby={described('reason')}
            onInput={(e) => onChange({ reason: e.currentTarget.value })}
          />
          <FieldIssue id={`${id}-reason`} issues={issues} />
        </div>
      ) : null}
    </fieldset>
  );
}

function AdditionFields({
  index,
  row,
  view,
  issues,
  readOnly,
  onChange,
  onRemove,
}: {
  index: number;
  row: AdditionRow;
  view: TransitionView;
  issues: Map<string, PlanIssue[]>;
  readOnly: boolean;
  onChange: (patch: Partial<AdditionRow>) => void;
  onRemove: () => void;
}) {
  const { t } = useApp();
  const id = `tr-a${index}`;
  const n = index + 1;
  const bad = issues.get(`${id}-measureId`)?.length ? true : undefined;
  return (
    <fieldset class="stack card" data-addition={index}>
      <legend>
        <strong>{t('trAdditionN', { n })}</strong>
      </legend>
      <label for={`${id}-name`}>{t('trName')}</label>
      <input
        id={`${id}-name`}
        value={row.name}
        required
        maxLength={500}
        disabled={readOnly}
        onInput={(e) => onChange({ name: e.currentTarget.value })}
      />
      <div class="row">
        <label class="inline" for={`${id}-measureId`}>
          {t('trMeasureOf')}
        </label>
        <select
          id={`${id}-measureId`}
          value={row.measureId}
          required
          disabled={readOnly}
          aria-invalid={bad}
          aria-describedby={bad ? `${id}-measureId-issue` : undefined}
          onChange={(e) => onChange({ measureId: e.currentTarget.value })}
        >
          <option value="">{t('trChooseMeasure')}</option>
          {view.measures.map((m) => (
            <option key={m.id} value={m.id}>
              {[m.code, m.name].filter(Boolean).join(' ')}
            </option>
          ))}
        </select>
        <label class="inline" for={`${id}-unit`}>
          {t('trUnit')}
        </label>
        <input
          id={`${id}-unit`}
          class="narrow"
          value={row.unit}
          maxLength={50}
          disabled={readOnly}
          onInput={(e) => onChange({ unit: e.currentTarget.value })}
        />
        <label class="inline" for={`${id}-direction`}>
          {t('trDirection')}
        </label>
        <select
          id={`${id}-direction`}
          value={row.direction}
          disabled={readOnly}
          onChange={(e) => onChange({ direction: e.currentTarget.value as AdditionRow['direction'] })}
        >
          {DIRECTIONS.map(([d, key]) => (
            <option key={d} value={d}>
              {t(key)}
            </option>
          ))}
        </select>
      </div>
      <FieldIssue id={`${id}-measureId`} issues={issues} />
      <FigureInputs
        id={`${id}-baseline`}
        label={t('trBaseline')}
        yearLabel={t('trBaselineYear')}
        raw={row.baselineRaw}
        year={row.baselineYear}
        disabled={readOnly}
        onRaw={(v) => onChange({ baselineRaw: v })}
        onYear={(v) => onChange({ baselineYear: v })}
      />
      <FigureInputs
        id={`${id}-target`}
        label={t('trTarget')}
        yearLabel={t('trTargetYear')}
        raw={row.targetRaw}
        year={row.targetYear}
        disabled={readOnly}
        onRaw={(v) => onChange({ targetRaw: v })}
        onYear={(v) => onChange({ targetYear: v })}
      />
      <label for={`${id}-definition`}>{t('trDefinition')}</label>
      <textarea
        id={`${id}-definition`}
        rows={2}
        value={row.definition}
        disabled={readOnly}
        onInput={(e) => onChange({ definition: e.currentTarget.value })}
      />
      {readOnly ? null : (
        <p>
          <button type="button" onClick={onRemove}>
            {t('trRemove', { n })}
          </button>
        </p>
      )}
    </fieldset>
  );
}

/** The KPIs grouped under their goal and measure headings, in the view's order; the rest last. */
function groups(view: TransitionView): { heading: string; level: 3 | 4; indexes: number[] }[] {
  const out: { heading: string; level: 3 | 4; indexes: number[] }[] = [];
  const placed = new Set<number>();
  const take = (heading: string, level: 3 | 4, pick: (i: TransitionIndicator) => boolean) => {
    const indexes = view.indicators.flatMap((ind, k) => (!placed.has(k) && pick(ind) ? [k] : []));
    for (const k of indexes) placed.add(k);
    if (indexes.length || level === 3) out.push({ heading, level, indexes });
  };
  for (const g of view.goals) {
    const measures = view.measures.filter((m) => m.goalId === g.id);
    const inGoal = view.indicators.some((i) => i.goalId === g.id);
    if (!inGoal) continue;
    take([g.code, g.name].filter(Boolean).join(' '), 3, (i) => i.goalId === g.id && !i.placeMeasureId);
    for (const m of measures)
      take([m.code, m.name].filter(Boolean).join(' '), 4, (i) => i.placeMeasureId === m.id);
  }
  const rest = view.indicators.some((_, k) => !placed.has(k));
  if (rest)
    out.push({
      heading: '',
      level: 3,
      indexes: view.indicators.flatMap((_, k) => (placed.has(k) ? [] : [k])),
    });
  return out;
}

/** The wizard of a move to the next period: plan, per-KPI decisions, new KPIs; save, confirm. */
export function TransitionPage({ strategyId, transitionId }: { strategyId: string; transitionId: string }) {
  const { t, me, lang } = useApp();
  const loaded = useApi<TransitionView>(`/api/transitions/${transitionId}`);
  const [view, setView] = useState<TransitionView | null>(null);
  const [form, setForm] = useState<PlanForm | null>(null);
  const [result, setResult] = useState<ApiResult<unknown> | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const planner = grantOf(me, 'indicator.edit') !== null;
  useEffect(() => {
    if (loaded.data) {
      setView(loaded.data);
      setForm(formOf(loaded.data));
    }
  }, [loaded.data]);
  if (loaded.error) return <ErrorMessage result={loaded.error} />;
  if (!view || !form) return <Loading />;
  const readOnly = view.state !== 'draft' || !planner;
  const issues = new Map<string, PlanIssue[]>();
  for (const i of view.issues) {
    const id = fieldId(i.place?.field);
    if (id) issues.set(id, [...(issues.get(id) ?? []), i]);
  }
  const counts = countsOf(form);
  const setDecision = (k: number, patch: Partial<DecisionRow>) =>
    setForm((f) =>
      f ? { ...f, decisions: f.decisions.map((d, j) => (j === k ? { ...d, ...patch } : d)) } : f,
    );
  const setAddition = (k: number, patch: Partial<AdditionRow>) =>
    setForm((f) =>
      f ? { ...f, additions: f.additions.map((a, j) => (j === k ? { ...a, ...patch } : a)) } : f,
    );
  const applied = (next: TransitionView) => {
    setView(next);
    setForm(formOf(next));
  };
  const save = async (): Promise<TransitionView | null> => {
    const r = await api<TransitionView>('PUT', `/api/transitions/${view.id}`, {
      version: view.version,
      plan: planOf(form, view),
    });
    if (!r.ok) {
      setResult(r);
      return null;
    }
    setResult(null);
    applied(r.value);
    return r.value;
  };
  const onSave = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setStatus('');
    const saved = await save();
    setBusy(false);
    if (saved) setStatus(t('trSaved'));
  };
  const onConfirm = async () => {
    setBusy(true);
    setStatus('');
    const saved = await save();
    if (!saved) return setBusy(false);
    if (saved.issues.length) {
      setBusy(false);
      document.getElementById('tr-issues')?.focus();
      return;
    }
    const r = await api<TransitionView>('POST', `/api/transitions/${saved.id}/confirm`, {
      version: saved.version,
    });
    setBusy(false);
    if (!r.ok) return setResult(r);
    setResult(null);
    applied(r.value);
  };
  const conflict = result && !result.ok && result.error.code === 'VERSION_CONFLICT';
  const when = (at: string) => new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP');
  const from = view.fromStrategy.period;
  return (
    <form class="stack" onSubmit={onSave} data-ready="transition" data-state={view.state} noValidate>
      <p>
        <Link href={`/strategies/${strategyId}`}>← {t('trBack')}</Link>
      </p>
      <h1>{t('transition')}</h1>
      <p>
        {t('trFrom', {
          name: view.fromStrategy.name,
          period: from.from != null && from.to != null ? periodLabel({ from: from.from, to: from.to }) : '—',
        })}
      </p>
      <p class="muted">{t('trHelp')}</p>
      {view.state === 'confirmed' ? (
        <div class="card stack" role="status">
          {view.toStrategyId ? (
            <p>
              <Link href={`/strategies/${view.toStrategyId}`}>{t('trDone', { name: view.plan.name })}</Link>
            </p>
          ) : null}
          {view.confirmedBy && view.confirmedAt ? (
            <p class="muted">{t('trConfirmedBy', { by: view.confirmedBy, at: when(view.confirmedAt) })}</p>
          ) : null}
          <p>
            <a
              href={`/api/strategies/${view.fromStrategyId}/reports/period-review?format=html&disposition=inline`}
              target="_blank"
              rel="noopener"
              data-print="period-review"
            >
              {t('trPeriodReview')}
            </a>
          </p>
        </div>
      ) : null}
      {view.state === 'draft' ? (
        <section class="card" id="tr-issues" tabIndex={-1} aria-labelledby="tr-issues-h">
          <h2 id="tr-issues-h">
            {view.issues.length ? t('trIssues', { n: view.issues.length }) : t('trNoIssues')}
          </h2>
          {view.issues.length ? (
            <ul role="alert">
              {view.issues.map((i, k) => {
                const id = fieldId(i.place?.field);
                const text = lang === 'ja' ? i.message : i.messageEn;
                return (
                  <li key={k}>
                    {id ? (
                      <a
                        href={`#${id}`}
                        onClick={(e) => {
                          // To the field itself (focused), without touching the app's route.
                          const field = document.getElementById(id);
                          if (!field) return;
                          e.preventDefault();
                          field.scrollIntoView({ block: 'center' });
                          field.focus();
                        }}
                      >
                        {text}
                      </a>
                    ) : (
                      text
                    )}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </section>
      ) : null}
      <section class="card stack" aria-labelledby="tr-next-h">
        <h2 id="tr-next-h">{t('trNextStrategy')}</h2>
        <label for="tr-name">{t('trName')}</label>
        <input
          id="tr-name"
          value={form.name}
          required
          maxLength={200}
          disabled={readOnly}
          onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
        />
        <div class="row">
          <label class="inline" for="tr-generation">
            {t('trGeneration')}
          </label>
          <input
            id="tr-generation"
            type="number"
            class="num"
            min={1}
            max={99}
            value={form.generation}
            disabled={readOnly}
            onInput={(e) => setForm({ ...form, generation: e.currentTarget.value })}
          />
          <label class="inline" for="tr-period-from">
            {t('trPeriodFrom')}
          </label>
          <input
            id="tr-period-from"
            type="number"
            class="num"
            min={1900}
            max={2200}
            required
            value={form.from}
            disabled={readOnly}
            aria-invalid={issues.has('tr-period-from') ? true : undefined}
            onInput={(e) => setForm({ ...form, from: e.currentTarget.value })}
          />
          <label class="inline" for="tr-period-to">
            {t('trPeriodTo')}
          </label>
          <input
            id="tr-period-to"
            type="number"
            class="num"
            min={1900}
            max={2200}
            required
            value={form.to}
            disabled={readOnly}
            aria-invalid={issues.has('tr-period-to') ? true : undefined}
            onInput={(e) => setForm({ ...form, to: e.currentTarget.value })}
          />
        </div>
        <p class="muted">
          {Number.isInteger(Number(form.from)) && Number.isInteger(Number(form.to)) && form.from && form.to
            ? periodLabel({ from: Number(form.from), to: Number(form.to) })
            : ''}
        </p>
        <FieldIssue id="tr-period-from" issues={issues} />
        <FieldIssue id="tr-period-to" issues={issues} />
      </section>
      <section class="stack" aria-labelledby="tr-ind-h">
        <h2 id="tr-ind-h">{t('trIndicators')}</h2>
        <p class="muted" data-testid="tr-counts">
          {t('trCounts', {
            c: counts.continue,
            h: counts.change,
            d: counts.delete,
            m: counts.move,
            n: counts.new,
          })}
        </p>
        {groups(view).map((g, k) =>
          g.level === 3 ? (
            <div class="stack" key={k}>
              <h3>{g.heading ? `${t('goal')} ${g.heading}` : t('trOther')}</h3>
              {g.indexes.map((i) => (
                <DecisionFields
                  key={view.indicators[i]!.indicatorId}
                  index={i}
                  row={form.decisions[i]!}
                  ind={view.indicators[i]!}
                  view={view}
                  issues={issues}
                  readOnly={readOnly}
                  onChange={(patch) => setDecision(i, patch)}
                />
              ))}
            </div>
          ) : (
            <div class="stack" key={k}>
              <h4>
                {t('measure')} {g.heading}
              </h4>
              {g.indexes.map((i) => (
                <DecisionFields
                  key={view.indicators[i]!.indicatorId}
                  index={i}
                  row={form.decisions[i]!}
                  ind={view.indicators[i]!}
                  view={view}
                  issues={issues}
                  readOnly={readOnly}
                  onChange={(patch) => setDecision(i, patch)}
                />
              ))}
            </div>
          ),
        )}
      </section>
      <section class="stack" aria-labelledby="tr-add-h">
        <h2 id="tr-add-h">{t('trAdditions')}</h2>
        {form.additions.length === 0 ? <p class="muted">{t('trNoAdditions')}</p> : null}
        {form.additions.map((a, k) => (
          <AdditionFields
            key={k}
            index={k}
            row={a}
            view={view}
            issues={issues}
            readOnly={readOnly}
            onChange={(patch) => setAddition(k, patch)}
            onRemove={() => setForm({ ...form, additions: form.additions.filter((_, j) => j !== k) })}
          />
        ))}
        {readOnly ? null : (
          <p>
            <button
              type="button"
              onClick={() => {
                setForm({ ...form, additions: [...form.additions, emptyAddition(form, '')] });
                setTimeout(() => document.getElementById(`tr-a${form.additions.length}-name`)?.focus(), 0);
              }}
            >
              {t('trAdd')}
            </button>
          </p>
        )}
      </section>
      {readOnly ? null : (
        <section class="card stack" aria-labelledby="tr-act-h">
          <h2 id="tr-act-h" class="visually-hidden">
            {t('trSave')}
          </h2>
          <p class="muted">{t('trConfirmHelp')}</p>
          <div class="row">
            <button type="submit" disabled={busy}>
              {t('trSave')}
            </button>
            <button type="button" class="primary" disabled={busy} onClick={onConfirm}>
              {t('trConfirm')}
            </button>
            <span role="status" class="muted">
              {status}
            </span>
          </div>
          <ErrorMessage result={result} />
          {conflict ? (
            <p>
              <button type="button" onClick={() => loaded.reload()}>
                {t('trReload')}
              </button>
            </p>
          ) : null}
        </section>
      )}
    </form>
  );
}
