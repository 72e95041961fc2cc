import { useState } from 'preact/hooks';
import { type ApiResult, api, query } from '../../api/client.ts';
import type { EntryWarning } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { fiscalYearLabel } from '../../lib/format.ts';

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

const kindKey = (kind: string): MessageKey =>
  kind === 'conflict' ? 'diffConflict' : kind === 'new' ? 'diffNew' : 'diffChange';

/** A set with one member added or taken out. */
function toggled(set: Set<string>, id: string, on = !set.has(id)): Set<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/**
 * The round trip's state: the uploaded workbook and its diff, the lines chosen (the changes and
 * new ones at first) and the warned lines confirmed; applying sends the same bytes again.
 */
function useEntryWorkbook(strategyId: string, departments: string[], fiscalYear: number) {
  const { t } = useApp();
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
    setMessage(t('appliedWithCommentary', { n: r.value.applied.length, c: r.value.commentary?.length ?? 0 }));
  };
  const chooseDepartment = (d: string) => {
    setDepartment(d);
    setPreview(null);
  };
  const toggle = (id: string) => setChosen(toggled(chosen, id));
  const confirm = (id: string, on: boolean) => setConfirmed(toggled(confirmed, id, on));
  return {
    department,
    chooseDepartment,
    params,
    preview,
    chosen,
    confirmed,
    error,
    message,
    upload,
    apply,
    toggle,
    confirm,
  };
}

type Workbook = ReturnType<typeof useEntryWorkbook>;

/** The figures' lines of the diff: chosen to apply, kind, before and after, warnings to confirm. */
function FiguresDiff({ wb, shown }: { wb: Workbook; shown: EntryChange[] }) {
  const { t, lang } = useApp();
  return (
    <div class="scroll">
      <table class="compact">
        <caption>{t('diff')}</caption>
        <DiffHead extra={t('warnings')} />
        <tbody>
          {shown.map((c) => (
            <tr key={c.indicatorId} data-kind={c.kind}>
              <DiffLead wb={wb} line={c} what={t('apply')} />
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
                      checked={wb.confirmed.has(c.indicatorId)}
                      onChange={(e) =>
                        wb.confirm(c.indicatorId, (e.currentTarget as HTMLInputElement).checked)
                      }
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
  );
}

/** The head of a diff table: apply, indicator, kind, before, after, and an optional last column. */
function DiffHead({ extra }: { extra?: string }) {
  const { t } = useApp();
  return (
    <thead>
      <tr>
        <th scope="col">{t('apply')}</th>
        <th scope="col">{t('indicator')}</th>
        <th scope="col">{t('kind')}</th>
        <th scope="col">{t('before')}</th>
        <th scope="col">{t('after')}</th>
        {extra ? <th scope="col">{extra}</th> : null}
      </tr>
    </thead>
  );
}

/** The first cells of a diff line: its apply box (labelled with `what`), the indicator and its cell, the kind. */
function DiffLead({
  wb,
  line,
  what,
}: {
  wb: Workbook;
  line: { indicatorId: string; name: string; cell: string; kind: EntryChange['kind'] };
  what: string;
}) {
  const { t } = useApp();
  return (
    <>
      <td>
        <input
          type="checkbox"
          checked={wb.chosen.has(line.indicatorId)}
          onChange={() => wb.toggle(line.indicatorId)}
          aria-label={`${line.name} ${what}`}
        />
      </td>
      <th scope="row">
        {line.name} <span class="muted">{line.cell}</span>
      </th>
      <td>{t(kindKey(line.kind))}</td>
    </>
  );
}

/** The commentary's lines of the diff (①②③ edited in the workbook). */
function CommentaryDiff({ wb, comments }: { wb: Workbook; comments: EntryCommentaryChange[] }) {
  const { t } = useApp();
  return (
    <div class="scroll">
      <table class="compact" data-diff="commentary">
        <caption>{t('commentaryDiff')}</caption>
        <DiffHead />
        <tbody>
          {comments.map((c) => (
            <tr key={c.indicatorId} data-kind={c.kind}>
              <DiffLead wb={wb} line={c} what={`${t('commentaryCol')} ${t('apply')}`} />
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
  );
}

/** The uploaded workbook's diff and the button applying the chosen lines. */
function DiffPanel({ wb, preview }: { wb: Workbook; preview: EntryPreview }) {
  const { t } = useApp();
  const shown = preview.changes.filter((c) => c.kind !== 'unchanged');
  const comments = preview.commentary ?? [];
  // A chosen line with warnings waits for its own confirmation (the server asks the same).
  const waiting = shown.filter(
    (c) => wb.chosen.has(c.indicatorId) && c.warnings?.length && !wb.confirmed.has(c.indicatorId),
  ).length;
  return (
    <div class="stack">
      {shown.length === 0 && comments.length === 0 ? <p>{t('noDiff')}</p> : null}
      {shown.length === 0 ? null : <FiguresDiff wb={wb} shown={shown} />}
      {comments.length ? <CommentaryDiff wb={wb} comments={comments} /> : null}
      <div class="row">
        <button
          type="button"
          class="primary"
          onClick={wb.apply}
          disabled={wb.chosen.size === 0 || waiting > 0}
        >
          {t('applyChosen').replace('{n}', String(wb.chosen.size))}
        </button>
        {waiting ? <p class="muted">{t('needsConfirmN', { n: waiting })}</p> : null}
      </div>
    </div>
  );
}

/** The department's Excel round trip: download the entry workbook, upload it, see the diff, confirm. */
export function EntryWorkbook({
  strategyId,
  departments,
  fiscalYear,
}: {
  strategyId: string;
  departments: string[];
  fiscalYear: number;
}) {
  const { t } = useApp();
  const wb = useEntryWorkbook(strategyId, departments, fiscalYear);
  const { department } = wb;
  return (
    <section class="card stack" aria-labelledby="wb-h">
      <h2 id="wb-h">{t('entryWorkbook')}</h2>
      <p class="muted">{t('entryWorkbookHelp')}</p>
      <div class="filters">
        <label>
          {t('department')}
          <select
            value={department}
            onChange={(e) => wb.chooseDepartment((e.currentTarget as HTMLSelectElement).value)}
          >
            {departments.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <a
          class="button"
          href={query(`/api/strategies/${strategyId}/entry-workbook`, wb.params)}
          download
          data-kind="entry-workbook"
        >
          {t('downloadWorkbook')}（{department}・{fiscalYearLabel(fiscalYear)}）
        </a>
      </div>
      <form class="filters" onSubmit={wb.upload}>
        <label>
          {t('uploadWorkbook')}
          <input type="file" name="workbook" accept=".xlsx" required />
        </label>
        <button type="submit">{t('showDiff')}</button>
      </form>
      <ErrorMessage result={wb.error} />
      <p role="status" class="muted">
        {wb.message}
      </p>
      {wb.preview ? <DiffPanel wb={wb} preview={wb.preview} /> : null}
    </section>
  );
}
