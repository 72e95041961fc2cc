/**
 * A 設定指標 read against the yearly cells of its own sheet row (実績・予定: 令和2年度 … 令和6年度),
 * where the cell alone cannot tell: two figures printed in one cell with nothing to show which is
 * the target (a flattened 設定指標 | 実績 table). The yearly cells are evidence only: a row is
 * changed when they settle the question one way, and left as read otherwise.
 * Pure: rows and texts in, rows out.
 */
import { parseValue } from '../parse-value.ts';
import type { SettingRow } from './setting-cells.ts';

/** The yearly cells of a sheet row (fiscal year, text) and the last year of the project's period. */
export interface YearlyCells {
  years: { year: number; text: string }[];
  /** The period's last fiscal year (its plan is the target), or null when unknown. */
  finalYear: number | null;
}

const clean = (s: string) =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** A figure with its unit and an optional bracketed note: `1,560人`, `50人(年間)`, `△3.2%`. */
const FIGURE_AT = /^[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*[^\s\d()（）]{0,6}(?:\s*[(（][^()（）]{0,12}[)）])?/u;

/** The number a figure's text gives (in base units), or null. */
function numberOf(text: string): number | null {
  const p = parseValue(text);
  return p.kind === 'number' ? p.value : null;
}

/**
 * The figure written right after `name` in a yearly text (`名称 1,560人 (注)` → `1,560人`); a text
 * that is one figure alone gives that figure. Null otherwise.
 *
 * @example figureAfter('〇登録者数50人 〇開催', '登録者数') // '50人'
 */
export function figureAfter(text: string, name: string): string | null {
  const t = clean(text).normalize('NFKC');
  const whole = FIGURE_AT.exec(t);
  if (whole && whole[0].length === t.length) return whole[0].trim();
  const n = clean(name).normalize('NFKC');
  const at = n ? t.indexOf(n) : -1;
  if (at < 0) return null;
  const m = FIGURE_AT.exec(t.slice(at + n.length).replace(/^\s*[:：]?\s*/u, ''));
  return m ? m[0].trim() : null;
}

/**
 * Two figures of one 設定指標 cell whose order cannot be told (`名称 | 名称 5,683人 1,560人`),
 * placed by the yearly cells of the row: the target is the figure equal to the figure the final
 * year of the period plans for the indicator, the 実績 the one equal to the figure of an earlier
 * year (dated by that year when only one matches). The row is changed only when exactly one of
 * the two orders fits; otherwise it stays as read (no target, no actual). Returns whether it
 * placed them.
 *
 * @example
 * const row = { name: '受入数', target: null, actual: null, actualYear: null, figures: ['900人', '400人'] };
 * placeByYears(row, { finalYear: 2024, years: [{ year: 2020, text: '受入数 900人' }, { year: 2024, text: '受入数 400人' }] });
 * // row: target '400人' (2024), actual '900人' (2020)
 */
export function placeByYears(row: SettingRow, yearly: YearlyCells): boolean {
  const figures = row.figures;
  if (figures?.length !== 2 || row.target != null || row.actual != null) return false;
  const final = yearly.finalYear;
  if (final == null) return false;
  const values = new Map<number, number>();
  for (const { year, text } of yearly.years) {
    const f = figureAfter(text, row.name);
    const v = f != null ? numberOf(f) : null;
    if (v != null && !values.has(year)) values.set(year, v);
  }
  const planned = values.get(final);
  if (planned == null) return false;
  const earlier = (v: number) => [...values].filter(([y, x]) => y < final && x === v).map(([y]) => y);
  const fits = [
    [figures[0]!, figures[1]!],
    [figures[1]!, figures[0]!],
  ].filter(([t, a]) => numberOf(t!) === planned && earlier(numberOf(a!) ?? Number.NaN).length > 0);
  if (fits.length !== 1) return false;
  const [target, actual] = fits[0]!;
  const years = earlier(numberOf(actual!)!);
  row.target = target!;
  row.targetYear = final;
  row.actual = actual!;
  row.actualYear = years.length === 1 ? years[0]! : null;
  delete row.figures;
  return true;
}
