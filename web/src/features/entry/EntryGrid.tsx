import { memo } from 'preact/compat';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sameBaseUnit } from '../../../../src/core/display-unit.ts';
import type { ParsedValue } from '../../../../src/core/parsed-value.ts';
import { api } from '../../api/client.ts';
import type {
  Commentary,
  RoundListItem,
  StoredFigure,
  Strategy,
  Tree,
  TreeIndicator,
} from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { type CellCheck, checkCell, type PastValue } from '../../lib/cell-check.ts';
import { isBlock, parseClipboardBlock } from '../../lib/clipboard.ts';
import { fiscalYearLabel, formatAmount } from '../../lib/format.ts';
import { enterableDepartments, grantOf } from '../../lib/permissions.ts';
import { navigate, useLocation } from '../../lib/router.ts';
import { departmentsOf, flattenTree } from '../../lib/tree-walk.ts';
import { useApi } from '../../lib/use-api.ts';
import { CommentaryEditor } from '../commentary/CommentaryEditor.tsx';
import { entryYearOf, YearSelect, yearsOf } from '../dashboard/Dashboard.tsx';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const QUALIFIER_KEYS: Record<string, MessageKey> = {
  preliminary: 'preliminary',
  estimated: 'qualEstimated',
  approximate: 'qualApproximate',
  cumulative: 'qualCumulative',
  annual: 'qualAnnual',
  'at-least': 'qualAtLeast',
  'at-most': 'qualAtMost',
  'more-than': 'qualMoreThan',
  'less-than': 'qualLessThan',
};

/** What the core read from a cell, in the user's language (in the indicator's unit when it is the same). */
function parsedText(parsed: ParsedValue, t: Translate, unit: string | null): string {
  switch (parsed.kind) {
    case 'number':
      return formatAmount(
        parsed.value,
        unit && parsed.unit && sameBaseUnit(parsed.unit, unit) ? unit : parsed.unit,
      );
    case 'multi':
      return parsed.parts.map((p) => `${p.label}${formatAmount(p.value, p.unit)}`).join(' ');
    case 'pending':
      return parsed.period?.date ? `${t('kindPending')} (${parsed.period.date})` : t('kindPending');
    case 'missing':
      return parsed.note ? `${t('kindMissing')} (${parsed.note})` : t('kindMissing');
    default:
      return t('kindText');
  }
}

function qualifierText(q: string, t: Translate): string {
  const key = QUALIFIER_KEYS[q];
  return key ? t(key) : q;
}

type RowState = 'clean' | 'dirty' | 'saving' | 'saved' | 'conflict' | 'error';

interface Row {
  indicator: TreeIndicator;
  past: PastValue[];
  existing: StoredFigure | null;
  text: string;
  note: string;
  check: CellCheck;
  /** The user confirmed this cell's warnings (ticked), to save the figure as it is. */
  confirmed: boolean;
  state: RowState;
  conflict: StoredFigure | null;
  /** The server's refusal of the last save (its message in the user's language, and its code). */
  error: string | null;
  errorCode: string | null;
  commentary: Commentary | null;
  /** The commentary editor is open under the row. */
  open: boolean;
}

const COLS = 2;

interface HistoryBody {
  baseline: StoredFigure | null;
  actuals: StoredFigure[];
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

function withText(row: Row, text: string, fiscalYear: number): Row {
  const check = checkCell(text, { unit: row.indicator.unit, fiscalYear, past: row.past });
  const state: RowState = text === (row.existing?.raw ?? '') ? 'clean' : 'dirty';
  const confirmed = text === row.text ? row.confirmed : false;
  return {
    ...row,
    text,
    check,
    confirmed,
    state: row.state === 'conflict' ? 'conflict' : state,
    error: null,
    errorCode: null,
  };
}

/** The reporting round of the year shown (GET /api/strategies/:id/rounds/:fiscalYear), as the grid uses it. */
interface YearRound {
  state: string;
  deadline: string;
  confirmedAt: string | null;
  parts: { departmentName: string; state: string; deadline: string }[];
  exceptions: { indicatorId: string; closedAt: string | null }[];
  indicators: { indicatorId: string; name: string }[];
}
const LOCKED_ROUND = ['confirmed', 'published'];

/**
 * What the round says about the year before anyone types: confirmed (locked, with the indicators
 * reopened as exceptions), or open with the department's answer and whether it still takes edits.
 */
function RoundNotice({ round, department }: { round: YearRound; department: string }) {
  const { t } = useApp();
  const state = t(`round_${round.state}` as MessageKey);
  if (LOCKED_ROUND.includes(round.state)) {
    const reopened = round.exceptions
      .filter((x) => !x.closedAt)
      .map((x) => round.indicators.find((i) => i.indicatorId === x.indicatorId)?.name ?? x.indicatorId);
    return (
      <div class="card notice-locked" role="note" data-testid="entry-round" data-round-state={round.state}>
        <p>{t('entryRoundLocked', { state, date: (round.confirmedAt ?? '').slice(0, 10) })}</p>
        {reopened.length ? <p>{t('entryRoundReopened', { names: reopened.join('、') })}</p> : null}
      </div>
    );
  }
  const part = round.parts.find((p) => p.departmentName === department);
  if (!part) return null;
  const partState = t(`part_${part.state}` as MessageKey);
  return (
    <div class="card" role="note" data-testid="entry-round" data-round-state={round.state}>
      <p>{t('entryRoundPart', { deadline: part.deadline, state: partState })}</p>
      {part.state === 'returned' ? <p>{t('entryRoundPartLocked', { state: partState })}</p> : null}
      {part.state === 'submitted' || part.state === 'approved' ? (
        <p>{t('entryRoundPartClosed', { state: partState })}</p>
      ) : null}
    </div>
  );
}

const GridRow = memo(function GridRow(props: {
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
}) {
  const { t, lang } = useApp();
  const { row, index } = props;
  const previous = row.past.length ? row.past[row.past.length - 1]!.value : null;
  const parsed = row.check.parsed;
  const warnId = `w-${index}`;
  const warned = row.check.warnings.length > 0;
  // A stored confirmation stands while the text is the one that was confirmed.
  const storedConfirmation =
    row.existing?.confirmed && row.text === row.existing.raw ? row.existing.confirmed : null;
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
            aria-describedby={warned || row.conflict || row.error ? warnId : undefined}
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
        <td id={warnId}>
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
                onChange={(e) => props.onConfirm(index, (e.currentTarget as HTMLInputElement).checked)}
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
              <button type="button" onClick={() => props.onResolve(index, 'mine')}>
                {t('keepMine')}
              </button>
              <button type="button" onClick={() => props.onResolve(index, 'theirs')}>
                {t('takeTheirs')}
              </button>
            </fieldset>
          ) : null}
        </td>
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
      {row.open ? (
        <tr id={`c-${index}`} class="commentary-row">
          <td colSpan={7}>
            <h3 class="small">
              {row.indicator.name}：{t('commentaryOf', { fy: fiscalYearLabel(props.fiscalYear) })}
            </h3>
            <CommentaryEditor
              indicatorId={row.indicator.id}
              fiscalYear={props.fiscalYear}
              record={row.commentary}
              idPrefix={`c-${index}`}
              onSaved={(c) => props.onCommentary(index, c)}
            />
          </td>
        </tr>
      ) : null}
    </>
  );
});

/** The entry page's choice for the indicators no department answers for (never a department's name: names are trimmed). */
const NO_DEPARTMENT = ' ';

/** A department's indicators for one fiscal year, keyboard-first like a spreadsheet. */
export function EntryPage({ strategyId }: { strategyId: string }) {
  const app = useApp();
  const { t, me } = app;
  const { params } = useLocation();
  const strategy = useApi<Strategy>(`/api/strategies/${strategyId}`);
  const tree = useApi<Tree>(`/api/strategies/${strategyId}/tree`);
  const placed = useMemo(() => (tree.data ? flattenTree(tree.data) : []), [tree.data]);
  // Editors get their own departments only (the server refuses the others anyway).
  const departments = enterableDepartments(me, departmentsOf(placed), tree.data?.departments);
  // Indicators no department answers for (an import without 担当課): planners enter them as a group.
  if (grantOf(me, 'figures.write') === 'all' && placed.some((p) => p.indicator.departments.length === 0))
    departments.push(NO_DEPARTMENT);
  const label = (d: string) => (d === NO_DEPARTMENT ? t('noDepartment') : d);
  const asked = params.get('department');
  const department = asked && departments.includes(asked) ? asked : (departments[0] ?? '');
  const fiscalYear = Number(params.get('fy') ?? (strategy.data ? entryYearOf(strategy.data) : 0));
  // The year's round, if any: found in the strategy's list (a year without a round is the usual
  // case outside the reporting season, so it is not asked for by year, which would answer 404).
  const rounds = useApi<RoundListItem[]>(fiscalYear ? `/api/rounds?strategyId=${strategyId}` : null);
  const roundId = rounds.data?.find((r) => r.fiscalYear === fiscalYear)?.id ?? null;
  const round = useApi<YearRound>(roundId ? `/api/rounds/${roundId}` : null);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [message, setMessage] = useState('');
  const grid = useRef<HTMLTableElement>(null);
  const pending = useRef(false);

  useEffect(() => {
    if (!tree.data || !department || !fiscalYear) return;
    let live = true;
    setRows(null);
    const mine = placed
      .filter((p) =>
        department === NO_DEPARTMENT
          ? p.indicator.departments.length === 0
          : p.indicator.departments.includes(department),
      )
      .map((p) => p.indicator);
    inBatches(mine, 8, async (indicator): Promise<Row> => {
      const [h, c] = await Promise.all([
        api<HistoryBody>('GET', `/api/indicators/${indicator.id}/history`),
        api<Commentary[]>('GET', `/api/indicators/${indicator.id}/commentary`),
      ]);
      const actuals = h.ok ? h.value.actuals : [];
      const existing = actuals.find((a) => a.fiscalYear === fiscalYear) ?? null;
      const past = [...(h.ok && h.value.baseline ? [h.value.baseline] : []), ...actuals]
        .filter((f) => f.fiscalYear !== null && f.fiscalYear < fiscalYear && f.value !== null)
        .sort((a, b) => (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0))
        .map((f) => ({ fiscalYear: f.fiscalYear as number, value: f.value as number }));
      const base: Row = {
        indicator,
        past,
        existing,
        text: '',
        note: existing?.note ?? '',
        check: { parsed: null, warnings: [] },
        confirmed: false,
        state: 'clean',
        conflict: null,
        error: null,
        errorCode: null,
        commentary: (c.ok ? c.value : []).find((x) => x.fiscalYear === fiscalYear) ?? null,
        open: false,
      };
      return withText(base, existing?.raw ?? '', fiscalYear);
    }).then((r) => live && setRows(r));
    return () => {
      live = false;
    };
  }, [tree.data, department, fiscalYear]);

  useEffect(() => {
    if (!pending.current) return;
    pending.current = false;
    performance.mark('grid-key-end');
    performance.measure('grid-key', 'grid-key-start', 'grid-key-end');
  });

  const onText = useCallback(
    (index: number, col: number, value: string) => {
      performance.mark('grid-key-start');
      pending.current = true;
      setRows((rs) => {
        if (!rs) return rs;
        const next = rs.slice();
        const row = next[index]!;
        next[index] = col === 0 ? withText(row, value, fiscalYear) : { ...row, note: value, state: 'dirty' };
        return next;
      });
    },
    [fiscalYear],
  );

  const saveRows = async (indices: number[], current: Row[]) => {
    const results = await inBatches(indices, 4, async (i) => {
      const row = current[i]!;
      const r = await api<StoredFigure>(
        'PUT',
        `/api/indicators/${row.indicator.id}/observations/${fiscalYear}`,
        {
          raw: row.text,
          note: row.note || null,
          version: row.existing?.version ?? null,
          confirm: row.confirmed ? row.check.warnings.map((w) => w.code) : [],
        },
      );
      return { i, r };
    });
    let saved = 0;
    let conflicts = 0;
    let refused = 0;
    const { lang } = app;
    setRows((rs) => {
      if (!rs) return rs;
      const next = rs.slice();
      for (const { i, r } of results) {
        const row = next[i]!;
        if (r.ok) {
          saved++;
          next[i] = {
            ...row,
            existing: r.value,
            state: 'saved',
            conflict: null,
            error: null,
            errorCode: null,
          };
        } else if (r.error.code === 'VERSION_CONFLICT') {
          conflicts++;
          next[i] = { ...row, state: 'conflict', conflict: (r.error.current as StoredFigure) ?? null };
        } else {
          refused++;
          next[i] = {
            ...row,
            state: 'error',
            error: lang === 'en' ? r.error.messageEn : r.error.message,
            errorCode: r.error.code,
          };
        }
      }
      return next;
    });
    setMessage(
      t('savedN', { n: saved }) +
        (conflicts ? t('conflictsN', { n: conflicts }) : '') +
        (refused ? t('entryRefusedN', { n: refused }) : ''),
    );
    // The answer's state moves with a save (未着手 → 入力中): the notice follows.
    if (saved) round.reload();
  };

  const save = () => {
    if (!rows) return;
    const dirty = rows.flatMap((r, i) =>
      (r.state === 'dirty' || r.state === 'error') && r.text.trim() !== '' ? [i] : [],
    );
    // A warned figure is saved only once its cell is confirmed (the server asks the same).
    const ready = dirty.filter((i) => rows[i]!.check.warnings.length === 0 || rows[i]!.confirmed);
    const waiting = dirty.length - ready.length;
    if (ready.length === 0) return setMessage(waiting ? t('needsConfirmN', { n: waiting }) : t('noDiff'));
    setMessage(t('saving'));
    void saveRows(ready, rows).then(() => {
      if (waiting) setMessage((m) => t('needsConfirmN', { n: waiting }) + m);
    });
  };

  const onConfirm = useCallback((index: number, confirmed: boolean) => {
    setRows((rs) => {
      if (!rs) return rs;
      const next = rs.slice();
      next[index] = { ...next[index]!, confirmed };
      return next;
    });
  }, []);

  const onToggle = useCallback((index: number) => {
    setRows((rs) => {
      if (!rs) return rs;
      const next = rs.slice();
      next[index] = { ...next[index]!, open: !next[index]!.open };
      return next;
    });
  }, []);

  const onCommentary = useCallback((index: number, c: Commentary) => {
    setRows((rs) => {
      if (!rs) return rs;
      const next = rs.slice();
      next[index] = { ...next[index]!, commentary: c };
      return next;
    });
  }, []);

  const onResolve = useCallback(
    (index: number, choice: 'mine' | 'theirs') => {
      setRows((rs) => {
        if (!rs) return rs;
        const next = rs.slice();
        const row = next[index]!;
        const current = row.conflict;
        if (!current) return rs;
        if (choice === 'theirs') {
          next[index] = withText(
            { ...row, existing: current, conflict: null, state: 'clean' },
            current.raw ?? '',
            fiscalYear,
          );
        } else {
          next[index] = { ...row, existing: current, conflict: null, state: 'dirty' };
          queueMicrotask(() => void saveRows([index], next));
        }
        return next;
      });
    },
    [fiscalYear],
  );

  const focusCell = (r: number, c: number) => {
    const el = grid.current?.querySelector<HTMLInputElement>(`input[data-row="${r}"][data-col="${c}"]`);
    if (el) {
      el.focus();
      el.select();
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const el = e.target as HTMLInputElement;
    if (!el.classList?.contains('cell') || !rows) return;
    const r = Number(el.dataset.row);
    const c = Number(el.dataset.col);
    const atStart = el.selectionStart === 0 && el.selectionEnd === 0;
    const atEnd = el.selectionStart === el.value.length;
    let to: [number, number] | null = null;
    if (e.key === 'ArrowDown' || (e.key === 'Enter' && !e.shiftKey)) to = [r + 1, c];
    else if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) to = [r - 1, c];
    else if (e.key === 'ArrowLeft' && atStart) to = [r, c - 1];
    else if (e.key === 'ArrowRight' && atEnd) to = [r, c + 1];
    else if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
      return;
    }
    if (!to) return;
    e.preventDefault();
    const [nr, nc] = to;
    if (nr >= 0 && nr < rows.length && nc >= 0 && nc < COLS) focusCell(nr, nc);
  };

  const onPaste = (e: ClipboardEvent) => {
    const el = e.target as HTMLInputElement;
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (!el.classList?.contains('cell') || !isBlock(text) || !rows) return;
    e.preventDefault();
    const block = parseClipboardBlock(text);
    const r0 = Number(el.dataset.row);
    const c0 = Number(el.dataset.col);
    setRows((rs) => {
      if (!rs) return rs;
      const next = rs.slice();
      block.forEach((cells, dr) => {
        const i = r0 + dr;
        if (i >= next.length) return;
        cells.forEach((value, dc) => {
          const c = c0 + dc;
          const row = next[i]!;
          if (c === 0) next[i] = withText(row, value.trim(), fiscalYear);
          else if (c === 1) next[i] = { ...row, note: value.trim(), state: 'dirty' };
        });
      });
      return next;
    });
    setMessage(t('pastedN', { n: Math.min(block.length, rows.length - r0) }));
  };

  if (strategy.error || tree.error) return <ErrorMessage result={strategy.error ?? tree.error} />;
  if (!strategy.data || !tree.data) return <Loading />;
  if (departments.length === 0)
    return (
      <div class="stack">
        <h1>{t('entry')}</h1>
        <p class="card">{grantOf(me, 'figures.write') ? t('noOwnDepartment') : t('noEntryRight')}</p>
      </div>
    );
  const go = (dep: string, fy: number) =>
    navigate(`/strategies/${strategyId}/entry?department=${encodeURIComponent(dep)}&fy=${fy}`);
  const dirtyCount = rows?.filter((r) => r.state === 'dirty').length ?? 0;
  const lockOf = (indicatorId: string): 'locked' | 'reopened' | null => {
    const rd = round.data;
    if (!rd || !LOCKED_ROUND.includes(rd.state)) return null;
    return rd.exceptions.some((x) => x.indicatorId === indicatorId && !x.closedAt) ? 'reopened' : 'locked';
  };
  return (
    <div class="stack">
      <div class="page-head">
        <h1>
          {t('entry')}：{label(department)}（{fiscalYearLabel(fiscalYear)}）
        </h1>
      </div>
      <div class="filters card">
        <label>
          {t('department')}
          <select
            value={department}
            onChange={(e) => go((e.currentTarget as HTMLSelectElement).value, fiscalYear)}
          >
            {departments.map((d) => (
              <option key={d} value={d}>
                {label(d)}
              </option>
            ))}
          </select>
        </label>
        <YearSelect
          years={yearsOf(strategy.data, fiscalYear)}
          value={fiscalYear}
          onChange={(y) => go(department, y)}
        />
        <button type="button" class="primary" onClick={save}>
          {t('save')}
          {dirtyCount ? t('countParen', { n: dirtyCount }) : ''}
        </button>
        <p role="status" class="muted" id="entry-status">
          {message}
        </p>
      </div>
      {round.data ? <RoundNotice round={round.data} department={department} /> : null}
      <p class="muted" id="grid-help">
        {t('gridHelp')}
        {t('ctrlS')}
      </p>
      {rows === null ? (
        <Loading />
      ) : (
        <div class="scroll">
          <table class="grid" ref={grid} onKeyDown={onKeyDown} onPaste={onPaste} aria-describedby="grid-help">
            <thead>
              <tr>
                <th scope="col">{t('indicator')}</th>
                <th scope="col">{t('previous')}</th>
                <th scope="col">{t('actual')}</th>
                <th scope="col">{t('parsed')}</th>
                <th scope="col">{t('note')}</th>
                <th scope="col">{t('warnings')}</th>
                <th scope="col">{t('commentary')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <GridRow
                  key={row.indicator.id}
                  row={row}
                  index={i}
                  fiscalYear={fiscalYear}
                  canComment={grantOf(me, 'commentary.write') !== null}
                  lock={lockOf(row.indicator.id)}
                  onText={onText}
                  onResolve={onResolve}
                  onConfirm={onConfirm}
                  onToggle={onToggle}
                  onCommentary={onCommentary}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
