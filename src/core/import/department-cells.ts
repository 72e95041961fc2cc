/**
 * Department cells (担当課): one cell may name several departments (`企画課・財政課`, `企画課、財政課`);
 * a figure or a year shifted into the column names none.
 */

import type { Indicator } from '../interchange.ts';
import { isDepartment } from './cell-kind.ts';
import type { Ctx, SheetCell } from './context.ts';
import { markMapped, noteUnmapped, readAs } from './ledger.ts';

/**
 * Adds the departments of a cell (`企画課・財政課`, `企画課、財政課`, `企画課 財政課`) to an
 * indicator; the report lists the split when the cell held several.
 */
export function addDepartments(ctx: Ctx, ind: Indicator, cell: SheetCell): void {
  const all = splitDepartments(cell.text);
  const deps = all.filter(isDepartmentName);
  // A figure or a year in the department column (a shifted row: `1.40・(R3)`) names no department:
  // it stays unmapped with its reason, for the import report.
  if (deps.length === 0) {
    noteUnmapped(ctx, cell, 'a figure or a year in the department column, not a department');
    return;
  }
  ind.departments = [...new Set([...(ind.departments ?? []), ...deps])];
  if (deps.length === 1 && deps[0] === cell.text) markMapped(ctx, cell);
  else
    readAs(
      ctx,
      cell,
      `departments ${deps.join(', ')}${deps.length < all.length ? `; not a department: ${all.filter((d) => !deps.includes(d)).join(', ')}` : ''}`,
    );
}

/**
 * Whether a part of a department cell can name a department: it has a word of two letters or more
 * once era years and counter units are set aside (`(R3)`, `1.40`, `202人` cannot).
 *
 * @example isDepartmentName('経営戦略課') // true
 * @example isDepartmentName('(R3)') // false
 */
export function isDepartmentName(text: string): boolean {
  const rest = text.normalize('NFKC').replace(/令和|平成|昭和|年度|年|[人件回%]/gu, '');
  return /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}A-Za-z]{2,}/u.test(rest);
}

/** Endings of a unit of the administration (not of a facility such as 保育所 or 図書館). */
const UNIT_END = /(課|室|係|局|部|センター|委員会|事務所)$/u;

/**
 * Splits a department cell: by spaces, commas and 、, and by `・` / `／` when each part is an
 * organisation unit on its own (`企画課・財政課`, not `子ども・子育て支援課` nor `保育所・幼稚園課`).
 *
 * @example splitDepartments('企画課・財政課') // ['企画課', '財政課']
 * @example splitDepartments('保育所・幼稚園課') // ['保育所・幼稚園課']
 */
export function splitDepartments(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s、,，]+/u)) {
    if (!part) continue;
    const pieces = part.split(/[・／/]/u).filter(Boolean);
    if (pieces.length > 1 && pieces.every((p) => isDepartment(p) && UNIT_END.test(p))) out.push(...pieces);
    else out.push(part);
  }
  return out;
}
