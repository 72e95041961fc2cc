import { useMemo, useState } from 'preact/hooks';
import { query } from '../../api/client.ts';
import type { Strategy, Tree } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel } from '../../lib/format.ts';
import { enterableDepartments } from '../../lib/permissions.ts';
import { departmentsOf, flattenTree } from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';
import { YearSelect, yearsOf } from '../dashboard/Dashboard.tsx';
import { EntryWorkbook } from './EntryWorkbook.tsx';

/** The committee documents and their formats (GET /api/strategies/:id/reports/:kind). */
const DOCUMENTS: { kind: string; label: MessageKey; formats: string[] }[] = [
  { kind: 'kpi-list', label: 'docKpiList', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'project-sheets', label: 'docProjectSheets', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'project-matrix', label: 'docProjectMatrix', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'period-review', label: 'docPeriodReview', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'status-summary', label: 'docStatusSummary', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'project-list', label: 'docProjectList', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'kpi-hierarchy', label: 'docKpiHierarchy', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'committee-opinions', label: 'opinionsDocument', formats: ['html', 'xlsx', 'csv'] },
  { kind: 'open-data', label: 'docOpenData', formats: ['csv', 'json'] },
];

const FORMAT_LABEL: Record<string, string> = { html: 'HTML', xlsx: 'Excel', csv: 'CSV', json: 'JSON' };

/** The documents' options as typed: edition date, title, municipality, computed grade, projects. */
interface DocOptions {
  edition: string;
  title: string;
  municipality: string;
  computedGrade: string;
  projects: string;
}

/** The query of a document's download in one format, with the options that apply to it. */
function downloadQuery(kind: string, format: string, fiscalYear: number, o: DocOptions) {
  return {
    format,
    fiscalYear,
    ...(/^\d{4}-\d{2}-\d{2}$/.test(o.edition) ? { date: o.edition } : {}),
    ...(o.title.trim() ? { title: o.title.trim() } : {}),
    ...(o.municipality.trim() ? { municipality: o.municipality.trim() } : {}),
    ...(kind !== 'open-data' ? { computedGrade: o.computedGrade } : {}),
    ...(kind === 'project-sheets' && o.projects.trim()
      ? {
          projects: o.projects
            .split(/[,、\s]+/)
            .filter(Boolean)
            .join(','),
        }
      : {}),
  };
}

/** The options of the documents (given to every download that takes them). */
function OptionsFields({
  options: o,
  set,
}: {
  options: DocOptions;
  set: (patch: Partial<DocOptions>) => void;
}) {
  const { t } = useApp();
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <fieldset class="row">
      <legend>{t('docOptions')}</legend>
      <label>
        {t('docEditionDate')}
        <input type="date" value={o.edition} onInput={(e) => set({ edition: value(e) })} />
      </label>
      <label>
        {t('docTitle')}
        <input value={o.title} onInput={(e) => set({ title: value(e) })} />
      </label>
      <label>
        {t('docMunicipality')}
        <input value={o.municipality} onInput={(e) => set({ municipality: value(e) })} />
      </label>
      <label>
        {t('docComputedGrade')}
        <select value={o.computedGrade} onChange={(e) => set({ computedGrade: value(e) })}>
          <option value="column">{t('docComputedColumn')}</option>
          <option value="mark">{t('docComputedMark')}</option>
          <option value="none">{t('docComputedNone')}</option>
        </select>
      </label>
      <label>
        {t('docProjects')}
        <input value={o.projects} onInput={(e) => set({ projects: value(e) })} />
      </label>
    </fieldset>
  );
}

/** One row per document: the print view, and a download per format. */
function DocumentsTable({
  strategyId,
  fiscalYear,
  options,
}: {
  strategyId: string;
  fiscalYear: number;
  options: DocOptions;
}) {
  const { t } = useApp();
  return (
    <div class="scroll">
      <table class="compact docs">
        <caption class="muted">{fiscalYearLabel(fiscalYear)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('document')}</th>
            <th scope="col">{t('download')}</th>
          </tr>
        </thead>
        <tbody>
          {DOCUMENTS.map((d) => (
            <tr key={d.kind}>
              <th scope="row">{t(d.label)}</th>
              <td>
                <ul class="links">
                  {d.formats.includes('html') ? (
                    <li>
                      <a
                        href={query(`/api/strategies/${strategyId}/reports/${d.kind}`, {
                          format: 'html',
                          fiscalYear,
                          disposition: 'inline',
                        })}
                        target="_blank"
                        rel="noopener"
                        data-print={d.kind}
                        aria-label={`${t(d.label)} ${t('openPrint')}`}
                      >
                        {t('openPrint')}
                      </a>
                    </li>
                  ) : null}
                  {d.formats.map((f) => (
                    <li key={f}>
                      <a
                        href={query(
                          `/api/strategies/${strategyId}/reports/${d.kind}`,
                          downloadQuery(d.kind, f, fiscalYear, options),
                        )}
                        download
                        data-kind={d.kind}
                        data-format={f}
                        aria-label={`${t(d.label)} ${t('downloadAs', { format: FORMAT_LABEL[f] ?? f })}`}
                      >
                        {f === 'html' ? t('downloadAs', { format: 'HTML' }) : FORMAT_LABEL[f]}
                      </a>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 資料・出力: committee documents and open data in one click, and the departments' entry workbook. */
export function DocumentsPage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const strategy = useApi<Strategy>(`/api/strategies/${strategyId}`);
  const tree = useApi<Tree>(`/api/strategies/${strategyId}/tree`);
  const [year, setYear] = useState<number | null>(null);
  const [options, setOptions] = useState<DocOptions>(() => ({
    edition: new Date().toISOString().slice(0, 10),
    title: '',
    municipality: '',
    computedGrade: 'column',
    projects: '',
  }));
  const departments = useMemo(
    () =>
      tree.data ? enterableDepartments(me, departmentsOf(flattenTree(tree.data)), tree.data.departments) : [],
    [tree.data, me],
  );
  if (strategy.error || tree.error) return <ErrorMessage result={strategy.error ?? tree.error} />;
  if (!strategy.data || !tree.data) return <Loading />;
  // The strategy's as-of year (never null: the year before its first while it has no figures).
  const fiscalYear = year ?? strategy.data.timeline.asOf;
  return (
    <div class="stack" data-ready="documents">
      <div class="page-head">
        <h1>{t('documents')}</h1>
        <YearSelect years={yearsOf(strategy.data, fiscalYear)} value={fiscalYear} onChange={setYear} />
      </div>
      <section class="card" aria-labelledby="docs-h">
        <h2 id="docs-h">{t('committeeDocuments')}</h2>
        <OptionsFields options={options} set={(patch) => setOptions({ ...options, ...patch })} />
        <DocumentsTable strategyId={strategyId} fiscalYear={fiscalYear} options={options} />
      </section>
      {departments.length ? (
        <EntryWorkbook
          strategyId={strategyId}
          departments={departments}
          fiscalYear={fiscalYear}
          key={fiscalYear}
        />
      ) : null}
    </div>
  );
}
