import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { grantOf } from '../../lib/permissions.ts';
import { navigate } from '../../lib/router.ts';

interface ImportIssue {
  code: string;
  message: string;
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

const FIELDS: Record<string, string> = {
  goal: '基本目標',
  measure: '施策',
  project: '事業',
  kpiName: '指標名',
  unit: '単位',
  baseline: '基準値',
  target: '目標値',
  actual: '実績値',
  department: '担当課',
};

const COUNTS: Record<string, string> = {
  goals: '基本目標',
  measures: '施策',
  projects: '事業',
  indicators: '指標',
  figures: '数値',
};

function placeOf(p: ImportIssue['place']): string {
  if (!p) return '';
  return [p.sheet ? `シート ${p.sheet}` : '', p.row ? `${p.row}行` : '', p.column ? `${p.column}列` : '']
    .filter(Boolean)
    .join(' ');
}

/** Upload → recognized structure, mapping, warnings, coverage → commit → the imported strategy. */
export function ImportPage() {
  const { t, me } = useApp();
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
      <ol class="steps" aria-label="手順">
        <li aria-current={!preview ? 'step' : undefined}>1. {t('upload')}</li>
        <li aria-current={preview ? 'step' : undefined}>2. {t('preview')}</li>
        <li>3. {t('commit')}</li>
      </ol>
      <form class="card stack" onSubmit={upload}>
        <label>
          {t('upload')}（.xlsx / .csv / .tsv / .txt / 交換形式 .json）
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
              .map(([k, n]) => `${COUNTS[k] ?? k} ${n}件`)
              .join('・')}
          </p>
          <p>
            {t('coverage')}：{Math.round(report.coverage.ratio * 1000) / 10}%（{report.coverage.mappedCells} /{' '}
            {report.coverage.nonEmptyCells} セル）
            <meter min={0} max={1} value={report.coverage.ratio} aria-label={t('coverage')} />
          </p>
          {report.tables.map((tb, i) => (
            <table class="compact" key={`${tb.sheet}-${tb.firstRow}-${i}`}>
              <caption>
                表 {i + 1}（{tb.sheet ? `${tb.sheet} ` : ''}
                {tb.firstRow}〜{tb.lastRow}行、{tb.kind}）
              </caption>
              <thead>
                <tr>
                  <th scope="col">列</th>
                  <th scope="col">見出し</th>
                  <th scope="col">対応付け</th>
                </tr>
              </thead>
              <tbody>
                {tb.columns.map((c) => (
                  <tr key={c.column}>
                    <th scope="row">{c.column}</th>
                    <td>{c.header}</td>
                    <td>{FIELDS[c.field] ?? c.field}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <h3>
            {t('warnings')}（{warnings.length}件）
          </h3>
          <ul class="plain">
            {warnings.map((w, i) => (
              <li key={`${w.code}-${i}`}>
                ⚠ {placeOf(w.place)} {w.message} <span class="muted">({w.code})</span>
              </li>
            ))}
          </ul>
          <p class="muted">
            列の対応付けの手直しはまだ画面からできません。表の見出しを直して取り込み直してください。
          </p>
          <button type="button" class="primary" onClick={commit} disabled={busy}>
            {t('commit')}
          </button>
        </section>
      ) : null}
    </div>
  );
}
