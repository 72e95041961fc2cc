import type { ParsedValue, ValuePeriod } from './parsed-value.ts';
import { interpret, result } from './value/interpret.ts';
import type { StepCounter } from './value/normalize-text.ts';

/**
 * The value parser (数値の読み取り): one cell of a municipal table → a typed `ParsedValue`
 * (DESIGN.md §4). A hand-written scanner and a small interpreter: no regular expressions, work
 * linear in the length of the text, and it never throws. The text is normalized
 * (value/normalize-text.ts), split into tokens (value/tokenize.ts), read token by token
 * (value/read-cell.ts) and interpreted as one value form (value/interpret.ts).
 *
 * Decisions, documented once:
 * - Percentages stay in percent points: `95.60%` → value 95.6, unit `%`.
 * - Scale words are applied and dropped from the unit: `608千人` → 608000 `人`.
 * - A year written in the cell wins over `defaultPeriod` (the year of the column header).
 * - An as-of date (`R6.4現在`) gives the fiscal year it falls in, with the date kept.
 * - Several labelled figures (`男性78.1歳 女性80.5歳`) → kind `multi`, `value` null, `unit` the
 *   parts' unit when they all share one, else null.
 * - One figure with words before it (`参加者数 49,300人`) → kind `number`, the words in `note`.
 * - `Xなし` is zero only when X is a noun (kanji/katakana, not `変更`, `該当`…) and the cell is
 *   nothing else: `待機児童なし` → 0; `①なし` → text.
 * - Qualifiers: `approximate`, `cumulative`, `preliminary`, `estimated`, `annual`, `at-least`,
 *   `at-most`, `less-than`, `more-than`.
 * - Negative signs (`△`, `▲`, `−`, `ー` before digits) just make the value negative.
 */

/** Options of `parseValue`. */
export interface ParseValueOptions {
  /** Period from the column header (`現状値(R5)`); a year written in the cell wins. */
  defaultPeriod?: ValuePeriod | null;
  /** Unit from the header (`人`, `千円`, `(単位:千円)`) for figures written without one; a scale word in it applies. */
  unitHint?: string | null;
  /** Work counter for tests of linear work: incremented by the number of scanning steps. */
  stats?: StepCounter | null;
}

/**
 * Parses one cell of a municipal table into a typed value (DESIGN.md §4). Never throws; anything
 * unreadable is kind `text` with the original string in `raw`.
 *
 * @example parseValue('18,165人 (R2)')
 * // { kind: 'number', value: 18165, unit: '人',
 * //   period: { from: 2020, to: 2020, basis: 'fiscal', date: null },
 * //   parts: [], qualifiers: [], note: null, raw: '18,165人 (R2)' }
 * @example parseValue('1億2,000万円').value // 120000000
 * @example parseValue('令和5年9月 公表予定').kind // 'pending' (period.date '2023-09')
 */
export function parseValue(text: string, options?: ParseValueOptions): ParsedValue {
  let raw: string;
  try {
    raw = typeof text === 'string' ? text : String(text ?? '');
  } catch {
    raw = '';
  }
  try {
    return parseInner(raw, options ?? {});
  } catch {
    return result('text', raw);
  }
}

function parseInner(raw: string, options: ParseValueOptions): ParsedValue {
  const ctx: StepCounter = { steps: 0 };
  try {
    return interpret(raw, options.defaultPeriod, options.unitHint, ctx);
  } finally {
    if (options.stats) options.stats.steps += ctx.steps;
  }
}
