/**
 * Lines a data row's cells up with the header's columns by content type, so that a row shifted by
 * a missing (or an extra) leading cell still lands in the right fields. A monotone alignment (cells
 * keep their order) minimising type misfit plus a small cost per column of displacement.
 */
import { type CellKind, cellKind, fitCost } from './cell-kind.ts';
import type { SheetCell } from './context.ts';
import type { ColumnType } from './header-lexicon.ts';
import { kindOf, type Memo } from './memo.ts';

/** A target column: its 1-based position and the type of content it expects. */
export interface AlignColumn {
  col: number;
  type: ColumnType;
  /** A multi column (SDG numbers spread over cells) takes any number of consecutive cells. */
  multi?: boolean;
}

/** A cell to place: its 1-based column and text. */
export interface AlignCell {
  col: number;
  text: string;
  /** The cell's kind when the caller already knows it (else read from `text`). */
  kind?: CellKind;
}

/**
 * The cells of a row as alignment input, their kinds read once through the run's memo.
 *
 * @example alignCells(createMemo(), [{ row: 2, col: 4, raw: '30件', text: '30件' }]) // [{ col: 4, text: '30件', kind: 'figure' }]
 */
export function alignCells(memo: Memo | undefined, cells: SheetCell[]): AlignCell[] {
  const out: AlignCell[] = [];
  for (const c of cells) out.push({ col: c.col, text: c.text, kind: kindOf(memo, c.text) });
  return out;
}

/** Tuning of the alignment costs. */
export interface AlignOptions {
  /** Cost per column of displacement (capped at `maxShiftCost`). */
  shiftCost?: number;
  maxShiftCost?: number;
  /** Cost of leaving a cell unplaced. */
  dropCost?: number;
}

/**
 * Assigns each cell the index of a column (or -1 when left unplaced). Cells keep their order;
 * each column takes at most one cell unless it is `multi`. The displacement cost is charged when
 * the offset between a cell and its column changes from the previous cell's, so a whole row shifted
 * by one column costs about as much as one displaced cell.
 *
 * @example
 * alignRow([{ col: 3, text: '空き家対策' }, { col: 4, text: '30件' }],
 *          [{ col: 2, type: 'label' }, { col: 3, type: 'figure' }]) // [0, 1]
 */
export function alignRow(cells: AlignCell[], columns: AlignColumn[], options: AlignOptions = {}): number[] {
  const n = cells.length;
  const m = columns.length;
  if (n === 0) return [];
  if (m === 0) return cells.map(unplaced);
  if (n * n * m * m > 4_000_000) return alignSimple(cells, columns, options);
  const shift = options.shiftCost ?? 0.3;
  const maxShift = options.maxShiftCost ?? 0.9;
  const drop = options.dropCost ?? 2;
  const kinds: CellKind[] = [];
  for (const c of cells) kinds.push(c.kind ?? cellKind(c.text));
  // Every cost term is ≥ 0 with such options (the defaults among them), so a partial sum already
  // above the best candidate cannot win (nor tie): skipping it changes nothing.
  const prune = shift >= 0 && maxShift >= 0;
  if (prune && drop > 0 && Number.isFinite(shift)) {
    const defaults = shift === 0.3 && maxShift === 0.9 && drop === 2 && integerColumns(cells, columns);
    const direct = inPlace(cells, columns, kinds, defaults ? IN_PLACE_SLACK : 0);
    if (direct) return direct;
  }
  // One buffer for the per-(cell, column) tables: fit, offset, the part of the displacement cost
  // that depends on the offset alone, dp, and low.
  // dp[i*m+j]: best cost of cells 0..i with cell i placed in column j (the last placement).
  // low[i*m+j]: the least dp[i*m+j2] over j2 ≤ j, a bound for pruning a whole earlier cell.
  const nm = n * m;
  const buf = new Float64Array(5 * nm);
  const FIT = 0;
  const OFF = nm;
  const TAIL = 2 * nm;
  const DP = 3 * nm;
  const LOW = 4 * nm;
  for (let i = 0; i < n; i++) {
    const col = cells[i]!.col;
    const kind = kinds[i]!;
    for (let j = 0; j < m; j++) {
      const o = columns[j]!.col - col;
      buf[FIT + i * m + j] = fitCost(kind, columns[j]!.type);
      buf[OFF + i * m + j] = o;
      buf[TAIL + i * m + j] = 0.02 * Math.min(3, Math.abs(o));
    }
  }
  const prev = new Int32Array(nm).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const at = i * m + j;
      const o = buf[OFF + at]!;
      const f = buf[FIT + at]!;
      const t = buf[TAIL + at]!;
      const jMax = columns[j]!.multi === true ? j : j - 1;
      let best = drop * i + f + 1.5 * (Math.min(maxShift, shift * Math.abs(o)) + t);
      let arg = -1;
      // The answer is the least cost, ties going to the earliest candidate (the start, then
      // (i2, j2) in increasing order, i.e. increasing index i2*m+j2). Nearest cells first find a
      // low cost early, so that far ones are pruned.
      for (let i2 = i - 1; i2 >= 0 && jMax >= 0; i2--) {
        const dropped = drop * (i - i2 - 1);
        if (prune && buf[LOW + i2 * m + jMax]! + dropped > best) continue;
        for (let j2 = 0; j2 <= jMax; j2++) {
          const from = i2 * m + j2;
          const partial = buf[DP + from]! + dropped;
          if (prune && partial > best) continue;
          const c = partial + f + (Math.min(maxShift, shift * Math.abs(o - buf[OFF + from]!)) + t);
          if (c < best || (c === best && from < arg)) {
            best = c;
            arg = from;
          }
        }
      }
      buf[DP + at] = best;
      buf[LOW + at] = j === 0 ? best : Math.min(buf[LOW + at - 1]!, best);
      prev[at] = arg;
    }
  }
  let bestCost = drop * n;
  let bestAt = -1;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const c = buf[DP + i * m + j]! + drop * (n - 1 - i);
      if (c < bestCost) {
        bestCost = c;
        bestAt = i * m + j;
      }
    }
  const result = new Array<number>(n).fill(-1);
  for (let at = bestAt; at >= 0; at = prev[at]!) result[Math.floor(at / m)] = at % m;
  return result;
}

function unplaced(): number {
  return -1;
}

/**
 * With the default costs and whole column numbers, any other assignment than leaving every cell
 * under the column at its position costs at least 0.32 more than it, less what its moved cells
 * could gain in fit: the first moved cell has a non-zero offset after an unmoved cell (or at the
 * start), so it pays at least 0.3 for the change of offset plus 0.02 for the offset; a dropped cell
 * pays 2 and gives back at most 1. So when the fit that all cells together could gain by moving
 * is below this slack (0.02 kept for rounding), leaving them in place is the unique best answer.
 */
const IN_PLACE_SLACK = 0.3;

function integerColumns(cells: AlignCell[], columns: AlignColumn[]): boolean {
  for (const c of cells) if (!Number.isInteger(c.col)) return false;
  for (const c of columns) if (!Number.isInteger(c.col)) return false;
  return true;
}

/**
 * The answer of the alignment when the row already lines up, without running it; null otherwise.
 * Lining up: every cell sits under the one column at its position, in order, and fits it exactly
 * (cost 0, where every other assignment costs more), or, given a slack (see IN_PLACE_SLACK), the
 * fit its cells could gain by moving to their best-fitting column types adds up to less than it.
 */
function inPlace(
  cells: AlignCell[],
  columns: AlignColumn[],
  kinds: CellKind[],
  slack: number,
): number[] | null {
  const out: number[] = [];
  let last = -1;
  let gain = 0;
  for (let i = 0; i < cells.length; i++) {
    const col = cells[i]!.col;
    let at = -1;
    for (let j = 0; j < columns.length; j++) {
      if (columns[j]!.col !== col) continue;
      if (at >= 0) return null;
      at = j;
    }
    if (at <= last) return null;
    const fit = fitCost(kinds[i]!, columns[at]!.type);
    if (fit !== 0) {
      if (slack === 0) return null;
      let best = fit;
      for (const c of columns) best = Math.min(best, fitCost(kinds[i]!, c.type));
      gain += fit - best;
      if (!(gain < slack)) return null;
    }
    out.push(at);
    last = at;
  }
  return out;
}

/** Linear-size alignment for very wide rows: displacement charged per cell. */
function alignSimple(cells: AlignCell[], columns: AlignColumn[], options: AlignOptions = {}): number[] {
  const shift = options.shiftCost ?? 0.3;
  const maxShift = options.maxShiftCost ?? 0.9;
  const drop = options.dropCost ?? 2;
  const n = cells.length;
  const m = columns.length;
  const kinds: CellKind[] = cells.map((c) => c.kind ?? cellKind(c.text));
  const cost = (i: number, j: number): number => {
    const c = cells[i]!;
    const col = columns[j]!;
    return fitCost(kinds[i]!, col.type) + Math.min(maxShift, shift * Math.abs(c.col - col.col));
  };
  // dp[i][j]: best cost placing the first i cells using columns < j (or ending in column j-1 for multi).
  const W = m + 1;
  const dp = new Float64Array((n + 1) * W).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array((n + 1) * W).fill(-1); // 0: skip column, 1: place, 2: drop cell, 3: multi-extend
  dp[0] = 0;
  for (let j = 1; j <= m; j++) {
    dp[j] = 0;
    from[j] = 0;
  }
  for (let i = 1; i <= n; i++) {
    dp[i * W] = dp[(i - 1) * W]! + drop;
    from[i * W] = 2;
    for (let j = 1; j <= m; j++) {
      let best = dp[i * W + j - 1]!;
      let how = 0;
      const place = dp[(i - 1) * W + j - 1]! + cost(i - 1, j - 1);
      if (place < best) {
        best = place;
        how = 1;
      }
      const dropped = dp[(i - 1) * W + j]! + drop;
      if (dropped < best) {
        best = dropped;
        how = 2;
      }
      if (columns[j - 1]!.multi && i >= 2) {
        const extend = dp[(i - 1) * W + j]! + cost(i - 1, j - 1);
        if (extend < best && lastPlacedIn(from, W, i - 1, j)) {
          best = extend;
          how = 3;
        }
      }
      dp[i * W + j] = best;
      from[i * W + j] = how;
    }
  }
  const result = new Array<number>(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0) {
    const how = from[i * W + j]!;
    if (j === 0 || how === 2) {
      i--;
      continue;
    }
    if (how === 0) {
      j--;
      continue;
    }
    result[i - 1] = j - 1;
    if (how === 1) j--;
    i--;
  }
  return result;
}

/** True when the best path to (i, j) placed cell i-1 in column j-1 (so a multi column can take more). */
function lastPlacedIn(from: Int32Array, W: number, i: number, j: number): boolean {
  const how = from[i * W + j];
  return how === 1 || how === 3;
}
