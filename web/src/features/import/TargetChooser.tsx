import { useEffect, useState } from 'preact/hooks';
import type { ImportTarget } from '../../../../src/core/import/import-target.ts';
import type { UpdatePlan } from '../../../../src/core/import/update-plan.ts';
import { type ApiResult, api } from '../../api/client.ts';
import type { PlanAnswer } from '../../api/types.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export type { ImportTarget, PlanAnswer };

type PlannedStrategy = PlanAnswer['plan']['strategies'][number];
type TargetStrategy = NonNullable<PlannedStrategy['into']>;

const CHANGE: Record<string, MessageKey> = {
  new: 'changeNew',
  changed: 'changeChanged',
  unchanged: 'changeUnchanged',
};
const KIND: Record<string, MessageKey> = {
  baseline: 'fieldBaseline',
  target: 'fieldTarget',
  actual: 'fieldActual',
};

const numberOrNull = (v: string) => {
  const n = Number(v);
  return v.trim() && Number.isInteger(n) ? n : null;
};

/** A labelled year of a period, taken when the field is left (empty or not a whole number: null). */
function YearInput(props: { label: string; year: number | null; onYear: (year: number | null) => void }) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        class="narrow"
        min={1900}
        max={2200}
        value={props.year ?? ''}
        onChange={(e) => props.onYear(numberOrNull((e.currentTarget as HTMLInputElement).value))}
      />
    </label>
  );
}

type Plan = PlanAnswer['plan'];
type Choices = PlanAnswer['choices'];

/** The municipality the import goes to: an existing one, or a new one with its name and code. */
function MunicipalityChoice({
  plan,
  choices,
  target,
  named,
  municipalityId,
  choose,
  t,
}: {
  plan: Plan;
  choices: Choices;
  target: ImportTarget;
  /** The new municipality's name and code while a new one is chosen, else null. */
  named: { name: string; code: string | null } | null;
  municipalityId: string;
  choose: (next: ImportTarget) => void;
  t: Translate;
}) {
  const isNew = named != null;
  return (
    <fieldset class="stack">
      <legend>{t('targetMunicipality')}</legend>
      <label class="row">
        <input
          type="radio"
          name="target-municipality"
          checked={!isNew}
          onChange={() =>
            choose({
              ...target,
              municipality: choices.municipalities[0] ? { id: choices.municipalities[0].id } : undefined,
              strategies: [],
            })
          }
        />
        {t('targetExisting')}
      </label>
      {!isNew && choices.municipalities.length > 0 ? (
        <label>
          {t('targetMunicipality')}
          <select
            value={municipalityId}
            onChange={(e) =>
              choose({
                ...target,
                municipality: { id: (e.currentTarget as HTMLSelectElement).value },
                strategies: [],
              })
            }
          >
            {plan.municipality.isNew ? <option value="">{plan.municipality.name}</option> : null}
            {choices.municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {choices.canCreateMunicipality ? (
        <label class="row">
          <input
            type="radio"
            name="target-municipality"
            checked={isNew}
            onChange={() =>
              choose({
                ...target,
                municipality: { name: plan.municipality.name || '—', code: null },
                strategies: [],
              })
            }
          />
          {t('targetNew')}
        </label>
      ) : null}
      {named ? (
        <div class="row">
          <label>
            {t('importMunicipalityName')}
            <input
              type="text"
              value={named.name}
              onChange={(e) =>
                choose({
                  ...target,
                  municipality: {
                    name: (e.currentTarget as HTMLInputElement).value.trim() || '—',
                    code: named.code,
                  },
                })
              }
            />
          </label>
          <label>
            {t('importMunicipalityCode')}
            <input
              type="text"
              class="narrow"
              value={named.code ?? ''}
              onChange={(e) =>
                choose({
                  ...target,
                  municipality: {
                    name: named.name,
                    code: (e.currentTarget as HTMLInputElement).value.trim() || null,
                  },
                })
              }
            />
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}

/** One strategy period of the document: created (name, period), updating an existing one, or left out. */
function StrategyChoice({
  s,
  i,
  plan,
  strategiesOf,
  setStrategy,
  t,
}: {
  s: PlannedStrategy;
  i: number;
  plan: Plan;
  strategiesOf: TargetStrategy[];
  setStrategy: (ref: string, patch: Record<string, unknown>) => void;
  t: Translate;
}) {
  const id = `target-s-${i}`;
  const action = s.action === 'update' && s.into ? `into:${s.into.id}` : s.action;
  const predecessor = plan.strategies.find((p) => p.ref === s.predecessorRef && p.action !== 'skip');
  return (
    <fieldset class="stack" aria-describedby={`${id}-d`}>
      <legend>{t('proposedStrategy', { i: i + 1, n: s.indicators })}</legend>
      <div class="row">
        <label>
          {t('strategyAction')}
          <select
            value={action}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              if (v === 'skip') setStrategy(s.ref, { skip: true, into: null });
              else if (v === 'create') setStrategy(s.ref, { skip: false, into: null });
              else setStrategy(s.ref, { skip: false, into: v.slice(5) });
            }}
          >
            <option value="create">{t('actionCreateNew')}</option>
            {strategiesOf.map((x) => (
              <option key={x.id} value={`into:${x.id}`}>
                {t('actionUpdateInto', { name: x.name })}
              </option>
            ))}
            <option value="skip">{t('actionSkip')}</option>
          </select>
        </label>
        {s.action === 'create' ? (
          <>
            <label>
              {t('importStrategyName')}
              <input
                type="text"
                value={s.name}
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLInputElement).value.trim();
                  if (v) setStrategy(s.ref, { name: v, into: null });
                }}
              />
            </label>
            <YearInput
              label={t('importPeriodFrom')}
              year={s.periodFrom}
              onYear={(periodFrom) => setStrategy(s.ref, { periodFrom })}
            />
            <YearInput
              label={t('importPeriodTo')}
              year={s.periodTo}
              onYear={(periodTo) => setStrategy(s.ref, { periodTo })}
            />
          </>
        ) : null}
      </div>
      <div id={`${id}-d`}>
        {predecessor && s.action === 'create' ? (
          <p>{t('predecessorOf', { name: predecessor.name })}</p>
        ) : null}
        {s.update ? <UpdateTable update={s.update} t={t} /> : null}
      </div>
    </fieldset>
  );
}

/**
 * Where the import goes (取込先): an existing or a new municipality, and for each strategy period
 * of the document its name, period and whether it is created, updates an existing strategy (with
 * what changes) or is left out. Every change asks the server for the plan again; `onChange` gets
 * the choices and the plan last shown, which the commit sends.
 */
export function TargetChooser(props: {
  importId: string;
  version: number;
  t: Translate;
  onChange: (target: ImportTarget, answer: PlanAnswer | null) => void;
}) {
  const { t } = props;
  const [target, setTarget] = useState<ImportTarget>({});
  const [answer, setAnswer] = useState<PlanAnswer | null>(null);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [loading, setLoading] = useState(false);
  const key = JSON.stringify(target);
  useEffect(() => {
    let live = true;
    setLoading(true);
    api<PlanAnswer>('POST', `/api/imports/${props.importId}/plan`, { target }).then((r) => {
      if (!live) return;
      setLoading(false);
      if (!r.ok) {
        setError(r);
        props.onChange(target, null);
        return;
      }
      setError(null);
      setAnswer(r.value);
      props.onChange(target, r.value);
    });
    return () => {
      live = false;
    };
  }, [props.importId, props.version, key]);
  const plan = answer?.plan;
  const choices = answer?.choices;
  const named =
    target.municipality && 'name' in target.municipality
      ? { name: target.municipality.name, code: target.municipality.code ?? null }
      : !target.municipality && plan?.municipality.isNew
        ? { name: plan.municipality.name, code: plan.municipality.code }
        : null;
  const municipalityId = plan?.municipality.id ?? '';
  const strategiesOf = choices?.municipalities.find((m) => m.id === municipalityId)?.strategies ?? [];
  const choose = (next: ImportTarget) => setTarget(next);
  const setStrategy = (ref: string, patch: Record<string, unknown>) => {
    const list = [...(target.strategies ?? [])];
    const at = list.findIndex((s) => s.ref === ref);
    const base = at >= 0 ? list[at]! : { ref };
    const merged = { ...base, ...patch } as NonNullable<ImportTarget['strategies']>[number];
    if (at >= 0) list[at] = merged;
    else list.push(merged);
    choose({ ...target, strategies: list });
  };
  return (
    <section class="card stack" aria-labelledby="target-h">
      <h2 id="target-h">{t('targetTitle')}</h2>
      <p class="muted">{t('targetHelp')}</p>
      <ErrorMessage result={error} />
      <p role="status" aria-live="polite">
        {loading ? t('planLoading') : ''}
      </p>
      {plan && choices ? (
        <>
          <MunicipalityChoice
            plan={plan}
            choices={choices}
            target={target}
            named={named}
            municipalityId={municipalityId}
            choose={choose}
            t={t}
          />
          {plan.strategies.map((s, i) => (
            <StrategyChoice
              key={s.ref}
              s={s}
              i={i}
              plan={plan}
              strategiesOf={strategiesOf}
              setStrategy={setStrategy}
              t={t}
            />
          ))}
          {plan.strategies.some((s) => s.update) ? (
            <label class="row">
              <input
                type="checkbox"
                checked={plan.unmatched === 'skip'}
                onChange={(e) =>
                  choose({
                    ...target,
                    unmatched: (e.currentTarget as HTMLInputElement).checked ? 'skip' : 'add',
                  })
                }
              />
              {t('unmatchedSkip')}
            </label>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** What an update changes: counts, and each indicator with its new and changed figures. */
function UpdateTable(props: { update: UpdatePlan; t: Translate }) {
  const { update: u, t } = props;
  const c = u.counts;
  const shown = u.indicators.filter((i) => i.change !== 'unchanged').slice(0, 100);
  const fmt = (v: { value: number | null; raw: string | null } | null) =>
    v == null ? '—' : (v.raw ?? (v.value != null ? String(v.value) : '—'));
  return (
    <div class="stack">
      <p>
        {t('updateSummary', {
          ni: c.indicators.new,
          ci: c.indicators.changed,
          ui: c.indicators.unchanged,
          nf: c.figures.new,
          cf: c.figures.changed,
          uf: c.figures.unchanged,
        })}
      </p>
      {u.untouched.length > 0 ? <p class="muted">{t('updateUntouched', { n: u.untouched.length })}</p> : null}
      {shown.length > 0 ? (
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">{t('colIndicator')}</th>
              <th scope="col">{t('colChange')}</th>
              <th scope="col">{t('colFigureChanges')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i.ref}>
                <th scope="row">{i.name}</th>
                <td>{t(CHANGE[i.change]!)}</td>
                <td>
                  {i.figures
                    .filter((f) => f.change !== 'unchanged')
                    .map((f) => (
                      <span key={`${f.kind}-${f.fiscalYear}`} class="nowrap">
                        {t(KIND[f.kind]!)}
                        {f.fiscalYear != null ? ` ${f.fiscalYear}` : ''}:{' '}
                        {f.before ? `${fmt(f.before)} → ` : ''}
                        {fmt(f.after)} ({t(CHANGE[f.change]!)}){' '}
                      </span>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
