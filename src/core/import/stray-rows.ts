/**
 * Rows inside a table that are not its data: page numbers left by a PDF conversion, footnotes,
 * bullet lists of what was done, and budget lines (予算額, 決算額, 国支出金, 一般財源) under the
 * year columns of an indicator table. They carry numbers and years like indicator rows but are no
 * indicator; recognition lists them as not imported, with the reason, and reads on.
 */
import type { SheetCell, SheetRow } from './context.ts';

/** Why a row is no data row of its table. */
export type StrayKind = 'page number' | 'footnote' | 'bullet' | 'budget line';

/** Page numbers as PDF conversions leave them: `- 3 -`, `－3－`, `3/12`, `P.4`, `3ページ`. */
const PAGE =
  /^(?:[-－―ー‐]\s*\d{1,4}\s*[-－―ー‐]|\d{1,4}\s*\/\s*\d{1,4}|p\.?\s*\d{1,4}|\d{1,4}\s*ページ|[(（]\s*\d{1,4}\s*[)）])$/iu;
/** Footnote openings: `※`, `注1)`, `(注)`, `出典:`, `資料:`. */
const NOTE = /^(?:※|＊|\*|注\s*\d*\s*[:：)）.．]|[(（]注\s*\d*[)）]|出典\s*[:：]|資料\s*[:：])/u;
/** Bullet openings of a list of what was done (`・`, `○`, `◆`, `①`, `1)`). */
const BULLET = /^(?:[・●○◎◆◇■□▪▶►〇]|[①-⑳](?!\s*$)|\d{1,2}[)）](?=\S))/u;
/** The words of a municipal budget's lines (財源内訳 and the like): standard public-finance terms. */
const BUDGET =
  /^(?:予算額|決算額|予算現額|事業費|総事業費|当初予算|補正予算|国庫?支出金|(?:都道府県|都|道|府|県)支出金|一般財源|地方債|その他特定財源|その他財源|特定財源|その他|財源内訳|うち一般財源|人件費|委託料|補助金額|交付金)(?:\s*[(（][^)）]{0,8}[)）])?$/u;

/**
 * Reads a row as a stray row of a table with figure columns, or null for a row that may be data.
 * A one-cell row is a page number, a footnote or a bullet; a row whose first own cell names a
 * budget line and whose other cells are numbers is a budget line.
 *
 * @example strayRow({ row: 9, cells: [cell('- 3 -')] }) // 'page number'
 * @example strayRow({ row: 9, cells: [cell('一般財源'), cell('1,200'), cell('1,300')] }) // 'budget line'
 * @example strayRow({ row: 9, cells: [cell('移住者数'), cell('120人')] }) // null
 */
export function strayRow(row: SheetRow): StrayKind | null {
  const own: SheetCell[] = [];
  for (const c of row.cells) if (!c.copy) own.push(c);
  if (own.length === 0) return null;
  const first = own[0]!.text.normalize('NFKC').trim();
  if (own.length === 1) {
    if (PAGE.test(first)) return 'page number';
    if (NOTE.test(first)) return 'footnote';
    // Circled numbers are read before NFKC turns them into digits.
    if (BULLET.test(own[0]!.text.trim()) && first.length > 4) return 'bullet';
    return null;
  }
  if (
    BUDGET.test(first.replace(/\s+/gu, '')) &&
    own.slice(1).every((c) => /^[\d,，.△▲-]+$/u.test(c.text.normalize('NFKC').trim()))
  )
    return 'budget line';
  return null;
}
