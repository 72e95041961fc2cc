/**
 * KPI records written over two lines, as PDF conversions leave a table whose header lost its
 * figure columns: the name row carries the labels of its figures (`合計特殊出生率 | H30基準値 |
 * R6目標値`) and the row below, without a name, the figures in that order (`1.45 (H28) | 1.44 (R1)
 * | … | 1.57 | B | 経営戦略課`): the baseline under the 基準値 label, the yearly actuals between,
 * the target under the 目標値 label, then the reported grade and the department. Without a row of
 * figures below, the name row holds them itself: the figure before the 目標値 label is the
 * baseline, and the target, grade and department follow the label. Pure: cells in, fields out.
 */
import type { SheetCell, SheetRow } from './context.ts';
import { headerOf, kindOf, type Memo } from './memo.ts';

/** A label of a figure column written inside a name row (`H30基準値`, `R6目標値`, `R2実績`). */
export interface RecordLabel {
  cell: SheetCell;
  field: 'baseline' | 'target' | 'actual';
  year: number | null;
}

/** A figure of a record and the field it goes to (actuals with the year their place gives). */
export interface RecordValue {
  cell: SheetCell;
  field: 'baseline' | 'target' | 'actual' | 'status' | 'department';
  year: number | null;
}

const FIELDS = new Set(['baseline', 'target', 'actual']);

/**
 * The figure labels of a name row: cells after the first name-like cell that are a figure column's
 * header (`H30基準値`, `R6目標値`), a 目標値 among them; null for an ordinary row.
 *
 * @example recordLabels(memo, row(['', '合計特殊出生率', 'H30基準値', '', 'R6目標値']))
 * // [{ field: 'baseline', year: 2018, … }, { field: 'target', year: 2024, … }]
 */
export function recordLabels(memo: Memo, row: SheetRow): { name: SheetCell; labels: RecordLabel[] } | null {
  const cells = [...row.cells].sort((a, b) => a.col - b.col);
  const name = cells.find((c) => kindOf(memo, c.text) === 'label' && !headerOf(memo, c.text));
  if (!name) return null;
  const labels: RecordLabel[] = [];
  for (const c of cells) {
    if (c.col <= name.col || c.text.length > 16) continue;
    const h = headerOf(memo, c.text);
    if (h && h.score >= 0.95 && FIELDS.has(h.field))
      labels.push({ cell: c, field: h.field as RecordLabel['field'], year: h.year });
  }
  if (!labels.some((l) => l.field === 'target')) return null;
  return { name, labels };
}

const isFigure = (memo: Memo, c: SheetCell) => {
  const k = kindOf(memo, c.text);
  return k === 'figure' || k === 'dash';
};

/**
 * Whether `row` holds the figures of the record above: no name, and a figure at or near the
 * first label's column, two figures at least.
 */
export function isFigureRow(memo: Memo, row: SheetRow, labels: RecordLabel[]): boolean {
  const cells = row.cells.filter((c) => c.text.trim());
  if (cells.some((c) => kindOf(memo, c.text) === 'label')) return false;
  const first = Math.min(...labels.map((l) => l.cell.col));
  const figures = cells.filter((c) => isFigure(memo, c));
  return figures.length >= 2 && figures[0]!.col >= first - 1;
}

/**
 * The fields of a record's figures, in order: with a row of figures below (`below`), its cells;
 * else the name row's cells after the name (the labels left out), up to the department.
 * Actuals without a year in the cell take the years before the target's, counted back.
 */
export function recordValues(
  memo: Memo,
  name: SheetCell,
  labels: RecordLabel[],
  cells: SheetCell[],
  below: boolean,
): RecordValue[] {
  const target = labels.find((l) => l.field === 'target')!;
  const hasBaseline = labels.some((l) => l.field === 'baseline');
  const sorted = [...cells]
    .filter((c) => c.col > (below ? 0 : name.col) && !labels.some((l) => l.cell === c) && c.text.trim())
    .sort((a, b) => a.col - b.col);
  const out: RecordValue[] = [];
  let k = 0;
  // Figures before the target: the baseline (where a 基準値 label stands, or in the name row),
  // then actuals.
  const before: SheetCell[] = [];
  while (k < sorted.length && isFigure(memo, sorted[k]!)) {
    if (below ? sorted[k]!.col >= target.cell.col : sorted[k]!.col > target.cell.col) break;
    before.push(sorted[k]!);
    k++;
  }
  let targetCell: SheetCell | undefined;
  if (below) {
    // The figure under the 目標値 label; else the last of the run is the target.
    if (k < sorted.length && isFigure(memo, sorted[k]!)) targetCell = sorted[k++];
    else targetCell = before.pop();
  } else if (k < sorted.length && isFigure(memo, sorted[k]!)) targetCell = sorted[k++];
  const baseline = before.length > 0 && (hasBaseline || !below) ? before.shift() : undefined;
  if (baseline) out.push({ cell: baseline, field: 'baseline', year: null });
  const targetYear = target.year;
  for (const [i, c] of before.entries())
    out.push({ cell: c, field: 'actual', year: targetYear != null ? targetYear - before.length + i : null });
  if (targetCell) out.push({ cell: targetCell, field: 'target', year: null });
  // Then the reported grade and the department, in that order; anything else ends the record.
  for (; k < sorted.length; k++) {
    const c = sorted[k]!;
    const kind = kindOf(memo, c.text);
    if (kind === 'status' && !out.some((v) => v.field === 'status'))
      out.push({ cell: c, field: 'status', year: null });
    else if (kind === 'dept' && !out.some((v) => v.field === 'department'))
      out.push({ cell: c, field: 'department', year: null });
    else break;
  }
  return targetCell ? out : [];
}
