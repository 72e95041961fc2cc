/**
 * The columns a narrative table's rows are read by: its schema's columns, with two kinds of header
 * cell the schema leaves out or reads as one column. Pure.
 *
 * - A cell that names a period and no field (【第2期(R2-6)】, 【第3期(R7-11)の展開】) heads that
 *   period's texts. A period before a later one the header or the document names is finished: its
 *   column is its review (総括), unless the words after the name say otherwise; the later period's
 *   column holds that period's own texts.
 * - A cell of a one-row header holding two bracketed labels (【施策の概要】 【主な取組】) stands for
 *   two columns, the second right of the first, and the columns after it one further right (text
 *   taken from a printed page often writes two narrow header cells into one), up to a header
 *   copied into several adjacent cells, which gives up one of its copies (see `splitLabels`).
 */
import { columnType, type HeaderField, matchHeader } from './header-lexicon.ts';
import type { Column, Schema } from './schema.ts';

/** A column of a narrative table. */
export interface NarrativeColumn extends Column {
  /** The narrative kind of its cells when it is not the column's field (a period's own text). */
  kind?: string;
}

/** A period's name, with its years and a few words after it (`第3期(R7-11)の展開`). */
const PERIOD_HEADER =
  /^第\s*(\d{1,2})\s*期(?:総合戦略|戦略|計画)?\s*(?:[(（][^()（）]{1,16}[)）])?\s*(?:の)?([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー・]{0,10})$/u;

/** Words after a period's name that make its column a review (or say nothing more). */
const REVIEW_WORDS =
  /^(?:|振り返り|ふりかえり|総括|総評|評価|検証|成果|結果|実績|成果と課題|検証結果|取組結果)$/u;

/** Brackets around a header label (【…】, ［…］, 〔…〕, […]). */
const LABEL = /[【［〔[]([^【】［］〔〕[\]]{1,20})[】］〕\]]/gu;

/**
 * A header text read as a period's column: the period's generation and whether the words after its
 * name ask for its review; null when the text is not (only) a period's name.
 *
 * @example periodHeader('【第2期(R2-6)】') // { generation: 2, review: true }
 * @example periodHeader('【第3期(R7-11)の展開】') // { generation: 3, review: false }
 * @example periodHeader('第3期 (R7-11) KPI') // null
 */
export function periodHeader(text: string): { generation: number; review: boolean } | null {
  const t = text
    .normalize('NFKC')
    .trim()
    .replace(/^[【［〔[<＜]\s*|\s*[】］〕\]>＞]$/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const m = PERIOD_HEADER.exec(t);
  if (!m) return null;
  return { generation: Number(m[1]), review: REVIEW_WORDS.test(m[2]!) };
}

/**
 * The labels of a header cell holding two or more bracketed labels and nothing else, each of them
 * a field of its own (`【施策の概要】 【主な取組】`); null for any other cell.
 *
 * @example headerLabels('【施策の概要】 【主な取組】') // [{ text: '【施策の概要】', field: 'summary' }, { text: '【主な取組】', field: 'mainActions' }]
 * @example headerLabels('【施策の概要】') // null
 */
export function headerLabels(text: string): { text: string; field: HeaderField }[] | null {
  const t = text.trim();
  const parts = [...t.matchAll(LABEL)];
  if (parts.length < 2 || t.replace(LABEL, '').trim() !== '') return null;
  const out: { text: string; field: HeaderField }[] = [];
  for (const p of parts) {
    const m = matchHeader(p[1]!);
    if (!m || m.score < 0.9 || m.field === 'other' || out.some((o) => o.field === m.field)) return null;
    out.push({ text: p[0], field: m.field });
  }
  return out;
}

/**
 * The columns of a narrative table (see the module's note). `known` are the generations the
 * document names elsewhere (its title's, its periods'), so that a header naming one period only
 * knows whether a later one follows it.
 *
 * @example
 * // schema: 具体的な施策 (column 1), 施策の概要 (2); captions 【第2期】 (3), 【第3期の展開】 (4)
 * narrativeColumns(schema, []).map((c) => [c.col, c.kind ?? c.field, c.generation])
 * // [[1, 'measure', null], [2, 'summary', null], [3, 'overall', 2], [4, 'text', 3]]
 */
export function narrativeColumns(schema: Schema, known: readonly number[]): NarrativeColumn[] {
  if (schema.vertical) return schema.columns;
  const taken = new Set(schema.columns.map((c) => c.col));
  const periods = (schema.captions ?? []).flatMap((cell) => {
    const p = taken.has(cell.col) || matchHeader(cell.text) ? null : periodHeader(cell.text);
    if (p) taken.add(cell.col);
    return p ? [{ cell, ...p }] : [];
  });
  const columns: NarrativeColumn[] = [...schema.columns];
  if (periods.length > 0) {
    const latest = Math.max(...known, ...periods.map((p) => p.generation));
    for (const p of periods) {
      const finished = p.generation < latest && p.review;
      columns.push({
        col: p.cell.col,
        field: finished ? 'overall' : 'other',
        type: 'text',
        header: p.cell.text,
        headerCell: p.cell,
        year: null,
        yearTo: null,
        date: null,
        basis: 'fiscal',
        generation: p.generation,
        ...(finished ? {} : { kind: 'text' }),
      });
    }
    columns.sort((a, b) => a.col - b.col);
  }
  return schema.rows.length === 1 ? splitLabels(columns) : columns;
}

/**
 * Each column headed by several bracketed labels as one column a label, the columns after it moved
 * right as far as a header written in several adjacent cells (one header over several columns,
 * which text extraction copies into the cells it covers, as many times as the printed layout had
 * cells under it rather than as the rows have): one of its copies gives up its place instead.
 */
function splitLabels(columns: NarrativeColumn[]): NarrativeColumn[] {
  const out: NarrativeColumn[] = [];
  let shift = 0;
  columns.forEach((c, k) => {
    const labels = c.kind == null && c.headerCell ? headerLabels(c.headerCell.text) : null;
    if (!labels) {
      const before = columns[k - 1];
      const copy = before != null && before.col === c.col - 1 && before.header === c.header;
      if (shift > 0 && copy) shift--;
      else out.push(shift ? { ...c, col: c.col + shift } : c);
      return;
    }
    labels.forEach((l, i) => {
      out.push({ ...c, col: c.col + shift + i, field: l.field, type: columnType(l.field), header: l.text });
    });
    shift += labels.length - 1;
  });
  return out;
}
