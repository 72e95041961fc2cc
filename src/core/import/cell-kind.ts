/**
 * What kind of content a data cell holds, judged from its text alone: used to line cells up with
 * header columns when a row is shifted, and to tell a figure from a name or a department.
 */

import { lenientValue } from '../figure.ts';
import { parseValue } from '../parse-value.ts';
import type { ColumnType } from './header-lexicon.ts';

/** Kind of a cell's content. */
export type CellKind = 'empty' | 'dash' | 'mark' | 'int' | 'figure' | 'status' | 'dept' | 'label' | 'text';

const MARKS = new Set(['●', '○', '◎', '✓', '✔', '〇', '◯', '☑', '◆', '◉', '✕', '×', '▲']);
const DEPT_TOKEN = /(課|室|係|センター|局|部|所|館|園|署|委員会|協議会|事務組合)$/u;
const STATUS_WORDS =
  /(順調|遅れ|達成|未達|概ね|おおむね|努力を要|着実|停滞|後退|横ばい|評価不能|要改善|改善必要|見直し)/u;
const NOT_STATUS = /(割合|率|数|額|量|者|件数|人口)$/u;
const STATUS_GRADE = /^[SABCDE][+\-＋－]?$/u;

/**
 * Classifies a cell's text.
 *
 * @example cellKind('1,563件') // 'figure'
 * @example cellKind('概ね順調に進捗') // 'status'
 * @example cellKind('商工労働課') // 'dept'
 * @example cellKind('●') // 'mark'
 */
export function cellKind(text: string | null | undefined): CellKind {
  if (text == null) return 'empty';
  const t = text.normalize('NFKC').trim();
  if (!t) return 'empty';
  if (/^[-—－ー―‐~～_=]+$/u.test(t)) return 'dash';
  if (t.length <= 2 && MARKS.has(t[0]!) && (t.length === 1 || t[1] === ' ')) return 'mark';
  if (/^\d{1,3}$/.test(t)) return 'int';
  if (
    STATUS_GRADE.test(t) ||
    (t.length <= 20 && STATUS_WORDS.test(t) && !NOT_STATUS.test(t) && !/\d/.test(t))
  )
    return 'status';
  if (t.length <= 60 && isDepartment(t)) return 'dept';
  const circled = /^[\s]*[①-⑳❶-❿]/u.test(text);
  const coded = /^\d+(([-‐−]\d+)+\s*|[.．]\s*|\s+)[\u3040-\u30ff\u4e00-\u9fff]/u.test(t);
  if (!circled && !coded && t.length <= 48 && looksLikeFigure(t)) return 'figure';
  if (t.length > 40 || t.includes('\n') || /[①-⑳]/u.test(text)) return 'text';
  return 'label';
}

/**
 * True when every space-separated token names an organisation unit (課, 室, センター ...).
 *
 * @example isDepartment('市街地整備課 都市開発課') // true
 */
export function isDepartment(text: string): boolean {
  const tokens = text
    .normalize('NFKC')
    .split(/[\s、,・]+/u)
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > 6) return false;
  return tokens.every((tok) => tok.length <= 20 && DEPT_TOKEN.test(tok) && !/\d/.test(tok));
}

function looksLikeFigure(t: string): boolean {
  if (!/\d|なし|無し|ゼロ|公表予定|未把握|未集計|集計中|調査中/u.test(t)) return false;
  const kind = parseValue(t).kind;
  if (kind === 'text') return lenientValue(t, null, null) != null;
  return kind === 'number' || kind === 'multi' || kind === 'pending' || kind === 'missing';
}

/**
 * Cost of putting a cell of a kind into a column of a type: 0 fits, 1 does not fit at all.
 *
 * @example fitCost('figure', 'figure') // 0
 */
export function fitCost(kind: CellKind, type: ColumnType): number {
  return COST[type][kind];
}

const COST: Record<ColumnType, Record<CellKind, number>> = {
  label: { empty: 0, dash: 0.1, mark: 1, int: 0.5, figure: 0.9, status: 0.7, dept: 0.6, label: 0, text: 0.2 },
  figure: { empty: 0, dash: 0, mark: 1, int: 0.1, figure: 0, status: 0.9, dept: 0.9, label: 0.45, text: 0.8 },
  status: {
    empty: 0,
    dash: 0.1,
    mark: 0.5,
    int: 0.8,
    figure: 1,
    status: 0,
    dept: 0.8,
    label: 0.4,
    text: 0.7,
  },
  dept: { empty: 0, dash: 0.2, mark: 1, int: 0.9, figure: 0.9, status: 0.8, dept: 0, label: 0.35, text: 0.8 },
  text: {
    empty: 0,
    dash: 0.1,
    mark: 0.8,
    int: 0.6,
    figure: 0.6,
    status: 0.6,
    dept: 0.5,
    label: 0.1,
    text: 0,
  },
  int: { empty: 0, dash: 0.2, mark: 1, int: 0, figure: 0.5, status: 0.9, dept: 0.9, label: 0.8, text: 0.9 },
  sdg: { empty: 0, dash: 0.3, mark: 0.8, int: 0, figure: 0.8, status: 0.9, dept: 1, label: 0.6, text: 0.8 },
  mark: { empty: 0, dash: 0.3, mark: 0, int: 0.8, figure: 1, status: 0.6, dept: 1, label: 0.9, text: 1 },
  // Years are labels to the cell reader (`R6`, `令和6年度`) or four-digit figures (`2024`).
  year: {
    empty: 0,
    dash: 0.2,
    mark: 1,
    int: 0.5,
    figure: 0.4,
    status: 0.9,
    dept: 0.9,
    label: 0.2,
    text: 0.8,
  },
};
