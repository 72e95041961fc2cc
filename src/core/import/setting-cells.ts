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
  /** The fiscal year the target is for, where the sheet says (a yearly cell it was read from). */
  targetYear?: number | null;
  /**
   * Two figures printed in the cell with nothing to tell which is the target and which the 実績
   * (`名称 | 名称 5,683人 1,560人`): kept, in the order written, for other evidence to place
   * (setting-years.ts); the row has neither meanwhile.
   */
  figures?: string[];
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
 * Rows of a two-column 設定指標 | 実績 grid (an embedded table): after the header, the lines are
 * read by `readSettingGrid`.
 */
function fromGrid(grid: string[][]): SettingRow[] {
  const head = grid.findIndex((r) => LABEL.test(r[0] ?? '') && ACTUAL_LABEL.test(r[1] ?? ''));
  if (head < 0) return [];
  return readSettingGrid(grid.slice(head + 1).map((r) => ({ left: r[0] ?? '', right: r[1] ?? '' })));
}

/** One line of a 設定指標 | 実績 grid: the two cells, and the row's other texts (plan and result). */
export interface SettingLine {
  left: string;
  right: string;
  /** The other cells of the sheet row, where numbered items (`①名称 1回`) may name bare figures. */
  context?: string[];
}

/** A year leading a 実績 text: `R2:`, `R02: `, `(R2)`, `【令和2年度】`, `【令和2年実績】`. */
const LEADING_YEAR =
  /^\s*[(（【]?\s*((?:R|H|令和|平成)\s*(?:元|0?\d{1,2}))\s*(?:年度?)?\s*(?:実績)?\s*[)）】]?\s*[:：]?\s*/u;

function leadingYear(text: string): { year: number | null; rest: string } {
  const m = LEADING_YEAR.exec(text);
  if (!m || m[0].trim() === '') return { year: null, rest: text };
  const rest = text.slice(m[0].length).trim();
  // `R2` alone or a year that leads a name without a figure (`R3 ~ R5`) is not a dated figure.
  if (!/[0-9０-９]/u.test(rest)) return { year: null, rest: text };
  const era = m[1]!
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^令和/u, 'R')
    .replace(/^平成/u, 'H')
    .replace(/^(\D+)0(?=\d)/u, '$1');
  return { year: readHeaderYear(era)?.year ?? null, rest };
}

const MARK = /[①-⑳]/u;

/** Numbered items of a text (`①A 1回 ②B 1回`) by their number; empty without marks. */
function numbered(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const part of text.split(/(?=[①-⑳])/u)) {
    const m = /^([①-⑳])\s*(.*)$/su.exec(part.trim());
    if (m) out.set(m[1]!.codePointAt(0)! - 0x2460 + 1, clean(m[2]!));
  }
  return out;
}

/**
 * The items of one side of a grid line: by marks (`①`, `・`), else split after each figure that
 * a name follows (`寄附金額 98億円 新規事業者数 43事業者`), else by spaces between bare figures
 * (`0回 0回`). A side with one item gives that item.
 */
function sideItems(text: string): string[] {
  const byMark = text
    .split(/(?=[①-⑳])|(?:^|\s)[・●○◆■](?=\S)/u)
    .map((s) => clean(s.replace(/^[①-⑳]\s*/u, '')))
    .filter(Boolean);
  if (byMark.length > 1) return byMark;
  const one = clean(byMark[0] ?? '');
  if (one.split(/\s+/).every(isFigure) && one.includes(' ')) return one.split(/\s+/);
  const parts = one.split(/(?<=[0-9０-９][^\s\d]{0,4}(?:[(（【][^)）】]{0,8}[)）】])?)\s+(?=[^\s\d(（【])/u);
  return parts.length > 1 && /[0-9０-９]/u.test(parts[0]!) ? parts : [one];
}

/** A text made of figures only (`5,683人 1,560人(年間)`): the figures, else null. */
function bareFigures(text: string): string[] | null {
  const found = clean(text).match(
    /[△▲+\-−]?[0-9０-９][0-9０-９,，.．]*[^\s\d()（）]{0,6}(?:\s*[(（][^()（）]{0,12}[)）])?/gu,
  );
  if (!found || found.join('').replace(/\s/gu, '') !== clean(text).replace(/\s/gu, '')) return null;
  return found.map((f) => f.trim());
}

/** The figure of an item with or without its name (`補助件数 50件` → `50件`), null without one. */
function figureOf(item: string): string | null {
  const t = clean(item);
  if (isFigure(t)) return t;
  return nameAndTarget(t).target;
}

const hasFigure = (s: string) => /[0-9０-９]/u.test(s);

/**
 * The 設定指標 of a two-column grid 設定指標 | 実績 spread over sheet rows or kept as a small table.
 * Each line is one of: a name row (the 実績 side empty, repeating the name, or giving a dated
 * actual), whose figures come on the next line (target left, actual right); a row of indicators
 * with their targets (`名称 10件`, several as items) and, on the right, their actuals in the same
 * order (a leading year such as `R2:` or `【令和2年度】` dates them); or bare numbered figures
 * (`① 5回 ② 5回`) named by the same-numbered items of the row's other texts. A figure with no
 * name before it names nothing and is left out. A name row whose only figure is an undated one on
 * the 実績 side, and no target after it, is given that figure as its target (a 設定指標 always
 * states its target; an actual is given with its year or under a target).
 *
 * @example readSettingGrid([{ left: '診療日数 315日', right: '診療日数 321日' }])
 * // [{ name: '診療日数', target: '315日', actual: '321日', actualYear: null }]
 */
export function readSettingGrid(lines: SettingLine[], vertical = false): SettingRow[] {
  if (vertical) return readColumn(lines.map((l) => clean(l.left)).filter(Boolean));
  const out: SettingRow[] = [];
  let awaiting: SettingRow | null = null;
  let fromNameRow: SettingRow | null = null;
  // A word on the 実績 side of a name row (`整備完了`): its actual as written, unless figures follow.
  const words = new Map<SettingRow, string>();
  for (const line of lines) {
    const left = clean(line.left);
    const rawRight = clean(line.right).replace(ACTUAL_LABEL, '');
    if (!left && !rawRight) continue;
    const lead = leadingYear(rawRight);
    const right = lead.rest;
    if (!left) {
      const fig = figureOf(right);
      if (awaiting && fig && awaiting.actual == null) {
        awaiting.actual = fig;
        awaiting.actualYear = lead.year;
      }
      continue;
    }
    if (awaiting && hasFigure(left)) {
      // The figures of the name row above: target left, actual right.
      if (!right && left.split(/\s+/).filter(isFigure).length > 1) {
        // Two figures in one cell: which is the target cannot be told from their places.
        const figures = bareFigures(left);
        if (figures?.length === 2) awaiting.figures = figures;
        awaiting = null;
        continue;
      }
      awaiting.target = left;
      if (right && awaiting.actual == null) {
        awaiting.actual = right;
        awaiting.actualYear = lead.year ?? yearOf(right);
      }
      awaiting = null;
      continue;
    }
    if (!hasFigure(left)) {
      // A name row; its figures follow (or a dated actual stands beside it).
      const row: SettingRow = { name: left, target: null, actual: null, actualYear: null };
      const fig = right && right !== left ? figureOf(right) : null;
      if (fig) {
        row.actual = fig;
        row.actualYear = lead.year;
      } else if (right && isWordActual(right, left)) words.set(row, right);
      out.push(row);
      awaiting = row;
      fromNameRow = row;
      continue;
    }
    awaiting = null;
    const lefts = sideItems(left);
    const rights = right ? sideItems(right).map((r) => leadingYear(r)) : [];
    const named = lefts.some((l) => !isFigure(l));
    const names = named ? null : namesFromContext(left, line.context ?? []);
    if (!named && !names) continue; // figures without a name name nothing
    const rightMarks = numbered(right);
    lefts.forEach((item, k) => {
      const mark = names ? [...numbered(left).keys()][k] : undefined;
      const { name, target } = names
        ? { name: names.get(mark!) ?? '', target: clean(item) }
        : nameAndTarget(item);
      if (!name) return;
      const row: SettingRow = { name, target, actual: null, actualYear: null };
      const r =
        mark != null && rightMarks.has(mark)
          ? leadingYear(rightMarks.get(mark)!)
          : rights.length === lefts.length
            ? rights[k]!
            : lefts.length === 1 && rights.length > 0
              ? rights.at(-1)!
              : null;
      const fig = r ? figureOf(r.rest) : null;
      if (fig) {
        row.actual = fig;
        row.actualYear = r!.year ?? lead.year ?? yearOf(r!.rest);
      } else if (r && isWordActual(r.rest, name)) {
        row.actual = r.rest;
        row.actualYear = r.year ?? lead.year;
      }
      out.push(row);
    });
  }
  // A name row given only an undated figure on the 実績 side: that figure is its target.
  for (const r of out)
    if (r === fromNameRow && r.target == null && r.actual != null && r.actualYear == null) {
      r.target = r.actual;
      r.actual = null;
    }
  for (const [r, word] of words) if (r.actual == null) r.actual = word;
  return out;
}

/**
 * A 実績 written as a word beside a 設定指標 name (`整備完了`, `中止`, `未実施`): no figure, short,
 * and not the name restated (the 実績 side of a name row often repeats the name, whole or cut).
 */
function isWordActual(right: string, name: string): boolean {
  if (hasFigure(right) || right.length > 12 || /\s/u.test(right)) return false;
  const key = (s: string) => s.normalize('NFKC').replace(/[\s()（）【】「」]/gu, '');
  const a = key(right);
  const b = key(name);
  return a.length > 0 && !b.includes(a) && !a.includes(b) && a.slice(0, 4) !== b.slice(0, 4);
}

/** `① 5回 ② 5回` beside `①名称A 1回 ②名称B 1回`: the names of the numbered figures, or null. */
function namesFromContext(left: string, context: string[]): Map<number, string> | null {
  const marks = numbered(left);
  if (marks.size === 0 || !MARK.test(left)) return null;
  let best: Map<number, string> | null = null;
  for (const text of context) {
    const items = numbered(text);
    if (items.size > (best?.size ?? 0)) best = items;
  }
  if (!best) return null;
  const names = new Map<number, string>();
  for (const [n, item] of best) {
    const { name } = nameAndTarget(item);
    if (name && !isFigure(name)) names.set(n, name);
  }
  return [...marks.keys()].every((n) => names.has(n)) ? names : null;
}

/**
 * A 設定指標 | 実績 grid written down one column (`設定指標`, `実績`, `名称 30,000人`, `中止`): each
 * indicator with its target, then its actual (a figure or a word such as 中止).
 */
function readColumn(lines: string[]): SettingRow[] {
  const out: SettingRow[] = [];
  let current: SettingRow | null = null;
  for (const line of lines) {
    if (LABEL.test(line) && !line.replace(LABEL, '').trim()) continue;
    if (ACTUAL_LABEL.test(line) && !line.replace(ACTUAL_LABEL, '').trim()) continue;
    const { name, target } = nameAndTarget(line);
    if (target && !isFigure(line)) {
      current = { name, target, actual: null, actualYear: null };
      out.push(current);
    } else if (current && current.actual == null) {
      const lead = leadingYear(line);
      current.actual = lead.rest;
      current.actualYear = lead.year;
    } else if (!hasFigure(line)) {
      current = { name: line, target: null, actual: null, actualYear: null };
      out.push(current);
    }
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
  if (m?.[1] && !/[0-9０-９]$/u.test(m[1])) {
    // `名称:全体の90%`: a few words after a colon qualify the figure (kept as its note), not the name.
    const q = /^(.*\S)\s*[:：]\s*(\S{1,4})$/u.exec(m[1]);
    if (q && !/[:：]/u.test(q[2]!)) return { name: q[1]!.trim(), target: `${m[2]!.trim()}(${q[2]})` };
    return { name: m[1].replace(/[【(（:：.．、]\s*$/u, '').trim(), target: m[2]!.trim() };
  }
  return { name: t, target: null };
}

/**
 * A lone 設定指標 whose name ends with a figure, beside a 実績 cell that restates that name with no
 * figure of its own (only, say, the survey year): the conversion put the 実績's figure into the
 * 設定指標 cell (`名称 60.5% 50%未満` | `実績 名称 【H29調査】`). The figure goes back to the 実績 side,
 * dated by the year the 実績 cell names. Anything else is left as it is (a name that merely holds
 * a number, a 実績 cell that names something else or has its own figure).
 *
 * @example
 * const row = { name: '割合 60.5%', target: '50%未満', actual: null, actualYear: null };
 * returnActualFigure(row, '実績 割合 【H29調査】'); // row: name 割合, actual 60.5%, actualYear 2017
 */
export function returnActualFigure(row: SettingRow, besideText: string): boolean {
  if (row.actual != null || row.target == null) return false;
  const split = nameAndTarget(row.name);
  if (split.target == null || split.name === row.name) return false;
  const beside = clean(besideText).replace(ACTUAL_LABEL, '');
  if (!beside.startsWith(split.name)) return false;
  const rest = beside.slice(split.name.length);
  // The rest of the 実績 cell: nothing but a bracketed note (a year, a survey) and no figure outside it.
  if (/[0-9０-９]/u.test(rest.replace(/[(（【[][^)）】\]]*[)）】\]]/gu, ''))) return false;
  row.name = split.name;
  row.actual = split.target;
  row.actualYear = yearOf(rest);
  return true;
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
