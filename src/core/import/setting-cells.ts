/**
 * The 設定指標 cell of a project sheet (個票), in the shapes word processors and CMS exports leave
 * it: a small two-column table 設定指標 | 実績 (name row, then target | actual) kept as HTML
 * (`<table>…</table>`), flattened into one cell with runs of no-break spaces between its columns,
 * or written as text (`設定指標 実績 ・設備投資件数60件 R2:13件`, `<p>設定指標</p> <p>参加者数 17,000人</p>`,
 * `設定指標 ①名称A 10件 ②名称B 3件`). Each shape is read into rows of name, target and actual
 * (with the actual's year where the cell names one). Pure: text in, rows out.
 */
import { readHeaderYear } from './header-year.ts';

/** One 設定指標 of a sheet: name, target text and actual text (with its fiscal year when written). */
export interface SettingRow {
  name: string;
  target: string | null;
  actual: string | null;
  actualYear: number | null;
}

const LABEL = /^\s*(?:設定指標|設定目標)\s*/u;
const ACTUAL_LABEL = /^\s*実績\s*/u;
const FIGURE = /^[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*\s*\S{0,8}/u;
/** A figure led by its year at the end of a text: `R2:13件`, `R02: 0件`, `令和2年度 13件`. */
const DATED_TAIL =
  /\s*((?:R|H|令和|平成)\s*0?\d{1,2}(?:年度?)?)\s*[:：]?\s*([△▲+\-−]?[0-9０-９][0-9０-９,，.．]*\s*\S{0,8})\s*$/u;

function isFigure(s: string): boolean {
  return FIGURE.test(s.trim().normalize('NFKC'));
}

function clean(s: string): string {
  return s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The rows of an HTML table (`<tr>` of `<th>`/`<td>`), tags removed, entities of no-break space read. */
export function htmlTableRows(html: string): string[][] {
  const rows: string[][] = [];
  for (const tr of html.match(/<tr\b[\s\S]*?<\/tr>/giu) ?? []) {
    const cells = (tr.match(/<t[hd]\b[^>]*>[\s\S]*?<\/t[hd]>/giu) ?? []).map((c) =>
      clean(
        c
          .replace(/<[^>]*>/g, ' ')
          .replace(/&nbsp;/g, ' ')
          .replace(/&amp;/g, '&'),
      ),
    );
    rows.push(cells);
  }
  return rows;
}

/**
 * Rows of a two-column 設定指標 | 実績 grid: after the header, a row without figures names the
 * indicator (the 実績 side repeats the name or is empty), the row of figures under it gives the
 * target (left) and the actual (right). A figure row without a name row before it names nothing
 * and is left out.
 */
function fromGrid(grid: string[][]): SettingRow[] {
  const head = grid.findIndex((r) => LABEL.test(r[0] ?? '') && ACTUAL_LABEL.test(r[1] ?? ''));
  if (head < 0) return [];
  const out: SettingRow[] = [];
  let current: SettingRow | null = null;
  for (const r of grid.slice(head + 1)) {
    const left = clean(r[0] ?? '');
    const right = clean(r[1] ?? '');
    if (!left && !right) continue;
    // Rows alternate: a name row, then the row of its target and actual.
    const awaitingValues = current != null && current.target == null && current.actual == null;
    if (!awaitingValues || (!isFigure(left) && left === right)) {
      if (isFigure(left)) continue; // figures without a name before them name nothing
      current = { name: left || right, target: null, actual: null, actualYear: null };
      out.push(current);
      continue;
    }
    // Two figures in one cell with nothing between them (`5,683人 1,560人(年間)`): which is the
    // target cannot be told; both stay unread (the cell is kept as the sheet's text).
    if (!right && left.split(/\s+/).filter(isFigure).length > 1) continue;
    current!.target = left || null;
    current!.actual = right || null;
    if (current!.actual) current!.actualYear = yearOf(current!.actual);
  }
  return out;
}

function yearOf(text: string): number | null {
  const m = /(?:R|H|令和|平成)\s*0?\d{1,2}/u.exec(text.normalize('NFKC'));
  return m ? (readHeaderYear(m[0])?.year ?? null) : null;
}

/**
 * The same grid flattened into one cell: its columns separated by runs of no-break spaces, its
 * rows by a plain space (`設定指標 ␣␣ 実績 名称 ␣␣ 名称 50人 ␣␣ 0人`). The right cell of a row and the
 * left cell of the next share a piece; the right cell is the 実績 label, the repeated name, or
 * the first word.
 */
function fromFlattened(text: string): SettingRow[] {
  const pieces = text.split(/\s*\u00a0[\u00a0\s]*/u).map(clean);
  if (pieces.length < 3 || !LABEL.test(pieces[0]!) || !ACTUAL_LABEL.test(pieces[1]!)) return [];
  const grid: string[][] = [[pieces[0]!]];
  let left = pieces[0]!;
  for (let i = 1; i < pieces.length; i++) {
    const p = pieces[i]!;
    const last = i === pieces.length - 1;
    let right: string;
    let next: string | null;
    if (p.startsWith('実績')) {
      right = '実績';
      next = p.slice(2).trim();
    } else if (left && p.startsWith(left) && !isFigure(left)) {
      right = left;
      next = p.slice(left.length).trim();
    } else if (last) {
      right = p;
      next = null;
    } else {
      const k = p.indexOf(' ');
      right = k < 0 ? p : p.slice(0, k);
      next = k < 0 ? '' : p.slice(k + 1).trim();
    }
    if (last && next === '') next = null;
    grid[grid.length - 1]!.push(right);
    if (next != null) {
      grid.push([next]);
      left = next;
    }
  }
  return fromGrid(grid);
}

/** Items of a text listing several indicators: `①A 10件 ②B 3件`, `・A 18ヶ所 ・B 8ヶ所`, or lines. */
function items(text: string): string[] {
  const byMark = text
    .split(/(?=[①-⑳])|(?:^|\s)[・●○◆■](?=\S)/u)
    .map((s) => clean(s.replace(/^[①-⑳]\s*/u, '')))
    .filter(Boolean);
  if (byMark.length > 1) return byMark;
  // `名称A10店 名称B90%`: a space after a figure's unit, before a text that holds a figure too.
  const parts = clean(byMark[0] ?? '').split(
    /(?<=[0-9０-９][^\s\d]{0,4}(?:[(（][^)）]{0,8}[)）])?)\s+(?=[^\s\d])/u,
  );
  return parts.length > 1 && parts.every((p) => /[0-9０-９]/u.test(p)) ? parts : [clean(byMark[0] ?? '')];
}

/** `商談成立件数(累計90件)`, `開催回数 (年5回)` → name and target written inside the brackets. */
function bracketTarget(item: string): { name: string; target: string | null } {
  const m =
    /^([^0-9０-９]*?\S)\s*[(（]([^()（）0-9０-９]{0,6}[0-9０-９][0-9０-９,，.．]*\s*[^\s\d()（）]{0,6})[)）]\s*$/u.exec(
      item,
    );
  if (m?.[1] && m[2]) return { name: m[1].trim(), target: m[2].trim() };
  return { name: item, target: null };
}

/** `名称 10件(累計)` → name and target (the last number-led part); a text without one is all name. */
export function nameAndTarget(item: string): { name: string; target: string | null } {
  const t = clean(item);
  const inBrackets = bracketTarget(t);
  if (inBrackets.target) return inBrackets;
  const m =
    /^(.*?\S)\s*((?:[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*)\s*[^\s\d()（）【】]{0,6}(?:\s*[(（【][^)）】]{0,20}[)）】])?(?:\/[^\s]{1,4})?)$/u.exec(
      t,
    );
  if (m?.[1] && !/[0-9０-９]$/u.test(m[1]))
    return { name: m[1].replace(/[【(（]\s*$/u, '').trim(), target: m[2]!.trim() };
  return { name: t, target: null };
}

/**
 * The 設定指標 of one cell, or null when the cell is not a 設定指標 cell this reader knows (then
 * the caller reads it as before).
 *
 * @example readSettingCell('設定指標 実績 ・設備投資件数60件 R2:13件')
 * // [{ name: '設備投資件数', target: '60件', actual: '13件', actualYear: 2020 }]
 */
export function readSettingCell(text: string): SettingRow[] | null {
  if (/^\s*<table\b/iu.test(text)) {
    const rows = fromGrid(htmlTableRows(text));
    return rows.length > 0 ? rows : null;
  }
  // Paragraph and list markup: one line each.
  const plain = text
    .replace(/<\/(?:p|li|div)>/giu, '\n')
    .replace(/<br\s*\/?>/giu, '\n')
    .replace(/<[^>]*>/g, ' ');
  if (/\u00a0/u.test(plain)) {
    const rows = fromFlattened(plain);
    if (rows.length > 0) return rows;
  }
  const lines = plain.split('\n').map(clean).filter(Boolean);
  if (lines.length === 0 || !LABEL.test(lines[0]!)) return null;
  lines[0] = lines[0]!.replace(LABEL, '');
  let body = lines.filter(Boolean).join('\n');
  const withActual = ACTUAL_LABEL.test(body);
  if (withActual) body = body.replace(ACTUAL_LABEL, '');
  if (!body) return null;
  let actual: string | null = null;
  let actualYear: number | null = null;
  if (withActual) {
    const tail = DATED_TAIL.exec(body);
    if (tail) {
      actual = tail[2]!.trim();
      actualYear = readHeaderYear(tail[1]!.normalize('NFKC'))?.year ?? null;
      body = body.slice(0, tail.index).trim();
    }
  }
  const parts = body.includes('\n') ? body.split('\n').map(clean).filter(Boolean) : items(body);
  const rows: SettingRow[] = [];
  for (const p of parts) {
    // `R2.2.1飼養頭数7,712頭`: a dated figure after an indicator is that indicator's value then.
    const dated =
      /^((?:R|H|令和|平成)\s*\d{1,2}(?:[.．年]\d{1,2}){0,2}日?)\s*\D*?([0-9０-９][0-9０-９,，.．]*\s*\S{0,8})$/u.exec(
        p,
      );
    const prev = rows.at(-1);
    if (dated && prev && prev.actual == null) {
      prev.actual = dated[2]!.trim();
      prev.actualYear = yearOf(dated[1]!);
      continue;
    }
    rows.push({ ...nameAndTarget(p), actual: null, actualYear: null });
  }
  if (rows.length === 1 && actual != null) {
    rows[0]!.actual = actual;
    rows[0]!.actualYear = actualYear;
  }
  return rows;
}
