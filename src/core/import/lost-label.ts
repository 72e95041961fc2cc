/**
 * A narrative table's header that lost one label, completed from the same table's other headers.
 * Pure.
 *
 * A document that repeats one narrative table per block (per 施策大項目: 【具体的な施策】 |
 * 【施策の概要】 | 【主な取組】 | 【総括】 | 【施策の概要】 | …) sometimes prints one block's header
 * without one of its labels (text taken from a printed page drops a cell), while the block's rows
 * still hold that column. Such a header is completed when
 * - another header of the document (a sibling) has the same labels up to that place, one label
 *   more there, and then the same labels again for as far as both go; all siblings that have one
 *   more label name the same place and the same field;
 * - the header has no cell of its own between the labels around that place (the lost label's cell
 *   is empty);
 * - and the block's rows agree: in the period's span of columns that the place falls in (the run
 *   of labels up to a repeated field, as `narrativePeriods` reads a row), at least one row holds
 *   one more cell than the header has labels there, and none holds exactly as many.
 * Otherwise the header is kept as it is, and its rows are read as before.
 */
import { type AlignCell, type AlignColumn, alignRow } from './align.ts';
import type { SheetRow } from './context.ts';
import type { HeaderField } from './header-lexicon.ts';
import type { Memo } from './memo.ts';
import type { Column, Schema } from './schema.ts';
import { detectHeader } from './segment.ts';
import { normalizeKey } from './text.ts';

/** Fields that make a header a narrative table's (the table whose labels are completed). */
const NARRATIVE = new Set<HeaderField>(['summary', 'mainActions', 'overall']);

/**
 * True for the header of a narrative table that can lend or receive a label: laid out in a row
 * (not vertically), two columns or more, one of them a narrative field.
 *
 * @example isNarrativeHeader({ vertical: false, columns: [{ field: 'measure' }, { field: 'summary' }] }) // true
 */
export function isNarrativeHeader(schema: Pick<Schema, 'vertical' | 'columns'>): boolean {
  return !schema.vertical && schema.columns.length >= 2 && schema.columns.some((c) => NARRATIVE.has(c.field));
}

/**
 * The narrative headers of a sheet's rows, each read as a table's header would be (a header block
 * is read once, from its first row), for `completeLostLabel` to compare a header with.
 *
 * @example narrativeHeaders(rows, memo).map((s) => s.rows[0].row) // [4, 9] (the rows of two such headers)
 */
export function narrativeHeaders(rows: SheetRow[], memo?: Memo): Schema[] {
  const out: Schema[] = [];
  for (let i = 0; i < rows.length; i++) {
    const schema = detectHeader(rows, i, memo);
    if (!schema) continue;
    if (isNarrativeHeader(schema)) out.push(schema);
    i += schema.rows.length - 1;
  }
  return out;
}

/** The key a label is compared by: its field, or its text for a header the lexicon does not know. */
function keyOf(c: Column): string {
  return c.field === 'other' ? `other:${normalizeKey(c.header)}` : c.field;
}

/** A place where a sibling header has one label more: the index it would take and that label. */
interface Lost {
  at: number;
  column: Column;
  sibling: Schema;
}

/**
 * Where `sibling` has one label more than `own`: the same labels before it (one or more), then
 * the sibling's extra label, then the same labels as `own` from there for as far as both go (one
 * or more). Null when the two are not so related (identical headers among them).
 */
function lostIn(own: readonly string[], sibling: Schema): Lost | null {
  const theirs = sibling.columns.map(keyOf);
  let at = 0;
  while (at < own.length && at < theirs.length && own[at] === theirs[at]) at++;
  // Interior places only: a label before and a label after in both headers.
  if (at === 0 || at >= own.length || at + 1 >= theirs.length) return null;
  const k = Math.min(theirs.length - at - 1, own.length - at);
  for (let i = 0; i < k; i++) if (theirs[at + 1 + i] !== own[at + i]) return null;
  return { at, column: sibling.columns[at]!, sibling };
}

/** The columns of a period's span: its first (inclusive) and last (exclusive) column and their indices. */
export interface LabelSpan {
  /** First column of the span (-Infinity for the first span: cells left of the header count in). */
  from: number;
  /** The column after the span (Infinity for the last span). */
  to: number;
  /** Indices of the span's columns in the column list. */
  indices: number[];
}

/**
 * The span of labels that column `at` belongs to: a span runs up to the label before a field it
 * already holds (施策の概要 | 主な取組 | 総括 ‖ 施策の概要 | …), as `narrativePeriods` splits a row.
 *
 * @example
 * // fields measure summary mainActions overall summary mainActions at columns 1 2 3 4 6 7
 * spanOf(columns, 3) // { from: -Infinity, to: 6, indices: [0, 1, 2, 3] }
 */
export function spanOf(columns: readonly Column[], at: number): LabelSpan {
  const keys = columns.map(keyOf);
  const starts = [0];
  let seen = new Set<string>();
  keys.forEach((k, i) => {
    if (seen.has(k)) {
      starts.push(i);
      seen = new Set();
    }
    seen.add(k);
  });
  let span = 0;
  while (span + 1 < starts.length && starts[span + 1]! <= at) span++;
  const first = starts[span]!;
  const next = starts[span + 1];
  const indices: number[] = [];
  for (let i = first; i < (next ?? keys.length); i++) indices.push(i);
  return {
    from: span === 0 ? Number.NEGATIVE_INFINITY : columns[first]!.col,
    to: next == null ? Number.POSITIVE_INFINITY : columns[next]!.col,
    indices,
  };
}

/** The cells of a row inside a span. */
function inside(cells: readonly { col: number; copy?: true }[], span: LabelSpan): number {
  let n = 0;
  for (const c of cells) if (!c.copy && c.col >= span.from && c.col < span.to) n++;
  return n;
}

/**
 * The schema with the label its siblings carry at the place where it lost one (see the module's
 * note), and a decision saying why; the schema itself when the evidence is missing or conflicting.
 * `siblings` are the document's other narrative headers (the schema's own header among them is
 * ignored); `rows` are the table's data rows.
 *
 * @example
 * // header 【具体的な施策】(1) 【施策の概要】(2) 【主な取組】(3) 【施策の概要】(6) 【主な取組】(7),
 * // a sibling 【具体的な施策】 【施策の概要】 【主な取組】 【総括】 【施策の概要】 【主な取組】,
 * // rows with cells in columns 1 2 3 4 | 6 7
 * completeLostLabel(schema, rows, [sibling]).columns.map((c) => [c.col, c.field])
 * // [[1, 'measure'], [2, 'summary'], [3, 'mainActions'], [4, 'overall'], [6, 'summary'], [7, 'mainActions']]
 */
export function completeLostLabel(
  schema: Schema,
  rows: readonly SheetRow[],
  siblings: readonly Schema[],
): Schema {
  if (!isNarrativeHeader(schema) || rows.length === 0 || schema.columns.some((c) => c.lost)) return schema;
  const own = schema.columns.map(keyOf);
  const ownRows = new Set(schema.rows.map((r) => r.row));
  const found: Lost[] = [];
  for (const s of siblings) {
    if (s === schema || s.rows.some((r) => ownRows.has(r.row)) || !isNarrativeHeader(s)) continue;
    const lost = lostIn(own, s);
    if (lost) found.push(lost);
  }
  if (found.length === 0) return schema;
  const { at, column } = found[0]!;
  // Siblings that name another place or another label: conflicting evidence.
  if (found.some((f) => f.at !== at || keyOf(f.column) !== keyOf(column))) return schema;
  const before = schema.columns[at - 1]!;
  const after = schema.columns[at]!;
  const col = before.col + 1;
  if (col >= after.col) return schema;
  // The lost label's cell is empty in this header.
  if (schema.rows.some((r) => r.cells.some((c) => c.col > before.col && c.col < after.col))) return schema;
  const added: Column = { ...column, col, headerCell: null, generation: before.generation, lost: true };
  const columns = [...schema.columns.slice(0, at), added, ...schema.columns.slice(at)];
  // The rows: one cell more than the header's labels in the span of the place, none as many.
  const span = spanOf(columns, at);
  let fuller = 0;
  for (const r of rows) {
    const n = inside(r.cells, span);
    if (n === span.indices.length - 1) return schema;
    if (n === span.indices.length) fuller++;
  }
  if (fuller === 0) return schema;
  const places = [...new Set(found.map((f) => f.sibling.rows[0]!.row))];
  return {
    ...schema,
    columns,
    signature: columns.map((c) => c.field).join(','),
    decisions: [
      ...(schema.decisions ?? []),
      {
        row: schema.rows[0]!.row,
        column: col,
        what: `column ${col} is ${column.header}, a label this header lost`,
        because: `the same table's header in row ${places.join(', ')} has it between ${before.header} and ${after.header}, and ${fuller} of the rows below hold one cell more there than this header has labels`,
      },
    ],
  };
}

/**
 * The columns a row's cells go to in a table with a completed label (null when it has none). In a
 * row holding one cell per label of the lost label's span (the rows the label was completed on),
 * the span's cells take the span's columns in order; the cells left and right of the span that
 * stand each under a column of their side take it, and otherwise that side is read as the header
 * without the lost label reads it (the lost label changes nothing there). Any other row is aligned
 * with the completed header as a whole (`alignRow`).
 *
 * @example
 * // fields measure summary mainActions overall(lost) summary at columns 1 2 4 5 7; cells at 1 2 3 4 | 7
 * alignAroundLost(cells, columns) // [0, 1, 2, 3, 4]
 */
export function alignAroundLost(cells: AlignCell[], columns: readonly Column[]): number[] | null {
  const lost = columns.findIndex((c) => c.lost);
  if (lost < 0) return null;
  const targets: AlignColumn[] = columns.map((c) => ({ col: c.col, type: c.type }));
  const span = spanOf(columns, lost);
  const side = (c: AlignCell) => (c.col < span.from ? -1 : c.col < span.to ? 0 : 1);
  if (cells.filter((c) => side(c) === 0).length !== span.indices.length) return alignRow(cells, targets);
  const first = span.indices[0]!;
  const last = span.indices[span.indices.length - 1]!;
  const range = (s: number) => (s < 0 ? [0, first] : [last + 1, columns.length]) as [number, number];
  const under = (c: AlignCell, s: number) => {
    const [from, to] = range(s);
    for (let j = from; j < to; j++) if (columns[j]!.col === c.col) return j;
    return -1;
  };
  // A side whose cells each stand under a column of that side is read in place.
  const inPlace = new Set([-1, 1].filter((s) => cells.every((c) => side(c) !== s || under(c, s) >= 0)));
  let without: number[] | null = null;
  let k = 0;
  return cells.map((c, i) => {
    const s = side(c);
    if (s === 0) return span.indices[k++]!;
    if (inPlace.has(s)) return under(c, s);
    without ??= alignRow(cells, [...targets.slice(0, lost), ...targets.slice(lost + 1)]);
    const j = without[i]!;
    const at = j >= lost ? j + 1 : j;
    const [from, to] = range(s);
    return j >= 0 && at >= from && at < to ? at : -1;
  });
}
