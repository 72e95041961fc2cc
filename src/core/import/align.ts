/**
 * Lines a data row's cells up with the header's columns by content type, so that a row shifted by
 * a missing (or an extra) leading cell still lands in the right fields. A monotone alignment (cells
 * keep their order) minimising type misfit plus a small cost per column of displacement.
 */
import { type CellKind, cellKind, fitCost } from './cell-kind.ts';
import type { ColumnType } from './header-lexicon.ts';

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
  if (m === 0) return cells.map(() => -1);
  if (n * n * m * m > 4_000_000) return alignSimple(cells, columns, options);
  const shift = options.shiftCost ?? 0.3;
  const maxShift = options.maxShiftCost ?? 0.9;
  const drop = options.dropCost ?? 2;
  const kinds: CellKind[] = cells.map((c) => cellKind(c.text));
  const fitOf = (i: number, j: number) => fitCost(kinds[i]!, columns[j]!.type);
  const off = (i: number, j: number) => columns[j]!.col - cells[i]!.col;
  const change = (a: number, b: number) =>
    Math.min(maxShift, shift * Math.abs(a - b)) + 0.02 * Math.min(3, Math.abs(a));
  // dp[i*m+j]: best cost of cells 0..i with cell i placed in column j (the last placement).
  const dp = new Float64Array(n * m).fill(Number.POSITIVE_INFINITY);
  const prev = new Int32Array(n * m).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const o = off(i, j);
      let best = drop * i + fitOf(i, j) + 1.5 * change(o, 0);
      let arg = -1;
      for (let i2 = 0; i2 < i; i2++) {
        const dropped = drop * (i - i2 - 1);
        for (let j2 = 0; j2 <= j; j2++) {
          if (j2 === j && !columns[j]!.multi) continue;
          const base = dp[i2 * m + j2]!;
          if (base === Number.POSITIVE_INFINITY) continue;
          const c = base + dropped + fitOf(i, j) + change(o, off(i2, j2));
          if (c < best) {
            best = c;
            arg = i2 * m + j2;
          }
        }
      }
      dp[i * m + j] = best;
      prev[i * m + j] = arg;
    }
  }
  let bestCost = drop * n;
  let bestAt = -1;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const c = dp[i * m + j]! + drop * (n - 1 - i);
      if (c < bestCost) {
        bestCost = c;
        bestAt = i * m + j;
      }
    }
  const result = new Array<number>(n).fill(-1);
  for (let at = bestAt; at >= 0; at = prev[at]!) result[Math.floor(at / m)] = at % m;
  return result;
}

/** Linear-size alignment for very wide rows: displacement charged per cell. */
function alignSimple(cells: AlignCell[], columns: AlignColumn[], options: AlignOptions = {}): number[] {
  const shift = options.shiftCost ?? 0.3;
  const maxShift = options.maxShiftCost ?? 0.9;
  const drop = options.dropCost ?? 2;
  const n = cells.length;
  const m = columns.length;
  const kinds: CellKind[] = cells.map((c) => cellKind(c.text));
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
