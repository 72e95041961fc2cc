import { useEffect, useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { SchemeDefinition, SchemeItem, SchemePreview, Strategy } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { StatusBars } from '../../components/StatusBars.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { grantOf } from '../../lib/permissions.ts';
import { useApi } from '../../lib/use-api.ts';
import { StrategySettingsSection } from '../strategies/Strategies.tsx';
import { DepartmentsSection } from './Departments.tsx';
import { LearnedSchemeSection } from './LearnedScheme.tsx';
import { PlanningDivisionSection } from './PlanningDivision.tsx';
import { TagSetsSection } from './TagSets.tsx';

/** Numeric thresholds in a condition, by path, so the form can edit them in place. */
function thresholds(
  when: unknown,
  path: string[] = [],
): { path: string[]; metric: string; op: string; value: number }[] {
  if (!when || typeof when !== 'object') return [];
  const w = when as Record<string, unknown>;
  if (typeof w.metric === 'string' && typeof w.value === 'number')
    return [{ path, metric: w.metric, op: String(w.op), value: w.value }];
  const out: { path: string[]; metric: string; op: string; value: number }[] = [];
  for (const k of ['all', 'any'])
    if (Array.isArray(w[k]))
      (w[k] as unknown[]).forEach((c, i) => {
        out.push(...thresholds(c, [...path, k, String(i)]));
      });
  if (w.not) out.push(...thresholds(w.not, [...path, 'not']));
  return out;
}

function setAt(when: unknown, path: string[], value: number): unknown {
  if (path.length === 0) return { ...(when as object), value };
  const [head, ...rest] = path;
  if (Array.isArray(when)) return when.map((c, i) => (String(i) === head ? setAt(c, rest, value) : c));
  const w = when as Record<string, unknown>;
  return { ...w, [head!]: setAt(w[head!], rest, value) };
}

const METRICS: Record<string, MessageKey> = {
  pace: 'metricPace',
  achievement: 'metricAchievement',
  ratio: 'metricRatio',
  forecastAchievement: 'metricForecastAchievement',
  cagrRatio: 'metricCagrRatio',
  elapsedShare: 'metricElapsedShare',
  forecast: 'forecast',
};

/** Metrics that are ratios (shown and typed as percent: 0.8 is 80%); `forecast` is a value. */
const RATIO_METRICS = new Set([
  'pace',
  'achievement',
  'ratio',
  'forecastAchievement',
  'cagrRatio',
  'elapsedShare',
]);

/** 0.8 → 80 (no float noise such as 80.00000000000001). */
const toPercent = (v: number) => Math.round(v * 1e6) / 1e4;

type Translate = ReturnType<typeof useApp>['t'];

/** A condition in words (never its JSON): 「実績がない」, 「目標を達成 かつ …」. */
export function describeCondition(when: unknown, t: Translate): string {
  if (!when || typeof when !== 'object') return '';
  const w = when as Record<string, unknown>;
  const metric = (m: unknown) => (METRICS[String(m)] ? t(METRICS[String(m)]!) : String(m));
  if (typeof w.metric === 'string') {
    const rhs =
      typeof w.value === 'number'
        ? RATIO_METRICS.has(w.metric)
          ? `${toPercent(w.value)}%`
          : String(w.value)
        : metric(w.ref);
    return `${metric(w.metric)} ${String(w.op)} ${rhs}`;
  }
  if (Array.isArray(w.all)) return w.all.map((c) => describeCondition(c, t)).join(` ${t('condAnd')} `);
  if (Array.isArray(w.any)) return w.any.map((c) => describeCondition(c, t)).join(` ${t('condOr')} `);
  if (w.not) return t('condNot', { c: describeCondition(w.not, t) });
  const flag = (key: string, word: MessageKey) =>
    w[key] === true ? t(word) : w[key] === false ? t('condNot', { c: t(word) }) : null;
  return (
    flag('noData', 'condNoData') ??
    flag('achieved', 'condAchieved') ??
    flag('willReach', 'condWillReach') ??
    flag('preliminary', 'condPreliminary') ??
    (typeof w.direction === 'string'
      ? t('condDirection', { d: w.direction })
      : w.always === true
        ? t('condAlways')
        : '')
  );
}

/** The scheme's rules: each label editable, each numeric threshold in place (ratios in percent). */
function RulesTable({
  draft,
  setDraft,
}: {
  draft: SchemeDefinition;
  setDraft: (d: SchemeDefinition) => void;
}) {
  const { t } = useApp();
  return (
    <table class="compact">
      <caption>{t('thresholds')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('colKey')}</th>
          <th scope="col">{t('colLabel')}</th>
          <th scope="col">{t('colCondition')}</th>
        </tr>
      </thead>
      <tbody>
        {draft.rules.map((rule, ri) => (
          <tr key={rule.key}>
            <th scope="row">
              <StatusBadge status={rule} />
            </th>
            <td>
              <input
                value={rule.label}
                aria-label={t('labelOf', { key: rule.key })}
                onInput={(e) => {
                  const rules = draft.rules.slice();
                  rules[ri] = { ...rule, label: (e.currentTarget as HTMLInputElement).value };
                  setDraft({ ...draft, rules });
                }}
              />
            </td>
            <td>
              {thresholds(rule.when).map((th) => {
                const percent = RATIO_METRICS.has(th.metric);
                return (
                  <label key={th.path.join('.')} class="inline">
                    {METRICS[th.metric] ? t(METRICS[th.metric]!) : th.metric} {th.op}{' '}
                    <input
                      type="number"
                      step="any"
                      class="num"
                      value={String(percent ? toPercent(th.value) : th.value)}
                      onInput={(e) => {
                        const typed = (e.currentTarget as HTMLInputElement).value;
                        const v = Number(typed);
                        if (typed.trim() === '' || !Number.isFinite(v)) return;
                        const rules = draft.rules.slice();
                        rules[ri] = {
                          ...rule,
                          when: setAt(rule.when, th.path, percent ? v / 100 : v) as typeof rule.when,
                        };
                        setDraft({ ...draft, rules });
                      }}
                    />
                    {percent ? '%' : ''}
                  </label>
                );
              })}
              {thresholds(rule.when).length === 0 ? (
                <span class="muted">{describeCondition(rule.when, t)}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The effect of the edited scheme before saving: both distributions and the changed indicators. */
function SchemePreviewPanel({ preview }: { preview: SchemePreview }) {
  const { t } = useApp();
  return (
    <div class="grid-2" aria-live="polite">
      <StatusBars
        counts={preview.current.overall.counts}
        total={preview.current.overall.total}
        caption={t('currentScheme', { name: preview.current.scheme.name })}
      />
      <StatusBars
        counts={preview.proposed.overall.counts}
        total={preview.proposed.overall.total}
        caption={t('proposedScheme', { name: preview.proposed.scheme.name })}
      />
      <p>{t('changedN', { n: preview.changes.length })}</p>
      <ul class="plain">
        {preview.changes.slice(0, 10).map((c) => (
          <li key={c.id}>
            {c.name}：{c.before?.label ?? '—'} → {c.after.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Stores the chosen scheme for the strategy: an edited stored scheme is updated in place, an
 * edited preset saved as the municipality's own copy; answers the scheme's id or the refusal.
 */
async function saveScheme(
  strategy: Strategy,
  base: SchemeItem,
  draft: SchemeDefinition,
  t: Translate,
): Promise<{ ok: true; schemeId: string } | { ok: false; error: ApiResult<unknown> }> {
  const edited = JSON.stringify(draft) !== JSON.stringify(base.definition);
  let schemeId = base.id;
  if (edited && base.kind === 'stored' && base.version !== null) {
    const r = await api('PUT', `/api/status-schemes/${base.id}`, {
      version: base.version,
      definition: draft,
    });
    if (!r.ok) return { ok: false, error: r };
  } else if (edited) {
    const definition = {
      ...draft,
      id: `${base.id}-${Date.now().toString(36)}`,
      name: t('customScheme', { name: draft.name }),
    };
    const r = await api<{ id: string }>('POST', '/api/status-schemes', {
      municipalityId: strategy.municipalityId,
      definition,
    });
    if (!r.ok) return { ok: false, error: r };
    schemeId = r.value.id;
  }
  const r = await api('PUT', `/api/strategies/${strategy.id}/status-scheme`, {
    schemeId,
    version: strategy.version,
  });
  return r.ok ? { ok: true, schemeId } : { ok: false, error: r };
}

/**
 * Settings: status scheme (preset, thresholds, labels, preview before saving), tag sets, departments,
 * the planning division's name.
 */
export function SettingsPage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const strategy = useApi<Strategy>(`/api/strategies/${strategyId}`);
  const schemes = useApi<{ items: SchemeItem[] }>('/api/status-schemes');
  const [chosen, setChosen] = useState<string>('');
  const [draft, setDraft] = useState<SchemeDefinition | null>(null);
  const [preview, setPreview] = useState<SchemePreview | null>(null);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [message, setMessage] = useState('');
  const items = schemes.data?.items ?? [];
  const active = strategy.data?.statusSchemeId ?? 'standard';
  useEffect(() => {
    if (!chosen && items.length) setChosen(active);
  }, [items.length, active]);
  const base = items.find((s) => s.id === chosen) ?? null;
  useEffect(() => {
    setDraft(base ? structuredClone(base.definition) : null);
    setPreview(null);
  }, [base?.id]);
  if (strategy.error || schemes.error) return <ErrorMessage result={strategy.error ?? schemes.error} />;
  if (!strategy.data || !schemes.data) return <Loading />;

  const runPreview = async () => {
    if (!draft) return;
    const r = await api<SchemePreview>('POST', `/api/strategies/${strategyId}/status-scheme/preview`, {
      definition: draft,
    });
    if (!r.ok) return setError(r);
    setError(null);
    setPreview(r.value);
  };

  const save = async () => {
    if (!draft || !base || !strategy.data) return;
    const saved = await saveScheme(strategy.data, base, draft, t);
    if (!saved.ok) return setError(saved.error);
    setError(null);
    setMessage(t('schemeSaved'));
    strategy.reload();
    schemes.reload();
    setChosen(saved.schemeId);
  };

  const canWrite = grantOf(me, 'settings.write') !== null;
  if (!canWrite)
    return (
      <div class="stack">
        <h1>{t('settings')}</h1>
        <p class="card">{t('noSettingsRight')}</p>
      </div>
    );
  return (
    <div class="stack">
      <h1>{t('settings')}</h1>
      <ErrorMessage result={error} />
      <p role="status" class="muted">
        {message}
      </p>
      <StrategySettingsSection
        strategy={strategy.data}
        onSaved={strategy.reload}
        key={strategy.data.version}
      />
      <section class="card stack" aria-labelledby="scheme-h">
        <h2 id="scheme-h">{t('schemes')}</h2>
        <label>
          {t('schemes')}
          {t('inUse', { name: items.find((s) => s.id === active)?.name ?? active ?? '' })}
          <select value={chosen} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
            {items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.kind === 'preset' ? t('presetMark') : ''}
              </option>
            ))}
          </select>
        </label>
        {draft?.description ? <p class="muted">{draft.description}</p> : null}
        {draft ? <RulesTable draft={draft} setDraft={setDraft} /> : null}
        <div class="row">
          <button type="button" onClick={runPreview}>
            {t('previewEffect')}
          </button>
          <button type="button" class="primary" onClick={save} disabled={!canWrite}>
            {t('useScheme')}
          </button>
        </div>
        {preview ? <SchemePreviewPanel preview={preview} /> : null}
      </section>
      <LearnedSchemeSection
        strategy={strategy.data}
        onAdopted={(id) => {
          strategy.reload();
          schemes.reload();
          setChosen(id);
        }}
      />
      <TagSetsSection strategyId={strategyId} municipalityId={strategy.data.municipalityId} />
      <DepartmentsSection municipalityId={strategy.data.municipalityId} />
      <PlanningDivisionSection municipalityId={strategy.data.municipalityId} />
    </div>
  );
}
