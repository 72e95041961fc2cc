/**
 * Multi-row headers (二段・三段の見出し): a header block of two or three rows whose upper cells
 * span the columns under them (a year over 実績 / 改善・悪化 / 達成度; 実績の推移 over the years
 * over 実績値 / 達成率; 指標1 over 指標名 / 基準値 / 目標値). Each column gets the stack of labels
 * above it, one per header row, and the stack is composed into one logical header: the lowest
 * label that names a field gives the field, a year anywhere in the stack gives the year, a
 * numbered upper label (`指標2`, `KPI②`) gives the repeated group. Spans are read from the layout
 * (an upper cell covers the columns up to the next cell of its row, within the span of the cell
 * above it), so merged cells and CSV without merges read alike.
 */
import type { SheetCell, SheetRow } from './context.ts';
import { columnType, type HeaderField, type HeaderMatch } from './header-lexicon.ts';
import { readGeneration } from './header-year.ts';
import { type BareYear, bareYearOf, headerOf, kindOf, type Memo } from './memo.ts';
import type { Column, Decision } from './schema.ts';

/** A label cell of a header row: its lexicon match, bare year and group number. */
interface Label {
  cell: SheetCell;
  match: HeaderMatch | null;
  year: BareYear | null;
  /** The column group a numbered label names (`指標2` → 2, `KPI②` → 2). */
  index: number | null;
  /** First and last column the label covers. */
  from: number;
  to: number;
}

/** A header word, a bare year or a group number: what a header row is made of. */
function headerish(c: SheetCell, memo?: Memo): 'word' | 'year' | 'short' | null {
  const m = headerOf(memo, c.text);
  if (m && m.score >= 0.6) return 'word';
  if (bareYearOf(memo, c.text)) return 'year';
  const t = c.text.normalize('NFKC').trim();
  const kind = kindOf(memo, c.text);
  if (t.length <= 8 && (kind === 'label' || kind === 'text')) return 'short';
  return null;
}

/**
 * True when `row` continues the header block above it as a sub-header row: two cells or more,
 * all header words, years or short labels (most of them words or years), no figures, and some of
 * them under a gap of the row above (its cells span them), so the row refines the columns above
 * rather than starting a table of its own.
 *
 * @example
 * // 指標名 | 基準値 | R5 |    |    | 目標値
 * //        |        | 実績 | 改善・悪化 | 達成度 |      → true
 */
export function continuesHeader(above: SheetRow, row: SheetRow, memo?: Memo): boolean {
  const own = row.cells.filter((c) => !c.copy);
  if (own.length < 2) return false;
  let words = 0;
  for (const c of own) {
    const h = headerish(c, memo);
    if (!h) return false;
    if (h !== 'short') words++;
  }
  if (words * 2 < own.length) return false;
  const upper = above.cells.filter((c) => !c.copy).map((c) => c.col);
  if (upper.length === 0) return false;
  const at = new Set(upper);
  const first = Math.min(...upper);
  return own.some((c) => !at.has(c.col) && c.col > first);
}

/**
 * True when a header block is a grid of spanning labels: some lower cell fills a gap of the row
 * above (the label there spans it). A label written again under itself (数値目標 over 数値目標 |
 * 具体的な施策) is a stacked layout of a conversion, not a group over sub-labels.
 */
export function isSpanningBlock(block: SheetRow[]): boolean {
  let spans = false;
  for (let k = 1; k < block.length; k++) {
    const upper = new Map<number, string>();
    for (const c of block[k - 1]!.cells) if (!c.copy) upper.set(c.col, c.text.trim());
    if (upper.size === 0) continue;
    const first = Math.min(...upper.keys());
    for (const c of block[k]!.cells) {
      if (c.copy) continue;
      const above = upper.get(c.col);
      if (above === c.text.trim()) return false;
      if (above == null && c.col > first) spans = true;
    }
  }
  return spans;
}

/** A group number written after a header word (`指標2`, `KPI 3`, `指標(4)`), or null. */
export function groupNumber(text: string, match: HeaderMatch | null): number | null {
  if (match?.index != null) return match.index;
  if (!match || match.year != null) return null;
  const m = /^[^\d]+?\s*[(（]?([1-9])[)）]?$/u.exec(text.normalize('NFKC').trim());
  return m ? Number(m[1]) : null;
}

/** The labels of each header row with the columns they span. */
function spanLabels(block: SheetRow[], last: number, memo?: Memo): Label[][] {
  const out: Label[][] = [];
  block.forEach((row, k) => {
    const own = row.cells.filter((c) => !c.copy).sort((a, b) => a.col - b.col);
    const shift = k > 0 && k < block.length - 1 ? shiftedRow(own, out[k - 1]!, block[k + 1]!) : 0;
    const labels: Label[] = own.map((cell, i) => {
      const match = headerOf(memo, cell.text);
      const at = cell.col + shift;
      const next = (own[i + 1]?.col ?? last + 1 - shift) + shift;
      // Within the span of the label above it.
      const parent = k > 0 ? out[k - 1]!.find((l) => l.from <= at && at <= l.to) : undefined;
      const to = Math.min(next - 1, parent ? parent.to : last);
      return {
        cell,
        match: match && match.score >= 0.45 ? match : null,
        year: match ? null : bareYearOf(memo, cell.text),
        index: groupNumber(cell.text, match),
        from: at,
        to: Math.max(at, to),
      };
    });
    out.push(labels);
  });
  return out;
}

/**
 * -1 when a middle header row sits one column right of where it belongs (a PDF-to-text
 * conversion shifted it by a leading empty cell): each of its labels starts one column after
 * the start of the group above it, and one column to the left each would sit over the same word
 * of the row below (R2 | R3 over 実績値 | 達成率 | 実績値 | 達成率). Else 0.
 */
function shiftedRow(own: SheetCell[], parents: Label[], below: SheetRow): number {
  if (own.length === 0) return 0;
  const under = new Map<number, string>();
  for (const c of below.cells) if (!c.copy) under.set(c.col, c.text.trim());
  const words = new Set<string>();
  const starts = new Set<Label>();
  for (const c of own) {
    const parent = parents.find((l) => l.from <= c.col && c.col <= l.to && l.to > l.from);
    if (!parent || c.col - 1 < parent.from) return 0;
    const word = under.get(c.col - 1);
    if (word == null) return 0;
    words.add(word);
    // The first label under each group starts right after the group's first column.
    if (c.col - 1 === parent.from) starts.add(parent);
    else if (!starts.has(parent)) return 0;
  }
  return words.size === 1 && starts.size > 0 ? -1 : 0;
}

/** The composed header of a block: its columns, the label cells over several columns, decisions. */
export interface ComposedHeader {
  columns: Column[];
  captions: SheetCell[];
  decisions: Decision[];
}

/**
 * Composes a header block into one logical header per column (see the module comment).
 *
 * @example
 * // rows: 指標 | 基準 | 実績の推移 |        |        |      | 目標
 * //            |      | R2         |        | R3     |
 * //            | R1   | 実績値     | 達成率 | 実績値 | 達成率 | R6
 * composeHeader(block).columns.map((c) => [c.field, c.year])
 * // [['kpiName', null], ['baseline', 2019], ['actual', 2020], ['other', 2020], ['actual', 2021], ['other', 2021], ['target', 2024]]
 */
export function composeHeader(block: SheetRow[], memo?: Memo): ComposedHeader {
  let last = 0;
  for (const r of block) for (const c of r.cells) if (!c.copy && c.col > last) last = c.col;
  const rows = spanLabels(block, last, memo);
  const cols = new Set<number>();
  for (const r of block) for (const c of r.cells) if (!c.copy) cols.add(c.col);
  const columns: Column[] = [];
  const captions = new Set<SheetCell>();
  const decisions: Decision[] = [];
  for (const col of [...cols].sort((a, b) => a - b)) {
    const stack: Label[] = [];
    for (const labels of rows) {
      const l = labels.find((x) => x.from <= col && col <= x.to);
      if (l) stack.push(l);
    }
    const column = composeColumn(col, stack);
    if (!column) continue;
    columns.push(column);
    for (const l of stack) if (l.cell !== column.headerCell) captions.add(l.cell);
    if (stack.length > 1)
      decisions.push({
        row: column.headerCell?.row ?? null,
        column: col,
        what: `column ${col} is ${describe(column)}`,
        because: `its header reads ${stack.map((l) => l.cell.text).join(' › ')} over ${stack.length} header rows`,
      });
  }
  return {
    columns,
    captions: [...captions].filter((c) => !columns.some((k) => k.headerCell === c)),
    decisions,
  };
}

/** `baseline of 2019 (group 2)`: a column as a decision names it. */
function describe(c: Column): string {
  return `${c.field === 'other' ? `"${c.header}"` : `the ${c.field}`}${c.year != null ? ` of ${c.year}` : ''}${c.repeat != null ? ` (group ${c.repeat})` : ''}`;
}

/** One column from the labels stacked over it, top to bottom; null when none names anything. */
function composeColumn(col: number, stack: Label[]): Column | null {
  if (stack.length === 0) return null;
  // The lowest label that is not a bare year decides the field; when it names no field (改善・悪化
  // under a year), the column is a column of its own under that header.
  let decider: Label | null = null;
  for (let k = stack.length - 1; k >= 0; k--) {
    const l = stack[k]!;
    if (l.year) continue;
    // A numbered group label (指標2) over the words under it names no field of its own.
    if (decider == null && l.index != null && k < stack.length - 1 && l.to > l.from) continue;
    decider = l;
    break;
  }
  // A stacked word in the same single column (数値目標 over 具体的な施策): the upper one, with the
  // lower as its second field.
  let alt: HeaderField | undefined;
  const own = stack.filter((l) => l.from === col && l.to === col && l.match);
  if (own.length >= 2 && decider === own[own.length - 1]) {
    const upper = own[own.length - 2]!;
    if (upper.match!.field !== decider.match!.field) {
      alt = decider.match!.field;
      decider = upper;
    }
  }
  const lowest = stack[stack.length - 1]!;
  const headerCell = stack.find((l) => l.from === col && l === lowest)?.cell ?? decider?.cell ?? lowest.cell;
  const header = stack.map((l) => l.cell.text).join(' ');
  let year: BareYear | null = null;
  let yearTo: number | null = null;
  let date: string | null = null;
  for (let k = stack.length - 1; k >= 0 && year == null; k--) {
    const l = stack[k]!;
    if (l.year) {
      year = l.year;
      yearTo = l.year.year;
    } else if (l.match?.year != null) {
      year = { year: l.match.year, basis: l.match.basis };
      yearTo = l.match.yearTo;
      date = l.match.date;
    }
  }
  const generation = stack
    .map((l) => l.match?.generation ?? readGeneration(l.cell.text))
    .find((g) => g != null);
  const unit = [...stack].reverse().find((l) => l.match?.unit)?.match?.unit ?? null;
  const index = [...stack].reverse().find((l) => l.index != null)?.index ?? null;
  const field: HeaderField = decider?.match ? decider.match.field : decider ? 'other' : 'planResult';
  const column: Column = {
    col,
    field,
    type: field === 'other' ? 'text' : columnType(field),
    header,
    headerCell,
    year: year?.year ?? null,
    yearTo,
    date,
    basis: year?.basis ?? 'fiscal',
    generation: generation ?? null,
    unit,
  };
  if (field === 'other') column.other = true;
  if (alt) column.alt = alt;
  if (index != null) column.repeat = index;
  return column;
}
