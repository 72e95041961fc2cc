/**
 * Column roles from header and content together: the header lexicon names most columns, but some
 * headers say only a year (`令和2年度`) or a word the lexicon does not know (`評定`, `所属`); what
 * the cells under them hold decides. A year column of figures in an indicator table holds actuals;
 * an unknown column of departments, statuses or indicator roles (`数値目標` / `KPI`) holds those.
 */
import type { SheetRow } from './context.ts';
import { type ColumnType, columnType, type HeaderField, matchHeader } from './header-lexicon.ts';
import { headerOf, kindOf, type Memo } from './memo.ts';
import { resolveNameWithValue } from './name-value.ts';
import type { Column, Schema } from './segment.ts';

/** Rows looked at per table to judge a column's content (enough for a majority, bounded work). */
const SAMPLE_ROWS = 200;

/**
 * The role an indicator's category cell names (`数値目標`, `KPI`, `活動指標`), or null.
 *
 * @example roleWord('数値目標') // 'numeric_target'
 * @example roleWord('ＫＰＩ') // 'kpi'
 * @example roleWord('活動指標') // 'project_indicator'
 */
export function roleWord(text: string, memo?: Memo): 'numeric_target' | 'kpi' | 'project_indicator' | null {
  const t = text.normalize('NFKC').trim();
  if (!t || t.length > 20) return null;
  if (/活動指標|事業指標|設定指標/u.test(t)) return 'project_indicator';
  const m = headerOf(memo, t);
  if (!m || m.score < 0.85) return null;
  if (m.field === 'numericTarget' || m.field === 'outcomeTarget') return 'numeric_target';
  if (m.field === 'kpiName') return 'kpi';
  return null;
}

/** What the cells of one column hold, counted over the sample. */
interface Content {
  cells: number;
  figure: number;
  dept: number;
  status: number;
  mark: number;
  text: number;
  role: number;
  ints: number;
  /** Cells that start with a section number (`②`, `(3)`, `1.`, `Ⅱ`). */
  coded: number;
}

/** A section number at the start of a heading cell: `②`, `(3)`, `1.`, `Ⅱ`, `第2`. */
const SECTION_CODE =
  /^\s*(?:[①-⑳]|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.．、]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|第\s*\d{1,2})\s*\S/u;

/**
 * Refines the columns of a table from what their cells hold (in place; returns the schema).
 * Only columns whose header leaves the role open change: a bare-year column (`令和2年度`) of
 * figures in a table of indicator figures (a baseline, target or actual column beside it) becomes
 * an actual of that year; a column under an unknown
 * header takes the type of its content, and the field when the content is unmistakable
 * (departments, statuses, indicator roles) and the table has no such column yet.
 *
 * @example
 * // header 指標名 | 現状値(R1) | 令和2年度, rows 観光客数 | 120 | 98 → the third column is an actual of 2020
 * inferColumns(memo, schema, rows).columns[2].field // 'actual'
 */
export function inferColumns(memo: Memo, schema: Schema, rows: SheetRow[]): Schema {
  if (schema.vertical) return schema;
  resolveNameWithValue(schema, rows);
  resolveNameAndValueColumns(memo, schema, rows);
  const open = schema.columns.filter(
    (c) =>
      c.other ||
      (c.field === 'planResult' && c.year != null && !c.tag) ||
      (c.field === 'no' && c.type === 'int') ||
      c.field === 'status',
  );
  if (open.length === 0) return schema;
  const fields = new Set<HeaderField>(schema.columns.map((c) => c.field));
  // A table of indicator figures (not a project sheet whose year columns hold plans).
  const indicators = fields.has('baseline') || fields.has('target') || fields.has('actual');
  const content = new Map<Column, Content>();
  for (const c of open)
    content.set(c, { cells: 0, figure: 0, dept: 0, status: 0, mark: 0, text: 0, role: 0, ints: 0, coded: 0 });
  const byCol = new Map<number, Column>(open.map((c) => [c.col, c]));
  const n = Math.min(rows.length, SAMPLE_ROWS);
  for (let r = 0; r < n; r++) {
    for (const cell of rows[r]!.cells) {
      const col = byCol.get(cell.col);
      if (!col) continue;
      const k = content.get(col)!;
      k.cells++;
      const kind = kindOf(memo, cell.text);
      if (kind === 'int') k.ints++;
      if (kind === 'figure' || kind === 'int' || kind === 'dash') k.figure++;
      else if (kind === 'dept') k.dept++;
      else if (kind === 'status') k.status++;
      else if (kind === 'mark') k.mark++;
      else if (kind === 'text') k.text++;
      if (roleWord(cell.text, memo)) k.role++;
      if (kind === 'text' && SECTION_CODE.test(cell.text)) k.coded++;
    }
  }
  const nameCol =
    schema.columns.find((c) => c.field === 'kpiName' || c.field === 'numericTarget')?.col ?? null;
  for (const c of open) {
    const k = content.get(c)!;
    if (k.cells === 0) continue;
    const share = (x: number) => x / k.cells;
    if (c.field === 'status') {
      // A status column of rates (進捗 96%, 達成度 102%): its cells are figures, for alignment.
      if (share(k.figure) >= 0.8) c.type = 'figure';
      continue;
    }
    if (c.field === 'no') {
      // Numbers such as `411-6` or `A-12`: codes, not small integers.
      if (k.ints < k.cells / 2) c.type = 'label';
      continue;
    }
    if (!c.other) {
      // A bare-year column: actuals when it holds figures in a table of indicators.
      if (indicators && share(k.figure) >= 0.6) setField(c, 'actual');
      continue;
    }
    if (share(k.role) >= 0.8 && !fields.has('role')) setField(c, 'role');
    else if (
      // A hierarchy column: numbered headings written once per group (the rest filled down),
      // left of the indicator names.
      indicators &&
      nameCol != null &&
      c.col < nameCol &&
      k.coded >= 2 &&
      k.coded >= 0.8 * k.text &&
      share(k.text) >= 0.6 &&
      k.cells < n &&
      !fields.has('measure')
    ) {
      setField(c, 'measure');
      fields.add('measure');
    } else if (share(k.dept) >= 0.8 && !fields.has('department')) setField(c, 'department');
    else if (share(k.status) >= 0.8 && !fields.has('status') && indicators) setField(c, 'status');
    else c.type = majorityType(k);
  }
  schema.signature = schema.columns.map((c) => c.field).join(',');
  return schema;
}

/** Fields whose header may name either the indicator or its target value (`KPI`, `数値目標`). */
const NAME_FIELDS = new Set<HeaderField>(['kpiName', 'numericTarget', 'outcomeTarget']);

/**
 * Tells the name column from value columns by content. Cities head the column of target values
 * `KPI`, `数値目標` or `指標` as often as the column of names; a name-headed column whose cells are
 * mostly figures holds the target (or, when the table already has a target, the figures of the
 * indicator named elsewhere). When then no column of names is left, the column of labels left of
 * the figures (`項目`, an unknown header) names the indicators. Each change is recorded in
 * `schema.decisions` with its reason.
 *
 * @example
 * // 項目 | 現状値 | KPI(R6), rows 移住者数 | 120 | 150 → 項目 becomes the name, KPI the target
 */
export function resolveNameAndValueColumns(memo: Memo, schema: Schema, rows: SheetRow[]): void {
  const content = sampleContent(memo, schema, rows);
  const decide = (c: Column, what: string, because: string) => {
    schema.decisions ??= [];
    schema.decisions.push({ row: c.headerCell?.row ?? null, column: c.col, what, because });
  };
  const figureShare = (c: Column) => {
    const k = content.get(c);
    return k && k.cells > 0 ? k.figure / k.cells : 0;
  };
  const labelShare = (c: Column) => {
    const k = content.get(c);
    return k && k.cells > 0 ? k.text / k.cells : 0;
  };
  // Tables of two periods side by side and project tables have layouts of their own.
  if (schema.columns.some((c) => c.generation != null || c.field === 'projectName' || c.field === 'bodies'))
    return;
  const cellsOf = (c: Column) => content.get(c)?.cells ?? 0;
  for (const c of schema.columns) {
    if ((c.field !== 'baseline' && c.field !== 'target') || c.tag) continue;
    const fields = new Set(
      c.header
        .split(/[・/／→⇒、]|及び|と/u)
        .map((p) => matchHeader(p)?.field)
        .filter(Boolean),
    );
    if (fields.has('baseline') && fields.has('target')) {
      c.pair = true;
      decide(c, `column ${c.col} (${c.header}) holds baseline and target`, 'its header names both');
    }
  }
  let hasTarget = schema.columns.some((c) => c.field === 'target' || c.pair);
  for (const c of schema.columns) {
    if (!NAME_FIELDS.has(c.field) || c.alt || c.tag || c.withValue) continue;
    // Only when another headed column holds the names (a row shifted under its header is not that).
    if (cellsOf(c) < 2 || figureShare(c) < 0.6) continue;
    if (!schema.columns.some((k) => k !== c && cellsOf(k) >= 2 && labelShare(k) >= 0.6)) continue;
    const field: HeaderField = hasTarget ? 'actual' : 'target';
    decide(
      c,
      `column ${c.col} (${c.header}) holds the ${field === 'target' ? 'target' : 'figures'}, not names`,
      `its header names the indicator, but ${Math.round(figureShare(c) * 100)}% of its cells are figures`,
    );
    setField(c, field);
    if (field === 'target') hasTarget = true;
  }
  const names = schema.columns.filter((c) => NAME_FIELDS.has(c.field) || c.field === 'projectName');
  if (names.length > 0 || !hasTarget) return;
  const firstFigure = schema.columns.find((c) => columnType(c.field) === 'figure');
  const candidate = schema.columns.find(
    (c) =>
      (c.other || c.field === 'no' || c.field === 'summary') &&
      (!firstFigure || c.col < firstFigure.col) &&
      labelShare(c) >= 0.6,
  );
  if (!candidate) return;
  decide(
    candidate,
    `column ${candidate.col} (${candidate.header}) names the indicators`,
    'no column header names them, and its cells are labels left of the figure columns',
  );
  delete candidate.other;
  setField(candidate, 'kpiName');
}

/** What each column's cells hold, over a sample of the rows. */
function sampleContent(memo: Memo, schema: Schema, rows: SheetRow[]): Map<Column, Content> {
  const content = new Map<Column, Content>();
  const byCol = new Map<number, Column>();
  for (const c of schema.columns) {
    content.set(c, { cells: 0, figure: 0, dept: 0, status: 0, mark: 0, text: 0, role: 0, ints: 0, coded: 0 });
    byCol.set(c.col, c);
  }
  const n = Math.min(rows.length, SAMPLE_ROWS);
  for (let r = 0; r < n; r++) {
    const cells = rows[r]!.cells;
    if (cells.length < 2) continue;
    for (const cell of cells) {
      const col = byCol.get(cell.col);
      if (!col) continue;
      const k = content.get(col)!;
      k.cells++;
      const kind = kindOf(memo, cell.text);
      if (kind === 'figure' || kind === 'int') k.figure++;
      else if (kind === 'label' || kind === 'text') k.text++;
      else if (kind === 'dash') k.cells--;
    }
  }
  return content;
}

function setField(c: Column, field: HeaderField): void {
  c.field = field;
  c.type = columnType(field);
}

function majorityType(k: Content): ColumnType {
  const best = Math.max(k.figure, k.dept, k.status, k.mark, k.text);
  if (best * 2 < k.cells) return 'label';
  if (best === k.figure) return 'figure';
  if (best === k.mark) return 'mark';
  if (best === k.dept) return 'dept';
  if (best === k.status) return 'status';
  return 'text';
}
