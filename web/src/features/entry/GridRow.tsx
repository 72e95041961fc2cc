import { memo } from 'preact/compat';
import type { Commentary } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { fiscalYearLabel, formatAmount } from '../../lib/format.ts';
import { CommentaryEditor } from '../commentary/CommentaryEditor.tsx';
import type { Row } from './grid-rows.ts';
import { parsedText, qualifierText } from './parsed-text.ts';

interface RowProps {
  row: Row;
  index: number;
  fiscalYear: number;
  canComment: boolean;
  /** The year is confirmed: 'locked', or 'reopened' by an exception; null when not confirmed. */
  lock: 'locked' | 'reopened' | null;
  onText: (index: number, col: number, value: string) => void;
  onResolve: (index: number, choice: 'mine' | 'theirs') => void;
  onConfirm: (index: number, confirmed: boolean) => void;
  onToggle: (index: number) => void;
  onCommentary: (index: number, c: Commentary) => void;
}

/** A row's warnings with their confirmation, its save state, a refusal, and a conflict to resolve. */
function WarningsCell({ row, index, onConfirm, onResolve }: RowProps) {
  const { t, lang } = useApp();
  const warned = row.check.warnings.length > 0;
  // A stored confirmation stands while the text is the one that was confirmed.
  const storedConfirmation =
    row.existing?.confirmed && row.text === row.existing.raw ? row.existing.confirmed : null;
  return (
    <td id={`w-${index}`}>
      {row.check.warnings.map((w) => (
        <span key={w.code} class="warn" data-code={w.code}>
          ⚠ {lang === 'en' ? w.messageEn : w.message}
        </span>
      ))}
      {warned && storedConfirmation ? (
        <span class="ok" data-confirmed="stored">
          {t('confirmedBy', { by: storedConfirmation.by ?? '' })}
        </span>
      ) : null}
      {warned && !storedConfirmation ? (
        <label class="confirm">
          <input
            type="checkbox"
            checked={row.confirmed}
            onChange={(e) => onConfirm(index, (e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          {t('confirmWarningOf', { name: row.indicator.name })}
        </label>
      ) : null}
      {row.state === 'saved' ? <span class="ok">{t('savedMark')}</span> : null}
      {row.state === 'dirty' ? <span class="muted">{t('unsavedMark')}</span> : null}
      {row.error ? (
        <span class="warn refused" data-error-code={row.errorCode ?? undefined}>
          ⚠ {row.error}
        </span>
      ) : null}
      {row.conflict ? (
        <fieldset class="conflict">
          <legend>{t('conflictLegend')}</legend>
          {t('conflictText', { theirs: row.conflict.raw ?? '', mine: row.text })}
          <button type="button" onClick={() => onResolve(index, 'mine')}>
            {t('keepMine')}
          </button>
          <button type="button" onClick={() => onResolve(index, 'theirs')}>
            {t('takeTheirs')}
          </button>
        </fieldset>
      ) : null}
    </td>
  );
}

/** The commentary editor opened under a row. */
function CommentaryRow({ row, index, fiscalYear, onCommentary }: RowProps) {
  const { t } = useApp();
  return (
    <tr id={`c-${index}`} class="commentary-row">
      <td colSpan={7}>
        <h3 class="small">
          {row.indicator.name}：{t('commentaryOf', { fy: fiscalYearLabel(fiscalYear) })}
        </h3>
        <CommentaryEditor
          indicatorId={row.indicator.id}
          fiscalYear={fiscalYear}
          record={row.commentary}
          idPrefix={`c-${index}`}
          onSaved={(c) => onCommentary(index, c)}
        />
      </td>
    </tr>
  );
}

/** One indicator of the grid: previous value, the actual and note cells, what was read, warnings. */
export const GridRow = memo(function GridRow(props: RowProps) {
  const { t } = useApp();
  const { row, index } = props;
  const previous = row.past.length ? row.past[row.past.length - 1]!.value : null;
  const parsed = row.check.parsed;
  const warned = row.check.warnings.length > 0;
  return (
    <>
      <tr class={`row-${row.state}`}>
        <th scope="row" data-lock={props.lock ?? undefined}>
          {row.indicator.name}
          <span class="muted"> {row.indicator.unit ?? ''}</span>
          {props.lock ? (
            <span class={props.lock === 'reopened' ? 'ok' : 'muted'}>
              {' '}
              {t(props.lock === 'reopened' ? 'entryRowReopened' : 'entryRowLocked')}
            </span>
          ) : null}
        </th>
        <td>{formatAmount(previous, row.indicator.unit)}</td>
        <td>
          <input
            class="cell"
            data-row={index}
            data-col={0}
            value={row.text}
            aria-label={t('actualOf', { name: row.indicator.name, fy: fiscalYearLabel(props.fiscalYear) })}
            aria-describedby={warned || row.conflict || row.error ? `w-${index}` : undefined}
            aria-invalid={row.check.warnings.some((w) => w.code === 'VALUE_UNPARSEABLE') ? 'true' : undefined}
            onInput={(e) => props.onText(index, 0, (e.currentTarget as HTMLInputElement).value)}
          />
        </td>
        <td class="parsed" aria-live="off">
          {parsed ? parsedText(parsed, t, row.indicator.unit) : ''}
          {parsed?.qualifiers?.length ? (
            <span class="muted"> {parsed.qualifiers.map((q) => qualifierText(q, t)).join('・')}</span>
          ) : null}
        </td>
        <td>
          <input
            class="cell"
            data-row={index}
            data-col={1}
            value={row.note}
            aria-label={t('noteOf', { name: row.indicator.name })}
            onInput={(e) => props.onText(index, 1, (e.currentTarget as HTMLInputElement).value)}
          />
        </td>
        <WarningsCell {...props} />
        <td>
          {props.canComment ? (
            <button
              type="button"
              aria-expanded={row.open ? 'true' : 'false'}
              aria-controls={`c-${index}`}
              aria-label={t('editCommentaryOf', { name: row.indicator.name })}
              onClick={() => props.onToggle(index)}
            >
              {t('commentaryCol')}
              {row.commentary ? ' ✓' : ''}
            </button>
          ) : null}
        </td>
      </tr>
      {row.open ? <CommentaryRow {...props} /> : null}
    </>
  );
});
