import { api } from '../../api/client.ts';
import type { Commentary, StoredFigure, TreeIndicator } from '../../api/types.ts';
import { type CellCheck, checkCell, type PastValue } from '../../lib/cell-check.ts';

export type RowState = 'clean' | 'dirty' | 'saving' | 'saved' | 'conflict' | 'error';

export interface Row {
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

export const COLS = 2;

export interface HistoryBody {
  baseline: StoredFigure | null;
  actuals: StoredFigure[];
}

export async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
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

export function withText(row: Row, text: string, fiscalYear: number): Row {
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

/** One indicator's row for the year: its history before the year, the stored figure, commentary. */
export async function loadRow(indicator: TreeIndicator, fiscalYear: number): Promise<Row> {
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
}

/** The rows with one row replaced by `f` of it (the grid's state updates). */
export function withRow(rs: Row[] | null, index: number, f: (row: Row) => Row): Row[] | null {
  if (!rs) return rs;
  const next = rs.slice();
  next[index] = f(next[index]!);
  return next;
}
