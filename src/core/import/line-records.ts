/**
 * Indicators written as lines of text rather than table rows (行形式の指標), as municipalities
 * summarize their strategy in a report, a council paper or a web page:
 *
 * - arrow summaries, one indicator per line: `名称:1,200人(H26)→1,500人(H31)`,
 *   `① 移住者数:11.4人/年 → 17人/年`, `[KPI] 農業産出額 (H25)4,356 億円 → (H31)4,380 億円`;
 *   numbered heading lines between them (`1.…`, `(1)…`) are the goals and measures they belong to;
 * - key–value blocks, one line per field: `数値目標=…`, `基準値=16,507人(26年度)`,
 *   `31年度目標値=…`, `実績値(29年度目標値)=17,861人(16,507人)`, `評価区分=A`; the keys are read
 *   with the header lexicon, so a city's own word is added there.
 *
 * A sheet is read this way only when it holds at least two such lines (one stray arrow in a
 * paragraph is narrative). Every cell read is marked mapped; the report lists the lines as a table
 * of kind `indicator_lines`.
 */

import { toFigure } from '../figure.ts';
import type { Figure, Indicator } from '../interchange.ts';
import { type Ctx, provenance, type SheetCell, type SheetRow, type TableReport } from './context.ts';
import { ensureGoal, ensureMeasure, ensureStrategy, nextId, tidyName } from './entities.ts';
import { type HeaderField, matchHeader } from './header-lexicon.ts';
import { readHeaderYear } from './header-year.ts';
import { markMapped, readAs } from './ledger.ts';

const ARROW = /\s*(?:→|⇒|➡|➔|->|－>)\s*/u;
const LEADING_CODE = /^\s*(?:[・●○■◆]|[①-⑳]|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.．)）]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])\s*/u;
const ROLE_LABEL = /^\s*[[［【〔]\s*([^\]］】〕]{1,10})\s*[\]］】〕]\s*/u;
/** A heading line of an outline: `1.…` (level 1) or `(1)…` (level 2). */
const LEVEL1 = /^\s*(\d{1,2})\s*[.．]\s*(\S.{0,60})$/u;
const LEVEL2 = /^\s*[(（]\s*(\d{1,2})\s*[)）]\s*(\S.{0,60})$/u;
const KEY_VALUE = /^\s*(?:\d{1,2}\s*[.．)）]\s*)?([^=＝]{1,30}?)\s*[=＝]\s*(.+)$/u;

/** An arrow line read: the indicator's name, role label, and the texts of baseline and target. */
export interface ArrowLine {
  name: string;
  role: Indicator['role'] | null;
  baseline: string;
  target: string;
}

/**
 * Reads an arrow summary line; null when the text is not one (both sides must read as figures,
 * or a dash for a baseline not yet measured).
 *
 * @example readArrowLine('移住者数:11.4人/年 → 17人/年')
 * // { name: '移住者数', role: null, baseline: '11.4人/年', target: '17人/年' }
 * @example readArrowLine('[KPI] 農業産出額 (H25)4,356 億円 → (H31)4,380 億円')?.name // '農業産出額'
 * @example readArrowLine('人口減少 → 地域の衰退') // null
 */
export function readArrowLine(text: string): ArrowLine | null {
  // A circled number is an item number; NFKC would turn it into a plain digit of the name.
  const t = text
    .replace(/^\s*[①-⑳]\s*/u, '')
    .normalize('NFKC')
    .trim();
  if (t.length > 160) return null;
  const sides = t.split(ARROW);
  if (sides.length !== 2) return null;
  let left = sides[0]!.replace(LEADING_CODE, '');
  const target = sides[1]!.trim();
  let role: Indicator['role'] | null = null;
  const label = ROLE_LABEL.exec(left);
  if (label) {
    role = roleOfLabel(label[1]!);
    left = left.slice(label[0].length);
  }
  const targetIsFigure = isFigureText(target);
  if (!targetIsFigure && (target.length > 30 || !/\d/u.test(target))) return null;
  let name: string;
  let baseline: string;
  const colon = /[:：]/u.exec(left);
  if (colon && colon.index > 0) {
    name = left.slice(0, colon.index);
    baseline = left.slice(colon.index + 1).trim();
    if (baseline && !isFigureText(baseline)) return null;
    if (!targetIsFigure && !baseline) return null;
  } else {
    // No colon: the name is the words before the first run that reads as a figure.
    const words = left.split(/\s+/u);
    let k = 1;
    for (; k < words.length; k++) if (isFigureText(words.slice(k).join(' '))) break;
    if (k >= words.length || !targetIsFigure) return null;
    name = words.slice(0, k).join(' ');
    baseline = words.slice(k).join(' ');
  }
  name = tidyName(name);
  if (!name || /^\d+$/u.test(name)) return null;
  return { name, role, baseline, target };
}

function roleOfLabel(label: string): Indicator['role'] | null {
  const m = matchHeader(label);
  if (!m) return null;
  if (m.field === 'numericTarget' || m.field === 'outcomeTarget') return 'numeric_target';
  if (m.field === 'kpiName') return 'kpi';
  return null;
}

function isFigureText(text: string): boolean {
  const f = toFigure(text, null);
  return f.value != null || f.state === 'missing';
}

/** A key–value line read: the field its key names, years in the key, and the value texts. */
interface KeyValue {
  field: HeaderField;
  year: number | null;
  value: string;
  /** `実績値(29年度目標値)=17,861人(16,507人)`: the bracketed key and value. */
  inner: { field: HeaderField; year: number | null; value: string } | null;
}

const RECORD_FIELDS = new Set<HeaderField>([
  'numericTarget',
  'outcomeTarget',
  'kpiName',
  'baseline',
  'target',
  'actual',
  'status',
  'department',
  'unit',
]);
const NAME_FIELDS = new Set<HeaderField>(['numericTarget', 'outcomeTarget', 'kpiName']);

/**
 * A year written in a key or a cell, with or without its era: `R6`, `平成26年度`, and `26年度`
 * (era left out: 20–40 can only be 平成 in a strategy of the period covered, 2008–2028).
 *
 * @example yearOf('31年度目標値') // 2019
 * @example yearOf('令和2年度') // 2020
 */
export function yearOf(text: string): number | null {
  const y = readHeaderYear(text);
  if (y?.year != null) return y.to ?? y.year;
  const bare = /(?<![\d.])(\d{1,2})\s*年度/u.exec(text.normalize('NFKC'));
  if (bare) {
    const n = Number(bare[1]);
    if (n >= 20 && n <= 40) return 1988 + n;
  }
  return null;
}

function readKeyValue(text: string): KeyValue | null {
  const m = KEY_VALUE.exec(text.normalize('NFKC'));
  if (!m) return null;
  const key = m[1]!.trim();
  const value = m[2]!.trim();
  const inner = /^(.+?)[(（]([^()（）]+)[)）]$/u.exec(key);
  const mainKey = inner ? inner[1]! : key;
  const main = fieldOf(mainKey);
  if (!main) return null;
  let innerRead: KeyValue['inner'] = null;
  if (inner) {
    const innerField = fieldOf(inner[2]!);
    const innerValue = /^(.+?)\s*[(（]([^()（）]+)[)）]$/u.exec(value);
    if (innerField && innerValue) {
      innerRead = { field: innerField, year: yearOf(inner[2]!), value: innerValue[2]! };
      return {
        field: main,
        year: yearOf(mainKey) ?? innerRead.year,
        value: innerValue[1]!,
        inner: innerRead,
      };
    }
  }
  return { field: main, year: yearOf(mainKey), value, inner: null };
}

function fieldOf(key: string): HeaderField | null {
  const h = matchHeader(key.replace(/^(?:\d{1,2}|[HR]\d{1,2}|令和\d{1,2}|平成\d{1,2})\s*年度?/u, '') || key);
  if (!h || h.score < 0.7 || !RECORD_FIELDS.has(h.field)) return null;
  return h.field;
}

/** Counts the lines of a sheet that read as arrow summaries and as key–value fields. */
function countLines(rows: SheetRow[]): { arrows: number; keyValues: number; names: number } {
  let arrows = 0;
  let keyValues = 0;
  let names = 0;
  for (const r of rows) {
    for (const c of r.cells) {
      if (readArrowLine(c.text)) arrows++;
      else {
        const kv = readKeyValue(c.text);
        if (kv) {
          keyValues++;
          if (NAME_FIELDS.has(kv.field)) names++;
        }
      }
    }
  }
  return { arrows, keyValues, names };
}

/** Which line reader a sheet needs, decided once per sheet. */
export interface LineMode {
  arrows: boolean;
  keyValues: boolean;
  /** The indicator a key–value block is filling. */
  record: Indicator | null;
  table: TableReport | null;
}

/**
 * Decides whether a sheet is written as indicator lines.
 *
 * @example lineMode(rows) // { arrows: true, keyValues: false, ... } for a list of arrow summaries
 */
export function lineMode(rows: SheetRow[]): LineMode | null {
  const n = countLines(rows);
  const arrows = n.arrows >= 2;
  const keyValues = n.names >= 1 && n.keyValues >= 3;
  if (!arrows && !keyValues) return null;
  return { arrows, keyValues, record: null, table: null };
}

function newIndicator(ctx: Ctx, name: string, role: Indicator['role'], cell: SheetCell): Indicator {
  const strategy = ensureStrategy(ctx, ctx.titleGeneration);
  const goalId = ctx.current.goalId;
  const measureId = ctx.current.measureId;
  const owner: Indicator['owner'] =
    role === 'numeric_target'
      ? goalId
        ? { type: 'goal', id: goalId }
        : null
      : measureId
        ? { type: 'measure', id: measureId }
        : goalId
          ? { type: 'goal', id: goalId }
          : null;
  const ind: Indicator = {
    id: nextId(ctx, 'ind'),
    name,
    role,
    owner,
    strategyId: strategy.id,
    baseline: null,
    target: null,
    actuals: [],
    provenance: provenance(ctx, cell.row, cell.col),
  };
  ctx.indicators.push(ind);
  return ind;
}

function figureOf(ctx: Ctx, text: string, year: number | null, cell: SheetCell): Figure {
  const fig = toFigure(
    text,
    year != null ? { year, basis: 'fiscal' } : null,
    provenance(ctx, cell.row, cell.col),
  );
  if (fig.fiscalYear == null) {
    // A year written without its era in the cell (`16,507人(26年度)`).
    const y = yearOf(text);
    if (y != null) fig.fiscalYear = y;
  }
  return fig;
}

function enterLines(ctx: Ctx, mode: LineMode, row: number): void {
  if (!mode.table) {
    mode.table = {
      file: ctx.sheet.file,
      sheet: ctx.sheet.sheet,
      firstRow: row,
      lastRow: row,
      kind: 'indicator_lines',
      columns: [],
    };
    ctx.tables.push(mode.table);
  }
  mode.table.lastRow = row;
  ctx.table = mode.table;
}

/**
 * Reads a row as indicator lines when the sheet is in line mode: an arrow summary, a key–value
 * field, or (between arrow lines) a numbered heading. Returns false when the row is none of these
 * (recognition then reads it as usual).
 */
export function readLineRow(ctx: Ctx, mode: LineMode, row: SheetRow): boolean {
  const cells = row.cells.filter((c) => !c.copy);
  if (cells.length === 0) return false;
  if (mode.arrows) {
    const at = cells.findIndex((c) => readArrowLine(c.text));
    if (at >= 0) {
      const cell = cells[at]!;
      const line = readArrowLine(cell.text)!;
      enterLines(ctx, mode, row.row);
      const role =
        line.role ?? (ctx.current.measureId ? 'kpi' : ctx.current.goalId ? 'numeric_target' : 'kpi');
      const ind = newIndicator(ctx, line.name, role, cell);
      if (line.baseline) ind.baseline = figureOf(ctx, line.baseline, null, cell);
      ind.target = figureOf(ctx, line.target, null, cell);
      markMapped(ctx, cell);
      for (const other of cells) if (other !== cell) readAs(ctx, other, 'label');
      return true;
    }
    if (cells.length === 1 && readOutlineHeading(ctx, mode, cells[0]!)) return true;
  }
  if (mode.keyValues) {
    const kvs = cells.map((c) => ({ cell: c, kv: readKeyValue(c.text) }));
    if (kvs.every((x) => x.kv)) {
      enterLines(ctx, mode, row.row);
      for (const { cell, kv } of kvs) readKeyValueCell(ctx, mode, cell, kv!);
      return true;
    }
  }
  return false;
}

function readOutlineHeading(ctx: Ctx, mode: LineMode, cell: SheetCell): boolean {
  const t = cell.text.normalize('NFKC').trim();
  const one = LEVEL1.exec(t);
  if (one) {
    enterLines(ctx, mode, cell.row);
    const g = ensureGoal(ctx, `${one[1]} ${tidyName(one[2]!)}`, cell.row, cell.col, one[1]!);
    readAs(ctx, cell, `goal ${g.id}`);
    ctx.current.goalId = g.id;
    ctx.current.measureId = null;
    ctx.current.parentMeasureId = null;
    ctx.current.projectId = null;
    return true;
  }
  const two = LEVEL2.exec(t);
  if (two) {
    enterLines(ctx, mode, cell.row);
    const m = ensureMeasure(ctx, tidyName(two[2]!), cell.row, cell.col, ctx.current.goalId, null);
    m.code ??= `(${two[1]})`;
    readAs(ctx, cell, `measure ${m.id}`);
    ctx.current.measureId = m.id;
    ctx.current.parentMeasureId = m.id;
    ctx.current.projectId = null;
    return true;
  }
  return false;
}

function readKeyValueCell(ctx: Ctx, mode: LineMode, cell: SheetCell, kv: KeyValue): void {
  if (NAME_FIELDS.has(kv.field)) {
    const role = kv.field === 'kpiName' ? 'kpi' : 'numeric_target';
    mode.record = newIndicator(ctx, tidyName(kv.value), role, cell);
    readAs(ctx, cell, `indicator ${mode.record.id}`);
    return;
  }
  const ind = mode.record;
  if (!ind) {
    readAs(ctx, cell, 'label');
    return;
  }
  applyField(ctx, ind, kv.field, kv.value, kv.year, cell);
  if (kv.inner) applyField(ctx, ind, kv.inner.field, kv.inner.value, kv.inner.year ?? kv.year, cell, true);
  markMapped(ctx, cell);
}

function applyField(
  ctx: Ctx,
  ind: Indicator,
  field: HeaderField,
  value: string,
  year: number | null,
  cell: SheetCell,
  inner = false,
): void {
  if (field === 'status') {
    ind.reportedStatus = {
      label: value.trim(),
      fiscalYear: year,
      raw: value,
      provenance: provenance(ctx, cell.row, cell.col),
    };
    return;
  }
  if (field === 'department') {
    ind.departments = [...new Set([...(ind.departments ?? []), value.trim()])];
    return;
  }
  if (field === 'unit') {
    ind.unit = value.trim();
    return;
  }
  const fig = figureOf(ctx, value, year, cell);
  if (field === 'baseline') ind.baseline = fig;
  else if (field === 'actual') ind.actuals.push(fig);
  else if (field === 'target') {
    // A target named for an earlier year than the final one (`29年度目標値`) is a milestone.
    if (
      inner ||
      (ind.target && ind.target.fiscalYear != null && (fig.fiscalYear ?? 0) < ind.target.fiscalYear)
    )
      ind.milestones = [...(ind.milestones ?? []), fig];
    else ind.target = fig;
  }
}
