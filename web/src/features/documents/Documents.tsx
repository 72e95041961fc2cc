import { useMemo, useState } from 'preact/hooks';
import { type ApiResult, api, query } from '../../api/client.ts';
import type { EntryWarning, Strategy, Tree } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel } from '../../lib/format.ts';
import { enterableDepartments } from '../../lib/permissions.ts';
import { departmentsOf, flattenTree } from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';
import { YearSelect, yearsOf } from '../dashboard/Dashboard.tsx';

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

interface EntryChange {
  indicatorId: string;
  name: string;
  kind: 'change' | 'new' | 'conflict' | 'unchanged';
  before: string | null;
  after: string;
  cell: string;
  current: { raw: string } | null;
  warnings: EntryWarning[];
}

interface CommentaryTexts {
  progress: string;
  issues: string;
  nextSteps: string;
}

/** A commentary line of the upload's diff (①②③ edited in the workbook). */
interface EntryCommentaryChange {
  indicatorId: string;
  name: string;
  kind: 'change' | 'new' | 'conflict';
  before: CommentaryTexts | null;
  after: CommentaryTexts;
  current: CommentaryTexts | null;
  cell: string;
}

interface EntryPreview {
  department: string;
  fiscalYear: number;
  changes: EntryChange[];
  commentary?: EntryCommentaryChange[];
}

/** ①②③ in one cell of the diff, each on its own line; empty parts left out. */
function CommentaryCell({ texts, t }: { texts: CommentaryTexts | null; t: (k: MessageKey) => string }) {
  if (!texts) return <>—</>;
  const parts = (
    [
      ['progress', texts.progress],
      ['issues', texts.issues],
      ['nextSteps', texts.nextSteps],
    ] as const
  ).filter(([, v]) => v.trim() !== '');
  if (parts.length === 0) return <>—</>;
  return (
    <>
      {parts.map(([k, v]) => (
        <div key={k}>
          <span class="muted">{t(k)}</span> {v}
        </div>
      ))}
    </>
  );
}

/** The department's Excel round trip: download the entry workbook, upload it, see the diff, confirm. */
function EntryWorkbook({
  strategyId,
  departments,
  fiscalYear,
}: {
  strategyId: string;
  departments: string[];
  fiscalYear: number;
}) {
  const { t, lang } = useApp();
  const [department, setDepartment] = useState(departments[0] ?? '');
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [file, setFile] = useState<ArrayBuffer | null>(null);
  const [preview, setPreview] = useState<EntryPreview | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [message, setMessage] = useState('');
  const params = { department, fiscalYear };
  const upload = async (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('workbook') as HTMLInputElement;
    const f = input.files?.[0];
    if (!f) return;
    const bytes = await f.arrayBuffer();
    setError(null);
    setMessage('');
    const r = await api<EntryPreview>(
      'POST',
      query(`/api/strategies/${strategyId}/entry-workbook/preview`, params),
      bytes,
    );
    if (!r.ok) return setError(r);
    setFile(bytes);
    setPreview(r.value);
    setConfirmed(new Set());
    setChosen(
      new Set(
        [...r.value.changes, ...(r.value.commentary ?? [])]
          .filter((c) => c.kind === 'change' || c.kind === 'new')
          .map((c) => c.indicatorId),
      ),
    );
  };
  const apply = async () => {
    if (!file || !preview) return;
    const r = await api<{ applied: unknown[]; commentary?: unknown[] }>(
      'POST',
      query(`/api/strategies/${strategyId}/entry-workbook/apply`, {
        ...params,
        confirm: [...chosen].join(','),
        confirmWarnings: [...confirmed].join(','),
      }),
      file,
    );
    if (!r.ok) return setError(r);
    setPreview(null);
    setFile(null);
    setMessage(
      t('appliedWithCommentary', {
        n: r.value.applied.length,
        c: r.value.commentary?.length ?? 0,
      }),
    );
  };
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  const shown = preview?.changes.filter((c) => c.kind !== 'unchanged') ?? [];
  const comments = preview?.commentary ?? [];
  // A chosen line with warnings waits for its own confirmation (the server asks the same).
  const waiting = shown.filter(
    (c) => chosen.has(c.indicatorId) && c.warnings?.length && !confirmed.has(c.indicatorId),
  ).length;
  return (
    <section class="card stack" aria-labelledby="wb-h">
      <h2 id="wb-h">{t('entryWorkbook')}</h2>
      <p class="muted">{t('entryWorkbookHelp')}</p>
      <div class="filters">
        <label>
          {t('department')}
          <select
            value={department}
            onChange={(e) => {
              setDepartment((e.currentTarget as HTMLSelectElement).value);
              setPreview(null);
            }}
          >
            {departments.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <a
          class="button"
          href={query(`/api/strategies/${strategyId}/entry-workbook`, params)}
          download
          data-kind="entry-workbook"
        >
          {t('downloadWorkbook')}（{department}・{fiscalYearLabel(fiscalYear)}）
        </a>
      </div>
      <form class="filters" onSubmit={upload}>
        <label>
          {t('uploadWorkbook')}
          <input type="file" name="workbook" accept=".xlsx" required />
        </label>
        <button type="submit">{t('showDiff')}</button>
      </form>
      <ErrorMessage result={error} />
      <p role="status" class="muted">
        {message}
      </p>
      {preview ? (
        <div class="stack">
          {shown.length === 0 && comments.length === 0 ? <p>{t('noDiff')}</p> : null}
          {shown.length === 0 ? null : (
            <div class="scroll">
              <table class="compact">
                <caption>{t('diff')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('apply')}</th>
                    <th scope="col">{t('indicator')}</th>
                    <th scope="col">{t('kind')}</th>
                    <th scope="col">{t('before')}</th>
                    <th scope="col">{t('after')}</th>
                    <th scope="col">{t('warnings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => (
                    <tr key={c.indicatorId} data-kind={c.kind}>
                      <td>
                        <input
                          type="checkbox"
                          checked={chosen.has(c.indicatorId)}
                          onChange={() => toggle(c.indicatorId)}
                          aria-label={`${c.name} ${t('apply')}`}
                        />
                      </td>
                      <th scope="row">
                        {c.name} <span class="muted">{c.cell}</span>
                      </th>
                      <td>
                        {t(
                          c.kind === 'conflict'
                            ? 'diffConflict'
                            : c.kind === 'new'
                              ? 'diffNew'
                              : 'diffChange',
                        )}
                      </td>
                      <td>{c.kind === 'conflict' ? (c.current?.raw ?? '—') : (c.before ?? '—')}</td>
                      <td>{c.after}</td>
                      <td>
                        {(c.warnings ?? []).map((w) => (
                          <span key={w.code} class="warn" data-code={w.code}>
                            ⚠ {lang === 'en' ? w.messageEn : w.message}
                          </span>
                        ))}
                        {c.warnings?.length ? (
                          <label class="confirm">
                            <input
                              type="checkbox"
                              checked={confirmed.has(c.indicatorId)}
                              onChange={(e) => {
                                const next = new Set(confirmed);
                                if ((e.currentTarget as HTMLInputElement).checked) next.add(c.indicatorId);
                                else next.delete(c.indicatorId);
                                setConfirmed(next);
                              }}
                            />{' '}
                            {t('confirmWarningOf', { name: c.name })}
                          </label>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {comments.length ? (
            <div class="scroll">
              <table class="compact" data-diff="commentary">
                <caption>{t('commentaryDiff')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('apply')}</th>
                    <th scope="col">{t('indicator')}</th>
                    <th scope="col">{t('kind')}</th>
                    <th scope="col">{t('before')}</th>
                    <th scope="col">{t('after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {comments.map((c) => (
                    <tr key={c.indicatorId} data-kind={c.kind}>
                      <td>
                        <input
                          type="checkbox"
                          checked={chosen.has(c.indicatorId)}
                          onChange={() => toggle(c.indicatorId)}
                          aria-label={`${c.name} ${t('commentaryCol')} ${t('apply')}`}
                        />
                      </td>
                      <th scope="row">
                        {c.name} <span class="muted">{c.cell}</span>
                      </th>
                      <td>
                        {t(
                          c.kind === 'conflict'
                            ? 'diffConflict'
                            : c.kind === 'new'
                              ? 'diffNew'
                              : 'diffChange',
                        )}
                      </td>
                      <td>
                        <CommentaryCell texts={c.kind === 'conflict' ? c.current : c.before} t={t} />
                      </td>
                      <td>
                        <CommentaryCell texts={c.after} t={t} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="muted">{t('commentaryDiffHelp')}</p>
            </div>
          ) : null}
          <div class="row">
            <button type="button" class="primary" onClick={apply} disabled={chosen.size === 0 || waiting > 0}>
              {t('applyChosen').replace('{n}', String(chosen.size))}
            </button>
            {waiting ? <p class="muted">{t('needsConfirmN', { n: waiting })}</p> : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** 資料・出力: committee documents and open data in one click, and the departments' entry workbook. */
export function DocumentsPage({ strategyId }: { strategyId: string }) {
  const { t, me } = useApp();
  const strategy = useApi<Strategy>(`/api/strategies/${strategyId}`);
  const tree = useApi<Tree>(`/api/strategies/${strategyId}/tree`);
  const [year, setYear] = useState<number | null>(null);
  const [edition, setEdition] = useState(() => new Date().toISOString().slice(0, 10));
  const [title, setTitle] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [computedGrade, setComputedGrade] = useState('column');
  const [projects, setProjects] = useState('');
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
        <fieldset class="row">
          <legend>{t('docOptions')}</legend>
          <label>
            {t('docEditionDate')}
            <input
              type="date"
              value={edition}
              onInput={(e) => setEdition((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('docTitle')}
            <input value={title} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <label>
            {t('docMunicipality')}
            <input
              value={municipality}
              onInput={(e) => setMunicipality((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('docComputedGrade')}
            <select
              value={computedGrade}
              onChange={(e) => setComputedGrade((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="column">{t('docComputedColumn')}</option>
              <option value="mark">{t('docComputedMark')}</option>
              <option value="none">{t('docComputedNone')}</option>
            </select>
          </label>
          <label>
            {t('docProjects')}
            <input
              value={projects}
              onInput={(e) => setProjects((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        </fieldset>
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
                            href={query(`/api/strategies/${strategyId}/reports/${d.kind}`, {
                              format: f,
                              fiscalYear,
                              ...(/^\d{4}-\d{2}-\d{2}$/.test(edition) ? { date: edition } : {}),
                              ...(title.trim() ? { title: title.trim() } : {}),
                              ...(municipality.trim() ? { municipality: municipality.trim() } : {}),
                              ...(d.kind !== 'open-data' ? { computedGrade } : {}),
                              ...(d.kind === 'project-sheets' && projects.trim()
                                ? {
                                    projects: projects
                                      .split(/[,、\s]+/)
                                      .filter(Boolean)
                                      .join(','),
                                  }
                                : {}),
                            })}
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
