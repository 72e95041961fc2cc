/**
 * The text of an indicator cell of a project sheet (個票) read into name and target: one
 * `名称 数値` (`新規就農者数 55人(累計)`), a target in labelled parts
 * (`使用回数 3回以上(低学年) 5回以上(高学年)`), and several `名称 数値` written one after another
 * in one cell under as many labels (`成果目標 重要業績評価指標(KPI)` | `名称A 10人 名称B 5件`).
 * Pure: text in, parts out.
 */
import type { HeaderField } from './header-lexicon.ts';
import { headerOf, type Memo } from './memo.ts';

/** `名称 数値`: the name, then the last number-led part (unit, a bracketed note, `/年`) to the end. */
const NAME_VALUE =
  /^(.*?\S)\s*((?:[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*)\s*[^\s\d]{0,12}(?:\s*[(（][^)）]{0,20}[)）])?(?:\/[^\s]{1,4})?)$/u;

/** A figure with the part it is for in brackets after it: `3回以上(小学1、2年生)`, `40人（女性）`. */
const LABELLED_PART =
  /^[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*\s*[^\s\d()（）]{0,8}\s*[(（][^)）]*[^\s\d)）][^)）]*[)）]$/u;

function splitOnce(t: string): { name: string; value: string } | null {
  const m = NAME_VALUE.exec(t);
  if (m?.[1] && !/[0-9０-９]$/u.test(m[1])) return { name: m[1].trim(), value: m[2]!.trim() };
  return null;
}

/**
 * Splits `認定農業者数 241経営体` into name and value text; a cell without a number is all name.
 * A target written in labelled parts (each figure followed by whom it is for in brackets) is the
 * whole of them: the name stops before the first part.
 *
 * @example splitNameValue('新規就農者数 55人(累計)') // { name: '新規就農者数', value: '55人(累計)' }
 * @example splitNameValue('利用回数 3回(低学年) 5回(高学年)') // { name: '利用回数', value: '3回(低学年) 5回(高学年)' }
 */
export function splitNameValue(text: string): { name: string; value: string | null } {
  const t = text.replace(/\s*\n\s*/g, ' ').trim();
  const first = splitOnce(t);
  if (!first) return { name: t, value: null };
  let { name, value } = first;
  if (LABELLED_PART.test(value))
    for (let before = splitOnce(name); before && LABELLED_PART.test(before.value); before = splitOnce(name)) {
      name = before.name;
      value = `${before.value} ${value}`;
    }
  return { name, value };
}

/** The fields of an indicator label (成果目標, 重要業績評価指標(KPI)) a label cell may hold. */
export type IndicatorLabel = Extract<HeaderField, 'outcomeTarget' | 'kpiName'>;

/**
 * The indicator labels of a cell that holds several, in order (`成果目標 重要業績評価指標(KPI)`:
 * a PDF conversion joined two label cells), or null when it holds fewer than two or anything else.
 *
 * @example indicatorLabels(memo, '成果目標 重要業績評価指標(KPI)') // ['outcomeTarget', 'kpiName']
 */
export function indicatorLabels(memo: Memo, text: string): IndicatorLabel[] | null {
  const parts = text.split(/[\s・／/]+/u).filter(Boolean);
  if (parts.length < 2 || parts.length > 4) return null;
  const fields: IndicatorLabel[] = [];
  for (const p of parts) {
    const m = headerOf(memo, p);
    if (!m || m.score < 0.85 || (m.field !== 'outcomeTarget' && m.field !== 'kpiName')) return null;
    fields.push(m.field);
  }
  return fields;
}

/** A part of a cell that names an indicator with its figure: a name first, then its figure. */
function namedFigure(text: string): boolean {
  if (/^[△▲+\-−]?[0-9０-９(（【[「]/u.test(text)) return false;
  const s = splitNameValue(text);
  return s.value != null && /[^\s\d.,]/u.test(s.name);
}

/**
 * A cell of `n` indicators written one after another, each `名称 数値`
 * (`観光客数 1,000人 タグ数 25万件 (累計)`), cut into its `n` parts at spaces; null unless exactly
 * one cut gives `n` such parts (then which figure is whose cannot be told).
 *
 * @example namedFigures('観光客数 1,000人 タグ数 25万件 (累計)', 2) // ['観光客数 1,000人', 'タグ数 25万件 (累計)']
 */
export function namedFigures(text: string, n: number): string[] | null {
  const tokens = text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .split(/\s+/u);
  if (n < 2 || tokens.length < n || tokens.length > 60) return null;
  const found: string[][] = [];
  const walk = (from: number, left: number, acc: string[]): void => {
    if (found.length > 1) return;
    if (left === 1) {
      const last = tokens.slice(from).join(' ');
      if (namedFigure(last)) found.push([...acc, last]);
      return;
    }
    for (let end = from + 1; end <= tokens.length - (left - 1); end++) {
      const part = tokens.slice(from, end).join(' ');
      if (namedFigure(part)) walk(end, left - 1, [...acc, part]);
    }
  };
  walk(0, n, []);
  return found.length === 1 ? found[0]! : null;
}
