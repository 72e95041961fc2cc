import type { TransitionIndicator, TransitionView } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { Field } from '../../components/Field.tsx';
import { Link } from '../../components/Link.tsx';
import { periodLabel } from '../../lib/format.ts';
import { grantOf } from '../../lib/permissions.ts';
import { AdditionFields } from './AdditionFields.tsx';
import { DecisionFields } from './DecisionFields.tsx';
import { type AdditionRow, countsOf, type DecisionRow, emptyAddition, type PlanForm } from './plan-form.ts';
import { FieldIssue, type IssuesByField } from './transition-fields.tsx';
import { ActionsPanel, ConfirmedPanel, IssuesPanel } from './transition-panels.tsx';
import { issuesByField, useTransition } from './use-transition.ts';

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

interface FormPanel {
  form: PlanForm;
  setForm: (form: PlanForm) => void;
  issues: IssuesByField;
  readOnly: boolean;
}

/** The next strategy's name, generation and period. */
function NextStrategyPanel({ form, setForm, issues, readOnly }: FormPanel) {
  const { t } = useApp();
  return (
    <section class="card stack" aria-labelledby="tr-next-h">
      <h2 id="tr-next-h">{t('trNextStrategy')}</h2>
      <Field
        id="tr-name"
        label={t('trName')}
        value={form.name}
        required
        maxLength={200}
        disabled={readOnly}
        onValue={(name) => setForm({ ...form, name })}
      />
      <div class="row">
        <Field
          id="tr-generation"
          label={t('trGeneration')}
          labelClass="inline"
          type="number"
          class="num"
          min={1}
          max={99}
          value={form.generation}
          disabled={readOnly}
          onValue={(generation) => setForm({ ...form, generation })}
        />
        <Field
          id="tr-period-from"
          label={t('trPeriodFrom')}
          labelClass="inline"
          type="number"
          class="num"
          min={1900}
          max={2200}
          required
          value={form.from}
          disabled={readOnly}
          aria-invalid={issues.has('tr-period-from') ? true : undefined}
          onValue={(from) => setForm({ ...form, from })}
        />
        <Field
          id="tr-period-to"
          label={t('trPeriodTo')}
          labelClass="inline"
          type="number"
          class="num"
          min={1900}
          max={2200}
          required
          value={form.to}
          disabled={readOnly}
          aria-invalid={issues.has('tr-period-to') ? true : undefined}
          onValue={(to) => setForm({ ...form, to })}
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
  );
}

/** The current KPIs' decisions, under their goal and measure headings, with the counts. */
function DecisionsPanel({
  view,
  form,
  issues,
  readOnly,
  setDecision,
}: Omit<FormPanel, 'setForm'> & {
  view: TransitionView;
  setDecision: (k: number, patch: Partial<DecisionRow>) => void;
}) {
  const { t } = useApp();
  const counts = countsOf(form);
  const fields = (indexes: number[]) =>
    indexes.map((i) => (
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
    ));
  return (
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
            {fields(g.indexes)}
          </div>
        ) : (
          <div class="stack" key={k}>
            <h4>
              {t('measure')} {g.heading}
            </h4>
            {fields(g.indexes)}
          </div>
        ),
      )}
    </section>
  );
}

/** The KPIs added in the next period; adding one focuses its name. */
function AdditionsPanel({
  view,
  form,
  setForm,
  issues,
  readOnly,
  setAddition,
}: FormPanel & { view: TransitionView; setAddition: (k: number, patch: Partial<AdditionRow>) => void }) {
  const { t } = useApp();
  return (
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
  );
}

/** The wizard of a move to the next period: plan, per-KPI decisions, new KPIs; save, confirm. */
export function TransitionPage({ strategyId, transitionId }: { strategyId: string; transitionId: string }) {
  const { t, me } = useApp();
  const w = useTransition(transitionId);
  const { view, form } = w;
  const planner = grantOf(me, 'indicator.edit') !== null;
  if (w.loaded.error) return <ErrorMessage result={w.loaded.error} />;
  if (!view || !form) return <Loading />;
  const readOnly = view.state !== 'draft' || !planner;
  const panel = { form, setForm: w.setForm, issues: issuesByField(view), readOnly };
  const from = view.fromStrategy.period;
  return (
    <form class="stack" onSubmit={w.onSave} data-ready="transition" data-state={view.state} noValidate>
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
      {view.state === 'confirmed' ? <ConfirmedPanel view={view} /> : null}
      {view.state === 'draft' ? <IssuesPanel view={view} /> : null}
      <NextStrategyPanel {...panel} />
      <DecisionsPanel {...panel} view={view} setDecision={w.setDecision} />
      <AdditionsPanel {...panel} view={view} setAddition={w.setAddition} />
      {readOnly ? null : (
        <ActionsPanel
          busy={w.busy}
          status={w.status}
          result={w.result}
          onConfirm={w.onConfirm}
          onReload={() => w.loaded.reload()}
        />
      )}
    </form>
  );
}
