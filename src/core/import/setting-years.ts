/**
 * A 設定指標 read against the yearly cells of its own sheet row (実績・予定: 令和2年度 … 令和6年度),
 * where the cell alone cannot tell: two figures printed in one cell with nothing to show which is
 * the target (a flattened 設定指標 | 実績 table), and several indicator names written one after
 * another whose targets are the yearly texts (`名称A 名称B(左記)`). The yearly cells are evidence
 * only: a row is changed when they settle the question one way, and left as read otherwise.
 * Pure: rows and texts in, rows out.
 */
import { parseValue } from '../parse-value.ts';
import { nameAndTarget, type SettingRow } from './setting-cells.ts';

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

/** A text compared without its spaces and width variants. */
const key = (s: string) => s.normalize('NFKC').replace(/\s+/gu, '');

/** A figure with its unit and an optional bracketed note: `1,560人`, `50人(年間)`, `△3.2%`. */
const FIGURE_AT = /^[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*[^\s\d()（）]{0,6}(?:\s*[(（][^()（）]{0,12}[)）])?/u;

/** The number a figure's text gives (in base units), or null. */
function numberOf(text: string): number | null {
  const p = parseValue(text);
  return p.kind === 'number' ? p.value : null;
}

/** The items of a yearly cell: split at bullets (`〇`, `・`, `①`) and line ends. */
function itemsOf(text: string): string[] {
  return text
    .split(/\n|(?=[①-⑳])|(?:^|\s)[〇○●◎◆◇■□・](?=\S)/u)
    .map((s) => clean(s.replace(/^[①-⑳]\s*/u, '')))
    .filter(Boolean);
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

/** A reference to the yearly texts after the names: `(左記)`, `（左記のとおり）`. */
const SEE_LEFT = /\s*[(（]\s*左記[^()（）]{0,8}[)）]\s*$/u;

/**
 * Whether a yearly item starts with `name` as a name of its own: nothing after it, or a figure,
 * a bracket or a colon (not a longer name: `登録者` does not start `登録者数50人`).
 */
function startsItem(item: string, name: string): boolean {
  const a = key(item);
  const b = key(name);
  if (!a.startsWith(b)) return false;
  const rest = a.slice(b.length);
  return rest === '' || /^[0-9△▲+\-−(（:：【[]/u.test(rest);
}

/**
 * A 設定指標 written as several names one after another with no figure (`名称A 名称B(左記)`), split
 * where the row's yearly items confirm each name: the text cuts at spaces into two or more parts,
 * in one way only, each the start of an item of a yearly cell, in the same order wherever two of
 * them share a cell (the whole text starting none). Each name becomes an indicator; its target is
 * the figure after it in the latest yearly cell that gives one (dated by that year), none when no
 * year gives a figure. Null (the row as read) otherwise.
 *
 * @example
 * splitByYearlyItems({ name: '講座の開催 受講者数(左記)', target: null, actual: null, actualYear: null },
 *   { finalYear: 2022, years: [{ year: 2021, text: '〇講座の開催 〇受講者数30人' }, { year: 2022, text: '〇講座の開催 〇受講者数40人' }] })
 * // [{ name: '講座の開催', target: null, … }, { name: '受講者数', target: '40人', targetYear: 2022, … }]
 */
export function splitByYearlyItems(row: SettingRow, yearly: YearlyCells): SettingRow[] | null {
  if (row.target != null || row.actual != null || row.figures) return null;
  const text = clean(row.name).replace(SEE_LEFT, '');
  const tokens = text.split(' ');
  if (tokens.length < 2 || tokens.length > 20) return null;
  const cells = yearly.years.map((y) => ({ year: y.year, items: itemsOf(y.text) }));
  const confirmed = (name: string) => cells.some((c) => c.items.some((i) => startsItem(i, name)));
  if (confirmed(text)) return null;
  // The cuts into confirmed parts, counted from the end (two is enough to stop): ways[i] of the
  // tokens from i on, and the end of the first part of the one way.
  const ways: number[] = new Array(tokens.length + 1).fill(0);
  const cut: number[] = new Array(tokens.length + 1).fill(-1);
  ways[tokens.length] = 1;
  for (let from = tokens.length - 1; from >= 0; from--)
    for (let end = from + 1; end <= tokens.length && ways[from]! < 2; end++) {
      if (ways[end] === 0 || (from === 0 && end === tokens.length)) continue;
      if (!confirmed(tokens.slice(from, end).join(' '))) continue;
      ways[from] = Math.min(2, ways[from]! + ways[end]!);
      cut[from] = end;
    }
  if (ways[0] !== 1) return null;
  const names: string[] = [];
  for (let from = 0; from < tokens.length; from = cut[from]!)
    names.push(tokens.slice(from, cut[from]!).join(' '));
  if (new Set(names.map(key)).size !== names.length) return null;
  // Wherever two of the names share a yearly cell, they come in the order of the 設定指標.
  for (const c of cells) {
    const order = names.map((n) => c.items.findIndex((i) => startsItem(i, n))).filter((k) => k >= 0);
    if (order.some((k, j) => j > 0 && k < order[j - 1]!)) return null;
  }
  const byYear = [...cells].sort((a, b) => b.year - a.year);
  return names.map((name) => {
    for (const c of byYear)
      for (const item of c.items) {
        if (!startsItem(item, name)) continue;
        const split = nameAndTarget(item);
        if (split.target != null && key(split.name) === key(name) && numberOf(split.target) != null)
          return { name, target: split.target, targetYear: c.year, actual: null, actualYear: null };
      }
    return { name, target: null, actual: null, actualYear: null };
  });
}
