/**
 * Readings of a cell that depend on its text alone (content kind, header match, bare year),
 * remembered for one recognition run: a cell is looked at by header detection, table-end
 * detection, row alignment and field building, and each reading is computed once per distinct
 * text. One memo per `recognize` call (kept in its context); nothing outlives the run.
 */
import { type CellKind, cellKind } from './cell-kind.ts';
import { type HeaderMatch, matchHeader } from './header-lexicon.ts';
import { readHeaderYear } from './header-year.ts';
import { normalizeKey } from './text.ts';

/** A header cell that is a bare year (`令和2年度`, `2020年`). */
export interface BareYear {
  year: number;
  basis: 'fiscal' | 'calendar';
}

/** Per-run caches, keyed by the exact text read. */
export interface Memo {
  kinds: Map<string, CellKind>;
  headers: Map<string, HeaderMatch | false>;
  years: Map<string, BareYear | false>;
  /** `normalizeKey` of header and tag-set names looked up again and again. */
  keys: Map<string, string>;
}

/**
 * Creates an empty memo.
 *
 * @example const memo = createMemo(); kindOf(memo, '1,563件') // 'figure' (read once, then remembered)
 */
export function createMemo(): Memo {
  return { kinds: new Map(), headers: new Map(), years: new Map(), keys: new Map() };
}

/**
 * `cellKind(text)`, remembered in `memo` when one is given.
 *
 * @example kindOf(createMemo(), '商工労働課') // 'dept'
 */
export function kindOf(memo: Memo | undefined, text: string): CellKind {
  if (!memo) return cellKind(text);
  let kind = memo.kinds.get(text);
  if (kind === undefined) {
    kind = cellKind(text);
    memo.kinds.set(text, kind);
  }
  return kind;
}

/**
 * `matchHeader(text)`, remembered in `memo` when one is given. The match returned is shared:
 * callers read it and never change it.
 *
 * @example headerOf(createMemo(), 'H30基準値')?.field // 'baseline'
 */
export function headerOf(memo: Memo | undefined, text: string): HeaderMatch | null {
  if (!memo) return matchHeader(text);
  let match = memo.headers.get(text);
  if (match === undefined) {
    match = matchHeader(text) ?? false;
    memo.headers.set(text, match);
  }
  return match || null;
}

/**
 * `normalizeKey(text)`, remembered in `memo`.
 *
 * @example keyOf(createMemo(), '新たな 視点') // '新たな視点'
 */
export function keyOf(memo: Memo, text: string): string {
  let key = memo.keys.get(text);
  if (key === undefined) {
    key = normalizeKey(text);
    memo.keys.set(text, key);
  }
  return key;
}

const BARE_YEAR =
  /^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})\s*(年度|年)?$|^(19|20)\d\d\s*(年度|年)?$/u;

/**
 * Reads a header cell that holds only a year (`令和2年度`, `R3`, `2020年`), or null.
 *
 * @example bareYear('令和2年度') // { year: 2020, basis: 'fiscal' }
 * @example bareYear('令和2年度 実績値') // null
 */
export function bareYear(text: string): BareYear | null {
  const t = text.normalize('NFKC').trim();
  if (t.length > 12 || !BARE_YEAR.test(t)) return null;
  const y = readHeaderYear(t);
  return y?.year != null ? { year: y.year, basis: y.basis } : null;
}

/**
 * `bareYear(text)`, remembered in `memo` when one is given.
 *
 * @example bareYearOf(createMemo(), 'R3')?.year // 2021
 */
export function bareYearOf(memo: Memo | undefined, text: string): BareYear | null {
  if (!memo) return bareYear(text);
  let year = memo.years.get(text);
  if (year === undefined) {
    year = bareYear(text) ?? false;
    memo.years.set(text, year);
  }
  return year || null;
}
