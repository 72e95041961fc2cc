import type { RefObject } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { Commentary, StoredFigure, TreeIndicator } from '../../api/types.ts';
import { useApp } from '../../app-context.ts';
import { isBlock, parseClipboardBlock } from '../../lib/clipboard.ts';
import { COLS, inBatches, loadRow, type Row, withRow, withText } from './grid-rows.ts';

type SetRows = (f: (rs: Row[] | null) => Row[] | null) => void;

/** The grid's rows: the department's indicators for the year, loaded again when either changes. */
export function useGridRows(mine: TreeIndicator[] | null, fiscalYear: number) {
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    if (!mine || !fiscalYear) return;
    let live = true;
    setRows(null);
    inBatches(mine, 8, (indicator) => loadRow(indicator, fiscalYear)).then((r) => live && setRows(r));
    return () => {
      live = false;
    };
  }, [mine, fiscalYear]);
  return { rows, setRows };
}

/**
 * Saving: the changed rows (each with its version), four at a time; a conflict keeps both texts,
 * a refusal its message; the status line counts them. `onSaved` follows a save that stored any.
 */
export function useGridSave(rows: Row[] | null, setRows: SetRows, fiscalYear: number, onSaved: () => void) {
  const { t, lang } = useApp();
  const [message, setMessage] = useState('');
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
    if (saved) onSaved();
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
  return { message, setMessage, save, saveRows };
}

/**
 * The rows' edits, stable between renders (the rows are memoized): typing (measured from the key
 * to the rendered row as `grid-key`), confirming warnings, opening the commentary, resolving a
 * conflict (keeping mine saves it again).
 */
export function useGridEdits(
  setRows: SetRows,
  fiscalYear: number,
  saveRows: (indices: number[], current: Row[]) => Promise<void>,
) {
  const pending = useRef(false);
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
      setRows((rs) =>
        withRow(rs, index, (row) =>
          col === 0 ? withText(row, value, fiscalYear) : { ...row, note: value, state: 'dirty' },
        ),
      );
    },
    [fiscalYear],
  );
  const onConfirm = useCallback((index: number, confirmed: boolean) => {
    setRows((rs) => withRow(rs, index, (row) => ({ ...row, confirmed })));
  }, []);
  const onToggle = useCallback((index: number) => {
    setRows((rs) => withRow(rs, index, (row) => ({ ...row, open: !row.open })));
  }, []);
  const onCommentary = useCallback((index: number, c: Commentary) => {
    setRows((rs) => withRow(rs, index, (row) => ({ ...row, commentary: c })));
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
  return { onText, onConfirm, onToggle, onCommentary, onResolve };
}

/**
 * The keyboard and the clipboard of the grid, like a spreadsheet: arrows and Enter move between
 * cells, Ctrl+S saves, a pasted block fills the cells from the focused one.
 */
export function useGridKeys(
  grid: RefObject<HTMLTableElement>,
  rows: Row[] | null,
  setRows: SetRows,
  fiscalYear: number,
  save: () => void,
  setMessage: (m: string) => void,
) {
  const { t } = useApp();
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
  return { onKeyDown, onPaste };
}
