import { useState } from 'preact/hooks';
import { type ApiResult, api } from '../../api/client.ts';
import type { PlanIssue as ImportIssue, ImportPreview as Preview } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { grantOf } from '../../lib/permissions.ts';
import { navigate } from '../../lib/router.ts';
import { ColumnMapping } from './ColumnMapping.tsx';
import { type OverrideField, type TableStructure, withOverride } from './mapping.ts';
import { StructureEditor } from './StructureEditor.tsx';
import { type ImportTarget, type PlanAnswer, TargetChooser } from './TargetChooser.tsx';

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

/**
 * The wizard's state: the stored upload's preview, and the calls that change it (a column's
 * mapping, the structures set by hand, a template), each sending the preview's version.
 */
function useImportPreview() {
  const { t } = useApp();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiResult<unknown> | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
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
    setStatus('');
    setPreview(r.value);
  };
  /** Sends a change of the stored upload; the answer is the new preview, `done` its status line. */
  const change = async (path: string, body: Record<string, unknown>, done: (next: Preview) => string) => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    setStatus(t('remapping'));
    const r = await api<Preview>('POST', `/api/imports/${preview.id}/${path}`, {
      version: preview.version,
      ...body,
    });
    setBusy(false);
    if (!r.ok) {
      setStatus('');
      return setError(r);
    }
    setPreview(r.value);
    setStatus(done(r.value));
  };
  const remap = async (
    at: { file: string; sheet: string | null; table: number; column: number },
    field: OverrideField | null,
    year: number | null,
  ) => {
    if (!preview) return;
    const overrides = withOverride(preview.overrides ?? [], at, field, year);
    await change('mapping', { overrides, structures: preview.structures ?? [] }, () =>
      t('remapped', { n: overrides.length }),
    );
  };
  /** Recognizes the stored upload again with the structures set by hand (and the overrides). */
  const restructure = async (structures: TableStructure[]) => {
    if (!preview) return;
    await change('mapping', { overrides: preview.overrides ?? [], structures }, (next) =>
      t('remapped', { n: (next.overrides?.length ?? 0) + structures.length }),
    );
  };
  const applyTemplate = (templateId: string) =>
    change('template', { templateId }, (next) => t('templateApplied', { name: next.template?.name ?? '' }));
  return { preview, error, setError, busy, setBusy, status, upload, remap, restructure, applyTemplate };
}

type Wizard = ReturnType<typeof useImportPreview>;

/** What was recognized: counts, coverage, templates, each table's mapping, warnings, structure. */
function PreviewSection({
  w,
  preview,
  report,
}: {
  w: Wizard;
  preview: Preview;
  report: NonNullable<Preview['report']>;
}) {
  const { t, lang } = useApp();
  const { busy } = w;
  const warnings = [...(report.warnings ?? []), ...(preview.issues ?? [])];
  return (
    <section class="card stack" aria-labelledby="pv-h">
      <h2 id="pv-h">
        {t('structure')}：{preview.fileName}
      </h2>
      <p>
        {Object.entries(report.counts)
          .map(([k, n]) => t('countOf', { label: COUNTS[k] ? t(COUNTS[k]!) : k, n }))
          .join('・')}
      </p>
      {report.coverage ? (
        <p>
          {t('coverage')}：{Math.round(report.coverage.ratio * 1000) / 10}%
          {t('cellsOf', { a: report.coverage.mappedCells, b: report.coverage.nonEmptyCells })}
          <meter min={0} max={1} value={report.coverage.ratio} aria-label={t('coverage')} />
        </p>
      ) : null}
      {preview.template ? (
        <p class="card">
          {preview.template.id
            ? t('templateApplied', { name: preview.template.name })
            : t('templateChanged', { name: preview.template.name })}
          {preview.template.shift ? t('templateShift', { n: preview.template.shift }) : ''}
        </p>
      ) : (
        (preview.templates ?? []).map(({ id, ...m }) => (
          <p key={id ?? m.name} class="card row">
            <span>
              {t('templateMatches', { name: m.name })}
              {m.shift ? t('templateShift', { n: m.shift }) : ''}
            </span>
            <button type="button" disabled={busy || !id} onClick={() => id && w.applyTemplate(id)}>
              {t('templateApply', { name: m.name })}
            </button>
          </p>
        ))
      )}
      {report.tables.map((tb, i) => (
        <ColumnMapping
          key={`${tb.sheet}-${tb.firstRow}-${i}`}
          table={tb}
          index={i}
          fileName={preview.fileName}
          overrides={preview.overrides ?? []}
          adjustable={preview.adjustable === true}
          busy={busy}
          t={t}
          onChange={w.remap}
        />
      ))}
      <p role="status" aria-live="polite">
        {w.status}
      </p>
      <h3>
        {t('warnings')}
        {t('countParen', { n: warnings.length })}
      </h3>
      <ul class="plain">
        {warnings.map((wn, i) => (
          <li key={`${wn.code}-${i}`}>
            ⚠ {placeOf(wn.place, t)} {lang === 'en' ? (wn.messageEn ?? wn.message) : wn.message}{' '}
            <span class="muted">({wn.code})</span>
          </li>
        ))}
      </ul>
      <p class="muted">{preview.adjustable ? t('mappingNote') : t('mappingFixed')}</p>
      {preview.adjustable && (preview.grid ?? []).length > 0 ? (
        <details open={(preview.structures ?? []).length > 0}>
          <summary>{t('structureTitle')}</summary>
          <StructureEditor
            key={preview.id}
            grid={preview.grid ?? []}
            structures={preview.structures ?? []}
            tables={report.tables.map((tb) => ({ sheet: tb.sheet, firstRow: tb.firstRow }))}
            busy={busy}
            t={t}
            onApply={w.restructure}
          />
        </details>
      ) : null}
    </section>
  );
}

/** Where the import goes, saving its mapping as a template, and the commit. */
function CommitSection({ w, preview }: { w: Wizard; preview: Preview }) {
  const { t } = useApp();
  const [target, setTarget] = useState<{ target: ImportTarget; answer: PlanAnswer | null }>({
    target: {},
    answer: null,
  });
  const [saveAs, setSaveAs] = useState<{ on: boolean; name: string }>({ on: false, name: '' });
  const commit = async () => {
    w.setBusy(true);
    w.setError(null);
    const r = await api<{ strategyId: string }>('POST', `/api/imports/${preview.id}/commit`, {
      version: preview.version,
      target: target.target,
    });
    if (!r.ok) {
      w.setBusy(false);
      return w.setError(r);
    }
    if (saveAs.on && saveAs.name.trim()) {
      const s = await api<{ name: string }>('POST', `/api/imports/${preview.id}/as-template`, {
        name: saveAs.name.trim(),
      });
      if (!s.ok) {
        w.setBusy(false);
        return w.setError(s);
      }
    }
    w.setBusy(false);
    navigate(`/strategies/${r.value.strategyId}`);
  };
  return (
    <>
      <TargetChooser
        importId={preview.id}
        version={preview.version}
        t={t}
        onChange={(next, answer) => setTarget({ target: next, answer })}
      />
      <section class="card stack">
        {preview.adjustable ? (
          <div class="row">
            <label class="row">
              <input
                type="checkbox"
                checked={saveAs.on}
                onChange={(e) => setSaveAs({ ...saveAs, on: (e.currentTarget as HTMLInputElement).checked })}
              />
              {t('templateSave')}
            </label>
            {saveAs.on ? (
              <label>
                {t('templateName')}
                <input
                  type="text"
                  value={saveAs.name}
                  onInput={(e) => setSaveAs({ ...saveAs, name: (e.currentTarget as HTMLInputElement).value })}
                />
              </label>
            ) : null}
          </div>
        ) : null}
        <button type="button" class="primary" onClick={commit} disabled={w.busy || target.answer == null}>
          {t('commit')}
        </button>
      </section>
    </>
  );
}

/** Upload → recognized structure, mapping, warnings, coverage → commit → the imported strategy. */
export function ImportPage() {
  const { t, me } = useApp();
  const w = useImportPreview();
  const { preview } = w;
  const report = preview?.report;
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
      <form class="card stack" onSubmit={w.upload}>
        <label>
          {t('upload')}
          {t('uploadFormats')}
          <input type="file" name="file" accept=".xlsx,.csv,.tsv,.txt,.json" required />
        </label>
        <button type="submit" disabled={w.busy}>
          {t('preview')}
        </button>
      </form>
      <ErrorMessage result={w.error} />
      {preview && report ? <PreviewSection w={w} preview={preview} report={report} /> : null}
      {preview && report ? <CommitSection w={w} preview={preview} /> : null}
    </div>
  );
}
