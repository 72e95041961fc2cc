/**
 * Repeated column groups (繰り返しの列グループ): a wide row holding several indicators side by
 * side, each in a group of the same columns (指標名 / 基準値 / 目標値, or 指標名 / 単位 / 基準値 /
 * 実績 / 目標, written again for each, numbered `KPI①` or under a group label `指標1`). Found in a
 * table's schema by structure: numbered header labels, or the name column repeating with the same
 * columns after it. Columns before the first group (goal, measure) are shared by every group.
 */
import type { SheetCell, SheetRow } from './context.ts';
import type { HeaderField } from './header-lexicon.ts';
import type { Column, Schema } from './schema.ts';

/** Fields that belong to one indicator of a group (hierarchy and row numbers are shared). */
const GROUP_FIELDS = new Set<HeaderField>([
  'kpiName',
  'numericTarget',
  'unit',
  'baseline',
  'target',
  'actual',
  'status',
  'department',
  'definition',
  'notes',
  'commentary',
  'baselineYear',
  'targetYear',
  'other',
]);
const NAME_FIELDS = new Set<HeaderField>(['kpiName', 'numericTarget']);

/**
 * Marks the repeated column groups of a schema (in place: `column.repeat`) and records the
 * decision; leaves a schema without repeated groups as it is. Returns the group numbers found.
 *
 * @example
 * // 施策 | 指標名 | 基準値 | 目標値 | 指標名 | 基準値 | 目標値
 * markRepeatedGroups(schema) // [1, 2]; columns 2–4 are group 1, 5–7 group 2, 施策 shared
 */
export function markRepeatedGroups(schema: Schema): number[] {
  const cols = schema.columns;
  if (schema.vertical || cols.some((c) => c.generation != null || c.tag)) return clear(cols);
  const numbered = cols.filter((c) => c.repeat != null && GROUP_FIELDS.has(c.field));
  let groups: number[];
  if (numbered.length > 0 && new Set(numbered.map((c) => c.repeat)).size >= 2) {
    for (const c of cols) if (!GROUP_FIELDS.has(c.field)) delete c.repeat;
    groups = groupsOf(cols);
    if (!groups.every((g) => cols.some((c) => c.repeat === g && NAME_FIELDS.has(c.field))))
      return clear(cols);
  } else {
    clear(cols);
    groups = byRepeatedName(cols);
  }
  if (groups.length < 2) return clear(cols);
  const spans = groups.map((g) => {
    const mine = cols.filter((c) => c.repeat === g);
    return `${mine[0]!.col}–${mine[mine.length - 1]!.col}`;
  });
  const first = cols.filter((c) => c.repeat === groups[0]);
  schema.decisions ??= [];
  schema.decisions.push({
    row: first[0]?.headerCell?.row ?? null,
    column: first[0]?.col ?? null,
    what: `columns ${spans.join(', ')} are ${groups.length} repeated KPI groups (${first.map((c) => c.field).join(' / ')}), one indicator each`,
    because:
      numbered.length > 0
        ? 'their headers are numbered by group'
        : 'the indicator name column repeats with the same columns after it',
  });
  schema.signature = cols.map((c) => `${c.field}${c.repeat ?? ''}`).join(',');
  return groups;
}

function clear(cols: Column[]): number[] {
  for (const c of cols) delete c.repeat;
  return [];
}

function groupsOf(cols: Column[]): number[] {
  return [...new Set(cols.map((c) => c.repeat).filter((g): g is number => g != null))].sort((a, b) => a - b);
}

/**
 * Groups by a repeated name column: each name column starts a group that runs to the next one;
 * every group has the fields of the first (the last group takes as many columns as the first, the
 * columns after it are shared).
 */
function byRepeatedName(cols: Column[]): number[] {
  const starts: number[] = [];
  cols.forEach((c, k) => {
    if (NAME_FIELDS.has(c.field) && !c.alt) starts.push(k);
  });
  if (starts.length < 2) return [];
  const width = starts[1]! - starts[0]!;
  const pattern = cols.slice(starts[0]!, starts[1]!).map((c) => c.field);
  if (!pattern.some((f) => f === 'baseline' || f === 'target' || f === 'actual')) return [];
  for (let g = 0; g < starts.length; g++) {
    const from = starts[g]!;
    const to = g + 1 < starts.length ? starts[g + 1]! : Math.min(cols.length, from + width);
    if (to - from !== width) return [];
    for (let k = from; k < to; k++) {
      const f = cols[k]!.field;
      if (f !== pattern[k - from] || !GROUP_FIELDS.has(f)) return [];
    }
  }
  starts.forEach((from, g) => {
    for (let k = from; k < from + width; k++) cols[k]!.repeat = g + 1;
  });
  return starts.map((_, g) => g + 1);
}

/**
 * The rows of one group of a table with repeated groups: the shared columns and the group's own.
 * Cells of shared columns are copies from the second group on, so that each group reads them
 * again (goal, measure, department) without counting them twice. `place` gives each cell's
 * column (by alignment with the header, for rows shifted by a conversion).
 */
export function groupRow(
  row: SheetRow,
  place: (cell: SheetCell) => Column | undefined,
  group: number,
  first: boolean,
): SheetRow {
  const cells: SheetCell[] = [];
  for (const c of row.cells) {
    const col = place(c);
    const g = col?.repeat;
    if (g != null && g !== group) continue;
    if (col == null && !first) continue;
    cells.push(first || g != null ? c : c.copy ? c : { ...c, copy: true });
  }
  return { row: row.row, cells };
}

/** The schema one group's rows are read with: the shared columns and the group's own. */
export function groupSchema(schema: Schema, group: number): Schema {
  return { ...schema, columns: schema.columns.filter((c) => c.repeat == null || c.repeat === group) };
}
