/**
 * The indicator's name and a figure in one cell (`就業相談者数 100人`, `若者就職率：88%（R1）`):
 * a name column whose header also names a figure (`指標・現状値`, `KPI（目標）`), or whose cells
 * mostly end in a figure while the table lacks that figure's column, holds both. The column stays
 * the name column and carries the field its figures go to (`withValue`); each cell is split where
 * the figure starts.
 */
import { parseValue } from '../parse-value.ts';
import type { SheetRow } from './context.ts';
import { type HeaderField, matchHeader } from './header-lexicon.ts';
import type { Column, Schema } from './schema.ts';

/** Rows looked at to judge a column (enough for a majority, bounded work). */
const SAMPLE_ROWS = 200;

/**
 * Splits a cell into the name and the figure after it, or null when it does not end in a figure
 * separated from the name by a space or a colon.
 *
 * @example splitNameValue('就業相談者数 100人') // { name: '就業相談者数', value: '100人' }
 * @example splitNameValue('65歳以上の就業者数') // null
 */
export function splitNameValue(text: string): { name: string; value: string } | null {
  const m =
    /^(.*?\S)[\s\u3000]*[:：]?[\s\u3000]+([△▲▼+\-−－]?[0-9０-９][^\s\u3000]*(?:[\s\u3000]*[(（][^)）]*[)）])?)$/u.exec(
      text.trim(),
    ) ?? /^(.*?[^\s:：])[\s\u3000]*[:：][\s\u3000]*([△▲▼+\-−－]?[0-9０-９].*)$/u.exec(text.trim());
  if (!m) return null;
  const name = m[1]!.trim();
  if (name.length < 2 || /^[0-9０-９.,\s]+$/u.test(name)) return null;
  const p = parseValue(m[2]!);
  if (p.kind !== 'number') return null;
  return { name, value: m[2]!.trim() };
}

/** The figure field a header names besides the indicator (`指標・現状値` → baseline), or null. */
function figureBesideName(header: string): 'baseline' | 'target' | null {
  const parts = header
    .normalize('NFKC')
    .split(/[・/／、()（）[\]［］]|及び|と/u)
    .map((p) => p.trim())
    .filter(Boolean);
  let name = false;
  let figure: 'baseline' | 'target' | null = null;
  for (const p of parts) {
    const f: HeaderField | undefined = matchHeader(p)?.field;
    if (f === 'kpiName') name = true;
    else if (f === 'baseline' || f === 'target') figure = f;
  }
  return name ? figure : null;
}

/**
 * Marks the name column that holds a figure too (in place) and records the decision. A column is
 * taken when its header names the indicator and a figure, or when it is the only name column and
 * the table lacks a baseline or a target column; in both cases most of its cells must split.
 */
export function resolveNameWithValue(schema: Schema, rows: SheetRow[]): void {
  const fields = new Set(schema.columns.map((c) => c.field));
  const names = schema.columns.filter((c) => c.field === 'kpiName' && !c.alt && !c.tag);
  for (const c of schema.columns) {
    if (c.tag || c.alt || c.generation != null) continue;
    if (c.field !== 'kpiName' && c.field !== 'baseline' && c.field !== 'target') continue;
    let field = figureBesideName(c.header);
    let because = `its header (${c.header}) names the indicator and the ${field}`;
    if (!field && c.field === 'kpiName' && names.length === 1) {
      field = !fields.has('target') ? 'target' : !fields.has('baseline') ? 'baseline' : null;
      because = `the table has no ${field} column`;
    }
    if (!field || (c.field !== 'kpiName' && names.length > 0)) continue;
    let cells = 0;
    let split = 0;
    for (const r of rows.slice(0, SAMPLE_ROWS))
      for (const cell of r.cells)
        if (cell.col === c.col && !cell.copy) {
          cells++;
          if (splitNameValue(cell.text)) split++;
        }
    if (cells < 2 || split < cells * 0.6) continue;
    c.field = 'kpiName';
    c.type = 'label';
    c.withValue = field;
    schema.decisions ??= [];
    schema.decisions.push({
      row: c.headerCell?.row ?? null,
      column: c.col,
      what: `column ${c.col} holds the indicator name and its ${field} in one cell`,
      because: `${because}, and ${Math.round((split / cells) * 100)}% of its cells end in a figure`,
    });
    return;
  }
}

/** A name column's figure as a column of its own (for reading the split figure). */
export function valueColumn(c: Column): Column {
  return { ...c, field: c.withValue as HeaderField, type: 'figure' };
}
