import type { FigureVersion } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel, formatAmount } from '../../lib/format.ts';
import { useApi } from '../../lib/use-api.ts';

/** Observation states in the user's language (never the stored word such as `pending`). */
const STATES: Record<string, MessageKey> = {
  final: 'final',
  preliminary: 'preliminary',
  pending: 'kindPending',
  missing: 'stateMissing',
  not_applicable: 'stateNotApplicable',
};

const KINDS: Record<string, MessageKey> = {
  baseline: 'baseline',
  target: 'target',
  actual: 'actual',
  milestone: 'target',
};

const SOURCES: Record<string, MessageKey> = {
  entry: 'source_entry',
  workbook: 'source_workbook',
  import: 'source_import',
  revision: 'source_revision',
  'late-entry': 'source_late-entry',
  correction: 'source_correction',
  transition: 'source_transition',
  backfill: 'source_backfill',
};

/** One figure's versions, oldest first, as table rows; the first row names the figure. */
function VersionRows({
  versions,
  unit,
  revision,
}: {
  versions: FigureVersion[];
  unit: string | null;
  revision: boolean;
}) {
  const { t, lang } = useApp();
  const first = versions[0]!;
  const figure = `${first.fiscalYear ? fiscalYearLabel(first.fiscalYear) : t('noYear')} ${t(KINDS[first.kind] ?? 'actual')}`;
  const when = (at: string) => new Date(at).toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP');
  return (
    <>
      {versions.map((v, k) => (
        <tr key={v.id} data-figure={`${first.kind}-${first.fiscalYear ?? ''}`} data-version={v.version}>
          {k === 0 ? (
            <th scope="rowgroup" rowSpan={versions.length}>
              {figure}
            </th>
          ) : null}
          <td>{v.version}</td>
          <td>{formatAmount(v.value, v.unit ?? unit)}</td>
          <td>{v.raw ? <q>{v.raw}</q> : '—'}</td>
          {revision ? (
            <td>{v.effectiveYear ? fiscalYearLabel(v.effectiveYear) : '—'}</td>
          ) : (
            <td>{v.state ? t(STATES[v.state] ?? 'final') : '—'}</td>
          )}
          <td>{v.actor.name || '—'}</td>
          <td>
            <time dateTime={v.at}>{when(v.at)}</time>
          </td>
          <td>{v.reason ?? '—'}</td>
          <td>{t(SOURCES[v.source] ?? 'source_entry')}</td>
        </tr>
      ))}
    </>
  );
}

function VersionTable({
  id,
  title,
  help,
  groups,
  unit,
  revision,
}: {
  id: string;
  title: string;
  help: string;
  groups: FigureVersion[][];
  unit: string | null;
  revision: boolean;
}) {
  const { t } = useApp();
  return (
    <section class="card" aria-labelledby={`${id}-h`} data-testid={id}>
      <h2 id={`${id}-h`}>{title}</h2>
      <p class="muted">{help}</p>
      {groups.length === 0 ? (
        <p class="muted">{t('noFigureVersions')}</p>
      ) : (
        <div class="scroll">
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">{t('colFigure')}</th>
                <th scope="col">{t('colVersion')}</th>
                <th scope="col">{t('parsed')}</th>
                <th scope="col">{t('original')}</th>
                <th scope="col">{revision ? t('colEffective') : t('colState')}</th>
                <th scope="col">{t('colWho')}</th>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colWhy')}</th>
                <th scope="col">{t('colSource')}</th>
              </tr>
            </thead>
            {groups.map((g) => (
              <tbody key={g[0]!.observationId}>
                <VersionRows versions={g} unit={unit} revision={revision} />
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * The history of an indicator's figures: every version of each year's actual (値・原文・状態・
 * 変更者・日時・理由), and the revisions of its target and baseline with their effective years.
 */
export function FigureHistory({ indicatorId, unit }: { indicatorId: string; unit: string | null }) {
  const { t } = useApp();
  const history = useApi<{ indicatorId: string; versions: FigureVersion[] }>(
    `/api/indicators/${indicatorId}/figure-versions`,
  );
  if (history.error) return <ErrorMessage result={history.error} />;
  if (!history.data) return <Loading />;
  const byFigure = new Map<string, FigureVersion[]>();
  for (const v of history.data.versions)
    byFigure.set(v.observationId, [...(byFigure.get(v.observationId) ?? []), v]);
  const groups = [...byFigure.values()].map((g) => [...g].sort((a, b) => a.version - b.version));
  const year = (g: FigureVersion[]) => g[0]!.fiscalYear ?? 0;
  const actuals = groups.filter((g) => g[0]!.kind === 'actual').sort((a, b) => year(b) - year(a));
  const revisions = groups
    .filter((g) => g[0]!.kind !== 'actual')
    .sort((a, b) => a[0]!.kind.localeCompare(b[0]!.kind) || year(a) - year(b));
  return (
    <>
      <VersionTable
        id="figure-history"
        title={t('figureHistory')}
        help={t('figureHistoryHelp')}
        groups={actuals}
        unit={unit}
        revision={false}
      />
      <VersionTable
        id="revision-history"
        title={t('revisionHistory')}
        help={t('revisionHistoryHelp')}
        groups={revisions}
        unit={unit}
        revision={true}
      />
    </>
  );
}
