/**
 * A KPI row shifted left under a caption. Some tables put a caption in the header's first cell
 * (`重要業績評価指標 (KPI)` beside `第3期 KPI`, `基準値`, …) that in the source is a row header
 * spanning the table's rows; converted to text, the data rows lose that cell, and each row's cells
 * then sit one header slot left of their columns: the name under the caption, the baseline under
 * the name, and so on. When such a row has one cell more than its columns can take, the alignment
 * prefers leaving the name out to moving every cell, and the row loses its name.
 */
import type { AlignCell } from './align.ts';
import type { SheetCell } from './context.ts';
import type { Column } from './schema.ts';

const NAME_FIELDS = new Set(['kpiName', 'numericTarget']);

/**
 * The row's cells placed one header slot to the right, from the caption on, when the row is so
 * shifted: a name (a label or text) under a caption that stands just left of a name column (no
 * column between them, none at the caption's own place), and a figure under that name column.
 * Null when the row is not shifted so (it is aligned as it stands). Cells left of the caption keep
 * their places, so a half of a side-by-side table (第2期 | 第3期) that lines up is left alone.
 *
 * @example
 * // header: 重要業績評価指標 (1) | KPI (3) | 基準値 (5) | 目標値 (7); row: 名称 (1) | 3.0点 (3) | 3.2点 (5)
 * captionShift(cells, columns, captions)?.map((c) => c.col) // [3, 5, 7]
 */
export function captionShift(
  cells: readonly AlignCell[],
  columns: readonly Column[],
  captions: readonly SheetCell[] | undefined,
): AlignCell[] | null {
  if (!captions?.length) return null;
  const slots = [...new Set([...columns.map((c) => c.col), ...captions.map((c) => c.col)])].sort(
    (a, b) => a - b,
  );
  for (const name of columns) {
    if (!NAME_FIELDS.has(name.field)) continue;
    const before = slots.filter((s) => s < name.col).at(-1);
    if (before == null || columns.some((c) => c.col === before)) continue;
    if (!captions.some((c) => c.col === before)) continue;
    const under = cells.find((c) => c.col === before);
    const inName = cells.find((c) => c.col === name.col);
    if (!under || (under.kind !== 'label' && under.kind !== 'text')) continue;
    if (!inName || (inName.kind !== 'figure' && inName.kind !== 'int')) continue;
    return cells.map((c) => {
      if (c.col < before) return c;
      const next = slots.find((s) => s > c.col);
      return { ...c, col: next ?? c.col + 1 };
    });
  }
  return null;
}
