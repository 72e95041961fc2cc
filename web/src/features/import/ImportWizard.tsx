import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { grantOf } from '../../lib/permissions.ts';
import { navigate } from '../../lib/router.ts';

interface ImportIssue {
  code: string;
  message: string;
  messageEn?: string;
  severity?: string;
  place?: { file?: string; sheet?: string | null; row?: number; column?: number } | null;
}

interface Preview {
  id: string;
  version: number;
  fileName: string;
  report?: {
    counts: Record<string, number>;
    coverage: { mappedCells: number; nonEmptyCells: number; ratio: number };
    tables: {
      sheet: string | null;
      firstRow: number;
      lastRow: number;
      kind: string;
      columns: { column: number; header: string; field: string }[];
      values?: { column: number; raw: string; as: string }[];
    }[];
    warnings: ImportIssue[];
  };
  issues: ImportIssue[];
}

const FIELDS: Record<string, MessageKey> = {
  goal: 'fieldGoal',
  measure: 'fieldMeasure',
  project: 'fieldProject',
  kpiName: 'fieldKpiName',
  unit: 'fieldUnit',
  baseline: 'fieldBaseline',
  target: 'fieldTarget',
  actual: 'fieldActual',
  department: 'fieldDepartment',
};

const COUNTS: Record<string, MessageKey> = {
  goals: 'countGoals',
  measures: 'countMeasures',
  projects: 'countProjects',
  indicators: 'countIndicators',
  figures: 'countFigures',
};

type Translate = ReturnType<typeof useApp>['t'];

function placeOf(p: ImportIssue['place'], t: Translate): string {
  if (!p) return '';
  return [
    p.sheet ? t('placeSheet', { s: p.sheet }) : '',
    p.row ? t('placeRow', { n: p.row }) : '',
    p.column ? t('placeColumn', { n: p.column }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Upload → recognized structure, mapping, warnings, coverage → commit → the imported strategy. */
export function ImportPage() {
  const { t, me, lang } = useApp();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (event: Event) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setError(null);
    const isJson = file.name.toLowerCase().endsWith('.json');
    const r = isJson
      ? await api<Preview>('POST', '/api/imports', JSON.parse(await file.text()))
      : await api<Preview>(
          'POST',
          `/api/imports?fileName=${encodeURIComponent(file.name)}`,
          await file.arrayBuffer(),
        );
    setBusy(false);
    if (!r.ok) return setError(r);
    setPreview(r.value);
  };
  const commit = async () => {
    if (!preview) return;
    setBusy(true);
    const r = await api<{ strategyId: string }>('POST', `/api/imports/${preview.id}/commit`, {
      version: preview.version,
    });
    setBusy(false);
    if (!r.ok) return setError(r);
    navigate(`/strategies/${r.value.strategyId}`);
  };
  const report = preview?.report;
  const warnings = [...(report?.warnings ?? []), ...(preview?.issues ?? [])];
  if (grantOf(me, 'imports.write') === null)
    return (
      <div class="stack">
        <h1>{t('import')}</h1>
        <p class="card">{t('noImportRight')}</p>
      </div>
    );
  return (
    <div class="stack">
      <h1>{t('import')}</h1>
      <ol class="steps" aria-label={t('steps')}>
        <li aria-current={!preview ? 'step' : undefined}>1. {t('upload')}</li>
        <li aria-current={preview ? 'step' : undefined}>2. {t('preview')}</li>
        <li>3. {t('commit')}</li>
      </ol>
      <form class="card stack" onSubmit={upload}>
        <label>
          {t('upload')}
          {t('uploadFormats')}
          <input type="file" name="file" accept=".xlsx,.csv,.tsv,.txt,.json" required />
        </label>
        <button type="submit" disabled={busy}>
          {t('preview')}
        </button>
      </form>
      <ErrorMessage result={error} />
      {preview && report ? (
        <section class="card stack" aria-labelledby="pv-h">
          <h2 id="pv-h">
            {t('structure')}：{preview.fileName}
          </h2>
          <p>
            {Object.entries(report.counts)
              .map(([k, n]) => t('countOf', { label: COUNTS[k] ? t(COUNTS[k]!) : k, n }))
              .join('・')}
          </p>
          <p>
            {t('coverage')}：{Math.round(report.coverage.ratio * 1000) / 10}%
            {t('cellsOf', { a: report.coverage.mappedCells, b: report.coverage.nonEmptyCells })}
            <meter min={0} max={1} value={report.coverage.ratio} aria-label={t('coverage')} />
          </p>
          {report.tables.map((tb, i) => (
            <table class="compact" key={`${tb.sheet}-${tb.firstRow}-${i}`}>
              <caption>
                {t('tableCaption', {
                  i: i + 1,
                  sheet: tb.sheet ? `${tb.sheet} ` : '',
                  from: tb.firstRow,
                  to: tb.lastRow,
                  kind: tb.kind,
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('colColumn')}</th>
                  <th scope="col">{t('colHeader')}</th>
                  <th scope="col">{t('colMapping')}</th>
                </tr>
              </thead>
              <tbody>
                {tb.columns.map((c) => (
                  <tr key={c.column}>
                    <th scope="row">{c.column}</th>
                    <td>{c.header}</td>
                    <td>{FIELDS[c.field] ? t(FIELDS[c.field]!) : c.field}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <h3>
            {t('warnings')}
            {t('countParen', { n: warnings.length })}
          </h3>
          <ul class="plain">
            {warnings.map((w, i) => (
              <li key={`${w.code}-${i}`}>
                ⚠ {placeOf(w.place, t)} {lang === 'en' ? (w.messageEn ?? w.message) : w.message}{' '}
                <span class="muted">({w.code})</span>
              </li>
            ))}
          </ul>
          <p class="muted">{t('mappingNote')}</p>
          <button type="button" class="primary" onClick={commit} disabled={busy}>
            {t('commit')}
          </button>
        </section>
      ) : null}
    </div>
  );
}
